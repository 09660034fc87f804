/**
 * The file-only recorder (`startFileRecorder`, what `scope record` uses): frames from a real socket
 * go straight to the file, no EventStore is built while recording. What is checked is what a user
 * would: the file opens to the same events the live (indexing) recorder holds, the event count
 * `scope record` prints is the one `scope info` reports, malformed input is reported and kept,
 * and a recording cut off by a killed recorder still opens.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kind, WireEncoder, header } from '../../src/protocol/wire';
import { recordingEnv } from '../../src/runtime/env';
import type { EventStore } from '../../src/store/event-store';
import { startFileRecorder, startRecorder } from '../../src/store/recorder';
import { compactRecording } from '../../src/store/compact';
import { BROTLI, CHUNK_HEADER_BYTES, ChunkType, FILE_HEADER_BYTES, openRecording, paddedLength, TRAILER_BYTES } from '../../src/store/recording-file';
import { encodeFrame, FRAME_HEADER_BYTES } from '../../src/transport/frame';
import { rawConnection } from './helpers';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-file-recorder-'));

/** A stream with a site table, a call, values, strings, console output, a throw and a drop report. */
function program(seed: number): Int32Array {
  const enc = new WireEncoder();
  const sites = [
    { kind: 'function', line: 1, column: 1, endLine: 7, endColumn: 2, name: 'main', fn: -1 },
    { kind: 'binding', line: 2, column: 9, endLine: 2, endColumn: 12, name: 'sum', decl: 'const', fn: 0 },
    { kind: 'throw', line: 6, column: 3, endLine: 6, endColumn: 30, fn: 0 },
  ];
  enc.record(Kind.SiteTable, [0, sites.length, enc.string('/src/app.ts'), enc.string(JSON.stringify({ file: '/src/app.ts', sites }))]);
  enc.record(Kind.CallEnter, [0, 1, 0], [], [...enc.encodeValue({ t: 'undefined' }), 1, ...enc.encodeValue({ t: 'number', v: seed })]);
  for (let i = 0; i < 50; i++) enc.record(Kind.VarWrite, [1, 1], [{ t: 'number', v: seed * 100 + i }]);
  enc.record(Kind.Console, [1, enc.string(`line ${seed}`)]);
  enc.record(Kind.Throw, [2, 1], [{ t: 'string', v: `bad ${seed}` }]);
  enc.record(Kind.Dropped, [seed]);
  enc.record(Kind.Unwind, [0, 1], [{ t: 'string', v: `bad ${seed}` }]);
  return enc.take();
}

/** Every event as the user sees it: kind, thread, source position, frame and values. */
function eventsOf(store: EventStore): string[] {
  const out: string[] = [];
  for (let i = 0; i < store.count; i++) {
    const site = store.sites[store.siteOf[i]];
    out.push(JSON.stringify([store.kinds[i], store.threadOf[i], site ? `${site.file}:${site.line}:${site.column}` : '-', store.frameOf[i], store.values(i)]));
  }
  return out;
}

function scopeCli(args: string[], cwd = tmp) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A one-file project in a fresh folder of tmp; returns the folder. */
function writeProgram(folder: string, file: string, lines: string[]): string {
  const dir = path.join(tmp, folder);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), lines.join('\n') + '\n');
  return dir;
}

