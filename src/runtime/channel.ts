/**
 * The debuggee side of a recording: one channel per recorded thread.
 *
 *   probes ──RingWriter──▶ ring (SharedArrayBuffer) ──▶ drainer worker ──socket──▶ adapter
 *
 * The drainer worker (dist/runtime/drainer.js) owns the connection: it connects, sends the
 * handshake, then loops: take the channel, send one frame of whole records with write(2) on the
 * socket's descriptor, give the channel back (see `sendFrameSync` for why write(2)).
 *
 * Exit flush. When the thread ends (process.exit, end of the event loop, an uncaught exception,
 * SIGINT/SIGTERM), the drainer may not have sent everything, and it will not get the chance: the
 * process is going away. So the ending thread sends the rest itself, synchronously:
 *   1. commit what the writer reserved;
 *   2. wait (bounded) until the drainer is connected and has published the socket's descriptor;
 *   3. take the channel (compare-and-swap OWNER Free → Flusher): the drainer only ever holds it for
 *      one frame and, once told (FLUSH_WAITING), does not take it again, so this waits at most one
 *      frame's write, woken by the drainer's notify; frames never interleave;
 *   4. send the remaining records as frames with write(2) on the same descriptor (descriptors are
 *      per process, so any thread can write to it), then a Dropped record for uncounted drops;
 *   5. give the channel back (a program with its own signal handler goes on running).
 * Bytes written with write(2) are in the kernel: they reach the adapter even when the process
 * dies right after. This needs the drainer thread alive during 'exit' listeners — it is: Node
 * stops worker threads only after the 'exit' event has run.
 *
 * Worker threads. Each thread has its own channel, flushed by its own 'exit' listener when the
 * thread ends. A worker still running when the PROCESS ends gets no such chance, so every worker
 * channel is announced to the main thread (BroadcastChannel), whose exit flush also sends the
 * committed rest of each. Before writing to a worker channel's descriptor it checks that the
 * descriptor is still that channel's socket (same inode): a worker that ended has closed it, and
 * the number may belong to another file by then.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BroadcastChannel, Worker, isMainThread, threadId, workerData } from 'node:worker_threads';
import { headerLength, SCHEMA_VERSION } from '../protocol/wire';
import { TARGET_FRAME_BYTES } from '../transport/frame';
import { SendError, writeFrameSync } from '../transport/sync-socket';
import { createRing, isPad, SharedRingReader, SharedRingWriter, type FullPolicy } from './ring';
import { standIn } from './source-text';

export interface ChannelConfig {
  endpoint: string;
  secret: string;
  policy: FullPolicy;
  threadName: string;
  ringBytes?: number;
}

export interface RecordingChannel {
  writer: SharedRingWriter;
  /** Sends, from the calling thread and before returning, everything not yet sent. */
  flushSync(): void;
  /**
   * For a record too big for the ring (more than `writer.maxRecordWords`: a huge site table or
   * string): sends what the ring holds, then `record` (whole records) as its own frame, from the
   * calling thread, in order. Returns false if it could not be sent (no connection).
   */
  sendLargeSync(record: Int32Array): boolean;
  close(): void;
  /** Records dropped so far (drop policy, or the adapter went away). */
  dropped(): number;
}

/** Channel control words (a SharedArrayBuffer apart from the ring). */
export const ChannelControl = {
  /** Who may consume the ring and write to the socket now: one of Owner. */
  OWNER: 0,
  /** One of ChannelState. */
  STATE: 1,
  /** The connected socket's file descriptor, valid once STATE is Connected. */
  FD: 2,
  /** The socket's inode (mod 2^31), to recognise the descriptor later (see sameSocket). */
  INODE: 3,
  /**
   * How many exiting threads wait for the channel (see takeChannel). While it is not 0 the drainer
   * does not take the channel again after its current frame, so the hand-over happens at the
   * next frame boundary instead of racing the drainer, which is awake and would win.
   */
  FLUSH_WAITING: 4,
} as const;
export const CHANNEL_CONTROL_WORDS = 5;
export const Owner = { Free: 0, Drainer: 1, Flusher: 2 } as const;
export const ChannelState = { Connecting: 0, Connected: 1, Failed: 2, Closing: 3 } as const;

