/**
 * Process and thread events the runtime writes by itself: ProcessStart/ThreadStart at start,
 * Console for what the program writes to stdout/stderr, Uncaught, and ThreadExit/ProcessExit.
 * Nothing here changes what the program sees: output goes through unchanged, listeners only watch.
 */
import { Kind } from '../protocol/wire';
import type { Runtime } from './probes';

/** Console text is split into records of at most this many UTF-16 units (records must fit the ring). */
const CONSOLE_CHUNK_UNITS = 8192;

const { apply } = Reflect;
const decodeUtf8 = TextDecoder.prototype.decode;
const utf8 = new TextDecoder();

export interface ThreadIdentity {
  isMainThread: boolean;
  threadId: number;
  name: string;
}

/** ProcessStart (main thread only) and ThreadStart. */
export function writeStartEvents(runtime: Runtime, thread: ThreadIdentity): void {
  const cap = runtime.capture;
  if (thread.isMainThread) {
    runtime.plainEvent(Kind.ProcessStart, process.pid, process.ppid, cap.emitString(JSON.stringify(process.argv)));
  }
  runtime.plainEvent(Kind.ThreadStart, thread.threadId, process.pid, cap.internString(thread.name));
}

/**
 * ThreadExit (and ProcessExit on the main thread) from an 'exit' listener. Register it BEFORE the
 * channel opens: the channel's own exit listener flushes, and listeners run in order.
 */
export function recordExit(runtime: Runtime, thread: ThreadIdentity): void {
  process.on('exit', (code) => {
    const exitCode = typeof code === 'number' ? code : Number(process.exitCode ?? 0) || 0;
    runtime.plainEvent(Kind.ThreadExit, exitCode);
    if (thread.isMainThread) runtime.plainEvent(Kind.ProcessExit, exitCode);
  });
}

/** Uncaught exceptions (and unhandled rejections), watched without changing how they end the process. */
export function recordUncaught(runtime: Runtime): void {
  process.on('uncaughtExceptionMonitor', (error) => {
    try {
      runtime.uncaught(error);
    } catch {
      // Never let recording change how the program fails.
    }
  });
}

/**
 * Console events for process.stdout/stderr writes. The stream's `write` gets an own,
 * non-enumerable wrapper that records the text then calls the original with the same `this` and
 * arguments, so what is printed, the return value and callbacks are unchanged.
 */
export function recordConsole(runtime: Runtime): void {
  wrapWrite(runtime, process.stdout, 1);
  wrapWrite(runtime, process.stderr, 2);
}

function wrapWrite(runtime: Runtime, stream: NodeJS.WriteStream, streamCode: number): void {
  const original = stream.write;
  Object.defineProperty(stream, 'write', {
    value: function write(this: unknown, ...args: unknown[]) {
      try {
        recordChunk(runtime, streamCode, args[0], args[1]);
      } catch {
        // Recording must not change output.
      }
      return apply(original, this, args);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

function recordChunk(runtime: Runtime, streamCode: number, chunk: unknown, encoding: unknown): void {
  let text: string;
  if (typeof chunk === 'string') text = encoding === 'base64' || encoding === 'hex' ? `<${encoding} data>` : chunk;
  else if (chunk instanceof Uint8Array) text = apply(decodeUtf8, utf8, [chunk]) as string;
  else return;
  for (let i = 0; i < text.length; i += CONSOLE_CHUNK_UNITS) {
    const part = i === 0 && text.length <= CONSOLE_CHUNK_UNITS ? text : text.slice(i, i + CONSOLE_CHUNK_UNITS);
    const id = runtime.capture.emitString(part);
    if (id !== 0) runtime.plainEvent(Kind.Console, streamCode, id);
  }
}
