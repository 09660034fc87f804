/**
 * The .scope file: size per event and opening speed (run: npx tsx bench/file.bench.ts after
 * npm run build; it re-runs itself bundled, as Scope ships; SCOPE_BENCH_EVENTS=N for the size).
 *
 * A recording of N events (a realistic mix: calls with an int argument and their returns,
 * statements, variable writes) is made by the real recorder over its socket, then opened with
 * openRecording (read, CRC-check every chunk, rebuild the indexed store).
 * Baseline, same run: the same events as a JSON-lines file, read and parsed.
 * Targets: ≤ 8 bytes per control event (statements), ≤ 24 bytes on average with values.
 * Synthetic streams repeat themselves and deflate far better than real ones, so the bench also
 * records a small real program with `scope record` (dist/cli.js) and prints its bytes per event.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kind, Tag, header } from '../src/protocol/wire';
import { startRecorder } from '../src/store/recorder';
import { openRecording } from '../src/store/recording-file';
import { rawConnection, runBundled } from '../test/pipeline/helpers';

const EVENTS = Number(process.env.SCOPE_BENCH_EVENTS ?? 2_000_000);
const FRAME_EVENTS = 1 << 15;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-file-bench-'));

/** Event i of the mix, as wire words and as a JSON object. Repeats every 6 events. */
function event(i: number): { words: number[]; json: object } {
  switch (i % 6) {
    case 0: return { words: [header(Kind.CallEnter, 9), 1, i, 0, Tag.Undefined, 0, 1, Tag.Int, i], json: { k: 'call', site: 1, frame: i, args: [i] } };
    case 1: case 3: return { words: [header(Kind.Statement, 2), 2], json: { k: 'stmt', site: 2 } };
    case 2: return { words: [header(Kind.VarWrite, 5), 3, i - 2, Tag.Int, i], json: { k: 'write', site: 3, frame: i - 2, value: i } };
    case 4: return { words: [header(Kind.Statement, 2), 4], json: { k: 'stmt', site: 4 } };
    default: return { words: [header(Kind.Return, 5), 1, i - 5, Tag.Int, i], json: { k: 'return', site: 1, frame: i - 5, value: i } };
  }
}

async function writeRecording(statementsOnly: boolean): Promise<{ file: string; events: number }> {
  const file = path.join(tmp, statementsOnly ? 'statements.scope' : 'mix.scope');
  const recorder = await startRecorder({ out: file, log: (l) => console.error(l) });
  const producer = await rawConnection(recorder);
  for (let from = 0; from < EVENTS; from += FRAME_EVENTS) {
    const words: number[] = [];
    for (let i = from; i < Math.min(EVENTS, from + FRAME_EVENTS); i++) words.push(...(statementsOnly ? [header(Kind.Statement, 2), i & 63] : event(i).words));
    if (!producer.send(Int32Array.from(words))) await new Promise((resolve) => producer.socket.once('drain', resolve));
  }
  await producer.end();
  const result = await recorder.finish();
  return { file, events: result.events };
}

/** A small real program, recorded in full mode: bytes per event of what Scope really writes. */
function recordRealProgram(): string {
  const cli = path.join(__dirname, '..', 'cli.js'); // this bench runs from dist/bench/
  if (!fs.existsSync(cli)) return 'skipped (dist/cli.js missing)';
  const dir = fs.mkdtempSync(path.join(tmp, 'real-'));
  fs.writeFileSync(path.join(dir, 'program.js'), `
    function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
    const people = [];
    for (let i = 0; i < 2000; i++) people.push({ name: 'p' + i, age: i % 90, tags: ['a', 'b'].slice(i % 2) });
    const byAge = new Map();
    for (const p of people) { const list = byAge.get(p.age) ?? []; list.push(p.name); byAge.set(p.age, list); }
    let total = 0;
    for (let i = 0; i < 18; i++) total += fib(i);
    console.log(total, byAge.size);`);
  const out = path.join(dir, 'program.scope');
  const run = spawnSync(process.execPath, [cli, 'record', '--out', out, '--', process.execPath, 'program.js'], { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0 || !fs.existsSync(out)) return `failed (${run.stderr.trim().split('\n').pop()})`;
  const info = spawnSync(process.execPath, [cli, 'info', out, '--json'], { encoding: 'utf8' });
  const { events, bytesPerEvent } = JSON.parse(info.stdout) as { events: number; bytesPerEvent: number };
  return `${bytesPerEvent} (${events} events)`;
}

function writeJsonLines(): string {
  const file = path.join(tmp, 'mix.jsonl');
  const fd = fs.openSync(file, 'w');
  for (let from = 0; from < EVENTS; from += FRAME_EVENTS) {
    const lines: string[] = [];
    for (let i = from; i < Math.min(EVENTS, from + FRAME_EVENTS); i++) lines.push(JSON.stringify(event(i).json));
    fs.writeSync(fd, lines.join('\n') + '\n');
  }
  fs.closeSync(fd);
  return file;
}

async function main(): Promise<void> {
  const statements = await writeRecording(true);
  const mix = await writeRecording(false);
  const jsonFile = writeJsonLines();

  let started = performance.now();
  const opened = await openRecording(mix.file);
  const openMs = performance.now() - started;
  if (opened.store.count !== mix.events || !opened.complete) throw new Error('the recording did not read back whole');

  started = performance.now();
  const parsed = fs.readFileSync(jsonFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as object);
  const jsonMs = performance.now() - started;
  if (parsed.length !== mix.events) throw new Error('the JSON baseline lost events');

  const size = (f: string) => fs.statSync(f).size;
  const rate = (ms: number) => `${((mix.events / ms) / 1000).toFixed(2)} M events/s`;
  console.log(`bytes per event: control (Statement) ${(size(statements.file) / statements.events).toFixed(2)} (target ≤ 8); mix with values ${(size(mix.file) / mix.events).toFixed(2)} (target ≤ 24); JSON lines ${(size(jsonFile) / mix.events).toFixed(2)}`);
  console.log(`ratio file size .scope / JSON lines: ${(size(mix.file) / size(jsonFile)).toFixed(2)}x`);
  console.log(`bytes per event, a real program recorded with scope record: ${recordRealProgram()}`);
  console.log(`open .scope (read, CRC, index): ${rate(openMs)} (${mix.events} events in ${openMs.toFixed(0)} ms)`);
  console.log(`baseline, read + parse JSON lines: ${rate(jsonMs)} (${jsonMs.toFixed(0)} ms)`);
  console.log(`ratio open / JSON: ${(jsonMs / openMs).toFixed(2)}x faster`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

if (!runBundled(__filename)) void main();
