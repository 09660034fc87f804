/**
 * `scope export <file> --format chrome [--out F]`: Chrome Trace Event JSON, for Perfetto and
 * chrome://tracing.
 *
 * Events carry no wall-clock time, so `ts` is the event's instant (its place in the recording's
 * order) in microseconds: the trace shows order and nesting, not durations in real time.
 *
 * Calls are B/E duration slices on their thread's track. An async function or generator leaves
 * the stack at `await`/`yield` and comes back later, so its slice ends at the suspension and a new
 * one ("name (resumed)") begins at the resumption; this keeps the slices of a track properly
 * nested, which the format requires. An end for a frame below the top of the stack also closes
 * the frames above it (they left by an exception the runtime did not see), and every slice still
 * open at the end of the recording is closed there. Writes and throws are instant events.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ExceptionStops } from '../adapter/exception-stops';
import { Kind, type WireValue } from '../protocol/wire';
import type { EventStore } from '../store/event-store';
import { openRecording } from '../store/recording-file';
import { readingProgress } from './progress';
import { formatValue } from './dump';

interface TraceEvent {
  name: string;
  ph: 'B' | 'E' | 'i' | 'M';
  ts: number;
  pid: number;
  tid: number;
  cat?: string;
  s?: 't';
  args?: Record<string, unknown>;
}

interface OpenSlice { frame: number; name: string }

/** Calls `emit` with every trace event of the recording, in order. */
export function chromeTraceEvents(store: EventStore, emit: (e: TraceEvent) => void): void {
  const tids = store.threads.map((t) => t.threadId);
  const pids = store.threads.map((t) => t.pid);
  store.threads.forEach((t) => emit({ name: 'thread_name', ph: 'M', ts: 0, pid: t.pid, tid: t.threadId, args: { name: t.name } }));
  const stacks: OpenSlice[][] = store.threads.map(() => []);
  const unwound = unwoundValues(store);
  const siteName = (site: number): string => {
    const s = store.sites[site];
    if (!s) return '(unknown)';
    return s.name ?? `(${s.kind} ${s.file}:${s.line})`;
  };
  const where = (site: number) => {
    const s = store.sites[site];
    return s ? `${s.file}:${s.line}:${s.column}` : undefined;
  };
  const begin = (i: number, name: string) => {
    const t = store.threadOf[i];
    stacks[t].push({ frame: store.frameOf[i], name });
    emit({ name, ph: 'B', ts: i, pid: pids[t], tid: tids[t], cat: 'call', args: { at: where(store.siteOf[i]), frame: store.frameOf[i] } });
  };
  const end = (i: number, args?: Record<string, unknown>) => {
    const t = store.threadOf[i];
    const stack = stacks[t];
    const at = stack.map((s) => s.frame).lastIndexOf(store.frameOf[i]);
    if (at < 0) return;
    while (stack.length > at) {
      const slice = stack.pop()!;
      emit({ name: slice.name, ph: 'E', ts: i, pid: pids[t], tid: tids[t], ...(stack.length === at && args ? { args } : {}) });
    }
  };
  const instant = (i: number, name: string, args: Record<string, unknown>) => {
    const t = store.threadOf[i];
    emit({ name, ph: 'i', s: 't', ts: i, pid: pids[t], tid: tids[t], cat: 'event', args: { at: where(store.siteOf[i]), ...args } });
  };
  for (let i = 0; i < store.count; i++) {
    const kind = store.kinds[i];
    switch (kind) {
      case Kind.CallEnter: begin(i, siteName(store.siteOf[i])); break;
      case Kind.AwaitResume: case Kind.YieldResume: begin(i, `${siteName(store.sites[store.siteOf[i]]?.fnId ?? -1)} (resumed)`); break;
      case Kind.Return: end(i, { returned: formatValue(store.values(i)[0]) }); break;
      case Kind.Unwind: end(i, { threw: formatValue(unwound.get(i) ?? store.values(i)[0]) }); break;
      case Kind.AwaitSuspend: case Kind.Yield: end(i); break;
      case Kind.Throw: instant(i, 'throw', { value: formatValue(store.values(i)[0]) }); break;
      case Kind.Uncaught: instant(i, 'uncaught exception', { value: formatValue(store.values(i)[0]) }); break;
      case Kind.VarWrite: instant(i, `${siteName(store.siteOf[i])} =`, { value: formatValue(store.values(i)[0]) }); break;
      case Kind.PropWrite: {
        const [key, value] = store.values(i);
        instant(i, `#${store.objectOf[i]}[${formatValue(key)}] =`, { value: formatValue(value) });
        break;
      }
      default: break;
    }
  }
  const last = store.count;
  stacks.forEach((stack, t) => {
    while (stack.length > 0) emit({ name: stack.pop()!.name, ph: 'E', ts: last, pid: pids[t], tid: tids[t] });
  });
}

/**
 * The value each Unwind without one (reported from a function's `finally`, see Runtime.x) left
 * with: that of the exception it belongs to, named by the Throw, Catch or Uncaught around it.
 */
function unwoundValues(store: EventStore): Map<number, WireValue> {
  const out = new Map<number, WireValue>();
  const stops = new ExceptionStops(store);
  for (let stop = stops.next(-1, 'forward', () => true); stop; stop = stops.next(stop.origin, 'forward', () => true)) {
    const thread = store.threadOf[stop.end];
    for (let i = stop.origin; i < stop.end; i++) {
      if (store.kinds[i] === Kind.Unwind && store.threadOf[i] === thread && store.values(i)[0]?.t === 'notRecorded') out.set(i, stop.value);
    }
  }
  return out;
}

/** Writes to the output; a reader that went away (`| head`) ends the export quietly. */
function writeOut(fd: number, text: string): void {
  try {
    fs.writeSync(fd, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
    throw error;
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string' }, out: { type: 'string' } } });
  const file = positionals[0];
  if (!file || values.format !== 'chrome') {
    process.stderr.write('scope: usage: scope export <file.scope> --format chrome [--out trace.json]\n');
    return 2;
  }
  const reading = readingProgress(file);
  const { store, problems } = await openRecording(file, { onProgress: reading.onProgress }).finally(reading.done);
  const fd = values.out ? fs.openSync(values.out, 'w') : 1;
  // Streamed in batches: a big recording's trace does not fit one string.
  let batch: string[] = [];
  let written = 0;
  const flush = () => {
    writeOut(fd, batch.join(''));
    batch = [];
  };
  writeOut(fd, '{"displayTimeUnit":"ns","traceEvents":[\n');
  chromeTraceEvents(store, (e) => {
    batch.push((written++ === 0 ? '' : ',\n') + JSON.stringify(e));
    if (batch.length >= 10_000) flush();
  });
  flush();
  writeOut(fd, '\n]}\n');
  if (values.out) fs.closeSync(fd);
  for (const p of problems) process.stderr.write(`scope: ${file}: ${p}\n`);
  return 0;
}
