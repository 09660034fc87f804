/**
 * Value capture: encodes program values into wire words (docs/ARCHITECTURE.md §1) straight into
 * the thread's ring, with no allocation for primitive values.
 *
 * The rules this file keeps (the program must behave the same):
 * - It never runs program code: no getter (properties are read through their descriptors, an
 *   accessor is recorded as `Accessor`), no Proxy trap (a proxy is recognised by
 *   `util.types.isProxy` and recorded as an opaque Proxy), no `toString`/`toJSON`/
 *   `Symbol.toPrimitive`, and no prototype method the program could have replaced (built-ins are
 *   captured once, at load, before any program code runs).
 * - It never keeps an object alive: identities live in a WeakMap.
 * - It never throws into the program: the object paths are guarded; primitives cannot throw.
 *
 * Encoding protocol for a record carrying values: first `prep` every value into a scratch slot
 * (this may emit String/Snapshot metadata records, which must precede the event), then `reserve`
 * the record, write the plain words, `put` the slots, `commit`.
 */
import { types as utilTypes } from 'node:util';
import { Kind, ObjectType, SnapshotFlag, Tag, header, stringRecordWords } from '../protocol/wire';
import type { RingWriter } from './ring';

export interface CaptureBudgets {
  /** UTF-16 units of a string kept whole; a longer one is cut to this prefix (StringCut). */
  stringUnits: number;
  /** Entries per snapshot (properties, elements, Map/Set entries); more → flagged Cut. */
  snapshotEntries: number;
  /** Nesting depth snapshotted along with an object; deeper objects get an id only (DepthCut). */
  snapshotDepth: number;
  /** Interned UTF-16 units after which the string table starts afresh (ids stay valid). */
  internedUnits: number;
}

export const DEFAULT_BUDGETS: CaptureBudgets = {
  stringUnits: 1000,
  snapshotEntries: 64,
  snapshotDepth: 2,
  internedUnits: 4 << 20,
};

/** Records per commit (see `publish`). */
const PUBLISH_BATCH = 64;

/** Scratch slots a single record may use: `this` plus arguments of `cn`, or key + value. */
export const MAX_SLOTS = 20;

// Built-ins the program could later replace or patch: taken once, when this module loads (the
// bootstrap runs before any program code).
const { apply } = Reflect;
const ownKeys = Reflect.ownKeys;
const getPrototypeOf = Reflect.getPrototypeOf as (o: object) => (object & { next?: unknown }) | null;
const getOwnDescriptor = Reflect.getOwnPropertyDescriptor;
const isArray = Array.isArray;
const { isProxy, isMap, isSet, isDate, isRegExp, isNativeError, isTypedArray, isPromise, isWeakMap, isWeakSet,
  isAnyArrayBuffer, isBoxedPrimitive, isModuleNamespaceObject } = utilTypes;
const { get: mapGet, set: mapSet, has: mapHas, delete: mapDelete, entries: mapEntries } = Map.prototype;
const { get: weakMapGet, set: weakMapSet, has: weakMapHas } = WeakMap.prototype;
const mapIteratorNext = getPrototypeOf(new Map().entries())!.next as (this: Iterator<[unknown, unknown]>) => IteratorResult<[unknown, unknown]>;
const setValues = Set.prototype.values;
const setIteratorNext = getPrototypeOf(new Set().values())!.next as (this: Iterator<unknown>) => IteratorResult<unknown>;
const sizeOf = (proto: object) => getOwnDescriptor(proto, 'size')!.get!;
const mapSize = sizeOf(Map.prototype);
const setSize = sizeOf(Set.prototype);
const dateValueOf = Date.prototype.valueOf;
const regExpSource = getOwnDescriptor(RegExp.prototype, 'source')!.get!;
const regExpFlags = getOwnDescriptor(RegExp.prototype, 'flags')!.get!;
const symbolDescription = getOwnDescriptor(Symbol.prototype, 'description')!.get!;
const bigintToString = BigInt.prototype.toString;
const typedArrayProto = getPrototypeOf(Int8Array.prototype) as object;
const typedArrayLength = getOwnDescriptor(typedArrayProto, 'length')!.get!;
const typedArrayTag = getOwnDescriptor(typedArrayProto, Symbol.toStringTag)!.get!;
const arrayBufferByteLength = getOwnDescriptor(ArrayBuffer.prototype, 'byteLength')!.get!;
const ErrorCtor = Error;

