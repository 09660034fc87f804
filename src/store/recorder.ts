/**
 * The receiving side of a recording, in two modes:
 *
 * - `startRecorder` (live: the debug adapter): socket server → adapter ring → ingest worker
 *   (file), with the EventStore filled on this (main) thread as frames arrive, so the session can
 *   query the run while it goes on. See ingest-worker.ts for why the work is split that way.
 * - `startFileRecorder` (`scope record`): nobody queries the run while it is recorded — the file
 *   is indexed later, by whoever opens it — so frames go from the socket straight to the file and
 *   no EventStore is built. See startFileRecorder.
 *
 * The live mode:
 *
 *   socket 'data' ─▶ FrameParser (CRC check) ─▶ copy into the adapter ring ─▶ EventStore.ingest
 *                                                 (the words are read in place)       │
 *                                                 ingest worker ◀─ commit ◀───────────┘
 *                                                 appends the chunk to the .scope file
 *
 * Backpressure: this thread never blocks (it serves the debugger). When the ring is full, frames
 * already parsed wait in a queue (bounded: the frames one read of each socket completed, at most
 * a frame limit each) and every socket is paused; the kernel buffers fill, the drainers' write(2) gets EAGAIN, the
 * debuggee rings fill and the program's writers wait. The worker posts 'space' when it has freed
 * room, and reading resumes.
 *
 * Memory: the wire words are never kept on this side once indexed — they pass through the
 * adapter ring (32 MiB, fixed) to the file, and the EventStore's columns are the only copy in
 * memory. Past its memory budget the store spills value-arena segments to a file beside the
 * recording (see event-store.ts); whoever ends the session calls `store.close()` to free it.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Control, createRing, ringControl, SharedRingWriter } from '../runtime/ring';
import { FIRST_META_KIND, header, Kind } from '../protocol/wire';
import { MAX_FRAME_BYTES, type Handshake } from '../transport/frame';
import { FrameServer, type AcceptedConnection, type ConnectionEnd } from '../transport/server';
import { ChunkFile } from './chunk-file';
import { compactRecording, type Compaction } from './compact';
import { EventStore } from './event-store';
import { StoreFullError } from './spill';
import { RING_CHUNK_HEADER_WORDS, type IngestMessage, type IngestWorkerData } from './ingest-protocol';
import { ChunkType, fileHeader, paddedLength, type CloseInfo, type FooterInfo, type OpenInfo } from './recording-file';

export interface RecorderStats { events: number; dropped: number; bytes: number; connections: number }

export interface RecordingResult {
  path: string;
  events: number;
  dropped: number;
  /** Every connection ended cleanly, no frame or record was malformed, the file was written whole. */
  complete: boolean;
  /** File-only mode: the compression after the run, if there was one (the file was written raw in part). */
  compaction?: Compaction | { outcome: 'failed'; message: string };
}

export interface FileRecorder {
  /** SCOPE_ENDPOINT and SCOPE_SECRET, to put in the debuggee's environment. */
  env: Record<string, string>;
  /** After the debuggee exited: waits for its connections to end, writes the footer, closes. */
  finish(options?: FinishOptions): Promise<RecordingResult>;
}

/** What `scope record` hears of the work after the run (file-only mode; the live recorder does none). */
export interface FinishOptions {
  /** The recording is written; compressing `bytes` of it starts (chunks written raw while the program flooded). */
  onCompactionStart?: (bytes: number) => void;
  /** As compression goes: bytes of the recording done, and its size. */
  onCompactionProgress?: (done: number, total: number) => void;
  /** Stops the compression (the recording is kept as written, uncompressed); looked at between chunks. */
  signal?: AbortSignal;
}

export interface Recorder extends FileRecorder {
  /** Grows while the program runs. */
  store: EventStore;
  stats(): RecorderStats;
  /** Called at most GROW_INTERVAL_MS apart while events arrive. */
  onGrow(listener: (s: RecorderStats) => void): void;
}