/** Events count printed by `scope record`'s summary line. */
function printedEvents(stderr: string): number {
  const m = /^scope: recording written to .+ \((\d+) events/m.exec(stderr);
  assert.ok(m, `no summary line in:\n${stderr}`);
  return Number(m[1]);
}

describe('file-only recorder (scope record)', function () {
  this.timeout(60_000);
  before(() => assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build first`));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const compress of [true, false]) {
    it(`writes a file that opens to the events the live recorder indexes (compress ${compress})`, async () => {
      const live = await startRecorder({ out: path.join(tmp, `live-${compress}.scope`), compress, log: (l) => assert.fail(l) });
      const fileOnly = await startFileRecorder({ out: path.join(tmp, `file-${compress}.scope`), compress, log: (l) => assert.fail(l) });
      for (const recorder of [live, fileOnly]) {
        // Two threads, interleaved frames: the chunks of both connections share the file.
        const a = await rawConnection(recorder, { pid: 10, threadId: 0, name: 'main' });
        const b = await rawConnection(recorder, { pid: 10, threadId: 1, name: 'worker 1' });
        for (let seed = 1; seed <= 6; seed++) {
          (seed % 2 ? a : b).send(program(seed));
          // A slow trickle: the file-only recorder compresses once it has measured a low arrival rate.
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
        await a.end();
        await b.end();
      }
      const liveResult = await live.finish();
      const fileResult = await fileOnly.finish();
      assert.equal(storedTypes(fileResult.path).some((t) => (t & BROTLI) !== 0), compress, 'Words chunks are compressed when asked');
      const opened = await openRecording(fileResult.path);
      assert.deepEqual(opened.problems, []);
      assert.equal(opened.complete, true);
      assert.deepEqual(eventsOf(opened.store), eventsOf(live.store));
      assert.equal(fileResult.events, live.store.count);
      assert.equal(fileResult.dropped, 1 + 2 + 3 + 4 + 5 + 6);
      const { compaction, ...fileSummary } = fileResult;
      assert.deepEqual({ ...fileSummary, path: '' }, { ...liveResult, path: '' });
      // The first frames are written raw (the arrival rate is not known yet), and compressed after the run.
      assert.equal(compaction?.outcome, compress ? 'compacted' : undefined);
      const info = JSON.parse(scopeCli(['info', fileResult.path, '--json']).stdout);
      assert.equal(info.events, fileResult.events);
      assert.equal(info.dropped, fileResult.dropped);
      assert.equal(info.threads, 2);
      live.store.close();
      opened.store.close();
    });
  }

  it('reports a malformed record and a corrupt frame, and keeps everything before them', async () => {
    const logs: string[] = [];
    const recorder = await startFileRecorder({ out: path.join(tmp, 'malformed.scope'), log: (l) => logs.push(l) });
    const good = await rawConnection(recorder, { name: 'good' });
    good.send(program(1));
    // Two whole events, then a record claiming 1000 words in a 3-word remainder.
    const bad = new Int32Array([header(Kind.Statement, 2), 0, header(Kind.Statement, 2), 0, header(Kind.VarWrite, 1000), 0, 0]);
    good.send(bad);
    await good.end();

    const second = await rawConnection(recorder, { name: 'cut' });
    second.send(program(2));
    const frame = Buffer.alloc(FRAME_HEADER_BYTES + 8);
    frame.writeUInt32LE(8, 0);
    frame.writeUInt32LE(0xdeadbeef, 4); // wrong CRC
    second.socket.write(frame);
    await second.end();

    const result = await recorder.finish();
    const perProgram = 50 + 4; // CallEnter, 50 VarWrites, Console, Throw, Unwind
    assert.equal(result.events, 2 * perProgram + 2);
    assert.equal(result.complete, false);
    assert.ok(logs.some((l) => /connection 0 sent a malformed record \(record at word 4 has length 1000/.test(l)), logs.join('\n'));
    assert.ok(logs.some((l) => /rejected thread 'cut' .*CRC mismatch/.test(l)), logs.join('\n'));
    const opened = await openRecording(result.path);
    assert.equal(opened.store.count, result.events, 'the count printed is the count the file opens to');
    assert.ok(opened.problems.some((p) => /malformed record/.test(p)), opened.problems.join('\n'));
    opened.store.close();
  });

  it('skips a frame that is not whole words and says so', async () => {
    const logs: string[] = [];
    const recorder = await startFileRecorder({ out: path.join(tmp, 'odd.scope'), log: (l) => logs.push(l) });
    const producer = await rawConnection(recorder);
    producer.socket.write(encodeFrame(new Uint8Array([Kind.Statement, 2, 0, 0, 0, 0])));
    producer.send(new Int32Array([header(Kind.Statement, 2), 0]));
    await producer.end();
    const result = await recorder.finish();
    assert.equal(result.events, 1);
    assert.equal(result.complete, false);
    assert.ok(logs.some((l) => /sent a frame of 6 bytes, not whole words; frame skipped/.test(l)), logs.join('\n'));
    assert.equal((await openRecording(result.path)).store.count, 1);
  });

  it('scope record: the events printed are what scope info and the live recorder find for the same program', async () => {
    const app = writeProgram('app', 'fib.js', [
      'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }',
      'let total = 0;',
      'for (let i = 0; i < 5; i++) total += fib(10);',
      'console.log(total);',
    ]);
    const out = path.join(tmp, 'cli.scope');
    const r = scopeCli(['record', '--out', out, '--', process.execPath, 'fib.js'], app);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '275\n');
    const printed = printedEvents(r.stderr);
    assert.doesNotMatch(r.stderr, /incomplete/);
    const info = JSON.parse(scopeCli(['info', out, '--json']).stdout);
    assert.equal(info.events, printed);
    assert.equal(info.complete, true);

    // The same program recorded by the live recorder (the debug adapter's path).
    const live = await startRecorder({ out: path.join(tmp, 'cli-live.scope'), log: (l) => assert.fail(l) });
    const env = recordingEnv({ recorderEnv: live.env, mode: 'full', include: [], exclude: [], root: app });
    const child = spawn(process.execPath, ['fib.js'], { cwd: app, env, stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    await live.finish();
    const opened = await openRecording(out);
    const shape = (store: EventStore) => eventsOf(store).map((e) => JSON.parse(e).slice(0, 3).join(' '));
    assert.deepEqual(shape(opened.store), shape(live.store));
    assert.equal(fib10Calls(opened.store), 5 * 177);
    live.store.close();
    opened.store.close();
  });

  it('compresses after the run the chunks written as they came, and the file opens to the same events', async () => {
    const recorder = await startFileRecorder({ out: path.join(tmp, 'raw.scope'), compress: false, log: (l) => assert.fail(l) });
    const producer = await rawConnection(recorder, { name: 'main' });
    for (let seed = 1; seed <= 20; seed++) producer.send(program(seed));
    await producer.end();
    const result = await recorder.finish();
    const words = (file: string) => storedTypes(file).filter((t) => (t & 0xff) === ChunkType.Words);
    assert.ok(words(result.path).every((t) => (t & BROTLI) === 0), 'written uncompressed');
    const before = await openRecording(result.path);

    const compaction = await compactRecording(result.path);
    assert.ok(compaction?.outcome === 'compacted' && compaction.bytesAfter < compaction.bytesBefore / 2, JSON.stringify(compaction));
    assert.equal(fs.statSync(result.path).size, compaction.bytesAfter);
    assert.ok(words(result.path).length > 0 && words(result.path).every((t) => (t & BROTLI) !== 0), 'every Words chunk compressed');
    const after = await openRecording(result.path);
    assert.deepEqual(after.problems, []);
    assert.equal(after.complete, true);
    assert.deepEqual(eventsOf(after.store), eventsOf(before.store));
    assert.equal(await compactRecording(result.path), undefined, 'nothing left to compress');
    before.store.close();
    after.store.close();
  });

  it('compaction reports its progress and, stopped half-way, leaves the recording exactly as written', async () => {
    const recorder = await startFileRecorder({ out: path.join(tmp, 'to-stop.scope'), compress: false, log: (l) => assert.fail(l) });
    const producer = await rawConnection(recorder, { name: 'main' });
    for (let seed = 1; seed <= 20; seed++) producer.send(program(seed));
    await producer.end();
    const { path: file } = await recorder.finish();
    const written = fs.readFileSync(file);
    const events = eventsOf((await openRecording(file)).store);

    const stopper = new AbortController();
    const seen: number[] = [];
    const stopped = await compactRecording(file, {
      signal: stopper.signal,
      onProgress: (done, total) => {
        assert.equal(total, written.length);
        seen.push(done);
        if (seen.length === 3) stopper.abort();
      },
    });
    assert.deepEqual(stopped, { outcome: 'interrupted', bytesBefore: written.length, bytesDone: seen[2] });
    assert.equal(seen.length, 3, 'nothing is compacted after the signal');
    assert.deepEqual(fs.readFileSync(file), written, 'the recording is untouched');
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.endsWith('.compact')), [], 'the partial copy is removed');

    seen.length = 0;
    const compacted = await compactRecording(file, { onProgress: (done) => seen.push(done) });
    assert.equal(compacted?.outcome, 'compacted');
    assert.ok(seen.every((d, k) => k === 0 || d > seen[k - 1]), `progress goes forward: ${seen.join(' ')}`);
    assert.equal(seen[seen.length - 1], written.length, 'and ends at the whole file');
    const after = await openRecording(file);
    assert.equal(after.complete, true);
    assert.deepEqual(eventsOf(after.store), events);
    after.store.close();
  });

  it('scope record: Ctrl-C while it compresses after the run keeps the recording as written, says so, and dies of SIGINT', async () => {
    // A run that floods the recorder with varied strings (~470 MB written raw, ~2.5 s to compress).
    // When the program ends it starts a watcher (not recorded) that sends SIGINT to `scope record`
    // as soon as the compacted copy appears: the signal arrives during the compression.
    const app = writeProgram('flood', 'flood.js', [
      "const { spawn } = require('node:child_process');",
      "const pool = require('node:crypto').randomBytes(24 << 20).toString('base64');",
      "let t = '';",
      'for (let i = 0; i < 250000; i++) { const k = (i * 2654435761) % (pool.length - 1000); t = pool.slice(k, k + 900); }',
      "const env = { ...process.env }; delete env.NODE_OPTIONS;",
      "spawn(process.execPath, ['watch.js', process.argv[2], String(process.ppid)], { env, detached: true, stdio: 'ignore' }).unref();",
      "console.log('done', t.length);",
    ]);
    fs.writeFileSync(path.join(app, 'watch.js'), [
      "const fs = require('node:fs');",
      'const [out, pid] = process.argv.slice(2);',
      'const until = Date.now() + 60000;',
      "const look = () => { if (fs.existsSync(`${out}.${pid}.compact`)) process.kill(Number(pid), 'SIGINT'); else if (Date.now() < until) setTimeout(look, 1); };",
      'look();',
    ].join('\n'));
    const out = path.join(tmp, 'interrupted.scope');
    const r = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'record', '--out', out, '--', process.execPath, 'flood.js', out], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
      child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
    assert.equal(r.stdout, 'done 900\n', "the program's output is untouched");
    assert.equal(r.signal, 'SIGINT', `scope record dies of the signal (code ${r.code}):\n${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    // Not a terminal: one line when the compression starts (a log gets one every 10 s after it).
    assert.match(lines[0], /^scope: compressing the recording \(\d+\.\d MB, written as it came while the program ran\); Ctrl-C leaves it uncompressed$/);
    assert.match(lines[1], /^scope: SIGINT: the recording was not compressed; it is kept as written \(\d+\.\d MB\) and opens as it is$/);
    assert.equal(lines.length, 3, r.stderr);
    const printed = printedEvents(r.stderr);
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.endsWith('.compact')), [], 'the partial copy is removed');
    assert.ok(storedTypes(out).filter((t) => (t & 0xff) === ChunkType.Words).some((t) => (t & BROTLI) === 0), 'left as written: raw chunks');
    const opened = await openRecording(out);
    assert.deepEqual(opened.problems, []);
    assert.equal(opened.complete, true);
    assert.equal(opened.store.count, printed);
    opened.store.close();
  });

  it('leaves a damaged or cut recording as it is (rewriting it could only lose what a reader recovers)', async () => {
    const recorder = await startFileRecorder({ out: path.join(tmp, 'to-cut.scope'), compress: false, log: (l) => assert.fail(l) });
    const producer = await rawConnection(recorder);
    producer.send(program(1));
    await producer.end();
    const { path: file } = await recorder.finish();
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, whole.length - 40));
    assert.equal(await compactRecording(file), undefined);
    assert.deepEqual(fs.readFileSync(file), whole.subarray(0, whole.length - 40));
  });

  it('a recording cut off by a killed `scope record` opens with everything written before', async () => {
    const app = writeProgram('busy', 'busy.js', [
      'let x = 0;',
      'function step(i) { x = (x + i) % 1000; return x; }',
      'let announced = false;',
      'for (let i = 0; ; i++) { step(i); if (i === 200000 && !announced) { announced = true; console.log("ready"); } }',
    ]);
    const out = path.join(tmp, 'killed.scope');
    // Its own process group: the kill takes the recorder and the program together.
    const child = spawn(process.execPath, [CLI, 'record', '--out', out, '--', process.execPath, 'busy.js'], { cwd: app, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); }));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    const opened = await openRecording(out);
    assert.equal(opened.complete, false);
    assert.ok(opened.store.count > 1000, `${opened.store.count} events read from the cut recording`);
    assert.ok(opened.problems.some((p) => /no footer|cut off/.test(p)), opened.problems.join('\n'));
    const info = scopeCli(['info', out]);
    assert.equal(info.code, 0, info.stderr);
    opened.store.close();
  });
});

/** The stored type of every chunk in a recording file, flags included. */
function storedTypes(file: string): number[] {
  const bytes = fs.readFileSync(file);
  const types: number[] = [];
  for (let at = FILE_HEADER_BYTES; at + CHUNK_HEADER_BYTES <= bytes.length - TRAILER_BYTES; at += CHUNK_HEADER_BYTES + paddedLength(bytes.readUInt32LE(at))) {
    types.push(bytes.readUInt32LE(at + 4));
  }
  return types;
}

function fib10Calls(store: EventStore): number {
  let n = 0;
  for (let i = 0; i < store.count; i++) if (store.kinds[i] === Kind.CallEnter && store.sites[store.siteOf[i]]?.name === 'fib') n++;
  return n;
}
