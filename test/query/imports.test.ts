/**
 * Imported names read as what they import, through the real recorder (`scope record`): an ES
 * module import (and a TypeScript one, compiled to CommonJS) shows the exporting module's binding
 * at that instant — live, through re-exports and `export *` — with that binding's history, and
 * what cannot be followed says where it comes from instead of "not recorded".
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluateAt } from '../../src/adapter/recorded-state';
import { answerQuery } from '../../src/cli/query';
import type { ShownValue } from '../../src/protocol/dap-custom';
import { createQueryEngine, type ScopeQueryEngine } from '../../src/query/engine';
import { openRecording } from '../../src/store/recording-file';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(__dirname, 'fixtures', 'imports');

async function record(dir: string, program: string, stdout: string): Promise<ScopeQueryEngine> {
  const file = path.join(dir, `${path.basename(program)}.scope`);
  const r = spawnSync(process.execPath, [CLI, 'record', '--out', file, '--', 'node', path.join(FIXTURES, program)], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, stdout);
  return createQueryEngine((await openRecording(file)).store);
}

const text = (v: ShownValue | undefined) => (v === undefined ? 'missing' : v.kind === 'object' ? v.preview : v.text);

/** The Module scope of `program`'s top level at the first hit of `line`: name → shown value. */
function moduleScopeAt(engine: ScopeQueryEngine, program: string, line: number): Map<string, string> {
  const [hit] = engine.hitsIn({ file: path.join(FIXTURES, program), line }, 0, engine.eventCount());
  assert.ok(hit !== undefined, `${program}:${line} is hit`);
  const r = engine.scopesAt(hit, 0);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const module = r.scopes.find((s) => s.name === 'Module');
  assert.ok(module, 'a Module scope');
  return new Map(module.bindings.map((b) => [b.name, text(b.value)]));
}

describe('imported names read as the binding they import', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => { dir = mkdtempSync(path.join(tmpdir(), 'scope-imports-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('an ES module import shows the exporting binding, live, through re-exports and export *', async () => {
    const engine = await record(dir, 'main.mjs', '0 2 2 10 10 function object function\n');
    const atStart = moduleScopeAt(engine, 'main.mjs', 5);
    assert.equal(atStart.get('count'), '0');
    assert.equal(atStart.get('START'), '10');
    assert.equal(atStart.get('begin'), '10', "export { START as begin } from './counter.mjs'");
    assert.equal(atStart.get('viaStar'), '0', "export * from './counter.mjs'");
    assert.equal(atStart.get('bump'), 'ƒ bump()');
    assert.equal(atStart.get('again'), 'ƒ bump()', 'an import named otherwise shows the function by its own name');
    assert.equal(atStart.get('Tally'), 'class Tally');
    assert.equal(atStart.get('counter'), "module './counter.mjs'");
    assert.equal(atStart.get('readFileSync'), "<imported from 'node:fs'>");

    const atEnd = moduleScopeAt(engine, 'main.mjs', 8);
    assert.equal(atEnd.get('count'), '2', 'the live binding after two bumps');
    assert.equal(atEnd.get('viaStar'), '2');
    assert.equal(atEnd.get('before'), '0');
  });

  it("an import's history is the exporting binding's writes", async () => {
    const engine = await record(dir, 'main.mjs', '0 2 2 10 10 function object function\n');
    const [hit] = engine.hitsIn({ file: path.join(FIXTURES, 'main.mjs'), line: 8 }, 0, engine.eventCount());
    const r = engine.bindingsAt(hit, 0);
    assert.ok(r.ok);
    const count = r.bindings.find((b) => b.name === 'count')!;
    const { entries } = engine.history({ kind: 'binding', bindingSite: count.bindingSite, thread: count.thread, ownerFrame: count.ownerFrame });
    assert.deepEqual(entries.map((e) => text(e.value)), ['0', '1', '2']);
  });

  it("Watch reads a namespace import's exports (ns.x) as the module's bindings at that instant", async () => {
    const engine = await record(dir, 'main.mjs', '0 2 2 10 10 function object function\n');
    const at = (line: number) => ({ instant: engine.hitsIn({ file: path.join(FIXTURES, 'main.mjs'), line }, 0, engine.eventCount())[0], frameIndex: 0 });
    const watch = (line: number, expression: string) => {
      const r = evaluateAt(engine, at(line), expression);
      return r.ok ? text(r.value) : `error: ${r.reason}`;
    };
    assert.equal(watch(5, 'counter.count'), '0');
    assert.equal(watch(8, 'counter.count'), '2');
    assert.equal(watch(8, 'counter.START + counter.count'), '12');
    assert.equal(watch(8, 'counter.bump'), watch(8, 'bump').replace('bump', 'counter.bump'), 'a function reads as the imported name does');
    assert.equal(watch(8, 'count === counter.count'), 'true');
    // `scope query vars` lists the namespace with its exports too.
    const vars = answerQuery(engine, 'vars', [], { at: String(at(8).instant) }).data as Record<string, unknown>;
    assert.deepEqual(vars.counter, { $type: 'module', text: "module './counter.mjs'", exports: { START: '10', Tally: 'class Tally', bump: 'ƒ bump()', count: '2' } });
  });

  it('a TypeScript import compiled to CommonJS shows the exporting binding too', async () => {
    const engine = await record(dir, 'main.ts', '2 13\n');
    const atLog = moduleScopeAt(engine, 'main.ts', 4);
    assert.equal(atLog.get('made'), '2');
    assert.equal(atLog.get('square'), 'ƒ square()');
    assert.equal(moduleScopeAt(engine, 'main.ts', 3).get('made'), '1', 'between the two calls');
  });
});
