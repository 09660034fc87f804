/**
 * What a recording made in `calls` mode shows, through the real recorder (`scope record --mode
 * calls`): calls mode records no variable or property writes, so the debugger must not present a
 * local's or an object's recorded state as the state of a later instant. The same program recorded
 * in `full` mode is the control: there the state is exact and carries no such mark.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openRecording } from '../../src/store/recording-file';
import { createQueryEngine, type ScopeQueryEngine } from '../../src/query/engine';
import type { ShownValue } from '../../src/protocol/dap-custom';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PROGRAM = path.join(ROOT, 'test', 'golden', 'fixtures', 'calls-mode.js');

function scope(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

/** Records the fixture in `mode`; returns the file and an engine on it. */
async function record(dir: string, mode: 'calls' | 'full'): Promise<{ file: string; engine: ScopeQueryEngine }> {
  const file = path.join(dir, `${mode}.scope`);
  const r = scope(['record', '--mode', mode, '--out', file, '--', 'node', PROGRAM]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '3\n7\n');
  return { file, engine: createQueryEngine((await openRecording(file)).store) };
}

/** The Variables view of the innermost frame just inside each call of `total`: scope name → name → value. */
function insideEachCall(engine: ScopeQueryEngine): Map<string, Map<string, ShownValue>>[] {
  return engine.callsOf('total').map(({ instant }) => {
    const r = engine.scopesAt(instant + 1, 0);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    return new Map(r.scopes.map((s) => [s.name, new Map(s.bindings.map((b) => [b.name, b.value]))]));
  });
}

const text = (v: ShownValue | undefined) => (v === undefined ? 'missing' : v.kind === 'object' ? v.preview : v.text);

describe('a calls-mode recording says what it does not know', function () {
  this.timeout(120_000);
  let dir: string;
  let calls: { file: string; engine: ScopeQueryEngine };
  let full: { file: string; engine: ScopeQueryEngine };

  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
    dir = mkdtempSync(path.join(tmpdir(), 'scope-calls-mode-'));
    calls = await record(dir, 'calls');
    full = await record(dir, 'full');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('marks an argument object seen at an earlier call with the instant it was seen', () => {
    const [first, second] = insideEachCall(calls.engine);
    const seenAt = calls.engine.callsOf('total')[0].instant;
    const firstCart = first.get('Local (calls mode)')?.get('cart');
    const secondCart = second.get('Local (calls mode)')?.get('cart');
    assert.equal(text(secondCart), `{owner: "ada", items: Array(1)} (as seen @${seenAt})`, 'the second call shows the first sight, and says so');
    assert.equal(text(firstCart), `{owner: "ada", items: Array(1)} (as seen @${seenAt})`);
    assert.ok(secondCart?.kind === 'object');
    const state = calls.engine.objectAt(secondCart.id, calls.engine.callsOf('total')[1].instant + 1);
    assert.ok(state.ok);
    assert.equal(state.object.seenAt, seenAt);
    // At the instant it was snapshotted, the contents are current: no mark.
    const atSight = calls.engine.objectAt(secondCart.id, seenAt);
    assert.ok(atSight.ok);
    assert.equal(atSight.object.seenAt, undefined);
    assert.equal(atSight.object.preview, '{owner: "ada", items: Array(1)}');
  });

  it('says a local is not recorded, rather than showing it uninitialized or undefined', () => {
    const [first] = insideEachCall(calls.engine);
    assert.equal(text(first.get('Local (calls mode)')?.get('sum')), '<not recorded in calls mode>');
    assert.equal(text(first.get('Module (calls mode)')?.get('total')), 'ƒ total()', 'a hoisted function still says what it is');
  });

  it('full mode shows the exact state at each call, with no mark', () => {
    const [first, second] = insideEachCall(full.engine);
    assert.equal(text(first.get('Local')?.get('cart')), '{owner: "ada", items: Array(1)}');
    assert.equal(text(second.get('Local')?.get('cart')), '{owner: "grace", items: Array(2)}');
    assert.equal(text(first.get('Local')?.get('sum')), '<uninitialized>');
  });

  it('"where did this come from" says a value was seen, not written, and why a local has no write', () => {
    const lastWrite = (engine: ScopeQueryEngine, expression: string) => {
      const at = engine.callsOf('total')[1].instant + 1;
      const target = engine.resolveTarget(expression, at, 0);
      assert.ok(target.ok, target.ok ? '' : target.reason);
      return engine.lastWrite(target.target, at);
    };
    const seen = lastWrite(calls.engine, 'cart.owner');
    assert.ok(seen.ok);
    assert.equal(seen.write.seenOnly, true);
    assert.equal(text(seen.write.value), `"ada" (as seen @${seen.write.instant})`);
    const local = lastWrite(calls.engine, 'sum');
    assert.ok(!local.ok);
    assert.match(local.reason, /recorded in calls mode, which records no variable writes \(record in full mode to see them\)/);
    const written = lastWrite(full.engine, 'cart.owner');
    assert.ok(written.ok);
    assert.equal(written.write.seenOnly, undefined);
    assert.equal(text(written.write.value), '"grace"');
    assert.equal(written.write.position?.line, 9);
  });

  it('shows an object built by a constructor as the constructor left it, not as it entered it', async () => {
    const file = path.join(dir, 'constructed.scope');
    const r = scope(['record', '--mode', 'calls', '--out', file, '--', 'node', path.join(ROOT, 'test', 'query', 'fixtures', 'calls-mode-constructed.js')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '1,2 ada\n');
    const engine = createQueryEngine((await openRecording(file)).store);
    const [show] = engine.callsOf('show');
    const inside = engine.scopesAt(show.instant + 1, 0);
    assert.ok(inside.ok, inside.ok ? '' : inside.reason);
    const local = new Map(inside.scopes.find((s) => s.name === 'Local (calls mode)')!.bindings.map((b) => [b.name, text(b.value)]));
    assert.match(local.get('p') ?? '', /^Point \{x: 1, y: 2\} \(as seen @\d+\)$/);
    assert.match(local.get('l') ?? '', /^Legacy \{name: "ada"\} \(as seen @\d+\)$/);
  });

  it('scope info names the mode', () => {
    const info = (file: string) => JSON.parse(scope(['info', file, '--json']).stdout) as { mode: string };
    assert.equal(info(calls.file).mode, 'calls');
    assert.equal(info(full.file).mode, 'full');
    assert.match(scope(['info', calls.file]).stdout, /^mode {10}calls \(calls mode records no variable or property writes/m);
  });
});