// Local copies of the tags (see probes.ts: imported objects may be read through getters).
const { Accessor: T_Accessor, BigInt: T_BigInt, Double: T_Double, False: T_False, Hole: T_Hole, Int: T_Int, NotRecorded: T_NotRecorded, Null: T_Null, Object: T_Object, String: T_String, StringCut: T_StringCut, Symbol: T_Symbol, True: T_True, Undefined: T_Undefined } = Tag;

/** Stands for a value the runtime does not know (a synthetic Unwind's exception): NotRecorded. */
export const NOT_RECORDED: unknown = Symbol('scope.notRecorded');

const F64 = new Float64Array(1);
const F64_WORDS = new Int32Array(F64.buffer);

/** A value prepared for a snapshot entry: its tag and payload words. */
type EntryWords = number[];

export class Capture {
  writer: RingWriter;
  readonly budgets: CaptureBudgets;

  // Scratch slots (tag, payload, second payload word for doubles); see the encoding protocol.
  private readonly slotTag = new Int32Array(MAX_SLOTS);
  private readonly slotLow = new Int32Array(MAX_SLOTS);
  private readonly slotHigh = new Int32Array(MAX_SLOTS);

  private strings = privateMap<string, number>();
  private internedUnits = 0;
  private nextStringId = 1;
  /**
   * Object identities. A positive id: the object was snapshotted. A negative id: it has an id
   * (seen nested past the depth budget) but no snapshot yet; the first direct capture takes one.
   */
  private readonly ids = privateWeakMap<object, number>();
  private nextObjectId = 1;
  /**
   * Error.prepareStackTrace values that run no program code: Node's own (present when the runtime
   * loads) and any the runtime installs itself. Formatting a stack with another one would.
   */
  private unpublished = 0;
  private readingThrown = false;
  private readonly errorsWithStack = privateWeakMap<object, true>();
  private readonly trustedPrepareStackTrace: unknown[] = [(ErrorCtor as { prepareStackTrace?: unknown }).prepareStackTrace];

  constructor(writer: RingWriter, budgets: Partial<CaptureBudgets> = {}) {
    this.writer = writer;
    this.budgets = { ...DEFAULT_BUDGETS, ...budgets };
  }

  // --- values in scratch slots ----------------------------------------------------------------

  /** Prepares `v` in `slot`; returns the words it will occupy (2, or 3 for a double). */
  prep(v: unknown, slot: number): number {
    switch (typeof v) {
      case 'number':
        if ((v | 0) === v && (v !== 0 || 1 / v > 0)) {
          this.slotTag[slot] = T_Int;
          this.slotLow[slot] = v;
          return 2;
        }
        F64[0] = v;
        this.slotTag[slot] = T_Double;
        this.slotLow[slot] = F64_WORDS[0];
        this.slotHigh[slot] = F64_WORDS[1];
        return 3;
      case 'string':
        this.prepString(v, slot);
        return 2;
      case 'boolean':
        this.slotTag[slot] = v ? T_True : T_False;
        this.slotLow[slot] = 0;
        return 2;
      case 'undefined':
        this.slotTag[slot] = T_Undefined;
        this.slotLow[slot] = 0;
        return 2;
      case 'object':
        if (v === null) {
          this.slotTag[slot] = T_Null;
          this.slotLow[slot] = 0;
          return 2;
        }
        this.prepObject(v, slot);
        return 2;
      case 'function':
        this.prepObject(v, slot);
        return 2;
      default:
        this.prepRare(v, slot);
        return 2;
    }
  }

  /** Writes the value prepared in `slot` at `words[at]`; returns the index after it. */
  put(words: Int32Array, at: number, slot: number): number {
    const tag = this.slotTag[slot];
    words[at] = tag;
    words[at + 1] = this.slotLow[slot];
    if (tag !== T_Double) return at + 2;
    words[at + 2] = this.slotHigh[slot];
    return at + 3;
  }

