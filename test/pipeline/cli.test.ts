/**
 * `scope info | dump | export` through the built CLI (dist/cli.js), on a recording made by the
 * real recorder from a stream with sites, calls, values, a throw and console output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kind, SCHEMA_VERSION, WireEncoder } from '../../src/protocol/wire';
import { startRecorder } from '../../src/store/recorder';
import { rawConnection } from './helpers';
import { writeSyntheticRecording } from '../../bench/adapter-recording';

const cli = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-cli-'));

/** main() calls add(2, 3) at line 2, which returns 5; then a throw at line 6 leaves main; a console line. */
function program(): Int32Array {
  const enc = new WireEncoder();
  const sites = [
    { kind: 'module', line: 1, column: 1, endLine: 9, endColumn: 1, fn: -1 },
    { kind: 'function', line: 1, column: 1, endLine: 7, endColumn: 2, name: 'main', fn: 0 },
    { kind: 'function', line: 8, column: 1, endLine: 8, endColumn: 40, name: 'add', fn: 0 },
    { kind: 'binding', line: 2, column: 9, endLine: 2, endColumn: 12, name: 'sum', decl: 'const', fn: 1 },
    { kind: 'throw', line: 6, column: 3, endLine: 6, endColumn: 30, fn: 1 },
  ];
  enc.record(Kind.SiteTable, [0, sites.length, enc.string('/src/app.ts'), enc.string(JSON.stringify({ file: '/src/app.ts', sites }))]);
  enc.record(Kind.CallEnter, [1, 1, 0], [], [...enc.encodeValue({ t: 'undefined' }), 0]);
  enc.record(Kind.CallEnter, [2, 2, 1], [], [...enc.encodeValue({ t: 'undefined' }), 2, ...enc.encodeValue({ t: 'number', v: 2 }), ...enc.encodeValue({ t: 'number', v: 3 })]);
  enc.record(Kind.Return, [2, 2], [{ t: 'number', v: 5 }]);
  enc.record(Kind.VarWrite, [3, 1], [{ t: 'number', v: 5 }]);
  enc.record(Kind.Console, [1, enc.string('sum is 5')]);
  enc.record(Kind.Throw, [4, 1], [{ t: 'string', v: 'bad' }]);
  enc.record(Kind.Unwind, [1, 1], [{ t: 'string', v: 'bad' }]);
  return enc.take();
}

function scope(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scope info / dump / export (built CLI)', () => {
  let file: string;
  before(async () => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: run npm run build first`);
    const recorder = await startRecorder({ out: path.join(tmp, 'app.scope'), log: (l) => assert.fail(l) });
    const producer = await rawConnection(recorder, { pid: 77, name: 'main' });
    producer.send(program());
    await producer.end();
    file = (await recorder.finish()).path;
  });

  it('info --json gives the summary fields', () => {
    const r = scope('info', file, '--json');
    assert.equal(r.code, 0, r.stderr);
    const info = JSON.parse(r.stdout);
    assert.equal(info.schemaVersion, SCHEMA_VERSION);
    assert.equal(info.events, 7);
    assert.deepEqual(info.byKind, { CallEnter: 2, Return: 1, VarWrite: 1, Console: 1, Throw: 1, Unwind: 1 });
    assert.equal(info.threads, 1);
    assert.equal(info.processes, 1);
    assert.equal(info.dropped, 0);
    assert.equal(info.complete, true);
    assert.equal(info.bytes, fs.statSync(file).size);
    assert.equal(info.bytesPerEvent, Math.round((info.bytes / 7) * 100) / 100);
    assert.equal(typeof info.durationMs, 'number');
  });

  it('info prints a readable summary', () => {
    const r = scope('info', file);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /events\s+7/);
    assert.match(r.stdout, /CallEnter\s+2/);
  });

  it('dump prints events with their source positions', () => {
    const r = scope('dump', file);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 7);
    assert.match(lines[1], /^\s+1\s+t0\s+CallEnter\s+\/src\/app\.ts:8:1 add\s+frame=2\s+undefined 2 3$/);
    assert.match(lines[3], /VarWrite\s+\/src\/app\.ts:2:9 sum\s+frame=1\s+5$/);
    assert.match(lines[4], /Console .*"sum is 5"/);
  });

  it('dump --from --count --json selects a window', () => {
    const r = scope('dump', file, '--from', '2', '--count', '2', '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.dumped.map((e: { instant: number; kind: string }) => [e.instant, e.kind]), [[2, 'Return'], [3, 'VarWrite']]);
    assert.deepEqual(out.dumped[0].site, { file: '/src/app.ts', line: 8, column: 1, kind: 'function', name: 'add' });
    assert.deepEqual(out.dumped[0].values, [{ t: 'number', v: 5 }]);
  });

  it('export --format chrome writes nested call slices and instant events per thread', () => {
    const out = path.join(tmp, 'trace.json');
    const r = scope('export', file, '--format', 'chrome', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const trace = JSON.parse(fs.readFileSync(out, 'utf8')) as { traceEvents: { name: string; ph: string; ts: number; pid: number; tid: number }[] };
    const slices = trace.traceEvents.filter((e) => e.ph === 'B' || e.ph === 'E').map((e) => `${e.ph} ${e.name} @${e.ts}`);
    assert.deepEqual(slices, ['B main @0', 'B add @1', 'E add @2', 'E main @6']);
    const instants = trace.traceEvents.filter((e) => e.ph === 'i').map((e) => e.name);
    assert.deepEqual(instants, ['sum =', 'throw']);
    assert.ok(trace.traceEvents.every((e) => e.pid === 77 && e.tid === 0));
    assert.ok(trace.traceEvents.some((e) => e.ph === 'M' && e.name === 'thread_name'));
  });

  it('a bad file gives a non-zero exit and one clear scope: line', () => {
    const bad = path.join(tmp, 'bad.scope');
    fs.writeFileSync(bad, 'not a recording');
    for (const command of [['info', bad], ['dump', bad], ['export', bad, '--format', 'chrome']]) {
      const r = scope(...command);
      assert.equal(r.code, 1, command.join(' '));
      assert.equal(r.stdout, '');
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^scope: .*bad\.scope is not a Scope recording/);
    }
  });

  it('info on a big recording says on stderr that it is reading it (not a terminal: one line), stdout unchanged', function () {
    this.timeout(120_000);
    // ~300 MB written raw: past the size under which reading takes too little time to show.
    const big = path.join(tmp, 'big.scope');
    const events = writeSyntheticRecording(big, 19_000_000);
    try {
      const r = scope('info', big, '--json');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).events, events);
      assert.match(r.stderr, /^scope: reading .*big\.scope \(\d{3}\.\d MB\)\n$/);
      const small = scope('info', file, '--json');
      assert.equal(small.stderr, '', 'a small recording prints nothing');
    } finally {
      fs.rmSync(big, { force: true });
    }
  });
});
