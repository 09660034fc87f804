/**
 * Closures created in a loop, recorded for real (dist/cli.js record): each closure's scopes show
 * the `let` of ITS iteration (block frames), not the binding's last value.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openRecording } from '../../src/store/recording-file';
import { createQueryEngine, type ScopeQueryEngine } from '../../src/query/engine';
import type { ScopeInfo } from '../../src/query/types';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PROGRAM = path.join(__dirname, 'fixtures', 'loop-closures.ts');

describe('query engine: closures created in a loop see their own iteration', function () {
  this.timeout(120_000);
  let dir: string;
  let engine: ScopeQueryEngine;
  const hits = (line: number) => engine.hitsIn({ file: PROGRAM, line }, 0, engine.eventCount());
  const shown = (scopes: ScopeInfo[]) => scopes.map((s) => [s.name, s.bindings.map((b) => `${b.name}=${b.value.kind === 'object' ? b.value.preview : b.value.text}`)]);

  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
    dir = mkdtempSync(path.join(tmpdir(), 'scope-loop-closures-'));
    const file = path.join(dir, 'loop.scope');
    const r = spawnSync(process.execPath, [CLI, 'record', '--out', file, '--', 'node', PROGRAM], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.split('\n').filter((l) => /^\d$/.test(l)).join(','), '0,1,2');
    engine = createQueryEngine((await openRecording(file)).store);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('each closure called after the loop shows its iteration\'s i in its closure scope', () => {
    const inClosures = hits(4);
    assert.equal(inClosures.length, 3);
    inClosures.forEach((instant, k) => {
      const scopes = engine.scopesAt(instant, 0);
      assert.ok(scopes.ok, scopes.ok ? '' : scopes.reason);
      const loopScope = scopes.scopes.find((s) => s.kind === 'closure' && s.bindings.some((b) => b.name === 'i'));
      assert.ok(loopScope, `call ${k}: no closure scope with i: ${JSON.stringify(shown(scopes.scopes))}`);
      assert.deepEqual(shown([loopScope]), [['Closure ((module loop-closures.ts))', [`i=${k}`]]]);
      // The caller's frame is still on its own line, after the loop: v is not written yet.
      const caller = engine.scopesAt(instant, 1);
      assert.ok(caller.ok);
      assert.ok(!caller.scopes.some((s) => s.bindings.some((b) => b.name === 'i')), 'i is out of scope in the caller');
    });
  });

  it('the function running the loop sees the current iteration', () => {
    const pushes = hits(3);
    assert.equal(pushes.length, 3);
    pushes.forEach((instant, k) => {
      const scopes = engine.scopesAt(instant, 0);
      assert.ok(scopes.ok);
      assert.deepEqual(shown(scopes.scopes.filter((s) => s.kind === 'block')), [['Block', [`i=${k}`]]]);
    });
  });

  it('the history of a captured i is its own iteration\'s writes', () => {
    const instant = hits(4)[1];
    const r = engine.bindingsAt(instant, 0);
    assert.ok(r.ok);
    const i = r.bindings.find((b) => b.name === 'i')!;
    const { writes } = engine.writesOf({ kind: 'binding', bindingSite: i.bindingSite, thread: i.thread, ownerFrame: i.ownerFrame });
    // Iteration 1 gets the copy of i (0) and then the update (1).
    assert.deepEqual(writes.map((w) => w.raw), [{ t: 'number', v: 0 }, { t: 'number', v: 1 }]);
  });
});
