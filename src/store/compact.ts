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
 */
import * as fs from 'node:fs';
import { ChunkFile } from './chunk-file';
import { ChunkType, fileHeader, walkChunks, withRecordingBytes } from './recording-file';

export interface Compaction { bytesBefore: number; bytesAfter: number }

/**
 * Compacts the recording at `path` in place; undefined when there was nothing to do (or it was
 * left as it is). The file is read and rewritten chunk by chunk: a recording may be larger than
 * memory, or than one Buffer (2 GiB).
 */
export function compactRecording(path: string): Compaction | undefined {
  const temporary = `${path}.${process.pid}.compact`;
  let fd: number | undefined;
  try {
    return withRecordingBytes(path, (file) => {
      fd = fs.openSync(temporary, 'w', 0o600);
      fs.writeSync(fd, fileHeader());
      const out = new ChunkFile(fd);
      const problems: string[] = [];
      let rawWords = false;
      const { complete } = walkChunks(path, file, problems, (chunk) => {
        rawWords ||= chunk.type === ChunkType.Words && chunk.storedType === ChunkType.Words;
        // Stored raw Words chunks are compressed; ChunkFile leaves every other type (a flagged one too) as it is.
        out.add(chunk.storedType, chunk.connection, chunk.stored.length, chunk.padded, true);
        out.flush();
      });
      if (!complete || problems.length > 0 || !rawWords) {
        discard(fd, temporary);
        return undefined;
      }
      const bytesAfter = out.sync();
      fs.closeSync(fd);
      fd = undefined;
      fs.renameSync(temporary, path);
      return { bytesBefore: file.length, bytesAfter };
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
