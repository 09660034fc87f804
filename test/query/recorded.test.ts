/**
 * The query engine and `scope query` on a REAL recording (fixtures/steps.ts recorded with
 * `scope record`): stepping in both directions, stacks (async included), history, last write and
 * its chain, calls, search, and the CLI's contract and its errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openRecording } from '../../src/store/recording-file';
import { createQueryEngine, type ScopeQueryEngine } from '../../src/query/engine';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PROGRAM = path.join(__dirname, 'fixtures', 'steps.ts');

function scope(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

describe('query engine on a real recording', function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;
  let engine: ScopeQueryEngine;
  const line = (instant: number | undefined) => (instant === undefined ? undefined : engine.stackAt(instant).ok ? (engine.stackAt(instant) as { frames: { position: { line: number } }[] }).frames[0].position.line : undefined);
  const hits = (l: number) => engine.hitsIn({ file: PROGRAM, line: l }, 0, engine.eventCount());

  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
    dir = mkdtempSync(path.join(tmpdir(), 'scope-query-'));
    file = path.join(dir, 'steps.scope');
    const r = scope(['record', '--out', file, '--', 'node', PROGRAM]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /done 15 squares:14/);
    engine = createQueryEngine((await openRecording(file)).store);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('steps over, in and out forwards like a live debugger', () => {
    const [firstCall] = hits(8);
    assert.equal(line(engine.stepOver(firstCall, 'forward')), 9, 'over the call of square');
    assert.equal(line(engine.stepIn(firstCall, 'forward')), 2, 'into square');
    const inSquare = engine.stepIn(firstCall, 'forward')!;
    assert.equal(line(engine.stepOut(inSquare, 'forward')), 9, 'out to the statement after the call');
    assert.equal(line(engine.stepOver(hits(9)[0], 'forward')), 8, 'next loop iteration');
    assert.equal(line(engine.stepOver(hits(11)[0], 'forward')), 15, 'past the return, in the caller');
  });

  it('steps backwards symmetrically', () => {
    const [firstSum] = hits(9);
    assert.equal(engine.stepOver(firstSum, 'backward'), hits(8)[0], 'back over the call');
    assert.equal(line(engine.stepIn(firstSum, 'backward')), 3, 'back into the callee, at its last statement');
    assert.equal(engine.stepOut(hits(2)[0], 'backward'), hits(8)[0], 'back out to the calling statement');
    assert.equal(engine.nextHit({ file: PROGRAM, line: 2 }, hits(9)[2], 'backward'), hits(2)[2]);
    assert.equal(engine.nextHit({ file: PROGRAM, line: 2 }, hits(2)[0], 'backward'), undefined);
  });

  it('groups scopes innermost first: each block, the function, the module', () => {
    const scopes = engine.scopesAt(hits(9)[0], 0);
    assert.ok(scopes.ok);
    assert.deepEqual(scopes.scopes.map((s) => [s.kind, s.bindings.map((b) => `${b.name}=${b.value.kind === 'object' ? b.value.preview : b.value.text}`)]), [
      ['block', ['sq=1']],
      ['block', ['i=1']],
      ['local', ['limit=3', 'total=0']],
      ['module', ['square=ƒ square()', 'sumOfSquares=ƒ sumOfSquares()', 'config={limit: 3, label: "squares"}', 'answer=<uninitialized>', 'later=ƒ later()', 'outer=ƒ outer()']],
    ]);
  });

  it('steps over an await to where the function resumes, and marks the resumed frame', () => {
    const [awaitLine] = hits(18);
    const resumed = engine.stepOver(awaitLine, 'forward')!;
    assert.equal(line(resumed), 19);
    assert.equal(engine.stepOver(resumed, 'backward'), awaitLine, 'and back over it');
    const stack = engine.stackAt(resumed);
    assert.ok(stack.ok);
    assert.deepEqual(stack.frames.map((f) => [f.name, f.asyncResumed]), [['later', true]]);
    // Resumed under an async caller: the caller waiting for it is shown below, at its await.
    const nested = engine.stackAt(hits(19)[1]);
    assert.ok(nested.ok);
    assert.deepEqual(nested.frames.map((f) => [f.name, f.position.line, f.asyncResumed]), [['later', 19, true], ['outer', 24, false]]);
    const outerVars = engine.bindingsAt(hits(19)[1], 1);
    assert.ok(outerVars.ok);
    assert.deepEqual(outerVars.bindings.find((b) => b.name === 'got')?.raw, { t: 'uninitialized' });
    const vars = engine.bindingsAt(resumed, 0);
    assert.ok(vars.ok);
    assert.deepEqual(Object.fromEntries(vars.bindings.filter((b) => b.name === 'before' || b.name === 'value').map((b) => [b.name, engine.jsonAt(b.raw, resumed)])), { value: 14, before: 14 });
  });

  it('answers the CLI contract: hits, stack, vars', () => {
    const h = scope(['query', file, 'hits', 'fixtures/steps.ts:8', '--json']);
    assert.equal(h.status, 0, h.stderr);
    assert.deepEqual(JSON.parse(h.stdout), hits(8));
    const inSquare = hits(2)[1];
    const s = scope(['query', file, 'stack', '--at', String(inSquare), '--json']);
    assert.deepEqual(JSON.parse(s.stdout), [
      { name: 'square', file: PROGRAM, line: 2, column: 3 },
      { name: 'sumOfSquares', file: PROGRAM, line: 8, column: 5 },
      { name: '(module steps.ts)', file: PROGRAM, line: 14, column: 1 },
    ]);
    const v = scope(['query', file, 'vars', '--at', String(inSquare), '--frame', '1', '--json']);
    const vars = JSON.parse(v.stdout);
    // The second iteration's `const sq` is a new binding, in its TDZ while `square(i)` computes it.
    assert.deepEqual({ limit: vars.limit, total: vars.total, i: vars.i, sq: vars.sq }, { limit: 3, total: 1, i: 2, sq: { $type: 'uninitialized' } });
    assert.deepEqual(vars.config, { limit: 3, label: 'squares' });
    assert.deepEqual(vars.square, { $type: 'function', name: 'square' });
    assert.deepEqual(vars.answer, { $type: 'uninitialized' }, 'answer is in its TDZ while sumOfSquares runs');
  });

  it('answers history, last-write with its chain, calls and search', () => {
    const h = scope(['query', file, 'history', 'steps.ts:9:total', '--json']);
    assert.deepEqual(JSON.parse(h.stdout).map((e: { value: unknown }) => e.value), [0, 1, 5, 14]);
    const limited = scope(['query', file, 'history', 'steps.ts:9:total', '--limit', '2']);
    assert.equal(limited.stdout.replace(/^\d+ {2}/gm, ''), '0\n14\n(4 writes: the first and the last 1 shown; use --limit)\n');
    const lw = scope(['query', file, 'last-write', '--at', String(hits(22)[0]), 'config.label', '--chain', '--json']);
    assert.equal(lw.status, 0, lw.stderr);
    const write = JSON.parse(lw.stdout);
    assert.equal(write.value, 'squares:14');
    assert.equal(write.line, 15);
    assert.deepEqual(write.reads.map((r: { name: string; line: number }) => [r.name, r.line]), [['config', 13], ['answer', 14]]);
    const calls = JSON.parse(scope(['query', file, 'calls', 'square', '--json']).stdout);
    assert.deepEqual(calls.map((c: { instant: number }) => c.instant), engine.callsOf('square').map((c) => c.instant));
    assert.equal(calls.length, 3);
    const byLine = JSON.parse(scope(['query', file, 'calls', `${PROGRAM}:1`, '--json']).stdout);
    assert.deepEqual(byLine, calls);
    const found = JSON.parse(scope(['query', file, 'search', 'squares:14', '--json']).stdout);
    assert.deepEqual(found.map((m: { kind: string }) => m.kind), ['PropWrite', 'Console']);
  });

  it('says what to do on bad input', () => {
    const missing = scope(['query', path.join(dir, 'nope.scope'), 'hits', 'a.ts:1']);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /^scope: .*nope\.scope/m);
    const noAt = scope(['query', file, 'vars']);
    assert.equal(noAt.status, 2);
    assert.match(noAt.stderr, /--at is required/);
    const badFile = scope(['query', file, 'hits', 'other.ts:3']);
    assert.equal(badFile.status, 2);
    assert.match(badFile.stderr, /no recorded file matches 'other\.ts'/);
    const badWhat = scope(['query', file, 'frobnicate']);
    assert.equal(badWhat.status, 2);
    assert.match(badWhat.stderr, /unknown question 'frobnicate'/);
  });
});
