/**
 * Appending chunks to a `.scope` file (layout in recording-file.ts), shared by the two writers:
 * the adapter's ingest worker (live sessions, chunks taken from the adapter ring) and the
 * file-only recorder of `scope record` (chunks taken straight from the socket frames).
 */
import * as fs from 'node:fs';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { BROTLI, CHUNK_HEADER_BYTES, ChunkType, chunkHeader, FILE_HEADER_BYTES, paddedLength, trailer, TRAILER_BYTES } from './recording-file';

/** writev takes at most IOV_MAX (1024 on Linux) buffers; a chunk is two of them (three for the footer). */
const MAX_QUEUED_BUFFERS = 512;
/** Keep a compressed payload only if it saves at least this share. */
const MIN_SAVING = 0.1;
/**
 * Brotli at quality 0: on real recordings (bench/workloads, full mode) it shrinks Words chunks
 * 3.7–5.2×, like deflate level 1 (4.0–5.1×), at ~700 MB/s against deflate's ~280 MB/s; reading
 * back runs at 450–630 MB/s, far above what indexing the events takes.
 */
const BROTLI_FAST = { [zlib.BROTLI_PARAM_QUALITY]: 0 };

export class ChunkFile {
  /** Where the next chunk starts: the file's size once flushed. */
  private offset = FILE_HEADER_BYTES;
  private queued: Uint8Array[] = [];

  /** `fd` is open for writing, the file header already written. */
  constructor(private readonly fd: number) {}

  /**
   * Queues one chunk: `padded` holds the payload, zero-padded to whole words, of which the first
   * `bytes` are real. `padded` must stay unchanged until flush(). A Words chunk is compressed
   * when `compress` is set and that saves enough. A Footer is followed by the trailer.
   * Returns true once the footer is queued.
   */
  add(type: number, connection: number, bytes: number, padded: Uint8Array, compress: boolean): boolean {
    let storedType = type;
    let storedBytes = bytes;
    let payload = padded;
    if (compress && type === ChunkType.Words) {
      const compressed = brotliCompressSync(padded.subarray(0, bytes), { params: { ...BROTLI_FAST, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes } });
      if (compressed.length < bytes * (1 - MIN_SAVING)) {
        storedType = type | BROTLI;
        storedBytes = compressed.length;
        payload = new Uint8Array(paddedLength(storedBytes));
        payload.set(compressed);
      }
    }
    this.queued.push(chunkHeader(storedType, connection, storedBytes, payload), payload);
    const at = this.offset;
    this.offset += CHUNK_HEADER_BYTES + payload.byteLength;
    if (type !== ChunkType.Footer) {
      if (this.queued.length >= MAX_QUEUED_BUFFERS) this.flush();
      return false;
    }
    this.queued.push(trailer(at));
    this.offset += TRAILER_BYTES;
    return true;
  }

  /** Queues a JSON chunk (Open, Close, Footer). */
  addJson(type: number, connection: number, value: unknown): boolean {
    const text = Buffer.from(JSON.stringify(value), 'utf8');
    const padded = new Uint8Array(paddedLength(text.length));
    padded.set(text);
    return this.add(type, connection, text.length, padded, false);
  }

  /** Writes every queued chunk with write(2) (writev); the queued payloads may then change. */
  flush(): void {
    let rest = this.queued;
    this.queued = [];
    while (rest.length > 0) {
      let written = fs.writevSync(this.fd, rest);
      // A short write (rare on files): drop the buffers fully written, trim the first partial one.
      let i = 0;
      while (i < rest.length && written >= rest[i].byteLength) written -= rest[i++].byteLength;
      rest = rest.slice(i);
      if (written > 0) rest[0] = rest[0].subarray(written);
    }
  }

  /** Flushes and forces the file to disk; returns its size. */
  sync(): number {
    this.flush();
    fs.fsyncSync(this.fd);
    return this.offset;
  }
}