/** What the drainer worker is started with. */
export interface DrainerData {
  scopeDrainer: true;
  ring: SharedArrayBuffer;
  control: SharedArrayBuffer;
  endpoint: string;
  handshake: { schemaVersion: number; pid: number; threadId: number; secret: string; name: string };
}

const DEFAULT_RING_BYTES = 4 << 20;
const MAX_RING_BYTES = 16 << 20;
/** How long an exiting thread waits for the drainer to connect, and then for the channel. */
const FLUSH_CONNECT_WAIT_MS = 15_000;
const FLUSH_OWNER_WAIT_MS = 10_000;
/** Where worker threads announce their channels to the main thread. */
const WORKER_CHANNELS = 'scope.channels.v1';

interface SharedChannel { control: Int32Array; reader: SharedRingReader }
/** Main thread only: the channels of worker threads, flushed when the process exits. */
const workerChannels: SharedChannel[] = [];
let listeningForWorkers = false;

function listenForWorkerChannels(): void {
  if (listeningForWorkers) return;
  listeningForWorkers = true;
  const announcements = new BroadcastChannel(WORKER_CHANNELS);
  announcements.onmessage = (event) => {
    const { ring, control } = (event as { data: { ring: SharedArrayBuffer; control: SharedArrayBuffer } }).data;
    workerChannels.push({ control: new Int32Array(control), reader: new SharedRingReader(ring) });
  };
  announcements.unref();
}

function announceToMainThread(ring: SharedArrayBuffer, control: SharedArrayBuffer): void {
  const announcements = new BroadcastChannel(WORKER_CHANNELS);
  announcements.postMessage({ ring, control });
  announcements.close();
}

/** True while `fd` is still the socket the drainer connected (not closed, not reused). */
function sameSocket(fd: number, control: Int32Array): boolean {
  try {
    const stat = fs.fstatSync(fd);
    return stat.isSocket() && stat.ino % 2 ** 31 === Atomics.load(control, ChannelControl.INODE);
  } catch {
    return false;
  }
}

/**
 * Sends, from the calling thread, the committed records the drainer has not sent (steps 2–5 of
 * the exit flush above). `more` may commit a last record (the drop count) and say so.
 * Returns the reason it failed, if it did.
 */
function sendRemaining(channel: SharedChannel, more: () => boolean = () => false): string | undefined {
  const { control, reader } = channel;
  const deadline = Date.now() + FLUSH_CONNECT_WAIT_MS;
  while (Atomics.load(control, ChannelControl.STATE) === ChannelState.Connecting && Date.now() < deadline) {
    Atomics.wait(control, ChannelControl.STATE, ChannelState.Connecting, 20);
  }
  if (Atomics.load(control, ChannelControl.STATE) !== ChannelState.Connected) return undefined;
  if (!takeChannel(control)) return undefined;
  try {
    const fd = Atomics.load(control, ChannelControl.FD);
    if (!sameSocket(fd, control)) return undefined;
    while (sendFrameSync(fd, reader) > 0);
    if (more()) while (sendFrameSync(fd, reader) > 0);
    return undefined;
  } catch (error) {
    return error instanceof SendError ? error.message : String(error);
  } finally {
    Atomics.store(control, ChannelControl.OWNER, Owner.Free);
    Atomics.notify(control, ChannelControl.OWNER);
  }
}

/** Reads SCOPE_ENDPOINT, SCOPE_SECRET and SCOPE_DROP_POLICY; undefined when not recording. */
export function channelConfigFromEnv(env: NodeJS.ProcessEnv): ChannelConfig | undefined {
  // The drainer worker itself is never recorded (it would record its own sending, forever).
  if (isDrainerThread()) return undefined;
  const endpoint = env.SCOPE_ENDPOINT;
  const secret = env.SCOPE_SECRET;
  if (!endpoint || !secret) return undefined;
  return {
    endpoint,
    secret,
    policy: env.SCOPE_DROP_POLICY === 'drop' ? 'drop' : 'wait',
    threadName: isMainThread ? 'main' : `worker ${threadId}`,
  };
}