export interface RecorderOptions {
  out: string;
  transport?: 'unix' | 'tcp';
  log?: (line: string) => void;
  /** Compress event chunks in the file (live mode: while the ingest worker keeps up). Default true. */
  compress?: boolean;
  /** The store's memory budget in bytes (default: SCOPE_MEMORY_BUDGET_MB, else 1024 MB). Live mode only. */
  memoryBudgetBytes?: number;
}

/** Adapter ring: 8 Mi words (32 MiB); a frame must fit in half of it, so frames are capped at 8 MiB. */
const ADAPTER_RING_WORDS = 8 << 20;
const MAX_RECORDER_FRAME_BYTES = Math.min(MAX_FRAME_BYTES, 8 << 20);
const GROW_INTERVAL_MS = 100;
/** How long finish() waits for connections still open (a grandchild that outlives the debuggee). */
const FINISH_WAIT_MS = 3_000;

function ingestWorkerPath(): string {
  const candidates = [path.join(__dirname, 'ingest-worker.js'), path.join(__dirname, '..', 'ingest-worker.js'), path.join(__dirname, '..', '..', 'dist', 'ingest-worker.js')];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`the ingest worker bundle is missing (looked for ${candidates.join(', ')}); run npm run build`);
  return found;
}

interface PendingChunk { type: number; connection: number; payload: Uint8Array }

const defaultLog = (line: string) => { process.stderr.write(line + '\n'); };