  private setSlot(slot: number, tag: number, payload: number): void {
    this.slotTag[slot] = tag;
    this.slotLow[slot] = payload;
  }

  private prepString(s: string, slot: number): void {
    if (s.length <= this.budgets.stringUnits) {
      const id = this.internString(s);
      this.setSlot(slot, id === 0 ? T_NotRecorded : T_String, id);
    } else {
      const id = this.internString(s.slice(0, this.budgets.stringUnits));
      this.setSlot(slot, id === 0 ? T_NotRecorded : T_StringCut, id);
    }
  }

  private prepRare(v: unknown, slot: number): void {
    let id = 0;
    let tag: number = T_NotRecorded;
    try {
      if (typeof v === 'bigint') {
        id = this.internString(apply(bigintToString, v, []) as string);
        tag = T_BigInt;
      } else if (v === NOT_RECORDED) {
        id = 0;
      } else if (typeof v === 'symbol') {
        id = this.internString(symbolText(v));
        tag = T_Symbol;
      }
    } catch {
      id = 0;
    }
    this.setSlot(slot, id === 0 ? T_NotRecorded : tag, id);
  }

  private prepObject(o: object, slot: number): void {
    const id = this.objectId(o, 0);
    this.setSlot(slot, id === 0 ? T_NotRecorded : T_Object, id);
  }

  // --- strings ----------------------------------------------------------------------------------

  /** The string's id, emitting its String record the first time; 0 if it could not be written. */
  internString(s: string): number {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    const id = this.emitString(s);
    if (id === 0) return 0;
    if (this.internedUnits > this.budgets.internedUnits) {
      // Bound the memory the table holds; earlier ids stay valid on the receiving side.
      this.strings = privateMap();
      this.internedUnits = 0;
    }
    this.strings.set(s, id);
    this.internedUnits += s.length;
    return id;
  }

  /** Writes a String record with a fresh id, not interned (text seen once: console output, site tables). */
  emitString(s: string): number {
    const n = stringRecordWords(s.length);
    const at = this.reserve(n);
    if (at < 0) return 0;
    const id = this.nextStringId++;
    const words = this.writer.words;
    words[at] = header(Kind.String, n);
    words[at + 1] = id;
    words[at + 2] = s.length;
    // Two UTF-16 units per word, little-endian: the low half holds the first unit.
    const base = at + 3;
    const length = s.length;
    let i = 0;
    for (; i + 1 < length; i += 2) words[base + (i >> 1)] = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    if (i < length) words[base + (i >> 1)] = s.charCodeAt(i);
    this.publish();
    return id;
  }

  /**
   * Publishes records to the ring's consumer in batches: a commit is an atomic store (a fence), and
   * paying it per record would cost more than encoding the record. Records reserved and not yet
   * published become visible at the next batch, at `flush()` (the bootstrap calls it from a timer
   * for a live view), or when the ring's writer itself commits (before waiting for room, and in
   * the exit flush) — so nothing is lost, only delayed by at most one batch.
   */
  publish(): void {
    if (++this.unpublished >= PUBLISH_BATCH) this.flush();
  }

  flush(): void {
    this.unpublished = 0;
    this.writer.commit();
  }

  /** `writer.reserve`, except that a record too big for the ring counts as not written. */
  reserve(n: number): number {
    try {
      return this.writer.reserve(n);
    } catch {
      return -1;
    }
  }

  // --- objects ---------------------------------------------------------------------------------

  /** Id of an object already captured (snapshotted or not), 0 if never seen. */
  knownId(o: object): number {
    const id = this.ids.get(o);
    return id === undefined ? 0 : id < 0 ? -id : id;
  }

  /** True when the object has a snapshot in the recording (writes to it must be recorded). */
  isSnapshotted(o: object): boolean {
    const id = this.ids.get(o);
    return id !== undefined && id > 0;
  }

