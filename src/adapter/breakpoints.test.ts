/**
 * Unit tier: breakpoints across time and exception stops over recordings built in-process (a real
 * EventStore and query engine; no program runs). The golden transcripts test the same through the
 * real adapter process and real recordings.
 */
import assert from 'node:assert/strict';
import { Kind, ObjectType, type WireValue } from '../protocol/wire';
import { createQueryEngine } from '../query/engine';
import { RecordingBuilder, num, obj, str, undef } from '../query/synthetic-recording';
import { Breakpoints, interpolate, parseHitCondition } from './breakpoints';
import { ExceptionStops } from './exception-stops';

const FILE = '/w/app.ts';

/**
 * for (let i = 0; i < 4; i++) add(i)     — line 3 (the loop body calls add)
 * function add(x) { total = x * 10 }      — line 11, a statement at line 12 writing total
 */
function loopRecording() {
  const b = new RecordingBuilder(FILE);
  const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 20, endColumn: 1 });
  const total = b.site({ kind: 'binding', name: 'total', decl: 'let', line: 2, column: 5, fn: mod, scope: [1, 1, 20, 1] });
  const loop = b.site({ kind: 'statement', line: 3, column: 3, fn: mod });
  const add = b.site({ kind: 'function', name: 'add', line: 11, column: 1, endLine: 13, endColumn: 2, fn: mod, params: ['x'] });
  b.site({ kind: 'binding', name: 'x', decl: 'param', line: 11, column: 14, fn: add, scope: [11, 1, 13, 2] });
  const body = b.site({ kind: 'statement', line: 12, column: 3, fn: add });
  const m = b.call(mod);
  const writes: number[] = [];
  for (let i = 0; i < 4; i++) {
    b.stmt(loop);
    const f = b.call(add, m, undef, [num(i)]);
    b.stmt(body);
    writes.push(b.nextInstant);
    b.write(total, m, num(i * 10));
    b.ret(add, f);
  }
  b.ret(mod, m);
  const store = b.flush();
  const engine = createQueryEngine(store);
  const warnings: string[] = [];
  return { store, engine, breakpoints: new Breakpoints(engine, store, (w) => warnings.push(w)), warnings, writes, totalSite: total };
}

