import { strict as assert } from 'node:assert';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeRecords, type DecodedRecord } from '../protocol/decode';
import { Kind, ObjectType, SnapshotFlag, type WireValue } from '../protocol/wire';
import { Runtime, RUNTIME_KEY, installRuntime } from './probes';
import type { RingWriter } from './ring';

/** A ring that never fills: records accumulate in a growable array (the unit-test stand-in). */
class MemoryRing implements RingWriter {
  words = new Int32Array(64);
  private reserved = 0;
  private committed = 0;
  private readonly strings = new Map<number, string>();
  private decodedUpTo = 0;

  reserve(n: number): number {
    if (this.reserved + n > this.words.length) {
      const grown = new Int32Array(Math.max(this.words.length * 2, this.reserved + n));
      grown.set(this.words);
      this.words = grown;
    }
    const at = this.reserved;
    this.reserved += n;
    return at;
  }

  commit(): void {
    this.committed = this.reserved;
  }

  /** Set to the runtime's flush: probes publish in batches. */
  beforeTake: () => void = () => {};

  /** Records committed since the last call. */
  take(): DecodedRecord[] {
    this.beforeTake();
    const out = decodeRecords(this.words.slice(this.decodedUpTo, this.committed), this.strings);
    this.decodedUpTo = this.committed;
    return out;
  }
}

type Snap = Extract<DecodedRecord, { kind: typeof Kind.Snapshot }>;

function runtimeOn(ring: MemoryRing, budgets: ConstructorParameters<typeof Runtime>[1] = {}): Runtime {
  const rt = new Runtime(ring, budgets);
  ring.beforeTake = () => rt.capture.flush();
  return rt;
}
function setup() {
  const ring = new MemoryRing();
  return { ring, rt: runtimeOn(ring) };
}
const events = (records: DecodedRecord[]) => records.filter((r) => r.kind !== Kind.String && r.kind !== Kind.Snapshot);
const snapshots = (records: DecodedRecord[]) => records.filter((r): r is Snap => r.kind === Kind.Snapshot);
/** The snapshot of each object written by the VarWrite events in `records`, in write order. */
const writtenSnapshots = (records: DecodedRecord[]) => {
  const byId = new Map(snapshots(records).map((s) => [s.object, s]));
  return events(records).map((r) => byId.get(((r as { value: WireValue }).value as { id: number }).id)!);
};
const entry = (snap: Snap, key: string | number): WireValue | undefined =>
  snap.entries.find(([k]) => (k.t === 'string' || k.t === 'number') && k.v === key)?.[1];