/** Creates the recording file (owner-only) and writes its header; returns the descriptor. */
function createRecordingFile(out: string): number {
  let fd: number;
  try {
    fd = fs.openSync(out, 'w', 0o600);
  } catch (error) {
    throw new Error(`cannot create the recording file ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  fs.writeSync(fd, fileHeader());
  return fd;
}

/**
 * After the program ended: waits (bounded) for its connections to end, cuts those still open (a
 * grandchild that outlives the debuggee) and closes the server. True when they all ended by themselves.
 */
async function endConnections(server: FrameServer, log: (line: string) => void): Promise<boolean> {
  const idle = await server.whenIdle(FINISH_WAIT_MS);
  if (!idle) log(`scope: some recorded threads were still connected ${FINISH_WAIT_MS} ms after the program ended; their connections were cut`);
  await server.close();
  return idle;
}

const notWholeWords = (connection: number, bytes: number) => `scope: connection ${connection} sent a frame of ${bytes} bytes, not whole words; frame skipped`;
const malformedRecord = (connection: number, reason: string) => `scope: connection ${connection} sent a malformed record (${reason}); it is kept in the file as received`;
const openInfo = (h: Handshake): OpenInfo => ({ pid: h.pid, threadId: h.threadId, name: h.name, at: Date.now() });
const closeInfo = (end: ConnectionEnd): CloseInfo => ({ at: Date.now(), clean: end.clean, reason: end.reason });

export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const log = options.log ?? defaultLog;
  const out = path.resolve(options.out);
  const fd = createRecordingFile(out);

  const secret = randomBytes(24).toString('hex');
  const ring = createRing(ADAPTER_RING_WORDS);
  const ringWriter = new SharedRingWriter(ring, 'wait');
  const control = ringControl(ring);
  const words = ringWriter.words;
  const bytesView = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  const workerData: IngestWorkerData = { ring, fd, compress: options.compress ?? true };
  const worker = new Worker(ingestWorkerPath(), { workerData, execArgv: [] });

  const store = new EventStore({ memoryBudgetBytes: options.memoryBudgetBytes, spillPath: `${out}.spill`, log });
  const startedAt = Date.now();
  let bytes = 0;
  let connections = 0;
  let chunks = 0;
  let allClean = true;
  let storeFull = false;
  let fileError: string | undefined;
  const pending: PendingChunk[] = [];
  const growListeners: ((s: RecorderStats) => void)[] = [];
  let growTimer: NodeJS.Timeout | undefined;
  let resolveDone: (bytes: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => { resolveDone = resolve; });

  const stats = (): RecorderStats => ({ events: store.count, dropped: store.dropped, bytes, connections });

  worker.on('message', (m: IngestMessage) => {
    if (m.type === 'space') drainPending();
    else if (m.type === 'done') resolveDone(m.bytes);
    else {
      fileError = m.message;
      log(`scope: writing the recording ${out} failed: ${m.message}; the live session goes on, the file is incomplete`);
      pending.length = 0;
      server.resume();
      resolveDone(-1);
    }
  });
  worker.on('error', (error) => {
    fileError = error.message;
    log(`scope: the ingest worker failed: ${error.message}`);
    resolveDone(-1);
  });
  // Settles finish() even if the worker ends without a word (a no-op after 'done').
  worker.on('exit', () => resolveDone(-1));

  /**
   * Puts one chunk in the ring, or returns false when it is full. Words chunks are ingested into
   * the store from the ring, in place, before they are published to the worker.
   */
  function place(type: number, connection: number, payload: Uint8Array): boolean {
    if (fileError) {
      if (type === ChunkType.Words) ingestWords(connection, payload);
      return true;
    }
    const n = RING_CHUNK_HEADER_WORDS + (paddedLength(payload.byteLength) >>> 2);
    let at = ringWriter.tryReserve(n);
    if (at < 0) {
      // Raise the flag, then look again: the worker may have freed room in between.
      Atomics.store(control, Control.PRODUCER_WAITING, 1);
      at = ringWriter.tryReserve(n);
      if (at < 0) return false;
    }
    words[at] = header(type, n);
    words[at + 1] = connection;
    words[at + 2] = payload.byteLength;
    words[at + n - 1] = 0; // zero padding of a JSON payload
    bytesView.set(payload, (at + RING_CHUNK_HEADER_WORDS) * 4);
    if (type === ChunkType.Words) ingestWords(connection, words.subarray(at + RING_CHUNK_HEADER_WORDS, at + n));
    ringWriter.commit();
    chunks++;
    return true;
  }

  function ingestWords(connection: number, payload: Int32Array | Uint8Array): void {
    if (storeFull) return;
    const view = payload instanceof Int32Array ? payload : new Int32Array(Uint8Array.from(payload).buffer);
    try {
      store.ingest(connection, view);
    } catch (error) {
      allClean = false;
      if (error instanceof StoreFullError) {
        // Said once; the file still gets every frame.
        storeFull = true;
        log(`scope: ${error.message}; the session shows the run up to there, the recording file keeps all of it`);
      } else log(malformedRecord(connection, (error as Error).message));
    }
    scheduleGrow();
  }

  function enqueue(type: number, connection: number, payload: Uint8Array): void {
    if (pending.length === 0 && place(type, connection, payload)) return;
    pending.push({ type, connection, payload: Uint8Array.from(payload) });
    server.pause();
  }

  function drainPending(): void {
    while (pending.length > 0) {
      const next = pending[0];
      if (!place(next.type, next.connection, next.payload)) return;
      pending.shift();
    }
    server.resume();
  }

  function json(value: unknown): Uint8Array {
    return Buffer.from(JSON.stringify(value), 'utf8');
  }

  function scheduleGrow(): void {
    if (growTimer || growListeners.length === 0) return;
    growTimer = setTimeout(() => {
      growTimer = undefined;
      const s = stats();
      for (const l of growListeners) l(s);
    }, GROW_INTERVAL_MS);
    growTimer.unref();
  }

  const server: FrameServer = await FrameServer.listen({
    transport: options.transport ?? 'unix',
    secret,
    log,
    maxFrameBytes: MAX_RECORDER_FRAME_BYTES,
    accept(handshake: Handshake): AcceptedConnection {
      const connection = store.openConnection({ pid: handshake.pid, threadId: handshake.threadId, name: handshake.name });
      connections++;
      enqueue(ChunkType.Open, connection, json(openInfo(handshake)));
      return {
        onFrame(payload: Buffer) {
          bytes += payload.byteLength;
          if (payload.byteLength % 4 !== 0) {
            log(notWholeWords(connection, payload.byteLength));
            allClean = false;
            return;
          }
          enqueue(ChunkType.Words, connection, payload);
        },
        onEnd(end: ConnectionEnd) {
          if (!end.clean) allClean = false;
          enqueue(ChunkType.Close, connection, json(closeInfo(end)));
        },
      };
    },
  });

  let finished: Promise<RecordingResult> | undefined;
  async function finish(): Promise<RecordingResult> {
    const idle = await endConnections(server, log);
    const footer: FooterInfo = { events: store.count, dropped: store.dropped, connections, chunks, startedAt, finishedAt: Date.now() };
    enqueue(ChunkType.Footer, 0, json(footer));
    const written = await done;
    await worker.terminate();
    fs.closeSync(fd);
    if (growTimer) clearTimeout(growTimer);
    const s = stats();
    for (const l of growListeners) l(s);
    return { path: out, events: store.count, dropped: store.dropped, complete: idle && allClean && written > 0 && !fileError };
  }

  return {
    env: { SCOPE_ENDPOINT: server.endpoint, SCOPE_SECRET: secret },
    store,
    stats,
    onGrow: (listener) => { growListeners.push(listener); },
    finish: () => (finished ??= finish()),
  };
}

/**
 * What `EventStore.ingest` counts in one frame of whole records, without indexing them: event
 * records (kinds 1–63) and the drops that Dropped records report. Like `ingest`, a record whose
 * length is 0 or runs past the end stops the count (the records before it count) and is reported.
 * Reads bytes, not an Int32Array: a frame payload may sit at any offset in the socket's buffer.
 */
export function countRecords(payload: Uint8Array, totals: { events: number; dropped: number }): string | undefined {
  const end = payload.byteLength >>> 2;
  let at = 0;
  while (at < end) {
    const b = at << 2;
    const kind = payload[b];
    const len = payload[b + 1] | (payload[b + 2] << 8) | (payload[b + 3] << 16);
    if (len < 1 || at + len > end) return `record at word ${at} has length ${len}, past the end of the batch (${end} words)`;
    if (kind !== 0 && kind < FIRST_META_KIND) totals.events++;
    else if (kind === Kind.Dropped && len > 1) totals.dropped += payload[b + 4] | (payload[b + 5] << 8) | (payload[b + 6] << 16) | (payload[b + 7] << 24);
    at += len;
  }
  return undefined;
}

/**
 * File-only mode compresses Words chunks only while frames arrive slower than this. Compression
 * (brotli quality 0, ~700 MB/s) runs on the thread that reads the socket: past this rate it would
 * take more than a fifth of a core, and a program writing that fast waits for the recorder (nbody,
 * full mode, ~300 MB/s: 423 ms compressed, 316 ms written as sent, bench/overhead.bench.ts).
 */
const COMPRESS_BELOW_BYTES_PER_SECOND = 128 << 20;
const RATE_WINDOW_MS = 25;

/**
 * Bytes per second received over the last complete window of RATE_WINDOW_MS. Until the first
 * window is complete the rate counts as unbounded: a run that starts fast (the usual case, nothing
 * throttles a program at startup) is not compressed while it is being measured.
 */
class ArrivalRate {
  /** The first frame opens the first window (the program's startup sends nothing). */
  private windowStart = -1;
  private windowBytes = 0;
  private lastRate = Infinity;

  /** Counts `bytes` just received; true while the last measured rate is under `limit`. */
  slowerThan(limit: number, bytes: number): boolean {
    const now = performance.now();
    if (this.windowStart < 0) this.windowStart = now;
    this.windowBytes += bytes;
    if (now - this.windowStart >= RATE_WINDOW_MS) {
      this.lastRate = (this.windowBytes * 1000) / (now - this.windowStart);
      this.windowStart = now;
      this.windowBytes = 0;
    }
    return this.lastRate < limit;
  }
}

/**
 * The recorder of `scope record`: every verified frame is appended to the file as it arrives, on
 * this thread, with one writev; the only per-event work is `countRecords` walking the record
 * headers for the footer's event and drop counts (so `scope record` can print them and
 * `scope info` finds them). No ring, no worker, no EventStore: the CLI's main thread has nothing
 * else to do, and on a small machine every thread of the recorder takes CPU from the recorded
 * program and its drainers. (Measured: the live mode's ring and ingest worker with a record
 * counter in place of the store recorded nbody, full mode, in 651 ms against 490 ms on one thread;
 * the live mode itself took 794 ms.)
 *
 * Backpressure: frames are written synchronously inside the socket's 'data' handler, so while the
 * file is being written nothing is read; the kernel buffer fills and the drainers wait, as in the
 * live mode. Robustness is the live mode's: the frame parser checks every frame's CRC, a frame
 * that is not whole words is skipped, a malformed record is reported and kept as received, and a
 * file that cannot be written is reported while the program runs on (the recording is then
 * incomplete).
 */
export async function startFileRecorder(options: RecorderOptions): Promise<FileRecorder> {
  const log = options.log ?? defaultLog;
  const out = path.resolve(options.out);
  const fd = createRecordingFile(out);
  const file = new ChunkFile(fd);
  const compress = options.compress ?? true;
  const arrival = new ArrivalRate();
  const secret = randomBytes(24).toString('hex');
  const startedAt = Date.now();
  const totals = { events: 0, dropped: 0 };
  let connections = 0;
  let chunks = 0;
  let allClean = true;
  let fileError: string | undefined;
  /** Chunks were written uncompressed while frames arrived fast: compacted once the program ended. */
  let leftUncompressed = false;

  /** Appends one chunk; after a write error, nothing more is written (the counts go on). */
  function append(write: () => void): void {
    if (fileError) return;
    try {
      write();
      file.flush();
      chunks++;
    } catch (error) {
      fileError = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      log(`scope: writing the recording ${out} failed: ${fileError}; the program goes on, the recording is incomplete`);
    }
  }

  const server = await FrameServer.listen({
    transport: options.transport ?? 'unix',
    secret,
    log,
    maxFrameBytes: MAX_RECORDER_FRAME_BYTES,
    accept(handshake: Handshake): AcceptedConnection {
      const connection = connections++;
      append(() => file.addJson(ChunkType.Open, connection, openInfo(handshake)));
      return {
        onFrame(payload: Buffer) {
          if (payload.byteLength % 4 !== 0) {
            log(notWholeWords(connection, payload.byteLength));
            allClean = false;
            return;
          }
          const malformed = countRecords(payload, totals);
          if (malformed) {
            allClean = false;
            log(malformedRecord(connection, malformed));
          }
          // The payload is a view into the parser's buffer: append() writes it before returning.
          const compressThis = compress && arrival.slowerThan(COMPRESS_BELOW_BYTES_PER_SECOND, payload.byteLength);
          if (compress && !compressThis) leftUncompressed = true;
          append(() => file.add(ChunkType.Words, connection, payload.byteLength, payload, compressThis));
        },
        onEnd(end: ConnectionEnd) {
          if (!end.clean) allClean = false;
          append(() => file.addJson(ChunkType.Close, connection, closeInfo(end)));
        },
      };
    },
  });

  async function finish(options: FinishOptions): Promise<RecordingResult> {
    const idle = await endConnections(server, log);
    const footer: FooterInfo = { events: totals.events, dropped: totals.dropped, connections, chunks, startedAt, finishedAt: Date.now() };
    append(() => {
      file.addJson(ChunkType.Footer, 0, footer);
      file.sync();
    });
    fs.closeSync(fd);
    const result: RecordingResult = { path: out, events: totals.events, dropped: totals.dropped, complete: idle && allClean && !fileError };
    if (leftUncompressed && !fileError) {
      try {
        const bytes = fs.statSync(out).size;
        if (options.signal?.aborted) {
          result.compaction = { outcome: 'interrupted', bytesBefore: bytes, bytesDone: 0 };
          return result;
        }
        options.onCompactionStart?.(bytes);
        result.compaction = await compactRecording(out, { onProgress: options.onCompactionProgress, signal: options.signal });
      } catch (error) {
        const message = (error as Error).message;
        result.compaction = { outcome: 'failed', message };
        log(`scope: could not compress the recording ${out} after the run (${message}); it is kept as written`);
      }
    }
    return result;
  }

  let finished: Promise<RecordingResult> | undefined;
  return {
    env: { SCOPE_ENDPOINT: server.endpoint, SCOPE_SECRET: secret },
    finish: (options = {}) => (finished ??= finish(options)),
  };
}
