/**
 * Ingest throughput, socket → indexed EventStore + .scope file (run: npx tsx bench/ingest.bench.ts
 * after npm run build; it re-runs itself bundled, as the adapter ships; SCOPE_BENCH_EVENTS=N for
 * the size). Target ≥ 5 M events/s.
 *
 * A producer worker thread writes pre-encoded frames to the real recorder over its Unix socket
 * (honouring socket backpressure); the clock runs until the recorder's store holds every event.
 * Baseline, same run: the same events as JSON lines over a Unix socket to a server that parses
 * each line into an object (what a naive JSON transport would do).
 * Also prints the bytes per event in the recording file for control events (Statement) and for
 * calls (CallEnter with one int argument + Return with an int). Target ≤ 8 for control events.
 * And the file-only recorder of `scope record` (no store), clocked until the file is finished.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Kind, SCHEMA_VERSION, Tag, header } from '../src/protocol/wire';
import { startFileRecorder, startRecorder } from '../src/store/recorder';
import { encodeFrame, encodeHandshake, parseEndpoint } from '../src/transport/frame';
import { runBundled } from '../test/pipeline/helpers';

const EVENTS = Number(process.env.SCOPE_BENCH_EVENTS ?? 4_000_000);
const FRAME_EVENTS = 1 << 16;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-ingest-bench-'));

type Stream = 'statements' | 'calls';

/** One frame of FRAME_EVENTS events of the given stream. */
function eventFrame(stream: Stream): Buffer {
  const words: number[] = [];
  for (let i = 0; i < FRAME_EVENTS; i++) {
    if (stream === 'statements') words.push(header(Kind.Statement, 2), i & 1023);
    else if (i % 2 === 0) words.push(header(Kind.CallEnter, 9), 1, i, 0, Tag.Undefined, 0, 1, Tag.Int, i);
    else words.push(header(Kind.Return, 5), 1, i - 1, Tag.Int, i);
  }
  return encodeFrame(new Uint8Array(Int32Array.from(words).buffer));
}

/** The same events as JSON lines. */
function jsonLines(): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < FRAME_EVENTS; i++) lines.push(JSON.stringify({ kind: 'Statement', site: i & 1023 }));
  return Buffer.from(lines.join('\n') + '\n');
}

/** A worker that connects to `socketPath`, writes `first` once then `body` `times` times, with backpressure. */
function produce(socketPath: string, first: Buffer, body: Buffer, times: number): Promise<void> {
  const worker = new Worker(
    `const { workerData: { socketPath, first, body, times } } = require('node:worker_threads');
     const s = require('node:net').createConnection(socketPath, () => {
       s.write(Buffer.from(first));
       let sent = 0; const b = Buffer.from(body);
       const pump = () => { while (sent < times) { sent++; if (!s.write(b)) return s.once('drain', pump); } s.end(); };
       pump();
     });`,
    { eval: true, workerData: { socketPath, first, body, times } },
  );
  return new Promise((resolve, reject) => worker.once('exit', () => resolve()).once('error', reject));
}

async function recorderRun(stream: Stream): Promise<{ ms: number; events: number; bytesPerEvent: number }> {
  const out = path.join(tmp, `${stream}.scope`);
  const recorder = await startRecorder({ out, log: (l) => console.error(l) });
  const socketPath = (parseEndpoint(recorder.env.SCOPE_ENDPOINT) as { path: string }).path;
  const times = Math.ceil(EVENTS / FRAME_EVENTS);
  const hello = encodeHandshake({ schemaVersion: SCHEMA_VERSION, pid: 1, threadId: 0, secret: recorder.env.SCOPE_SECRET });
  const started = performance.now();
  const produced = produce(socketPath, hello, eventFrame(stream), times);
  const expected = times * FRAME_EVENTS;
  await new Promise<void>((resolve) => {
    const check = () => (recorder.store.count >= expected ? resolve() : setImmediate(check));
    check();
  });
  const ms = performance.now() - started;
  await produced;
  const result = await recorder.finish();
  return { ms, events: result.events, bytesPerEvent: fs.statSync(out).size / result.events };
}

/** The same control events through the file-only recorder, clocked until finish() has written the footer. */
async function fileOnlyRun(): Promise<{ ms: number; events: number }> {
  const recorder = await startFileRecorder({ out: path.join(tmp, 'file-only.scope'), log: (l) => console.error(l) });
  const socketPath = (parseEndpoint(recorder.env.SCOPE_ENDPOINT) as { path: string }).path;
  const hello = encodeHandshake({ schemaVersion: SCHEMA_VERSION, pid: 1, threadId: 0, secret: recorder.env.SCOPE_SECRET });
  const started = performance.now();
  await produce(socketPath, hello, eventFrame('statements'), Math.ceil(EVENTS / FRAME_EVENTS));
  const result = await recorder.finish();
  return { ms: performance.now() - started, events: result.events };
}

async function jsonBaseline(): Promise<number> {
  const socketPath = path.join(tmp, 'json.sock');
  const times = Math.ceil(EVENTS / FRAME_EVENTS);
  const expected = times * FRAME_EVENTS;
  const parsed: unknown[] = [];
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => { done = resolve; });
  const server = net.createServer((socket) => {
    let rest = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) parsed.push(JSON.parse(line));
      if (parsed.length >= expected) done();
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const started = performance.now();
  const produced = produce(socketPath, Buffer.alloc(0), jsonLines(), times);
  await finished;
  const ms = performance.now() - started;
  await produced;
  server.close();
  return ms;
}

const rate = (events: number, ms: number) => (events / ms) * 1000;
const m = (eventsPerSecond: number) => `${(eventsPerSecond / 1e6).toFixed(2)} M events/s`;

async function main(): Promise<void> {
  const statements = await recorderRun('statements');
  const calls = await recorderRun('calls');
  const fileOnly = await fileOnlyRun();
  const jsonMs = await jsonBaseline();
  const ingestRate = rate(statements.events, statements.ms);
  const jsonRate = rate(statements.events, jsonMs);
  console.log(`ingest socket → store + file: ${m(ingestRate)} (${statements.events} control events in ${statements.ms.toFixed(0)} ms; target ≥ 5 M/s)`);
  console.log(`  calls (enter with 1 arg + return): ${m(rate(calls.events, calls.ms))}`);
  console.log(`file only (scope record), socket → file: ${m(rate(fileOnly.events, fileOnly.ms))} (${fileOnly.events} control events in ${fileOnly.ms.toFixed(0)} ms, ${(rate(fileOnly.events, fileOnly.ms) / ingestRate).toFixed(2)}x the indexed path)`);
  console.log(`baseline, JSON lines over the same kind of socket: ${m(jsonRate)} (${jsonMs.toFixed(0)} ms)`);
  console.log(`ratio ingest / JSON lines: ${(ingestRate / jsonRate).toFixed(2)}x`);
  console.log(`file bytes per event: control (Statement) ${statements.bytesPerEvent.toFixed(2)} (target ≤ 8); calls ${calls.bytesPerEvent.toFixed(2)}`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

if (!runBundled(__filename)) void main();
