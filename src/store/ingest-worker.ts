/**
 * The adapter's ingest worker: appends the chunks the socket reader puts in the adapter ring to
 * the `.scope` file (chunk header with CRC, then the payload straight from shared memory).
 *
 * Why the file is written here and the EventStore is filled on the main thread: the query engine,
 * the DAP session and the live timeline all read the EventStore on the adapter's main thread, and
 * the store keeps strings, sites and snapshots as JS objects that cannot be shared between threads.
 * Moving it into SharedArrayBuffer columns would mean re-creating those on the main thread anyway.
 * What is costly and needs no shared state — the CRC of every chunk and the write(2) calls — runs
 * here, off the main thread; the main thread does one CRC check per frame (native zlib.crc32) and
 * one `EventStore.ingest`, reading the words in place in the ring. bench/ingest.bench.ts measures
 * the result end to end.
 *
 * Memory: the raw words live only in the ring (transiently) and in the file; the store keeps its
 * columns. Nothing is held twice in memory.
 */
import * as fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { deflateRawSync } from 'node:zlib';
import { headerKind, headerLength } from '../protocol/wire';
import { Control, isPad, SharedRingReader } from '../runtime/ring';
import { RING_CHUNK_HEADER_WORDS, type IngestMessage, type IngestWorkerData } from './ingest-protocol';
import { CHUNK_HEADER_BYTES, ChunkType, chunkHeader, DEFLATED, FILE_HEADER_BYTES, paddedLength, trailer, TRAILER_BYTES } from './recording-file';

/** writev takes at most IOV_MAX (1024 on Linux) buffers. */
const MAX_IOVECS = 512;
/**
 * A Words chunk is deflated (level 1: real recordings shrink 4–7×, at ~100 MB/s) only while the
 * words waiting behind it in the ring are under this share of the ring; past it chunks are written
 * as they are, so compression never becomes the bottleneck that slows the recorded program down.
 * Decided per chunk: a burst is written plain until the worker has caught up.
 */
const COMPRESS_BELOW_BACKLOG = 0.125;
/** Keep a deflated payload only if it saves at least this share. */
const MIN_SAVING = 0.1;

const { ring, fd, compress: compressWhenIdle } = workerData as IngestWorkerData;
const reader = new SharedRingReader(ring);
const post = (m: IngestMessage) => parentPort!.postMessage(m);

function run(): void {
  let offset = FILE_HEADER_BYTES;
  for (;;) {
    reader.waitForData(1000, true);
    const span = reader.peek();
    if (span.length === 0) continue;
    const words = reader.words;
    const buffers: Uint8Array[] = [];
    const backlogLimit = words.length * COMPRESS_BELOW_BACKLOG;
    let n = 0;
    let footerAt = -1;
    while (n < span.length && buffers.length < MAX_IOVECS) {
      const at = span.start + n;
      if (isPad(words[at])) break; // the ring's pad ends the span; the next peek skips it
      const type = headerKind(words[at]);
      const bytes = words[at + 2];
      let payload = new Uint8Array(words.buffer, words.byteOffset + (at + RING_CHUNK_HEADER_WORDS) * 4, paddedLength(bytes));
      let storedType = type;
      let storedBytes = bytes;
      if (compressWhenIdle && type === ChunkType.Words && reader.available() - n < backlogLimit) {
        const deflated = deflateRawSync(payload.subarray(0, bytes), { level: 1 });
        if (deflated.length < bytes * (1 - MIN_SAVING)) {
          storedType = type | DEFLATED;
          storedBytes = deflated.length;
          payload = new Uint8Array(paddedLength(storedBytes));
          payload.set(deflated);
        }
      }
      buffers.push(chunkHeader(storedType, words[at + 1], storedBytes, payload), payload);
      if (type === ChunkType.Footer) footerAt = offset;
      offset += CHUNK_HEADER_BYTES + payload.byteLength;
      n += headerLength(words[at]);
    }
    if (footerAt >= 0) buffers.push(trailer(footerAt));
    writeAll(buffers);
    const producerWaiting = Atomics.load(reader.control, Control.PRODUCER_WAITING) !== 0;
    reader.release(n);
    if (producerWaiting) post({ type: 'space' });
    if (footerAt >= 0) {
      fs.fsyncSync(fd);
      post({ type: 'done', bytes: offset + TRAILER_BYTES });
      return;
    }
  }
}

function writeAll(buffers: Uint8Array[]): void {
  let rest = buffers;
  while (rest.length > 0) {
    let written = fs.writevSync(fd, rest);
    // A short write (rare on files): drop the buffers fully written, trim the first partial one.
    let i = 0;
    while (i < rest.length && written >= rest[i].byteLength) written -= rest[i++].byteLength;
    rest = rest.slice(i);
    if (written > 0) rest[0] = rest[0].subarray(written);
  }
}

try {
  run();
} catch (error) {
  reader.markBroken();
  post({ type: 'error', message: (error as Error).message });
}
