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
import { parentPort, workerData } from 'node:worker_threads';
import { headerKind, headerLength } from '../protocol/wire';
import { Control, isPad, SharedRingReader } from '../runtime/ring';
import { ChunkFile } from './chunk-file';
import { RING_CHUNK_HEADER_WORDS, type IngestMessage, type IngestWorkerData } from './ingest-protocol';

/**
 * A Words chunk is compressed (see chunk-file.ts) only while the
 * words waiting behind it in the ring are under this share of the ring; past it chunks are written
 * as they are, so compression never becomes the bottleneck that slows the recorded program down.
 * Decided per chunk: a burst is written plain until the worker has caught up.
 */
const COMPRESS_BELOW_BACKLOG = 0.125;

const { ring, fd, compress: compressWhenIdle } = workerData as IngestWorkerData;
const reader = new SharedRingReader(ring);
const post = (m: IngestMessage) => parentPort!.postMessage(m);

function run(): void {
  const file = new ChunkFile(fd);
  for (;;) {
    reader.waitForData(1000, true);
    const span = reader.peek();
    if (span.length === 0) continue;
    const words = reader.words;
    const backlogLimit = words.length * COMPRESS_BELOW_BACKLOG;
    let n = 0;
    let footerQueued = false;
    while (n < span.length && !footerQueued) {
      const at = span.start + n;
      if (isPad(words[at])) break; // the ring's pad ends the span; the next peek skips it
      const len = headerLength(words[at]);
      const payload = new Uint8Array(words.buffer, words.byteOffset + (at + RING_CHUNK_HEADER_WORDS) * 4, (len - RING_CHUNK_HEADER_WORDS) * 4);
      const compress = compressWhenIdle && reader.available() - n < backlogLimit;
      footerQueued = file.add(headerKind(words[at]), words[at + 1], words[at + 2], payload, compress);
      n += len;
    }
    // The payloads are views into the ring: written before their words are released.
    file.flush();
    const producerWaiting = Atomics.load(reader.control, Control.PRODUCER_WAITING) !== 0;
    reader.release(n);
    if (producerWaiting) post({ type: 'space' });
    if (footerQueued) {
      post({ type: 'done', bytes: file.sync() });
      return;
    }
  }
}

try {
  run();
} catch (error) {
  reader.markBroken();
  post({ type: 'error', message: (error as Error).message });
}
