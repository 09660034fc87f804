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
import { CHUNK_HEADER_BYTES, ChunkType, fileHeader, paddedLength, walkChunks, type StoredChunk } from './recording-file';

export interface Compaction { bytesBefore: number; bytesAfter: number }

/** Compacts the recording at `path` in place; undefined when there was nothing to do (or it was left as it is). */
export function compactRecording(path: string): Compaction | undefined {
  const file = fs.readFileSync(path);
  const chunks: StoredChunk[] = [];
  const problems: string[] = [];
  const { complete } = walkChunks(path, file, problems, (chunk) => { chunks.push(chunk); });
  if (!complete || problems.length > 0) return undefined;
  if (!chunks.some((c) => c.type === ChunkType.Words && c.storedType === ChunkType.Words)) return undefined;

  const temporary = `${path}.${process.pid}.compact`;
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    fs.writeSync(fd, fileHeader());
    const out = new ChunkFile(fd);
    for (const chunk of chunks) {
      // The stored payload with its zero padding, as the chunk header's checksum covers it.
      const start = chunk.at + CHUNK_HEADER_BYTES;
      const padded = file.subarray(start, start + paddedLength(chunk.stored.length));
      // Stored raw Words chunks are compressed; ChunkFile leaves every other type (a flagged one too) as it is.
      out.add(chunk.storedType, chunk.connection, chunk.stored.length, padded, true);
    }
    const bytesAfter = out.sync();
    fs.closeSync(fd);
    fs.renameSync(temporary, path);
    return { bytesBefore: file.length, bytesAfter };
  } catch (error) {
    try { fs.closeSync(fd); } catch { /* already closed */ }
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
