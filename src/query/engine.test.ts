import assert from 'node:assert/strict';
import { Kind, KIND_NAMES, ObjectType, SnapshotFlag } from '../protocol/wire';
import { createQueryEngine, parsePath, type ScopeQueryEngine } from './engine';
import { RecordingBuilder, num, obj, str, undef } from './synthetic-recording';
import { extractReadNames } from './reads';

/**
 * The recorded program (positions are what the instrumenter would report):
 *
 *  1 let total = 0;
 *  2 function add(a, b) {
 *  3   const sum = a + b;
 *  4   total = total + sum;
 *  5   return sum;
 *  6 }
 *  7 const p = { x: 1 };
 *  8 const q = p; q.x = 2;
 *  9 add(1, 2);
 * 10 for (let i = 0; i < 2; i++) { const sq = i * i; }
 */
const SOURCE = [
  'let total = 0;',
  'function add(a, b) {',
  '  const sum = a + b;',
  '  total = total + sum;',
  '  return sum;',
  '}',
  'const p = { x: 1 };',
  'const q = p; q.x = 2;',
  'add(1, 2);',
  'for (let i = 0; i < 2; i++) { const sq = i * i; }',
].join('\n');

function build() {
  const b = new RecordingBuilder('/w/app.ts');
  const MODULE_RANGE: [number, number, number, number] = [1, 1, 10, 51];
  const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 10, endColumn: 51 });
  const add = b.site({ kind: 'function', name: 'add', line: 2, column: 1, endLine: 6, endColumn: 2, fn: mod, params: ['a', 'b'] });
  const total = b.site({ kind: 'binding', name: 'total', decl: 'let', line: 1, column: 5, fn: mod, scope: MODULE_RANGE });
  b.site({ kind: 'binding', name: 'add', decl: 'function', line: 2, column: 10, fn: mod, scope: MODULE_RANGE });
  b.site({ kind: 'binding', name: 'a', decl: 'param', line: 2, column: 14, fn: add, scope: [2, 1, 6, 2] });
  b.site({ kind: 'binding', name: 'b', decl: 'param', line: 2, column: 17, fn: add, scope: [2, 1, 6, 2] });
  const sum = b.site({ kind: 'binding', name: 'sum', decl: 'const', line: 3, column: 9, fn: add, scope: [2, 20, 6, 2] });
  const s1 = b.site({ kind: 'statement', line: 1, column: 1, endLine: 1, endColumn: 15, fn: mod });
  const s3 = b.site({ kind: 'statement', line: 3, column: 3, endLine: 3, endColumn: 21, fn: add });
  const s4 = b.site({ kind: 'statement', line: 4, column: 3, endLine: 4, endColumn: 23, fn: add });
  const s5 = b.site({ kind: 'statement', line: 5, column: 3, endLine: 5, endColumn: 14, fn: add });
  const s7 = b.site({ kind: 'statement', line: 7, column: 1, endLine: 7, endColumn: 20, fn: mod });
  const s8 = b.site({ kind: 'statement', line: 8, column: 1, endLine: 8, endColumn: 13, fn: mod });
  const pSite = b.site({ kind: 'binding', name: 'p', decl: 'const', line: 7, column: 7, fn: mod, scope: MODULE_RANGE });
  const qSite = b.site({ kind: 'binding', name: 'q', decl: 'const', line: 8, column: 7, fn: mod, scope: MODULE_RANGE });
  const xWrite = b.site({ kind: 'write', name: 'x', line: 8, column: 14, fn: mod });
  const s9 = b.site({ kind: 'statement', line: 9, column: 1, endLine: 9, endColumn: 11, fn: mod });
  const s10 = b.site({ kind: 'statement', line: 10, column: 1, endLine: 10, endColumn: 51, fn: mod });
  const iSite = b.site({ kind: 'binding', name: 'i', decl: 'let', line: 10, column: 10, fn: mod, scope: [10, 1, 10, 51] });
  const sqSite = b.site({ kind: 'binding', name: 'sq', decl: 'const', line: 10, column: 37, fn: mod, scope: [10, 29, 10, 51] });
  const sBody = b.site({ kind: 'statement', line: 10, column: 31, endLine: 10, endColumn: 49, fn: mod });
  const s8b = b.site({ kind: 'statement', line: 8, column: 14, endLine: 8, endColumn: 22, fn: mod });

  const at: Record<string, number> = {};
  const mark = (name: string) => { at[name] = b.nextInstant; };
  const m = b.call(mod);
  mark('line1'); b.stmt(s1); b.write(total, m, num(0));
  mark('line7'); b.stmt(s7); b.snapshot(1, ObjectType.Object, [[str('x'), num(1)]]); b.write(pSite, m, obj(1));
  mark('line8'); b.stmt(s8); b.write(qSite, m, obj(1));
  mark('line8b'); b.stmt(s8b); mark('propWrite'); b.propWrite(xWrite, 1, str('x'), num(2));
  mark('line9'); b.stmt(s9);
  mark('call'); const f = b.call(add, m, undef, [num(1), num(2)]);
  mark('line3'); b.stmt(s3); b.write(sum, f, num(3));
  mark('line4'); b.stmt(s4); mark('totalWrite'); b.write(total, m, num(3));
  mark('line5'); b.stmt(s5); b.ret(add, f, num(3));
  mark('line10'); b.stmt(s10); b.write(iSite, m, num(0));
  mark('body0'); b.stmt(sBody); b.write(sqSite, m, num(0)); b.write(iSite, m, num(1));
  mark('body1'); b.stmt(sBody); b.write(sqSite, m, num(1)); b.write(iSite, m, num(2));
  mark('end'); b.ret(mod, m);
  const store = b.flush();
  const engine = createQueryEngine(store, { readSource: (file) => (file === '/w/app.ts' ? SOURCE : undefined) });
  return { engine, at, sites: { total, sum, pSite, qSite } };
}