  /**
   * The object's id; at `depth` within the snapshot budget, it is snapshotted when first seen.
   * Returns 0 if capture failed (the value is then recorded as NotRecorded).
   */
  objectId(o: object, depth: number): number {
    const known = this.ids.get(o);
    if (known !== undefined && (known > 0 || depth >= this.budgets.snapshotDepth)) return known < 0 ? -known : known;
    try {
      const id = known === undefined ? this.nextObjectId++ : -known;
      if (depth >= this.budgets.snapshotDepth) {
        this.ids.set(o, -id);
        return id;
      }
      this.ids.set(o, id); // before the snapshot: a cycle back to `o` finds its id
      this.writeSnapshot(o, id, depth);
      return id;
    } catch {
      return 0;
    }
  }

  /** Takes a fresh snapshot of an object (after a built-in mutated it); returns its id. */
  resnapshot(o: object): number {
    const known = this.ids.get(o);
    if (known === undefined) return this.objectId(o, 0);
    const id = known < 0 ? -known : known;
    try {
      this.ids.set(o, id);
      this.writeSnapshot(o, id, 0);
      return id;
    } catch {
      return 0;
    }
  }

  private writeSnapshot(o: object, id: number, depth: number): void {
    // The global object (sloppy-mode `this`) would drag in every built-in: its entries get ids only.
    const snap = describe(o, this, o === globalThis ? this.budgets.snapshotDepth : depth + 1);
    const entryWords = snap.entries;
    const n = 7 + entryWords.length;
    const className = snap.className === '' ? 0 : this.internString(snap.className);
    const at = this.reserve(n);
    if (at < 0) return;
    const words = this.writer.words;
    words[at] = header(Kind.Snapshot, n);
    words[at + 1] = id;
    words[at + 2] = snap.type;
    words[at + 3] = className;
    words[at + 4] = snap.size;
    words[at + 5] = snap.flags;
    words[at + 6] = snap.count;
    for (let i = 0; i < entryWords.length; i++) words[at + 7 + i] = entryWords[i];
    this.publish();
  }

  /**
   * Encodes a value nested in a snapshot into `out` (objects at `depth` may be snapshotted
   * first, their records preceding the parent's). Returns false for an object past the depth
   * budget that has no snapshot, so the parent is flagged DepthCut.
   */
  encodeNested(v: unknown, depth: number, out: EntryWords): boolean {
    if ((typeof v === 'object' && v !== null) || typeof v === 'function') {
      const id = this.objectId(v, depth);
      if (id === 0) append(out, T_NotRecorded, 0);
      else append(out, T_Object, id);
      return this.isSnapshotted(v) || id === 0;
    }
    const words = this.prep(v, MAX_SLOTS - 1);
    append(out, this.slotTag[MAX_SLOTS - 1], this.slotLow[MAX_SLOTS - 1]);
    if (words === 3) out[out.length] = this.slotHigh[MAX_SLOTS - 1];
    return true;
  }

  /**
   * Whether a snapshot may read an Error's `stack` now. V8 formats the stack at its first read,
   * with the error's name and message of that moment: a snapshot taken while the error is still
   * being built (a subclass constructor setting `this.name`) would fix the wrong text for the
   * program. So stacks are read only while an exception is thrown, caught or uncaught
   * (`readingThrown`), and never when formatting would run a program-installed prepareStackTrace.
   */
  mayReadStack(): boolean {
    if (!this.readingThrown) return false;
    const prepare = (ErrorCtor as { prepareStackTrace?: unknown }).prepareStackTrace;
    return prepare === undefined || this.trustedPrepareStackTrace.includes(prepare);
  }

  markStackRecorded(error: object): void {
    this.errorsWithStack.set(error, true);
  }

  /**
   * Prepares a thrown/caught value in `slot`. An Error snapshotted before without its stack (seen
   * while it was being built) gets a fresh snapshot that has it.
   */
  prepThrown(v: unknown, slot: number): number {
    this.readingThrown = true;
    try {
      if (typeof v === 'object' && v !== null && isNativeError(v) && this.isSnapshotted(v) && !this.errorsWithStack.has(v)) this.resnapshot(v);
      return this.prep(v, slot);
    } finally {
      this.readingThrown = false;
    }
  }

  trustPrepareStackTrace(prepare: unknown): void {
    this.trustedPrepareStackTrace[this.trustedPrepareStackTrace.length] = prepare;
  }
}

