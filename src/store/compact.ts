/**
 * Compaction of a finished recording: its Words chunks written uncompressed are compressed, after
 * the program has ended. While a program floods the recorder, `scope record` writes chunks as
 * they come (compressing them then would take CPU from the program on a small machine: see
 * startFileRecorder); once the program has exited, compression slows nothing down, and the file
 * shrinks 3–5×.
 *
 * Nothing recorded may be lost: the compacted file is written beside the original, synced, and
 * renamed over it only when complete; a recording that is damaged, cut off or unfinished is left
 * as it is (it is read as it is, and rewriting it could only lose what a reader would recover).
 * Stopped half-way (its AbortSignal: `scope record` hears Ctrl-C), the copy is removed and the
 * recording stays as it was written, valid and uncompressed.
 */
import * as fs from 'node:fs';
import { ChunkFile } from './chunk-file';
import { CHUNK_HEADER_BYTES, ChunkType, fileHeader, storedChunks, withRecordingBytesAsync } from './recording-file';

export type Compaction =
  | { outcome: 'compacted'; bytesBefore: number; bytesAfter: number }
  /** Stopped by its signal: the recording is as it was written. */
  | { outcome: 'interrupted'; bytesBefore: number; bytesDone: number };

export interface CompactOptions {
  /** Called after each chunk: bytes of the recording compacted so far, and its size. */
  onProgress?: (done: number, total: number) => void;
  /** Looked at between chunks: once aborted, the compacted copy is removed, the recording left as it is. */
  signal?: AbortSignal;
}

/** How long compaction works before it lets the event loop run (a signal handler, a progress line). */
const SLICE_MS = 50;

/**
 * Compacts the recording at `path` in place; undefined when there was nothing to do (or it was
 * left as it is). The file is read and rewritten chunk by chunk: a recording may be larger than
 * memory, or than one Buffer (2 GiB). The event loop runs between chunks every SLICE_MS.
 */
export async function compactRecording(path: string, options: CompactOptions = {}): Promise<Compaction | undefined> {
  const temporary = `${path}.${process.pid}.compact`;
  let fd: number | undefined;
  try {
    return await withRecordingBytesAsync(path, async (file) => {
      fd = fs.openSync(temporary, 'w', 0o600);
      fs.writeSync(fd, fileHeader());
      const out = new ChunkFile(fd);
      const problems: string[] = [];
      let rawWords = false;
      let sliceStart = performance.now();
      const chunks = storedChunks(path, file, problems);
      let next = chunks.next();
      for (; !next.done; next = chunks.next()) {
        const chunk = next.value;
        rawWords ||= chunk.type === ChunkType.Words && chunk.storedType === ChunkType.Words;
        // Stored raw Words chunks are compressed; ChunkFile leaves every other type (a flagged one too) as it is.
        out.add(chunk.storedType, chunk.connection, chunk.stored.length, chunk.padded, true);
        out.flush();
        const done = chunk.at + CHUNK_HEADER_BYTES + chunk.padded.length;
        options.onProgress?.(done, file.length);
        if (performance.now() - sliceStart >= SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
        if (options.signal?.aborted) {
          discard(fd, temporary);
          fd = undefined;
          return { outcome: 'interrupted', bytesBefore: file.length, bytesDone: done };
        }
      }
      if (!next.value.complete || problems.length > 0 || !rawWords) {
        discard(fd, temporary);
        fd = undefined;
        return undefined;
      }
      const bytesAfter = out.sync();
      fs.closeSync(fd);
      fd = undefined;
      fs.renameSync(temporary, path);
      options.onProgress?.(file.length, file.length);
      return { outcome: 'compacted', bytesBefore: file.length, bytesAfter };
    });
  } catch (error) {
    if (fd !== undefined) discard(fd, temporary);
    throw error;
  }
}

/** Closes and removes the unfinished compacted copy; the recording itself is untouched. */
function discard(fd: number, temporary: string): void {
  try { fs.closeSync(fd); } catch { /* already closed */ }
  fs.rmSync(temporary, { force: true });
}