describe('runtime probes', () => {
  it('records a call and its return with primitive values, frames numbered from 1', () => {
    const { ring, rt } = setup();
    const f1 = rt.c3(7, 0, undefined, 42, 1.5, 'hi');
    const f2 = rt.c1(8, f1, null, -0);
    assert.equal(rt.r(8, f2, true), true);
    assert.equal(rt.r(7, f1, 10n), 10n);
    assert.deepEqual([f1, f2], [1, 2]);
    assert.deepEqual(events(ring.take()), [
      { kind: Kind.CallEnter, site: 7, frame: 1, parentFrame: 0, self: { t: 'undefined' },
        args: [{ t: 'number', v: 42 }, { t: 'number', v: 1.5 }, { t: 'string', v: 'hi' }] },
      { kind: Kind.CallEnter, site: 8, frame: 2, parentFrame: 1, self: { t: 'null' }, args: [{ t: 'number', v: -0 }] },
      { kind: Kind.Return, site: 8, frame: 2, value: { t: 'boolean', v: true } },
      { kind: Kind.Return, site: 7, frame: 1, value: { t: 'bigint', v: '10' } },
    ]);
  });

  it('encodes int32 numbers as Int and others (incl. -0) as Double', () => {
    const { ring, rt } = setup();
    const f = rt.cn(1, 0, undefined, [2147483647, -2147483648, 2147483648, -0, NaN, 0.1]);
    rt.r(1, f, undefined);
    ring.take();
    const words = ring.words;
    // CallEnter: header, site, frame, parent, this (2 words), argc, then the args.
    assert.deepEqual([words[7], words[9], words[11], words[14], words[17], words[20]], [4, 4, 5, 5, 5, 5]);
  });

  it('interns a string once per connection and cuts one over the budget', () => {
    const ring = new MemoryRing();
    const rt = runtimeOn(ring, { stringUnits: 10 });
    for (let i = 0; i < 3; i++) rt.w(1, 0, 'same');
    rt.w(2, 0, 'x'.repeat(25));
    const records = ring.take();
    assert.equal(records.filter((r) => r.kind === Kind.String).length, 2);
    assert.deepEqual(events(records).map((r) => (r as { value: WireValue }).value), [
      { t: 'string', v: 'same' }, { t: 'string', v: 'same' }, { t: 'string', v: 'same' },
      { t: 'string', v: 'xxxxxxxxxx', cut: true },
    ]);
  });

  it('records strings of every length and alphabet unit for unit (the native copy of long ones included)', () => {
    const ring = new MemoryRing();
    const rt = runtimeOn(ring, { stringUnits: 5000 });
    // Around the native-copy threshold, odd and even lengths, Latin-1, two-byte, lone surrogates;
    // the ring grows under the runtime meanwhile (a new `words` each time).
    const samples: string[] = [];
    for (const length of [1, 30, 31, 32, 33, 64, 999, 1000, 4097]) {
      samples.push('a'.repeat(length), 'é'.repeat(length), ('\ud83d\ude00\ud800x').repeat(length).slice(0, length));
    }
    const patched = { slice: String.prototype.slice, write: Buffer.prototype.write };
    String.prototype.slice = () => 'patched';
    Buffer.prototype.write = () => 0;
    try {
      for (const text of samples) rt.w(1, 0, text);
    } finally {
      String.prototype.slice = patched.slice;
      Buffer.prototype.write = patched.write;
    }
    const writes = ring.take().filter((r) => r.kind === Kind.VarWrite);
    assert.deepEqual(writes.map((r) => ((r as { value: WireValue }).value as { v: string }).v), samples);
  });

  it('writes a site table longer than a String record in parts, each copied whole', () => {
    const ring = new MemoryRing();
    ring.words = new Int32Array(4096); // parts of 1,024 units
    const rt = runtimeOn(ring);
    const sites = Array.from({ length: 200 }, (_, k) => ({ kind: 'function', line: k + 1, column: 1, name: `f\u00e9${k}` }));
    rt.register('/big.js', { sites });
    const table = ring.take().find((r) => r.kind === Kind.SiteTable);
    assert.equal(table?.kind === Kind.SiteTable && table.json, JSON.stringify({ sites }));
  });

  it('in a calls-mode file, snapshots a `this` first seen at a function\'s entry at its next capture instead', () => {
    for (const mode of ['calls', undefined] as const) {
      const { ring, rt } = setup();
      const base = rt.register(`/w/${mode ?? 'full'}.js`, { sites: [{ kind: 'module' }, { kind: 'function', name: 'Point' }, { kind: 'function', name: 'show' }], ...(mode ? { mode } : {}) });
      ring.take();
      const built: Record<string, unknown> = {};
      const f = rt.c1(base + 1, 0, built, 1);
      built.x = 1; // the constructor's own write: not recorded in calls mode
      rt.r(base + 1, f, undefined);
      const g = rt.c1(base + 2, 0, undefined, built);
      rt.r(base + 2, g, undefined);
      const records = ring.take();
      const [enter] = events(records) as [Extract<DecodedRecord, { kind: typeof Kind.CallEnter }>];
      const id = (enter.self as { id: number }).id;
      const snaps = snapshots(records).filter((sn) => sn.object === id);
      // Calls mode: no snapshot at the constructor's entry, the state as built when it is passed on.
      // Full mode: snapshotted at the entry (its writes are recorded after it).
      assert.deepEqual(snaps.map((sn) => sn.entries.length), mode ? [1] : [0], `${mode ?? 'full'} mode`);
    }
  });

  it('records symbols by description and writes the call args of cn beyond c3', () => {
    const { ring, rt } = setup();
    const f = rt.cn(3, 0, undefined, [Symbol('tag'), Symbol(), 1, 2, 3]);
    const [call] = events(ring.take()) as [Extract<DecodedRecord, { kind: typeof Kind.CallEnter }>];
    assert.equal(f, 1);
    assert.deepEqual(call.args.slice(0, 2), [{ t: 'symbol', v: 'Symbol(tag)' }, { t: 'symbol', v: 'Symbol()' }]);
    assert.equal(call.args.length, 5);
  });

  it('interns a symbol once: objects keyed by it share its text', () => {
    const { ring, rt } = setup();
    const RETURN = Symbol('return');
    for (let i = 0; i < 3; i++) rt.w(1, 0, { [RETURN]: true, value: i });
    const records = ring.take();
    assert.deepEqual(records.filter((r) => r.kind === Kind.String).map((r) => (r as { text: string }).text), ['value', 'Symbol(return)']);
    for (const snap of snapshots(records)) assert.deepEqual(snap.entries[1][0], { t: 'symbol', v: 'Symbol(return)' });
  });

  it('gives objects an identity and snapshots them once, when first seen', () => {
    const { ring, rt } = setup();
    const o = { a: 1, b: 'two', nested: { deep: true } };
    rt.w(1, 0, o);
    rt.w(2, 0, o);
    const records = ring.take();
    const snaps = snapshots(records);
    const writes = events(records) as { value: WireValue }[];
    assert.deepEqual(writes[0].value, writes[1].value);
    const top = snaps.find((s) => s.object === (writes[0].value as { id: number }).id)!;
    assert.equal(top.type, ObjectType.Object);
    assert.equal(top.size, 3);
    assert.deepEqual(entry(top, 'a'), { t: 'number', v: 1 });
    assert.deepEqual(entry(top, 'b'), { t: 'string', v: 'two' });
    // The nested object is snapshotted before its parent, which refers to it by id.
    const nestedId = (entry(top, 'nested') as { id: number }).id;
    assert.equal(snaps[0].object, nestedId);
    assert.deepEqual(entry(snaps[0], 'deep'), { t: 'boolean', v: true });
    assert.equal(snaps.length, 2);
  });

  it('never runs program code while capturing: getters, Proxy traps, toString, toJSON, toPrimitive', () => {
    const { ring, rt } = setup();
    let ran = 0;
    const tricky = {
      get g() { ran++; return 1; },
      toString() { ran++; return 'x'; },
      toJSON() { ran++; return {}; },
      [Symbol.toPrimitive]() { ran++; return 0; },
      valueOf() { ran++; return 0; },
    };
    const proxy = new Proxy({ secret: 1 }, new Proxy({}, { get() { ran++; return () => { ran++; }; } }));
    class Sneaky { get [Symbol.toStringTag]() { ran++; return 'S'; } }
    rt.w(1, 0, tricky);
    rt.w(2, 0, proxy);
    rt.w(3, 0, new Sneaky());
    rt.pv(4, proxy, 'k', 1);
    rt.mc(5, proxy, 0);
    assert.equal(ran, 0);
    const snaps = writtenSnapshots(ring.take().filter((r) => r.kind !== Kind.PropWrite && r.kind !== Kind.MutatingCall));
    assert.deepEqual(entry(snaps[0], 'g'), { t: 'accessor' });
    assert.equal(snaps[1].type, ObjectType.Proxy);
    assert.equal(snaps[1].entries.length, 0);
    assert.equal(snaps[2].className, 'Sneaky');
  });

  it('does not use Map/WeakMap prototype methods the program may have patched', () => {
    const { ring, rt } = setup();
    const saved = { get: Map.prototype.get, set: Map.prototype.set, wget: WeakMap.prototype.get, wset: WeakMap.prototype.set };
    let calls = 0;
    Map.prototype.get = function (this: Map<unknown, unknown>, k: unknown) { calls++; return saved.get.call(this, k); };
    Map.prototype.set = function (this: Map<unknown, unknown>, k: unknown, v: unknown) { calls++; return saved.set.call(this, k, v); };
    WeakMap.prototype.get = function (this: WeakMap<object, unknown>, k: object) { calls++; return saved.wget.call(this, k); };
    WeakMap.prototype.set = function (this: WeakMap<object, unknown>, k: object, v: unknown) { calls++; return saved.wset.call(this, k, v); };
    try {
      rt.w(1, 0, 'a string');
      rt.w(1, 0, { an: 'object' });
      const f = rt.c0(2, 0, undefined);
      rt.as(3, f, 0);
      rt.ar(3, f, 0);
      rt.r(2, f, 0);
    } finally {
      Object.assign(Map.prototype, { get: saved.get, set: saved.set });
      Object.assign(WeakMap.prototype, { get: saved.wget, set: saved.wset });
    }
    assert.equal(calls, 0);
    assert.ok(ring.take().length > 0);
  });

  it('snapshots built-in types: arrays with holes, Map, Set, typed arrays, Date, RegExp, Error, functions, classes', () => {
    const { ring, rt } = setup();
    const error = new TypeError('bad thing');
    class Point { constructor(public x: number) {} }
    const values = [
      // eslint-disable-next-line no-sparse-arrays
      [1, , 3], new Map([['k', 1]]), new Set(['a', 'b']), new Uint8Array([5, 6]), new Date(86400000), /ab+c/gi,
      error, function named() {}, Point, new Point(3),
    ];
    for (const v of values) rt.w(1, 0, v);
    const snaps = writtenSnapshots(ring.take());
    const [arr, map, set, typed, date, re, err, fn, cls, inst] = snaps;
    assert.deepEqual([arr.type, arr.size, arr.entries[1][1]], [ObjectType.Array, 3, { t: 'hole' }]);
    assert.deepEqual([map.type, map.entries], [ObjectType.Map, [[{ t: 'string', v: 'k' }, { t: 'number', v: 1 }]]]);
    assert.deepEqual([set.type, set.size, set.entries[1]], [ObjectType.Set, 2, [{ t: 'number', v: 1 }, { t: 'string', v: 'b' }]]);
    assert.deepEqual([typed.type, typed.className, entry(typed, 1)], [ObjectType.TypedArray, 'Uint8Array', { t: 'number', v: 6 }]);
    assert.deepEqual([date.type, entry(date, 'time')], [ObjectType.Date, { t: 'number', v: 86400000 }]);
    assert.deepEqual([re.type, entry(re, 'source'), entry(re, 'flags')], [ObjectType.RegExp, { t: 'string', v: 'ab+c' }, { t: 'string', v: 'gi' }]);
    assert.equal(err.type, ObjectType.Error);
    assert.equal(err.className, 'TypeError');
    assert.deepEqual(entry(err, 'message'), { t: 'string', v: 'bad thing' });
    // Outside a throw the stack is not read (reading it would fix its text early, see below).
    assert.deepEqual(entry(err, 'stack'), { t: 'notRecorded' });
    assert.deepEqual([fn.type, fn.className], [ObjectType.Function, 'named']);
    assert.deepEqual([cls.type, cls.className], [ObjectType.Class, 'Point']);
    assert.deepEqual([inst.type, inst.className, entry(inst, 'x')], [ObjectType.Object, 'Point', { t: 'number', v: 3 }]);
  });

  it('classifies objects by their prototype once, and never mistakes an object for what its prototype usually holds', () => {
    const { ring, rt } = setup();
    let ran = 0;
    class Stack extends Array<number> {}
    class AppError extends Error {}
    class Registry extends Map<string, number> {}
    const trappedPrototype = new Proxy({}, { getOwnPropertyDescriptor() { ran++; return undefined; }, get() { ran++; return undefined; } });
    const swapped = new Map([['k', 1]]);
    Object.setPrototypeOf(swapped, Object.prototype);
    const values = [
      new Map([['a', 1]]), Object.create(Map.prototype), new Map([['b', 2]]), // a fake Map between two real ones
      new Registry([['r', 3]]), Object.create(Registry.prototype),
      new AppError('first'), Object.create(AppError.prototype), new AppError('second'),
      Stack.from([7]), Object.create(trappedPrototype), Object.create(null), swapped,
    ];
    for (const v of values) rt.w(1, 0, v);
    const snaps = writtenSnapshots(ring.take());
    const noClass = '<string 0?>'; // the reference decoder's text for string id 0 (no class name)
    const shown = snaps.map((snap) => [snap.type, snap.className]);
    assert.deepEqual(shown, [
      [ObjectType.Map, 'Map'], [ObjectType.Object, 'Map'], [ObjectType.Map, 'Map'],
      [ObjectType.Map, 'Registry'], [ObjectType.Object, 'Registry'],
      [ObjectType.Error, 'AppError'], [ObjectType.Object, 'AppError'], [ObjectType.Error, 'AppError'],
      [ObjectType.Array, 'Stack'], [ObjectType.Object, noClass], [ObjectType.Object, noClass],
      // A Map given an ordinary prototype is described by its own properties only: less, never wrong.
      [ObjectType.Object, noClass],
    ]);
    assert.deepEqual(snaps[2].entries, [[{ t: 'string', v: 'b' }, { t: 'number', v: 2 }]]);
    assert.deepEqual(entry(snaps[7], 'message'), { t: 'string', v: 'second' });
    assert.equal(ran, 0);
  });

  it("reads an Error's stack only once it is uncaught, so a name set in its constructor shows", () => {
    const { ring, rt } = setup();
    class AppError extends Error {
      constructor(message: string) {
        super(message);
        rt.pv(1, this, 'name', 'AppError'); // the instrumented `this.name = …` snapshots `this` first
        this.name = 'AppError';
      }
    }
    const error = new AppError('failed');
    rt.t(2, 1, error);
    rt.u(3, 1, error);
    rt.k(4, 0, error);
    // Thrown, unwound and caught: the stack is still unformatted (Node needs it so for the header).
    const before = snapshots(ring.take());
    assert.ok(before.length > 0);
    for (const snap of before) assert.deepEqual(entry(snap, 'stack'), { t: 'notRecorded' });
    rt.uncaught(error);
    const snaps = snapshots(ring.take());
    assert.equal(snaps.length, 1, 'one fresh snapshot, taken at the Uncaught');
    assert.match((entry(snaps[0], 'stack') as { v: string }).v, /^AppError: failed\n/);
    assert.equal(error.stack!.split('\n')[0], 'AppError: failed');
  });

  it("leaves an Error's stack unread when a program-installed prepareStackTrace would run", () => {
    const { ring, rt } = setup();
    let formatted = 0;
    const error = new Error('later');
    const saved = Error.prepareStackTrace;
    Error.prepareStackTrace = () => { formatted++; return 'custom'; };
    try {
      rt.t(1, 0, error);
    } finally {
      Error.prepareStackTrace = saved;
    }
    assert.equal(formatted, 0);
    assert.deepEqual(entry(snapshots(ring.take())[0], 'stack'), { t: 'notRecorded' });
  });

  it('flags snapshots cut by the size and depth budgets', () => {
    const ring = new MemoryRing();
    const rt = runtimeOn(ring, { snapshotEntries: 3, snapshotDepth: 1, deepEntries: 0 });
    rt.w(1, 0, [1, 2, 3, 4, 5]);
    rt.w(1, 0, { inner: { x: 1 } });
    const snaps = snapshots(ring.take());
    assert.equal(snaps[0].entries.length, 3);
    assert.equal(snaps[0].size, 5);
    assert.equal(snaps[0].flags & SnapshotFlag.Cut, SnapshotFlag.Cut);
    assert.equal(snaps[1].flags & SnapshotFlag.DepthCut, SnapshotFlag.DepthCut);
    assert.equal(snaps.length, 2);
  });

  it('snapshots an object past the depth budget when it is later captured directly', () => {
    const ring = new MemoryRing();
    const rt = runtimeOn(ring, { snapshotDepth: 1, deepEntries: 0 });
    const inner = { x: 1 };
    rt.w(1, 0, { inner });
    rt.w(1, 0, inner);
    const records = ring.take();
    const snaps = snapshots(records);
    assert.equal(snaps.length, 2);
    assert.equal(snaps[1].object, (entry(snaps[0], 'inner') as { id: number }).id);
  });

  it('snapshots a small structure whole past the depth budget, a big one only as deep as the budget', () => {
    const ring = new MemoryRing();
    const rt = runtimeOn(ring, { snapshotDepth: 1, deepEntries: 6 });
    // 1 + 2 entries, then 1 + 1: within the 6 deep entries, down to the leaf.
    const small = { a: { b: { c: { d: 1 }, e: 2 } } };
    rt.w(1, 0, small);
    const whole = snapshots(ring.take());
    assert.equal(whole.length, 4);
    assert.ok(whole.every((s) => (s.flags & SnapshotFlag.DepthCut) === 0));
    // Each capture has its own deep budget: the first deep branch takes it, the rest are cut as before.
    const wide = { x: { p: 1, q: 2, r: 3, s: 4, t: 5, u: 6 }, y: { v: 7 } };
    rt.w(1, 0, { wide });
    const cut = snapshots(ring.take());
    const top = cut[cut.length - 1];
    assert.equal(cut.length, 3, 'the outer object, wide and x; y is past the budget');
    assert.equal(cut[cut.length - 2].flags & SnapshotFlag.DepthCut, SnapshotFlag.DepthCut);
    assert.equal(top.flags & SnapshotFlag.DepthCut, 0);
  });

  for (const [table, weakEntries] of [['a WeakMap', undefined], ['stamped ids', 0]] as const) {
    it(`handles cycles, direct and nested (identities in ${table})`, () => {
      const ring = new MemoryRing();
      const rt = runtimeOn(ring, weakEntries === undefined ? {} : { weakEntries });
      const a: Record<string, unknown> = { name: 'a' };
      a.self = a;
      a.child = { parent: a };
      rt.w(1, 0, a);
      const [child, snap] = snapshots(ring.take());
      assert.deepEqual(entry(snap, 'self'), { t: 'object', id: snap.object });
      assert.deepEqual(entry(snap, 'child'), { t: 'object', id: child.object });
      assert.deepEqual(entry(child, 'parent'), { t: 'object', id: snap.object });
      rt.w(1, 0, a.child);
      assert.equal(snapshots(ring.take()).length, 0, 'both objects keep their ids once written');
    });
  }

  it('records property writes after a snapshot of the object, and deletes', () => {
    const { ring, rt } = setup();
    const o: Record<string, number> = { a: 1 };
    assert.equal(rt.pv(9, o, 'b', 2), 2);
    o.b = 2;
    delete o.a;
    assert.equal(rt.pd(10, o, 'a', true), true);
    rt.pv(9, 'primitive', 'x', 1); // sloppy-mode write to a primitive: nothing to record
    const records = ring.take();
    const [snap] = snapshots(records);
    assert.deepEqual(snap.entries, [[{ t: 'string', v: 'a' }, { t: 'number', v: 1 }]]);
    assert.deepEqual(events(records), [
      { kind: Kind.PropWrite, site: 9, object: snap.object, key: { t: 'string', v: 'b' }, value: { t: 'number', v: 2 } },
      { kind: Kind.PropDelete, site: 10, object: snap.object, key: { t: 'string', v: 'a' } },
    ]);
  });

  it('records no property where a write calls a setter or meets a read-only property of the prototype chain', () => {
    const { ring, rt } = setup();
    class Base { get ro(): number { return 1; } }
    Object.defineProperty(Base.prototype, 'fixed', { value: 1, writable: false });
    class Temp extends Base { c = 0; set f(v: number) { this.c = v; } }
    const t = new Temp();
    const plain: Record<string, unknown> = {};
    rt.w(1, 0, t);
    rt.w(1, 0, plain);
    ring.take();
    rt.pv(9, t, 'f', 212); // the setter's own write (`this.c`) is what gets recorded, by its code
    rt.pv(9, t, 'fixed', 2);
    rt.pv(9, plain, '__proto__', null);
    rt.pv(9, t, 'c', 5);
    rt.lw(9, t, 'f', 7);
    const written = events(ring.take()).map((r) => (r as { key: WireValue }).key);
    assert.deepEqual(written, [{ t: 'string', v: 'c' }]);
  });

  it('records no write that fails: to a frozen object, a new property of a sealed one, a read-only one', () => {
    const { ring, rt } = setup();
    const frozen = { a: 1 };
    const sealed: Record<string, number> = { b: 1 };
    const fixed: Record<string, number> = {};
    const base = rt.register('/a.js', { sites: [{ kind: 'module' }, { kind: 'call', name: 'freeze' }, { kind: 'call', name: 'seal' }, { kind: 'call', name: 'defineProperty' }, { kind: 'call', name: 'assign' }] });
    for (const o of [frozen, sealed, fixed]) rt.w(1, 0, o);
    rt.ms(base + 1, Object, Object.freeze(frozen), frozen);
    rt.ms(base + 2, Object, Object.seal(sealed), sealed);
    rt.ms(base + 3, Object, fixed, Object.defineProperty(fixed, 'id', { value: 7 }));
    rt.ms(base + 4, Object, fixed, Object.assign(fixed, {}));
    ring.take();
    rt.pv(9, frozen, 'a', 2);
    rt.pv(9, sealed, 'c', 2);
    rt.pv(9, sealed, 'b', 5);
    rt.pv(9, fixed, 'id', 8);
    rt.lw(9, fixed, 'other', 1);
    const written = events(ring.take()).map((r) => (r as { key: WireValue }).key);
    assert.deepEqual(written, [{ t: 'string', v: 'b' }, { t: 'string', v: 'other' }]);
  });

  it('never throws at a revoked Proxy (Array.isArray does): writes, deletes and mutator calls on one, once array lengths are recorded', () => {
    const { ring, rt } = setup();
    const base = rt.register('/r.js', { sites: [{ kind: 'module' }, { kind: 'call', name: 'push' }] });
    const list = [1];
    rt.w(1, 0, list);
    rt.mc(base + 1, list, list.push(2)); // the array's length is now recorded
    const { proxy, revoke } = Proxy.revocable<Record<string, unknown>>({ a: [] }, {});
    const seen = Proxy.revocable<Record<string, unknown>>({}, {});
    rt.w(1, 0, seen.proxy);
    revoke();
    seen.revoke();
    assert.equal(rt.pv(9, proxy, 'b', 3), 3);
    assert.equal(rt.pv(9, seen.proxy, 'b', 3), 3);
    assert.equal(rt.pd(10, seen.proxy, 'b', false), false);
    assert.equal(rt.lw(11, seen.proxy, 'c', 4), 4);
    assert.equal(rt.mc(base + 1, seen.proxy, 5), 5);
    assert.ok(events(ring.take()).length > 0);
  });

  it('re-snapshots a recorded receiver after a built-in mutator; ignores an unrecorded one', () => {
    const { ring, rt } = setup();
    const seen = [1];
    const unseen = [1];
    rt.w(1, 0, seen);
    ring.take();
    seen.push(2);
    assert.equal(rt.mc(5, seen, 2), 2);
    unseen.push(2);
    rt.mc(5, unseen, 2);
    const records = ring.take();
    const [snap] = snapshots(records);
    assert.deepEqual(snap.entries.map(([, v]) => v), [{ t: 'number', v: 1 }, { t: 'number', v: 2 }]);
    assert.deepEqual(events(records), [{ kind: Kind.MutatingCall, site: 5, object: snap.object }]);
  });

  it("re-snapshots after a mutator-named call only when the method may be the built-in: a program's own `push`/`add` records its own writes", () => {
    const { ring, rt } = setup();
    const base = rt.register('/m.js', { sites: [{ kind: 'module' }, { kind: 'call', name: 'add' }, { kind: 'call', name: 'push' }] });
    class Bag { items: number[] = []; add(n: number) { this.items[this.items.length] = n; return this; } }
    const bag = new Bag();
    const borrowed = { length: 0, push: Array.prototype.push };
    const set = new Set<number>();
    const proxied = new Proxy({ add: () => 0 }, {});
    for (const o of [bag, borrowed, set, proxied]) rt.w(1, 0, o);
    ring.take();
    rt.mc(base + 1, bag, bag.add(1));
    rt.mc(base + 2, borrowed, borrowed.push(7));
    rt.mc(base + 1, set, set.add(3));
    rt.mc(base + 1, proxied, proxied.add());
    const calls = events(ring.take()).filter((r) => r.kind === Kind.MutatingCall).map((r) => (r as { site: number }).site);
    assert.deepEqual(calls, [base + 2, base + 1, base + 1], 'the borrowed built-in, the Set and the Proxy; not Bag#add');
  });

  it('records push and pop on a recorded array as element and length writes once its recorded length is known', () => {
    const { ring, rt } = setup();
    const base = rt.register('/m.ts', { sites: [{ kind: 'call', name: 'push' }, { kind: 'call', name: 'pop' }, { kind: 'call', name: 'sort' }] });
    const [push, pop, sort] = [base, base + 1, base + 2];
    const list = [3];
    rt.w(1, 0, list);
    rt.mc(push, list, list.push(1)); // first mutation: recorded length unknown, a fresh snapshot
    ring.take();
    const id = rt.capture.knownId(list);
    rt.mc(push, list, list.push(4, 1));
    rt.mc(pop, list, list.pop());
    const records = ring.take();
    assert.equal(snapshots(records).length, 0);
    const num = (v: number) => ({ t: 'number', v });
    assert.deepEqual(events(records), [
      { kind: Kind.PropWrite, site: push, object: id, key: num(2), value: num(4) },
      { kind: Kind.PropWrite, site: push, object: id, key: num(3), value: num(1) },
      { kind: Kind.MutatingCall, site: push, object: id },
      { kind: Kind.PropWrite, site: pop, object: id, key: { t: 'string', v: 'length' }, value: num(3) },
      { kind: Kind.MutatingCall, site: pop, object: id },
    ]);
    rt.mc(sort, list, list.sort());
    assert.deepEqual(snapshots(ring.take()).map((snap) => snap.entries.map(([, v]) => v)), [[num(1), num(3), num(4)]]);
  });

  it('re-snapshots instead when it cannot be sure what push or pop changed', () => {
    const { ring, rt } = setup();
    const base = rt.register('/m.ts', { sites: [{ kind: 'call', name: 'push' }, { kind: 'call', name: 'pop' }] });
    ring.take(); // the site table
    const list = [1];
    rt.w(1, 0, list);
    rt.mc(base, list, list.push(2));
    // A recorded write past the recorded length: the length the recording has is no longer known.
    rt.pv(9, list, 2, 3);
    list[2] = 3;
    rt.mc(base, list, list.push(4));
    // A pop the runtime did not see (uninstrumented code), then one it did: the lengths do not match.
    list.pop();
    rt.mc(base + 1, list, list.pop());
    // A push whose result is not the array's length (a patched push).
    rt.mc(base, list, 99);
    const proxy = new Proxy([1], {});
    rt.w(2, 0, proxy);
    rt.mc(base, proxy, proxy.push(2));
    rt.mc(base, proxy, proxy.push(3));
    const records = ring.take();
    const kinds = records.filter((r) => r.kind !== Kind.String).map((r) => r.kind);
    assert.deepEqual(kinds, [
      Kind.Snapshot, Kind.VarWrite, Kind.Snapshot, Kind.MutatingCall, Kind.PropWrite,
      Kind.Snapshot, Kind.MutatingCall, Kind.Snapshot, Kind.MutatingCall, Kind.Snapshot, Kind.MutatingCall,
      Kind.Snapshot, Kind.VarWrite, Kind.Snapshot, Kind.MutatingCall, Kind.Snapshot, Kind.MutatingCall,
    ]);
    const last = snapshots(records).filter((snap) => snap.object === rt.capture.knownId(list)).pop()!;
    assert.deepEqual(last.entries.map(([, v]) => v), [{ t: 'number', v: 1 }, { t: 'number', v: 2 }]);
  });

  it('keeps identities, snapshots once and records push exactly past the objects its WeakMap takes', () => {
    const ring = new MemoryRing();
    const rt = runtimeOn(ring, { weakEntries: 2 });
    const push = rt.register('/m.ts', { sites: [{ kind: 'call', name: 'push' }] });
    const objects = Array.from({ length: 6 }, (_, i) => ({ i }));
    for (const o of objects) rt.w(1, 0, o);
    assert.equal(snapshots(ring.take()).length, 6);
    for (const o of objects) rt.w(1, 0, o);
    const again = ring.take();
    assert.equal(snapshots(again).length, 0, 'each object is snapshotted once, stamped or not');
    assert.deepEqual(events(again).map((r) => ((r as { value: WireValue }).value as { id: number }).id), objects.map((o) => rt.capture.knownId(o)));
    const list: number[] = [];
    rt.w(1, 0, list);
    rt.mc(push, list, list.push(1)); // recorded length unknown yet: a fresh snapshot
    ring.take();
    rt.mc(push, list, list.push(2));
    const records = ring.take();
    assert.equal(snapshots(records).length, 0);
    assert.deepEqual(events(records)[0], { kind: Kind.PropWrite, site: push, object: rt.capture.knownId(list), key: { t: 'number', v: 1 }, value: { t: 'number', v: 2 } });
    const ids = objects.map((o) => rt.capture.knownId(o));
    assert.equal(new Set(ids).size, 6);
    assert.ok(ids.every((id) => id > 0));
  });

  it('records `s += x` as the new value, a long string\'s first units taken from the value before', () => {
    const ring = new MemoryRing();
    const rt = runtimeOn(ring, { stringUnits: 4 });
    let s = 'ab';
    for (const piece of ['cd', 'ef', 'gh']) assert.equal(rt.wa(7, 1, s, (s += piece)), s);
    rt.w(7, 1, (s = 'WXYZ-long'));
    assert.equal(rt.wa(7, 1, s, (s += 1)), 'WXYZ-long1');
    assert.equal(rt.wa(8, 1, 3, 4), 4);
    const values = events(ring.take()).map((r) => (r as { value: WireValue }).value);
    assert.deepEqual(values, [
      { t: 'string', v: 'abcd' }, { t: 'string', v: 'abcd', cut: true }, { t: 'string', v: 'abcd', cut: true },
      { t: 'string', v: 'WXYZ', cut: true }, { t: 'string', v: 'WXYZ', cut: true }, { t: 'number', v: 4 },
    ]);
  });

  it('records a long string built by `+=` without reading it whole at every append (V8 flattens a read one)', () => {
    const { ring, rt } = setup();
    const piece = 'x'.repeat(40);
    let s = '';
    const started = process.hrtime.bigint();
    // 1.2 MB in 30 000 appends: reading each result (a slice flattens it) copies ~18 GB (12 s).
    for (let i = 0; i < 30_000; i++) rt.wa(9, 1, s, (s += piece));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const last = events(ring.take()).at(-1) as { value: WireValue };
    assert.deepEqual(last.value, { t: 'string', v: piece.repeat(25), cut: true });
    assert.ok(ms < 3000, `${ms} ms`);
  });

  it('records `o.p += x` on a long string property without reading each new value whole', () => {
    const { ring, rt } = setup();
    const o = { out: '' };
    rt.w(1, 1, o);
    const piece = 'y'.repeat(40);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 30_000; i++) o.out = rt.pa(10, o, 'out', o.out, o.out + piece) as string;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const writes = events(ring.take()).filter((r) => r.kind === Kind.PropWrite) as { value: WireValue }[];
    assert.equal(writes.length, 30_000);
    assert.deepEqual(writes[1].value, { t: 'string', v: piece.repeat(2) });
    assert.deepEqual(writes.at(-1)!.value, { t: 'string', v: piece.repeat(25), cut: true });
    assert.equal(rt.pa(10, o, 'n', 1, 3), 3);
    assert.ok(ms < 3000, `${ms} ms`);
  });

  it('records postfix updates with the new value and returns the old one', () => {
    const { ring, rt } = setup();
    assert.equal(rt.wp(3, 1, 5, 6), 5);
    assert.deepEqual(events(ring.take()), [{ kind: Kind.VarWrite, site: 3, frame: 1, value: { t: 'number', v: 6 } }]);
  });

  it('writes the missing AwaitResume (threw) when a rejected await lands in a catch', () => {
    const { ring, rt } = setup();
    const f = rt.c0(1, 0, undefined);
    rt.as(2, f, 'p');
    // the caller continues while f is suspended
    const g = rt.c0(3, 0, undefined);
    rt.r(3, g, undefined);
    // f resumes by rejection: no ar probe, straight into its catch clause
    const error = new Error('no');
    rt.k(4, f, error);
    rt.r(1, f, 1);
    const kinds = events(ring.take()).map((r) => [r.kind, (r as { frame?: number }).frame, (r as { threw?: boolean }).threw]);
    assert.deepEqual(kinds, [
      [Kind.CallEnter, 1, undefined], [Kind.AwaitSuspend, 1, undefined],
      [Kind.CallEnter, 2, undefined], [Kind.Return, 2, undefined],
      [Kind.AwaitResume, 1, true], [Kind.Catch, 1, undefined], [Kind.Return, 1, undefined],
    ]);
  });

  it('resumes awaits and yields in order and keeps frames suspended across other calls', () => {
    const { ring, rt } = setup();
    const gen = rt.c0(1, 0, undefined);
    assert.equal(rt.y(2, gen, 'v'), 'v');
    const other = rt.c0(3, 0, undefined);
    rt.r(3, other, 0);
    assert.equal(rt.yr(2, gen, 'sent'), 'sent');
    rt.u(1, gen, new Error('x'));
    assert.deepEqual(events(ring.take()).map((r) => r.kind), [
      Kind.CallEnter, Kind.Yield, Kind.CallEnter, Kind.Return, Kind.YieldResume, Kind.Unwind,
    ]);
  });

  it('unwinds frames that left without a probe before a caller returns', () => {
    const { ring, rt } = setup();
    const outer = rt.c0(1, 0, undefined);
    const inner = rt.c0(2, outer, undefined);
    rt.r(1, outer, 0);
    assert.deepEqual(events(ring.take()).map((r) => [r.kind, (r as { frame: number }).frame]), [
      [Kind.CallEnter, outer], [Kind.CallEnter, inner], [Kind.Unwind, inner], [Kind.Return, outer],
    ]);
  });

  it('registers site tables with consecutive base ids', () => {
    const { ring, rt } = setup();
    const b1 = rt.register('/a.ts', JSON.stringify({ file: '/a.ts', sites: [{}, {}, {}] }));
    const b2 = rt.register('/b.ts', { sites: [{}] });
    assert.deepEqual([b1, b2], [1, 4]);
    const tables = ring.take().filter((r) => r.kind === Kind.SiteTable);
    assert.deepEqual(tables.map((t) => [t.baseSiteId, t.count, t.file]), [[1, 3, '/a.ts'], [4, 1, '/b.ts']]);
  });

  it("records a library's writes to recorded objects only, writing its site table with the first", () => {
    const { ring, rt } = setup();
    const table = (file: string) => JSON.stringify({ file, mode: 'writes', sites: [{ kind: 'module' }, { kind: 'write' }, { kind: 'call', name: 'push' }] });
    const lib = rt.register('/lib.js', table('/lib.js'));
    const untouched = rt.register('/other.js', table('/other.js'));
    const own = { internal: 1 };
    assert.equal(rt.lw(lib + 1, own, 'internal', 2), 2, "the library's own object: nothing recorded");
    assert.deepEqual(ring.take().filter((r) => r.kind === Kind.SiteTable), [], 'no table before a recorded write');

    const seen: { list: number[]; name?: string } = { list: [] };
    rt.w(1, 0, seen);
    ring.take();
    assert.equal(rt.lw(lib + 1, seen, 'name', 'set by lib'), 'set by lib');
    seen.list.push(7);
    rt.mc(lib + 2, seen.list, 1);
    delete seen.name;
    assert.equal(rt.ld(lib + 1, seen, 'name', true), true);
    const records = ring.take();
    const tables = records.filter((r) => r.kind === Kind.SiteTable);
    assert.deepEqual(tables.map((t) => [t.baseSiteId, t.count, t.file]), [[lib, 3, '/lib.js']], 'the table, once, before its first event');
    assert.ok(records.indexOf(tables[0]) < records.findIndex((r) => r.kind === Kind.PropWrite));
    const kinds = events(records).filter((r) => r.kind !== Kind.SiteTable).map((r) => r.kind);
    assert.deepEqual(kinds, [Kind.PropWrite, Kind.MutatingCall, Kind.PropDelete]);
    assert.equal(untouched, lib + 3);
  });

  it('does not keep alive an object the program let go', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { rt } = setup();
    let ref: WeakRef<object> | undefined;
    (() => {
      const o = { big: new Array(1000).fill(0) };
      rt.w(1, 0, o);
      ref = new WeakRef(o);
    })();
    for (let i = 0; i < 5 && ref!.deref() !== undefined; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    assert.equal(ref!.deref(), undefined);
  });

  it('publishes records in batches, and everything on flush', () => {
    const ring = new MemoryRing();
    const rt = new Runtime(ring);
    rt.s(1);
    for (let i = 0; i < 200; i++) rt.s(1);
    const committedBeforeFlush = (ring as unknown as { committed: number }).committed;
    assert.ok(committedBeforeFlush > 0 && committedBeforeFlush < 201 * 2, 'some batches were published, the tail is not yet');
    rt.capture.flush();
    assert.equal((ring as unknown as { committed: number }).committed, 201 * 2);
  });

  it('installs once per thread, non-enumerable', () => {
    const first = installRuntime();
    assert.equal(installRuntime(), first);
    assert.equal((globalThis as Record<symbol, unknown>)[RUNTIME_KEY], first);
    assert.equal(Object.getOwnPropertyDescriptor(globalThis, RUNTIME_KEY)!.enumerable, false);
    // Without a channel the probes still run and return what they are given.
    assert.equal(first.w(1, 0, 'x'), 'x');
  });
});