function isDrainerThread(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && (workerData as Partial<DrainerData>).scopeDrainer === true;
}

/**
 * The drainer bundle sits next to the bundle that contains this code (dist/runtime/); from
 * the TypeScript sources (tests under tsx) it is the built one in dist/runtime/.
 */
function drainerPath(): string {
  const candidates = [path.join(__dirname, 'drainer.js'), path.join(__dirname, 'runtime', 'drainer.js'), path.join(__dirname, '..', '..', 'dist', 'runtime', 'drainer.js')];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`scope: the drainer bundle is missing (looked for ${candidates.join(', ')}); run npm run build`);
  return found;
}

export function openChannel(config: ChannelConfig): RecordingChannel {
  // At most MAX_RING_BYTES: a record is at most half the ring, and a frame of one record must
  // stay under the adapter's frame limit.
  const ringBytes = Math.min(MAX_RING_BYTES, Math.max(4096, config.ringBytes ?? DEFAULT_RING_BYTES));
  const ring = createRing(ringBytes >>> 2);
  const controlBuffer = new SharedArrayBuffer(CHANNEL_CONTROL_WORDS * 4);
  const control = new Int32Array(controlBuffer);
  const writer = new SharedRingWriter(ring, config.policy);
  const reader = new SharedRingReader(ring);

  const data: DrainerData = {
    scopeDrainer: true,
    ring,
    control: controlBuffer,
    endpoint: config.endpoint,
    handshake: { schemaVersion: SCHEMA_VERSION, pid: process.pid, threadId, secret: config.secret, name: config.threadName },
  };
  const env = { ...process.env };
  delete env.SCOPE_ENDPOINT;
  delete env.SCOPE_SECRET;
  // A worker given an env reads its NODE_OPTIONS, where the bootstrap is a --require.
  delete env.NODE_OPTIONS;
  // execArgv [], no NODE_OPTIONS and no SCOPE_* variables: the drainer must not load the recording
  // runtime (or any --import/--require of the program) into itself.
  const worker = new Worker(drainerPath(), { workerData: data, execArgv: [], env, stdout: false, stderr: false });
  // The drainer must not keep the program alive: when the program's event loop empties, the
  // 'exit' listener below sends the rest.
  worker.unref();
  worker.on('error', (error) => fail(`the drainer stopped: ${error.message}`));

  function fail(reason: string): void {
    if (Atomics.compareExchange(control, ChannelControl.STATE, ChannelState.Connected, ChannelState.Failed) === ChannelState.Connected
      || Atomics.compareExchange(control, ChannelControl.STATE, ChannelState.Connecting, ChannelState.Failed) === ChannelState.Connecting) {
      reader.markBroken();
      fs.writeSync(2, `scope: recording of this thread stopped: ${reason}\n`);
    }
  }

  let closed = false;

  function flushSync(): void {
    writer.commit();
    const failure = sendRemaining({ control, reader }, () => {
      if (!writer.reportDrops()) return false;
      writer.commit();
      return true;
    });
    if (failure) fail(failure);
  }

  function sendLargeSync(record: Int32Array): boolean {
    writer.commit();
    let sent = false;
    const failure = sendRemaining({ control, reader }, () => {
      writeFrameSync(Atomics.load(control, ChannelControl.FD), new Uint8Array(record.buffer, record.byteOffset, record.byteLength));
      sent = true;
      return false;
    });
    if (failure) fail(failure);
    return sent;
  }

  /** The process is ending: this thread's channel, then (main thread) every worker's. */
  function flushProcess(): void {
    flushSync();
    for (const channel of workerChannels) sendRemaining(channel);
  }

  if (isMainThread) listenForWorkerChannels();
  else announceToMainThread(ring, controlBuffer);

  const onExit = () => flushProcess();
  const onUncaught = () => flushProcess();
  // A signal handler replaces the default action (terminate). We flush, then take ours out of the
  // list; if it was the only listener, we re-raise the signal so the process still dies of it (exit
  // status and all); a program with its own handler keeps its behaviour and goes on running. Ours is
  // added first, so the program's listeners run after it, and while they run they do not see it: a
  // handler deciding by the listeners it sees decides as without Scope (signal-exit, under execa,
  // nyc and many CLIs, re-raises the signal when its own listener is the only one — with ours
  // still listed it let the process go on). Ours comes back, first, once they have run.
  const onSignal = (signal: NodeJS.Signals) => {
    flushProcess();
    process.removeListener(signal, onSignal);
    if (process.listenerCount(signal) === 0) {
      process.kill(process.pid, signal);
      return;
    }
    process.nextTick(() => {
      if (!closed) process.prependListener(signal, onSignal);
    });
  };
  const signals: NodeJS.Signals[] = isMainThread ? ['SIGINT', 'SIGTERM'] : [];
  process.on('exit', onExit);
  process.on('uncaughtExceptionMonitor', onUncaught);
  for (const s of signals) process.on(s, onSignal);
  // A signal the program sends itself may end it at once, with no listener of ours to run (its own
  // handler re-raising SIGINT once ours is out of the list, above): what it recorded goes first.
  const kill = process.kill;
  const killFlushing = standIn(function (this: unknown, ...args: unknown[]) {
    const pid = args[0];
    if (!closed && (pid === process.pid || (typeof pid === 'number' && pid <= 0))) flushProcess();
    return Reflect.apply(kill, this, args) as true;
  }, kill);
  if (isMainThread) process.kill = killFlushing;

  return {
    writer,
    flushSync,
    sendLargeSync,
    dropped: () => writer.dropped(),
    close() {
      if (closed) return;
      closed = true;
      flushSync();
      process.removeListener('exit', onExit);
      process.removeListener('uncaughtExceptionMonitor', onUncaught);
      for (const s of signals) process.removeListener(s, onSignal);
      if (process.kill === killFlushing) process.kill = kill;
      const previous = Atomics.exchange(control, ChannelControl.STATE, ChannelState.Closing);
      Atomics.notify(control, ChannelControl.STATE);
      if (previous !== ChannelState.Connected) void worker.terminate();
    },
  };
}