function values(engine: ScopeQueryEngine, instant: number, frame = 0): Record<string, unknown> {
  const r = engine.bindingsAt(instant, frame);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return Object.fromEntries(r.bindings.map((b) => [b.name, engine.jsonAt(b.raw, instant)]));
}

describe('query engine (synthetic recording)', () => {
  const { engine, at } = build();

  it("keeps an object's own accessor through a write to it (the setter ran; its own writes are the state)", () => {
    const b = new RecordingBuilder('/w/acc.ts');
    const mod = b.site({ kind: 'module', line: 1, column: 1 });
    const write = b.site({ kind: 'write', name: 'x', line: 1, column: 1 });
    const frame = b.call(mod);
    b.snapshot(1, ObjectType.Object, [[str('x'), { t: 'accessor' }], [str('_x'), num(0)]]);
    b.propWrite(write, 1, str('x'), num(5));
    b.propWrite(write, 1, str('_x'), num(5));
    b.ret(mod, frame);
    const acc = createQueryEngine(b.flush());
    assert.deepEqual(acc.jsonAt(obj(1), acc.eventCount()), { x: { $type: 'accessor' }, _x: 5 });
  });

  it('prints an object with more entries than its snapshot kept as what it kept, marked cut (--json)', () => {
    const b = new RecordingBuilder('/w/big.ts');
    const mod = b.site({ kind: 'module', line: 1, column: 1 });
    const frame = b.call(mod);
    b.snapshot(1, ObjectType.Object, [[str('a'), num(1)], [str('b'), num(2)]], { size: 300, flags: SnapshotFlag.Cut });
    b.snapshot(2, ObjectType.Array, [[num(0), num(7)]], { size: 100, flags: SnapshotFlag.Cut });
    b.snapshot(3, ObjectType.Map, [[str('k'), num(1)]], { size: 90, flags: SnapshotFlag.Cut });
    b.ret(mod, frame);
    const big = createQueryEngine(b.flush());
    const end = big.eventCount();
    assert.deepEqual(big.jsonAt(obj(1), end), { a: 1, b: 2, '…': { $type: 'cut' } });
    assert.deepEqual(big.jsonAt(obj(2), end), [7, { $type: 'cut' }]);
    assert.deepEqual(big.jsonAt(obj(3), end), { $type: 'Map', entries: [['k', 1]], cut: true });
    assert.deepEqual(big.jsonAt(obj(4), end), { $type: 'cut' }, 'an object with no snapshot');
  });

  it('rebuilds the stack with original positions, innermost first', () => {
    const r = engine.stackAt(at.line4);
    assert.ok(r.ok);
    assert.deepEqual(r.frames.map((f) => [f.name, f.position.line]), [['add', 4], ['(module app.ts)', 9]]);
    assert.equal(r.frames[0].callInstant, at.call);
    assert.equal(engine.frameEntry(at.line4, 0), at.call);
  });

  it('shows params from the call, locals, and the module scope as of the instant', () => {
    assert.deepEqual(values(engine, at.line4), { sum: 3, a: 1, b: 2, total: 0, add: { $type: 'notRecorded' }, p: { x: 2 }, q: { x: 2 } });
    // The caller's view: frame 1 is the module, stopped at the call on line 9.
    const outer = values(engine, at.line4, 1);
    assert.equal(outer.total, 0);
    assert.deepEqual(values(engine, at.line5).total, 3);
    const scopes = engine.scopesAt(at.line4, 0);
    assert.ok(scopes.ok);
    assert.deepEqual(scopes.scopes.map((s) => s.kind), ['local', 'module']);
  });

  it('marks let/const in their TDZ, including a loop body re-entered', () => {
    const before = values(engine, at.line1);
    assert.deepEqual(before.total, { $type: 'uninitialized' });
    assert.deepEqual(before.p, { $type: 'uninitialized' });
    const second = values(engine, at.body1);
    assert.equal(second.i, 1);
    assert.deepEqual(second.sq, { $type: 'uninitialized' }, 'sq of the previous iteration is not visible before its declaration');
    assert.ok(!('sq' in values(engine, at.line9)), 'block bindings are not visible outside their block');
  });

  it('rebuilds objects from the snapshot plus writes made through an alias', () => {
    const before = engine.objectAt(1, at.propWrite);
    const after = engine.objectAt(1, at.propWrite + 1);
    assert.ok(before.ok && after.ok);
    assert.equal(before.object.preview, '{x: 1}');
    assert.equal(after.object.preview, '{x: 2}');
    assert.deepEqual(after.object.properties.map((p) => [p.key, p.value.kind === 'primitive' ? p.value.text : '?']), [['x', '2']]);
  });

  it('answers history, last write and the chain behind it', () => {
    const target = engine.resolveTarget('total', at.line5, 1);
    assert.ok(target.ok);
    assert.deepEqual(engine.history(target.target).entries.map((e) => [e.instant, e.value.kind === 'primitive' && e.value.text, e.position?.line]), [
      [at.line1 + 1, '0', 1],
      [at.totalWrite, '3', 4],
    ]);
    const chain = engine.lastWriteChain(target.target, at.end);
    assert.ok(chain.ok);
    assert.equal(chain.link.instant, at.totalWrite);
    assert.deepEqual(chain.link.reads.map((r) => [r.name, r.position?.line]), [['total', 1], ['sum', 3]]);
    const prop = engine.resolveTarget('q.x', at.line9, 0);
    assert.ok(prop.ok);
    assert.deepEqual(prop.target, { kind: 'property', object: 1, key: 'x' });
    assert.deepEqual(engine.history(prop.target).entries.map((e) => e.value.kind === 'primitive' && e.value.text), ['1', '2']);
  });

  it('finds hits in both directions and resolves lines', () => {
    const q = { file: 'app.ts', line: 10 };
    assert.deepEqual(engine.hitsIn(q, 0, engine.eventCount()), [at.line10, at.body0, at.body1]);
    assert.equal(engine.nextHit(q, at.body0, 'backward'), at.line10);
    assert.equal(engine.nextHit(q, at.body0, 'forward'), at.body1);
    assert.equal(engine.nextHit(q, at.line10, 'forward', (i) => i > at.body0), at.body1);
    assert.equal(engine.nextHit(q, at.line10, 'backward'), undefined);
    assert.deepEqual(engine.resolveLine('/w/app.ts', 6), { line: 7, sites: engine.resolveLine('/w/app.ts', 7)!.sites });
  });

  it('steps over, in and out in both directions', () => {
    assert.equal(engine.stepOver(at.line9, 'forward'), at.line10, 'step over skips the call');
    assert.equal(engine.stepIn(at.line9, 'forward'), at.line3);
    assert.equal(engine.stepOut(at.line3, 'forward'), at.line10);
    assert.equal(engine.stepOver(at.line10, 'backward'), at.line9, 'step back over skips the call');
    assert.equal(engine.stepIn(at.line10, 'backward'), at.line5);
    assert.equal(engine.stepOut(at.line4, 'backward'), at.line9);
    assert.equal(engine.stepOver(at.line3, 'backward'), at.line9, 'stepping back past the first statement lands on the call');
    assert.equal(engine.stepIn(at.body1, 'forward'), undefined);
  });

  it('summarises counts per kind and depth per bucket', () => {
    const n = engine.eventCount();
    const s = engine.summary(0, n, 4);
    const statements = s.counts[0][s.kinds.indexOf('Statement')];
    assert.equal(statements.reduce((a, b) => a + b, 0), 11);
    const total = s.counts[0].reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
    assert.equal(total, n);
    assert.equal(Math.max(...s.depth[0]), 2);
  });

  it('lists calls, events and search matches', () => {
    assert.deepEqual(engine.callsOf('add').map((c) => c.instant), [at.call]);
    assert.deepEqual(engine.callsOf('app.ts:2').map((c) => c.instant), [at.call]);
    const rows = engine.events(0, engine.eventCount(), { kinds: ['VarWrite'] });
    assert.equal(rows.total, 10);
    assert.equal(rows.events[0].name, 'total');
    assert.deepEqual(engine.search('sum').matches.map((m) => m.kind), ['VarWrite']);
    assert.equal(engine.lineHits('app.ts').lines[10], 3);
    assert.equal(engine.isStopInstant(at.line3), true);
    assert.equal(engine.isStopInstant(at.call), false);
  });
});