/** Appends two words without `Array.prototype.push`, which the program may have patched. */
function append(out: number[], a: number, b: number): void {
  const n = out.length;
  out[n] = a;
  out[n + 1] = b;
}

/**
 * A Map / WeakMap for the runtime's own bookkeeping whose methods are the original built-ins,
 * held as own properties: a program that patches `Map.prototype.set` (to count calls, say) must
 * not see the runtime's calls.
 */
export function privateMap<K, V>(): Map<K, V> {
  const m = new Map<K, V>();
  Object.defineProperties(m, { get: { value: mapGet }, set: { value: mapSet }, has: { value: mapHas }, delete: { value: mapDelete } });
  return m;
}
export function privateWeakMap<K extends object, V>(): WeakMap<K, V> {
  const m = new WeakMap<K, V>();
  Object.defineProperties(m, { get: { value: weakMapGet }, set: { value: weakMapSet }, has: { value: weakMapHas } });
  return m;
}

function symbolText(s: symbol): string {
  const description = apply(symbolDescription, s, []) as string | undefined;
  return description === undefined ? 'Symbol()' : `Symbol(${description})`;
}

interface Described {
  type: number;
  className: string;
  size: number;
  flags: number;
  count: number;
  entries: EntryWords;
}

/**
 * Snapshot contents per object type (key → value pairs):
 * - Array: index → element (Hole for holes); TypedArray: index → number; size = length.
 * - Map: key → value; Set: index → element; size = size.
 * - Date: 'time' → ms; RegExp: 'source', 'flags'; ArrayBuffer: 'byteLength'.
 * - Object, class instance, Error, function: own properties (accessors as Accessor); an Error's
 *   'stack' is NotRecorded when formatting it would run a program-installed prepareStackTrace.
 * - Proxy, Promise, WeakMap/WeakSet, module namespace: no entries (reading them is not side-effect free).
 */
