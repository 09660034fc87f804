/**
 * Ring buffer throughput (run: npx tsx bench/ring.bench.ts; SCOPE_BENCH_EVENTS=N for the size).
 *
 * 1. One thread, id-only events (header + site id, 2 words) through SharedRingWriter, drained in
 *    batches on the same thread. Target ≥ 20 M events/s.
 * 2. Producer and consumer in two worker threads (the consumer checks every event).
 * Baseline, same run: pushing the same two words per event into a plain JS array (cleared at the
 * same batch boundaries).
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Kind, header } from '../src/protocol/wire';
import { createRing, SharedRingReader, SharedRingWriter } from '../src/runtime/ring';
import { bundleForWorker } from '../test/pipeline/helpers';

const EVENTS = Number(process.env.SCOPE_BENCH_EVENTS ?? 20_000_000);
const BATCH = 1 << 18; // events between drains: the ring holds 2 words each
const STATEMENT = header(Kind.Statement, 2);

function ringOneThread(events: number): number {
  const ring = createRing(BATCH * 2);
  const writer = new SharedRingWriter(ring, 'wait');
  const reader = new SharedRingReader(ring);
  const words = writer.words;
  const started = performance.now();
  for (let i = 0; i < events;) {
    const end = Math.min(events, i + BATCH);
    for (; i < end; i++) {
      const at = writer.reserve(2);
      words[at] = STATEMENT;
      words[at + 1] = i;
      writer.commit();
    }
    for (let span = reader.peek(); span.length > 0; span = reader.peek()) reader.release(span.length);
  }
  return performance.now() - started;
}

function arrayBaseline(events: number): number {
  const array: number[] = [];
  const started = performance.now();
  for (let i = 0; i < events;) {
    const end = Math.min(events, i + BATCH);
    for (; i < end; i++) {
      array.push(STATEMENT);
      array.push(i);
    }
    array.length = 0;
  }
  return performance.now() - started;
}

async function ringTwoThreads(events: number): Promise<{ ms: number; ok: boolean }> {
  const fixture = bundleForWorker(path.join(__dirname, '..', 'test', 'pipeline', 'fixtures', 'ring-thread.ts'));
  const ring = createRing(1 << 20);
  const run = <T>(role: string) => new Promise<T>((resolve, reject) => {
    const w = new Worker(fixture, { workerData: { ring, role, events } });
    w.once('message', (m: T) => { resolve(m); void w.terminate(); }).once('error', reject);
  });
  const started = performance.now();
  const [consumed] = await Promise.all([run<{ read: number; mismatch: number }>('consumer'), run('producer')]);
  return { ms: performance.now() - started, ok: consumed.read === events && consumed.mismatch === -1 };
}

const rate = (events: number, ms: number) => (events / ms) * 1000;
const m = (eventsPerSecond: number) => `${(eventsPerSecond / 1e6).toFixed(1)} M events/s`;

async function main(): Promise<void> {
  // Warm both paths so the JIT has compiled them before the timed runs.
  ringOneThread(1 << 20);
  arrayBaseline(1 << 20);
  const ringMs = Math.min(ringOneThread(EVENTS), ringOneThread(EVENTS));
  const arrayMs = Math.min(arrayBaseline(EVENTS), arrayBaseline(EVENTS));
  const ringRate = rate(EVENTS, ringMs);
  const arrayRate = rate(EVENTS, arrayMs);
  console.log(`ring, one thread:       ${m(ringRate)} (${EVENTS} id-only events in ${ringMs.toFixed(0)} ms; target ≥ 20 M/s)`);
  console.log(`baseline, JS array:     ${m(arrayRate)} (${arrayMs.toFixed(0)} ms)`);
  console.log(`ratio ring / array:     ${(ringRate / arrayRate).toFixed(2)}x`);
  const crossEvents = Math.min(EVENTS, 10_000_000);
  const cross = await ringTwoThreads(crossEvents);
  console.log(`ring, producer→consumer threads: ${m(rate(crossEvents, cross.ms))} (${crossEvents} events in ${cross.ms.toFixed(0)} ms, every event checked: ${cross.ok ? 'ok' : 'FAILED'})`);
  console.log(`ratio cross-thread / array:      ${(rate(crossEvents, cross.ms) / arrayRate).toFixed(2)}x`);
}

void main();