describe('breakpoints across time', () => {
  it('parses hit conditions', () => {
    const third = parseHitCondition('3')!;
    assert.deepEqual([1, 2, 3, 4].map(third), [false, false, true, false]);
    assert.deepEqual([1, 2, 3].map(parseHitCondition('>= 2')!), [false, true, true]);
    assert.deepEqual([1, 2, 3, 4].map(parseHitCondition('%2')!), [false, true, false, true]);
    assert.deepEqual([1, 2].map(parseHitCondition('< 2')!), [true, false]);
    assert.equal(parseHitCondition('often'), undefined);
  });

  it('interpolates {expressions} in logpoint messages', () => {
    assert.equal(interpolate('x={x}, y={y + 1}', (e) => `<${e}>`), 'x=<x>, y=<y + 1>');
  });

  it('finds the nearest line hit forwards and backwards, with conditions and hit counts', () => {
    const { engine, breakpoints } = loopRecording();
    const [bp] = breakpoints.setLineBreakpoints(FILE, [{ line: 12 }]).breakpoints;
    assert.equal(bp.verified, true);
    const hits = engine.hitsIn({ file: FILE, line: 12 }, 0, engine.eventCount());
    assert.equal(hits.length, 4);
    assert.equal(breakpoints.nextStop(-1, 'forward')?.instant, hits[0]);
    assert.equal(breakpoints.nextStop(hits[0], 'forward')?.instant, hits[1]);
    assert.equal(breakpoints.nextStop(hits[2], 'backward')?.instant, hits[1]);
    assert.equal(breakpoints.nextStop(hits[0], 'backward'), undefined);

    breakpoints.setLineBreakpoints(FILE, [{ line: 12, condition: 'x * 10 >= 20' }]);
    assert.equal(breakpoints.nextStop(-1, 'forward')?.instant, hits[2]);
    assert.equal(breakpoints.nextStop(hits[2], 'backward'), undefined);

    breakpoints.setLineBreakpoints(FILE, [{ line: 12, hitCondition: '% 2' }]);
    assert.equal(breakpoints.nextStop(-1, 'forward')?.instant, hits[1]);
    assert.equal(breakpoints.nextStop(hits[1], 'forward')?.instant, hits[3]);
    assert.equal(breakpoints.nextStop(hits[3], 'backward')?.instant, hits[1]);
  });

  it('does not search line hits again that a waiting search already passed, unless breakpoints changed', () => {
    const { engine, breakpoints } = loopRecording();
    breakpoints.setLineBreakpoints(FILE, [{ line: 12 }]);
    const hits = engine.hitsIn({ file: FILE, line: 12 }, 0, engine.eventCount());
    const generation = breakpoints.generation;
    assert.equal(breakpoints.nextStop(-1, 'forward', hits[1])?.instant, hits[2]);
    breakpoints.setLineBreakpoints(FILE, [{ line: 12 }]);
    assert.ok(breakpoints.generation > generation);
  });

  it('stops a function breakpoint at the first statement of each call, both ways', () => {
    const { engine, breakpoints } = loopRecording();
    const [bp] = breakpoints.setFunctionBreakpoints([{ name: 'add' }]);
    assert.equal(bp.verified, true);
    const hits = engine.hitsIn({ file: FILE, line: 12 }, 0, engine.eventCount());
    assert.equal(breakpoints.nextStop(-1, 'forward')?.instant, hits[0]);
    assert.equal(breakpoints.nextStop(hits[0], 'forward')?.instant, hits[1]);
    assert.equal(breakpoints.nextStop(hits[3], 'backward')?.instant, hits[2]);
    assert.equal(breakpoints.setFunctionBreakpoints([{ name: 'nope' }])[0].verified, false);
  });

  it('stops a function breakpoint just inside a call whose body has no statement (an expression arrow)', () => {
    const b = new RecordingBuilder(FILE);
    const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 9, endColumn: 1 });
    const pick = b.site({ kind: 'function', name: 'pick', line: 2, column: 14, endLine: 2, endColumn: 30, fn: mod, params: ['u'] });
    const after = b.site({ kind: 'statement', line: 3, column: 1, fn: mod });
    const m = b.call(mod);
    const call = b.nextInstant;
    const f = b.call(pick, m, undef, [num(5)]);
    b.ret(pick, f, num(5));
    b.stmt(after);
    b.ret(mod, m);
    const store = b.flush();
    const breakpoints = new Breakpoints(createQueryEngine(store), store, () => undefined);
    breakpoints.setFunctionBreakpoints([{ name: 'pick' }]);
    assert.equal(breakpoints.nextStop(-1, 'forward')?.instant, call + 1);
  });

  it('moves a breakpoint to the next line with a statement, and leaves one on a line without code unverified', () => {
    const { breakpoints } = loopRecording();
    const [moved, none] = breakpoints.setLineBreakpoints(FILE, [{ line: 11 }, { line: 19 }]).breakpoints;
    assert.equal(moved.line, 12);
    assert.equal(none.verified, false);
  });

  it('reports a condition that cannot be evaluated once, and does not stop there', () => {
    const { breakpoints, warnings } = loopRecording();
    breakpoints.setLineBreakpoints(FILE, [{ line: 12, condition: 'missing.value > 1' }]);
    assert.equal(breakpoints.nextStop(-1, 'forward'), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /missing is not a recorded variable/);
  });

  it('prints every logpoint hit of the recording at once, in order, and not again', () => {
    const { engine, breakpoints } = loopRecording();
    const { newLogpoints } = breakpoints.setLineBreakpoints(FILE, [{ line: 12, logMessage: 'add({x}) total was {total}' }]);
    const lines = breakpoints.logpointOutput(engine.eventCount(), newLogpoints).map((l) => l.text);
    assert.deepEqual(lines, ['add(0) total was <uninitialized>', 'add(1) total was 0', 'add(2) total was 10', 'add(3) total was 20']);
    breakpoints.setLineBreakpoints(FILE, [{ line: 12, logMessage: 'add({x}) total was {total}' }]);
    assert.deepEqual(breakpoints.logpointOutput(engine.eventCount()), []);
  });

  it('stops just after the next or previous write of a data breakpoint, saying old → new', () => {
    const { engine, breakpoints, writes, totalSite } = loopRecording();
    breakpoints.setDataBreakpoints([{ target: { kind: 'binding', bindingSite: totalSite, thread: 0, ownerFrame: 1 }, description: 'total' }]);
    const first = breakpoints.nextStop(-1, 'forward')!;
    assert.equal(first.instant, writes[0] + 1);
    assert.equal(first.cause.kind === 'data breakpoint' && first.cause.description, 'total: not set → 0');
    const second = breakpoints.nextStop(first.instant, 'forward')!;
    assert.equal(second.cause.kind === 'data breakpoint' && second.cause.description, 'total: 0 → 10');
    assert.equal(breakpoints.nextStop(second.instant, 'backward')?.instant, first.instant);
    assert.equal(breakpoints.nextStop(engine.eventCount(), 'backward')?.instant, writes[3] + 1);
  });
});