function describe(o: object, capture: Capture, depth: number): Described {
  const d: Described = { type: ObjectType.Object, className: '', size: 0, flags: 0, count: 0, entries: [] };
  if (isProxy(o)) {
    d.type = ObjectType.Proxy;
    d.className = 'Proxy';
    return d;
  }
  const limit = capture.budgets.snapshotEntries;
  // Both return false once the entry budget is spent (the snapshot is then flagged Cut).
  const entry = (key: unknown, value: unknown): boolean => {
    if (d.count >= limit) {
      d.flags |= SnapshotFlag.Cut;
      return false;
    }
    capture.encodeNested(key, depth, d.entries);
    if (!capture.encodeNested(value, depth, d.entries)) d.flags |= SnapshotFlag.DepthCut;
    d.count++;
    return true;
  };
  const entryTag = (key: unknown, tag: number): boolean => {
    if (d.count >= limit) {
      d.flags |= SnapshotFlag.Cut;
      return false;
    }
    capture.encodeNested(key, depth, d.entries);
    append(d.entries, tag, 0);
    d.count++;
    return true;
  };
  d.className = className(o);
  if (isArray(o)) {
    d.type = ObjectType.Array;
    const length = (getOwnDescriptor(o, 'length')!.value as number) >>> 0;
    d.size = length;
    for (let i = 0; i < length; i++) {
      const desc = getOwnDescriptor(o, i);
      const taken = desc === undefined ? entryTag(i, T_Hole) : 'value' in desc ? entry(i, desc.value) : entryTag(i, T_Accessor);
      if (!taken) break;
    }
    return d;
  }
  if (typeof o === 'function') {
    const prototype = getOwnDescriptor(o, 'prototype');
    d.type = prototype !== undefined && 'value' in prototype && prototype.writable === false ? ObjectType.Class : ObjectType.Function;
    const name = getOwnDescriptor(o, 'name');
    d.className = name !== undefined && typeof name.value === 'string' ? name.value : '';
    ownProperties(o, d, entry, entryTag, (key) => key !== 'name' && key !== 'length' && key !== 'prototype');
    return d;
  }
  if (isMap(o)) {
    d.type = ObjectType.Map;
    d.size = apply(mapSize, o, []) as number;
    const iterator = apply(mapEntries, o, []) as Iterator<[unknown, unknown]>;
    for (let next = apply(mapIteratorNext, iterator, []); !next.done; next = apply(mapIteratorNext, iterator, [])) {
      if (!entry(next.value[0], next.value[1])) break;
    }
    return d;
  }
  if (isSet(o)) {
    d.type = ObjectType.Set;
    d.size = apply(setSize, o, []) as number;
    const iterator = apply(setValues, o, []) as Iterator<unknown>;
    let index = 0;
    for (let next = apply(setIteratorNext, iterator, []); !next.done; next = apply(setIteratorNext, iterator, [])) {
      if (!entry(index++, next.value)) break;
    }
    return d;
  }
  if (isTypedArray(o)) {
    d.type = ObjectType.TypedArray;
    d.className = apply(typedArrayTag, o, []) as string;
    const length = apply(typedArrayLength, o, []) as number;
    d.size = length;
    const elements = o as unknown as ArrayLike<number>;
    for (let i = 0; i < length; i++) if (!entry(i, elements[i])) break;
    return d;
  }
  if (isDate(o)) {
    d.type = ObjectType.Date;
    entry('time', apply(dateValueOf, o, []));
    return d;
  }
  if (isRegExp(o)) {
    d.type = ObjectType.RegExp;
    entry('source', apply(regExpSource, o, []));
    entry('flags', apply(regExpFlags, o, []));
    ownProperties(o, d, entry, entryTag, (key) => key !== 'lastIndex');
    return d;
  }
  if (isPromise(o)) {
    d.type = ObjectType.Promise;
    return d;
  }
  if (isWeakMap(o) || isWeakSet(o)) {
    d.type = ObjectType.WeakCollection;
    return d;
  }
  if (isAnyArrayBuffer(o)) {
    d.type = ObjectType.ArrayBuffer;
    try {
      entry('byteLength', apply(arrayBufferByteLength, o, []));
    } catch {
      // A SharedArrayBuffer: its byteLength getter lives on another prototype; the entry is optional.
    }
    return d;
  }
  if (isModuleNamespaceObject(o)) {
    // Reading a binding still in its temporal dead zone would throw: record the shape only.
    d.type = ObjectType.Other;
    d.className = 'Module';
    return d;
  }
  if (isNativeError(o)) d.type = ObjectType.Error;
  else if (isBoxedPrimitive(o)) d.type = ObjectType.Other;
  const skipStack = d.type === ObjectType.Error && !capture.mayReadStack();
  ownProperties(o, d, entry, entryTag, () => true, skipStack);
  if (d.type === ObjectType.Error && !skipStack) capture.markStackRecorded(o);
  return d;
}

function ownProperties(
  o: object,
  d: Described,
  entry: (key: unknown, value: unknown) => boolean,
  entryTag: (key: unknown, tag: number) => boolean,
  keep: (key: string | symbol) => boolean,
  skipStack = false,
): void {
  const keys = ownKeys(o);
  let size = 0;
  for (let i = 0; i < keys.length; i++) if (keep(keys[i])) size++;
  d.size = size;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (!keep(key)) continue;
    let taken: boolean;
    if (skipStack && key === 'stack') taken = entryTag(key, T_NotRecorded);
    else {
      const desc = getOwnDescriptor(o, key);
      if (desc === undefined) continue;
      taken = 'value' in desc ? entry(key, desc.value) : entryTag(key, T_Accessor);
    }
    if (!taken) break;
  }
}

/**
 * The name of the object's class, read without running program code: the prototype's own
 * `constructor` data property and that function's own `name` data property. '' for plain objects.
 */
function className(o: object): string {
  const proto = getPrototypeOf(o);
  if (proto === null) return '';
  const ctor = getOwnDescriptor(proto, 'constructor');
  if (ctor === undefined || !('value' in ctor) || typeof ctor.value !== 'function') return '';
  if (ctor.value === Object) return '';
  const name = getOwnDescriptor(ctor.value, 'name');
  return name !== undefined && typeof name.value === 'string' ? name.value : '';
}