/**
 * Sends ONE frame of whole committed records of `reader` (about TARGET_FRAME_BYTES; a bigger
 * single record goes alone) and releases its words once written. Returns the words sent, 0 when
 * the ring is empty. One frame per call lets two threads take turns between frames. The caller
 * holds the channel (OWNER).
 */
export function sendFrameSync(fd: number, reader: SharedRingReader): number {
  const span = reader.peek();
  if (span.length === 0) return 0;
  // Cut at a record boundary (records never straddle the end of a span), and before a pad
  // record: pads never travel (peek skips a pad at the start of the next span).
  const targetWords = TARGET_FRAME_BYTES >>> 2;
  const words = reader.words;
  let n = 0;
  while (n < span.length) {
    const h = words[span.start + n];
    const len = headerLength(h);
    if (len < 1 || n + len > span.length) throw new SendError(`corrupt record header in the ring at word ${span.start + n}`);
    if (isPad(h) || (n > 0 && n + len > targetWords)) break;
    n += len;
  }
  if (n === 0) return sendFrameSync(fd, reader); // only a pad was there: peek skips it now
  writeFrameSync(fd, new Uint8Array(words.buffer, words.byteOffset + span.start * 4, n * 4));
  reader.release(n);
  return n;
}

/**
 * Waits (bounded) for the drainer to finish its frame, then holds the channel. The drainer gives
 * the channel back with a notify on OWNER, which wakes this wait at once.
 */
function takeChannel(control: Int32Array): boolean {
  const deadline = Date.now() + FLUSH_OWNER_WAIT_MS;
  Atomics.add(control, ChannelControl.FLUSH_WAITING, 1);
  try {
    for (;;) {
      const owner = Atomics.compareExchange(control, ChannelControl.OWNER, Owner.Free, Owner.Flusher);
      if (owner === Owner.Free) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(control, ChannelControl.OWNER, owner, left);
    }
  } finally {
    Atomics.sub(control, ChannelControl.FLUSH_WAITING, 1);
  }
}