describe('exception stops', () => {
  it('classifies exceptions by how they ended and stops where they started', () => {
    const b = new RecordingBuilder(FILE);
    const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 40, endColumn: 1 });
    const f = b.site({ kind: 'function', name: 'f', line: 10, column: 1, endLine: 12, endColumn: 2, fn: mod });
    const thrower = b.site({ kind: 'throw', line: 11, column: 3, fn: f });
    const catcher = b.site({ kind: 'catch', line: 5, column: 3, fn: mod });
    const m = b.call(mod);
    b.snapshot(1, ObjectType.Error, [[str('message'), str('caught one')]]);
    b.snapshot(2, ObjectType.Error, [[str('message'), str('engine error')]]);
    b.snapshot(3, ObjectType.Error, [[str('message'), str('rethrown')]]);
    // 1: thrown in f, caught by the module.
    let frame = b.call(f, m);
    const caughtOrigin = b.nextInstant;
    b.throwAt(thrower, frame, obj(1));
    b.unwind(f, frame, obj(1));
    b.catchAt(catcher, m, obj(1));
    // 2: thrown by the engine (no throw statement): starts at the first frame it leaves; never caught.
    frame = b.call(f, m);
    const engineOrigin = b.nextInstant;
    b.unwind(f, frame, obj(2));
    // 3: caught, rethrown, then uncaught: two exceptions in time.
    const firstThrow = b.nextInstant;
    b.throwAt(thrower, m, obj(3));
    b.catchAt(catcher, m, obj(3));
    const rethrow = b.nextInstant;
    b.throwAt(thrower, m, obj(3));
    const store = b.flush();
    const stops = new ExceptionStops(store);
    const all = () => true;
    // While the run goes on, the engine error and the rethrow have not ended: no stop for them yet.
    assert.deepEqual(collect(stops, all), [[caughtOrigin, true], [firstThrow, true]]);
    b.enc.record(Kind.Uncaught, [], [obj(2)]);
    b.enc.record(Kind.Uncaught, [], [obj(3)]);
    b.flush();
    assert.deepEqual(collect(stops, all), [[caughtOrigin, true], [engineOrigin, false], [firstThrow, true], [rethrow, false]]);
    assert.deepEqual(collect(stops, (s) => !s.caught), [[engineOrigin, false], [rethrow, false]]);
    assert.equal(stops.next(rethrow, 'backward', (s) => s.caught)?.origin, firstThrow);
    assert.equal(stops.at(engineOrigin)?.caught, false);
  });
});

describe('exception stops, Unwinds reported from a finally (no value)', () => {
  it('links a run of them to the Throw before it or the Catch after it, and starts afresh after normal flow', () => {
    const b = new RecordingBuilder(FILE);
    const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 40, endColumn: 1 });
    const f = b.site({ kind: 'function', name: 'f', line: 10, column: 1, endLine: 12, endColumn: 2, fn: mod });
    const g = b.site({ kind: 'function', name: 'g', line: 20, column: 1, endLine: 22, endColumn: 2, fn: mod });
    const thrower = b.site({ kind: 'throw', line: 21, column: 3, fn: g });
    const catcher = b.site({ kind: 'catch', line: 5, column: 3, fn: mod });
    const step = b.site({ kind: 'statement', line: 6, column: 3, fn: mod });
    const unknown: WireValue = { t: 'notRecorded' };
    const m = b.call(mod);
    for (const id of [4, 5, 6]) b.snapshot(id, ObjectType.Error, [[str('message'), str(`error ${id}`)]]);
    // An engine error in g, called by f, caught by the module: it starts where g was left.
    let outer = b.call(f, m);
    let inner = b.call(g, outer);
    const engineOrigin = b.nextInstant;
    b.unwind(g, inner, unknown);
    b.unwind(f, outer, unknown);
    const firstCatch = b.nextInstant;
    b.catchAt(catcher, m, obj(4));
    // A throw statement in g: it starts at the Throw, which names it.
    outer = b.call(f, m);
    inner = b.call(g, outer);
    const thrown = b.nextInstant;
    b.throwAt(thrower, inner, obj(5));
    b.unwind(g, inner, unknown);
    b.unwind(f, outer, unknown);
    b.catchAt(catcher, m, obj(5));
    // An engine error swallowed where nothing is recorded (a library's catch), then normal flow,
    // then another engine error: the second starts at its own first Unwind.
    inner = b.call(g, m);
    b.unwind(g, inner, unknown);
    b.stmt(step);
    inner = b.call(g, m);
    const secondOrigin = b.nextInstant;
    b.unwind(g, inner, unknown);
    b.catchAt(catcher, m, obj(6));
    const stops = new ExceptionStops(b.flush());
    assert.deepEqual(collect(stops, () => true), [[engineOrigin, true], [thrown, true], [secondOrigin, true]]);
    assert.equal(stops.at(engineOrigin)?.end, firstCatch);
  });
});

function collect(stops: ExceptionStops, wanted: (s: { caught: boolean }) => boolean): [number, boolean][] {
  const out: [number, boolean][] = [];
  for (let s = stops.next(-1, 'forward', wanted); s; s = stops.next(s.origin, 'forward', wanted)) out.push([s.origin, s.caught]);
  return out;
}