describe('query engine pieces', () => {
  it('parses property paths', () => {
    assert.deepEqual(parsePath('a.b[0]["c d"]'), ['a', 'b', '0', 'c d']);
    assert.equal(parsePath('a +'), undefined);
  });

  it('approximates the names a statement reads', () => {
    assert.deepEqual(extractReadNames('total = total + sum;'), ['total', 'sum']);
    assert.deepEqual(extractReadNames('const x = f(a.b, "s", { k: v });'), ['f', 'a', 'v']);
    assert.deepEqual(extractReadNames('n += step'), ['n', 'step']);
  });

  it('lists exceptions and console output, and unwinds frames an exception leaves', () => {
    const b = new RecordingBuilder('/w/e.ts');
    const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 9, endColumn: 1 });
    const fail = b.site({ kind: 'function', name: 'fail', line: 2, column: 1, endLine: 4, endColumn: 2, fn: mod });
    const thrower = b.site({ kind: 'throw', line: 3, column: 3, fn: fail });
    const handler = b.site({ kind: 'catch', line: 6, column: 3, fn: mod });
    const after = b.site({ kind: 'statement', line: 7, column: 5, fn: mod });
    const m = b.call(mod);
    const f = b.call(fail, m);
    b.throwAt(thrower, f, str('bad'));
    b.unwind(fail, f, str('bad'));
    b.catchAt(handler, m, str('bad'));
    b.stmt(after);
    b.console('recovered\n');
    b.console('warned\n', 2);
    const engine = createQueryEngine(b.flush());
    assert.deepEqual(engine.exceptions(0, 100).map((e) => [e.instant, e.kind, e.value.kind === 'primitive' && e.value.text, e.position?.line]), [
      [2, 'throw', '"bad"', 3],
      [4, 'caught', '"bad"', 6],
    ]);
    assert.deepEqual(engine.consoleOutput(0, 100), [
      { instant: 6, stream: 'stdout', text: 'recovered\n' },
      { instant: 7, stream: 'stderr', text: 'warned\n' },
    ]);
    const stack = engine.stackAt(5);
    assert.ok(stack.ok);
    assert.deepEqual(stack.frames.map((fr) => [fr.name, fr.position.line]), [['(module e.ts)', 7]], 'the unwound frame is gone; the module is at the catch');
  });

  it('lists integer keys first in previews, as JavaScript does', () => {
    const b = new RecordingBuilder('/w/k.ts');
    const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 3, endColumn: 1 });
    const w = b.site({ kind: 'write', name: 'k', line: 2, column: 1, fn: mod });
    b.call(mod);
    b.snapshot(1, ObjectType.Object, [[str('b'), num(1)]]);
    b.propWrite(w, 1, num(10), str('ten'));
    b.propWrite(w, 1, str('a'), num(2));
    b.propWrite(w, 1, str('2'), str('two'));
    const engine = createQueryEngine(b.flush());
    const r = engine.objectAt(1, 4);
    assert.ok(r.ok);
    assert.equal(r.object.preview, '{2: "two", 10: "ten", b: 1, a: 2}');
  });

  it('rebuilds an object written thousands of times the same from checkpoints, in any query order', () => {
    const b = new RecordingBuilder('/w/o.ts');
    const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 3, endColumn: 1 });
    const w = b.site({ kind: 'write', name: 'n', line: 2, column: 1, fn: mod });
    b.call(mod);
    b.snapshot(1, ObjectType.Object, [[str('n'), num(-1)]]);
    const WRITES = 3000;
    for (let k = 0; k < WRITES; k++) {
      b.propWrite(w, 1, str('n'), num(k));
      if (k % 7 === 0) b.propWrite(w, 1, str(`k${k % 3}`), num(k));
    }
    const store = b.flush();
    const engine = createQueryEngine(store);
    // Writes are events 1.. in order; the value of n before event i is the last write before i.
    const expected = (instant: number) => {
      let n = -1;
      for (let i = 1; i < instant; i++) { const v = store.values(i); if (v[0].t === 'string' && v[0].v === 'n') n = (v[1] as { v: number }).v; }
      return n;
    };
    for (const instant of [3400, 5, 1200, 3401, 260, 2999, 1, 3000, 1800, 257]) {
      const r = engine.objectAt(1, instant);
      assert.ok(r.ok);
      const n = r.object.properties.find((p) => p.key === 'n')!;
      assert.equal(n.value.kind === 'primitive' && n.value.text, String(expected(instant)), `n at ${instant}`);
    }
    // History with a limit: the first and the last writes, and the count of them all.
    const text = (e: { value: { kind: string; text?: string } }) => e.value.kind === 'primitive' && e.value.text;
    const all = engine.history({ kind: 'property', object: 1, key: 'n' });
    assert.equal(all.total, WRITES + 1);
    assert.equal(all.entries.length, WRITES + 1);
    const limited = engine.history({ kind: 'property', object: 1, key: 'n' }, 6);
    assert.equal(limited.total, WRITES + 1);
    assert.deepEqual(limited.entries.map(text), ['-1', '0', '1', '2997', '2998', '2999']);
  });

  it('summarises any range and bucket count exactly (counts and max depth against a naive pass)', () => {
    const b = new RecordingBuilder('/w/s.ts');
    const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 9, endColumn: 1 });
    const fn = b.site({ kind: 'function', name: 'f', line: 2, column: 1, endLine: 4, endColumn: 2, fn: mod });
    const st = b.site({ kind: 'statement', line: 3, column: 1, fn });
    const depthOf: number[] = [];
    const kindOf: number[] = [];
    let seed = 5;
    const random = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
    const frames = [b.call(mod)];
    depthOf.push(1); kindOf.push(Kind.CallEnter);
    while (depthOf.length < 6000) {
      const r = random();
      if (r < 0.3 && frames.length < 12) { frames.push(b.call(fn, frames[0])); depthOf.push(frames.length); kindOf.push(Kind.CallEnter); }
      else if (r < 0.55 && frames.length > 1) { b.ret(fn, frames[frames.length - 1]); depthOf.push(frames.length); kindOf.push(Kind.Return); frames.pop(); }
      else { b.stmt(st); depthOf.push(frames.length); kindOf.push(Kind.Statement); }
    }
    const engine = createQueryEngine(b.flush());
    for (const [from, to, buckets] of [[0, 6000, 7], [0, 6000, 30], [13, 5999, 2000], [700, 701, 3], [255, 5377, 40], [0, 6000, 1], [4000, 4600, 600], [100, 5900, 3], [0, 6000, 5]]) {
      const s = engine.summary(from, to, buckets);
      for (let j = 0; j < buckets; j++) {
        const a = from + Math.floor(((to - from) * j) / buckets);
        const e = from + Math.floor(((to - from) * (j + 1)) / buckets);
        let max = 0;
        const counts = new Map<string, number>();
        for (let i = a; i < e; i++) {
          max = Math.max(max, depthOf[i]);
          const name = KIND_NAMES[kindOf[i]];
          counts.set(name, (counts.get(name) ?? 0) + 1);
        }
        assert.equal(s.depth[0][j], max, `depth of bucket ${j} of ${buckets} over [${from}, ${to})`);
        for (const [k, name] of s.kinds.entries()) assert.equal(s.counts[0][k][j], counts.get(name) ?? 0, `${name} in bucket ${j}`);
      }
    }
  });

  it('keeps threads apart: stacks, frames and summary lanes per thread', () => {
    const main = new RecordingBuilder('/w/main.ts', { pid: 1, threadId: 0 });
    const ms = main.site({ kind: 'module', line: 1, column: 1, endLine: 5, endColumn: 1 });
    const mf = main.site({ kind: 'function', name: 'onMain', line: 2, column: 1, endLine: 4, endColumn: 2, fn: ms });
    const mStmt = main.site({ kind: 'statement', line: 3, column: 3, fn: mf });
    const store = main.store;
    const worker = store.openConnection({ pid: 1, threadId: 1 });
    const mm = main.call(ms);
    main.call(mf, mm);
    main.stmt(mStmt);
    main.flush();
    // The worker's own stream: its own site table, frames numbered from 1 again.
    const wb = new RecordingBuilder('/w/worker.ts');
    const ws = wb.site({ kind: 'module', line: 1, column: 1, endLine: 3, endColumn: 1 });
    const wStmt = wb.site({ kind: 'statement', line: 2, column: 1, fn: ws });
    wb.call(ws);
    wb.stmt(wStmt);
    wb.register();
    store.ingest(worker, wb.enc.take());
    main.stmt(mStmt);
    main.flush();
    const engine = createQueryEngine(store);
    const workerStmt = 4;
    assert.equal(engine.threadAt(workerStmt), 1);
    const ws0 = engine.stackAt(workerStmt);
    assert.ok(ws0.ok);
    assert.deepEqual(ws0.frames.map((f) => [f.name, f.thread, f.frame]), [['(module worker.ts)', 1, 1]]);
    const after = engine.stackAt(5);
    assert.ok(after.ok);
    assert.deepEqual(after.frames.map((f) => [f.name, f.thread]), [['onMain', 0], ['(module main.ts)', 0]]);
    const s = engine.summary(0, engine.eventCount(), 1);
    assert.deepEqual(s.lanes.map((l) => l.thread), [0, 1]);
    assert.deepEqual(s.counts.map((lane) => lane[s.kinds.indexOf('Statement')][0]), [2, 1]);
    assert.deepEqual(s.depth.map((lane) => lane[0]), [2, 1]);
  });

  it('indexes a store that grows after the engine was created', () => {
    const b = new RecordingBuilder('/w/g.ts');
    const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 3, endColumn: 1 });
    const s = b.site({ kind: 'statement', line: 1, column: 1, fn: mod });
    const m = b.call(mod);
    b.stmt(s);
    const store = b.flush();
    const engine = createQueryEngine(store);
    assert.equal(engine.hitsIn({ sites: [s] }, 0, 10).length, 1);
    for (let k = 0; k < 3000; k++) b.stmt(s);
    b.ret(mod, m);
    b.flush();
    assert.equal(engine.hitsIn({ sites: [s] }, 0, 1e9).length, 3001);
    const stack = engine.stackAt(2500);
    assert.ok(stack.ok);
    assert.equal(stack.frames.length, 1);
    assert.equal(store.kinds[engine.eventCount() - 1], Kind.Return);
  });
});
