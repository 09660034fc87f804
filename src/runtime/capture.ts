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
 * - It never keeps an object alive: identities live in a WeakMap or on the object (IdentityTable).
 * - It never throws into the program: the object paths are guarded; primitives cannot throw.
 *
 * Encoding protocol for a record carrying values: first `prep` every value into a scratch slot
 * (this may emit String/Snapshot metadata records, which must precede the event), then `reserve`
 * the record, write the plain words, `put` the slots, `commit`.
 */
import { types as utilTypes } from 'node:util';
import { endianness } from 'node:os';
import { Kind, ObjectType, SnapshotFlag, Tag, header, packUnits, textRecordWords, writeTextRecord } from '../protocol/wire';
import { IdentityTable, privateMap, privateWeakMap, WEAK_ENTRIES } from './private-tables';
import type { RingWriter } from './ring';

export interface CaptureBudgets {
  /** UTF-16 units of a string kept whole; a longer one is cut to this prefix (StringCut). */
  stringUnits: number;
  /** Entries per snapshot (properties, elements, Map/Set entries); more → flagged Cut. */
  snapshotEntries: number;
  /** Nesting depth always snapshotted along with an object. */
  snapshotDepth: number;
  /**
   * Entries a capture may spend on objects nested deeper than `snapshotDepth` (down to
   * MAX_SNAPSHOT_DEPTH), first come first served; past it, deeper objects get an id only (DepthCut)
   * and a snapshot when captured directly. A small structure (a config, a parser's tokens, a
   * response) is then seen whole where it is first captured — often the only time, when a
   * library built it — and a big one costs no more than before.
   */
  deepEntries: number;
  /** Interned UTF-16 units after which the string table starts afresh (ids stay valid). */
  internedUnits: number;
  /** Objects given an id through a WeakMap before ids are stamped on the objects (see IdentityTable). */
  weakEntries: number;
}

export const DEFAULT_BUDGETS: CaptureBudgets = {
  stringUnits: 1000,
  snapshotEntries: 64,
  snapshotDepth: 2,
  deepEntries: 64,
  internedUnits: 4 << 20,
  weakEntries: WEAK_ENTRIES,
};

/** Built-in mutators `recordMutation` records precisely (the others get a fresh snapshot). */
export const MUTATOR_OTHER = 0;
export const MUTATOR_PUSH = 1;
export const MUTATOR_POP = 2;
/** A Date setter: recorded (by a fresh snapshot) only when the receiver is a Date. */
export const MUTATOR_DATE = 3;
/** An `Object`/`Reflect` function after which writes to its object may fail (see `guardWrites`). */
export const MUTATOR_LOCK = 4;

/** Deepest nesting a capture snapshots, however small the objects (see `deepEntries`). */
export const MAX_SNAPSHOT_DEPTH = 8;

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
const isExtensible = Reflect.isExtensible;
const isArray = Array.isArray;
const { isProxy, isMap, isSet, isDate, isRegExp, isNativeError, isTypedArray, isPromise, isWeakMap, isWeakSet,
  isAnyArrayBuffer, isBoxedPrimitive, isModuleNamespaceObject } = utilTypes;
const mapEntries = Map.prototype.entries;
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
const bufferFrom = Buffer.from as (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer;
const bufferWrite = Buffer.prototype.write;
const stringSlice = String.prototype.slice;
/** The global object, taken before program code could reassign the `globalThis` binding. */
const GLOBAL_OBJECT: object = globalThis;
const OBJECT_PROTOTYPE: object = Object.prototype;
const ARRAY_PROTOTYPE: object = Array.prototype;
/** Keys of a prototype chain that a write does not store as own data (see `storesOwnData`). */
type InterceptedKeys = Map<string | symbol, true>;
/** The usual prototype chain (a class's, ending in Object.prototype): only `__proto__` is an accessor. */
const ONLY_PROTO_ACCESSOR: InterceptedKeys = privateMap();

// Local copies of the tags (see probes.ts: imported objects may be read through getters).
const { Array: O_Array, ArrayBuffer: O_ArrayBuffer, Class: O_Class, Date: O_Date, Error: O_Error, Function: O_Function, Map: O_Map, Object: O_Object, Other: O_Other, Promise: O_Promise, Proxy: O_Proxy, RegExp: O_RegExp, Set: O_Set, TypedArray: O_TypedArray, WeakCollection: O_WeakCollection } = ObjectType;
const { Cut: F_Cut, DepthCut: F_DepthCut } = SnapshotFlag;
const { PropWrite: K_PropWrite, Snapshot: K_Snapshot } = Kind;
const { Accessor: T_Accessor, BigInt: T_BigInt, Double: T_Double, False: T_False, Hole: T_Hole, Int: T_Int, NotRecorded: T_NotRecorded, Null: T_Null, Object: T_Object, String: T_String, StringCut: T_StringCut, Symbol: T_Symbol, True: T_True, Undefined: T_Undefined } = Tag;

/** Stands for a value the runtime does not know (a synthetic Unwind's exception): NotRecorded. */
export const NOT_RECORDED: unknown = Symbol('scope.notRecorded');

/**
 * Strings from this many UTF-16 units on are copied into the ring by Node's native UTF-16LE
 * writer. Unit by unit costs ~3 ns a unit; the native copy ~0.15 ns a unit plus ~60 ns a call
 * (bench/capture.bench.ts "strings"): a source text or a document passed around (the parser
 * workload's) is copied 20× faster, short names stay on the JavaScript path.
 */
const NATIVE_PACK_UNITS = 32;
/** The ring's words are read as UTF-16LE units: the native copy is the same bytes only on little-endian machines. */
const NATIVE_PACK = endianness() === 'LE';

const F64 = new Float64Array(1);
const F64_WORDS = new Int32Array(F64.buffer);

export class Capture {
  writer: RingWriter;
  readonly budgets: CaptureBudgets;

  // Scratch slots (tag, payload, second payload word for doubles); see the encoding protocol.
  private readonly slotTag = new Int32Array(MAX_SLOTS);
  private readonly slotLow = new Int32Array(MAX_SLOTS);
  private readonly slotHigh = new Int32Array(MAX_SLOTS);

  /** Interned strings (and symbols, see `internSymbol`) → string id. */
  private strings = privateMap<string | symbol, number>();
  private internedUnits = 0;
  private nextStringId = 1;
  /**
   * Object identities. A positive id: the object was snapshotted. A negative id: it has an id
   * (seen nested past the depth budget) but no snapshot yet; the first direct capture takes one.
   */
  private readonly ids: IdentityTable<number>;
  /** What is left of `deepEntries` in the capture under way (set when a depth-0 snapshot starts). */
  private deepEntriesLeft = 0;
  private nextObjectId = 1;
  /**
   * Error.prepareStackTrace values that run no program code: Node's own (present when the runtime
   * loads) and any the runtime installs itself. Formatting a stack with another one would.
   */
  private unpublished = 0;
  /**
   * The global object's id once it has a snapshot. A sloppy-mode function called plainly gets the
   * global object as `this` at every call, so it is recognised by one comparison instead of an
   * identity lookup (measured: 40% of the lookups of a sloppy call-heavy program).
   */
  private globalObjectId = 0;
  private readingUncaught = false;
  private readonly errorsWithStack = privateWeakMap<object, true>();
  /** Objects an `Object`/`Reflect` function changed: writes to them are checked (see `writeTakesEffect`). */
  private readonly guarded = privateWeakMap<object, true>();
  private anyGuarded = false;
  /** Prototype → the keys a write on its objects does not store as their own data (see `storesOwnData`). */
  private readonly interceptedKeys = privateWeakMap<object, InterceptedKeys>();
  /** Prototype → what its objects are (see PrototypeInfo); null prototypes share `nullPrototype`. */
  private readonly prototypes = privateWeakMap<object, PrototypeInfo>();
  private readonly nullPrototype: PrototypeInfo = { shape: O_Object, classId: 0 };
  /**
   * Array → the length its recorded state has, for arrays a built-in mutator ran on (see
   * `recordMutation`); -1 once a recorded write may have changed it.
   */
  private readonly recordedLengths: IdentityTable<number>;
  private anyRecordedLength = false;
  /** By `+=` site: the long string it last produced and the id of its first units (prepAppended). */
  private readonly appended = privateMap<number, { value: string; id: number }>();
  /** Snapshot builders by the depth of the object being snapshotted (made before program code runs). */
  private readonly builders: SnapshotBuilder[] = [];
  private readonly trustedPrepareStackTrace: unknown[] = [(ErrorCtor as { prepareStackTrace?: unknown }).prepareStackTrace];

  constructor(writer: RingWriter, budgets: Partial<CaptureBudgets> = {}) {
    this.writer = writer;
    this.budgets = { ...DEFAULT_BUDGETS, ...budgets };
    this.ids = new IdentityTable(this.budgets.weakEntries);
    this.recordedLengths = new IdentityTable(this.budgets.weakEntries);
    for (let depth = 0; depth < MAX_SNAPSHOT_DEPTH; depth++) this.builders[depth] = new SnapshotBuilder(this);
    for (const [proto, shape] of builtinPrototypeShapes()) this.prototypes.set(proto, { shape, classId: -1 });
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

  /**
   * `prep`, except that an object seen for the first time gets an id and no snapshot: the first
   * capture after this one takes it (an object still being built, see Runtime.defersThis).
   */
  prepWithoutSnapshot(v: unknown, slot: number): number {
    if ((typeof v !== 'object' || v === null) && typeof v !== 'function') return this.prep(v, slot);
    const id = this.objectId(v, MAX_SNAPSHOT_DEPTH);
    this.slotTag[slot] = id === 0 ? T_NotRecorded : T_Object;
    this.slotLow[slot] = id;
    return 2;
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

  /**
   * Prepares `value`, the result of `old += …` at `site`, with `old` a string longer than the
   * recorded units: `value` starts with `old`, so both have the same first units. Reading them from
   * `value` would make V8 flatten the whole string (`slice`, `charCodeAt`, every read does), once per
   * append: a loop building a long string by `+=` would cost its length squared (markdown-it
   * rendering 400 KB: 61 s recorded instead of 7 s). The first units are taken from `old` instead,
   * and when `old` is the value this site produced last time, not read at all.
   */
  prepAppended(site: number, old: string, value: string, slot: number): void {
    const last = this.appended.get(site);
    // `old` is longer than the budget: its cut prefix is `value`'s.
    if (last !== undefined && last.value === old) this.setSlot(slot, T_StringCut, last.id);
    else this.prepString(old, slot);
    const id = this.slotLow[slot];
    if (id === 0) {
      this.appended.delete(site);
      return;
    }
    // One string per site is kept: the one the program itself holds until its next append.
    if (last !== undefined) {
      last.value = value;
      last.id = id;
    } else {
      this.appended.set(site, { value, id });
    }
    this.setSlot(slot, T_StringCut, id);
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
        id = this.internSymbol(v);
        tag = T_Symbol;
      }
    } catch {
      id = 0;
    }
    this.setSlot(slot, id === 0 ? T_NotRecorded : tag, id);
  }

  private prepObject(o: object, slot: number): void {
    // An object already snapshotted (most arguments, `this` of a method) in one lookup; the global
    // object, a first sight or a deferred snapshot through `objectId`.
    const known = o === GLOBAL_OBJECT ? undefined : this.ids.get(o);
    const id = known !== undefined && known > 0 ? known : this.objectId(o, 0);
    this.slotTag[slot] = id === 0 ? T_NotRecorded : T_Object;
    this.slotLow[slot] = id;
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

  /**
   * The id of the symbol's text (`Symbol(description)`). The symbol itself is a key of the same
   * table (a symbol-keyed property, `{ [RETURN]: true }`, is seen again and again), so its text is
   * built and looked up once.
   */
  private internSymbol(v: symbol): number {
    const known = this.strings.get(v);
    if (known !== undefined) return known;
    const id = this.internString(symbolText(v));
    if (id !== 0) this.strings.set(v, id);
    return id;
  }

  /** Writes a String record with a fresh id, not interned (text seen once: console output, site tables). */
  emitString(s: string): number {
    const partUnits = this.stringPartUnits();
    if (s.length > partUnits) return this.emitStringInParts(s, partUnits);
    const at = this.reserve(textRecordWords(2, s.length));
    if (at < 0) return 0;
    const id = this.nextStringId++;
    writeTextRecord(this.writer.words, at, Kind.String, [id, s.length], s, 0, s.length, this.textPacker);
    this.publish();
    return id;
  }

  /** A Buffer over the ring's memory, for the native copy of long strings (see NATIVE_PACK_UNITS). */
  private unitsView: Buffer | undefined;
  private unitsViewWords: Int32Array | undefined;

  /** The runtime's UnitPacker: long strings through Node's native writer, built-ins taken at load. */
  readonly textPacker = (words: Int32Array, at: number, s: string, from: number, length: number): void => {
    if (length < NATIVE_PACK_UNITS || !NATIVE_PACK) {
      packUnits(words, at, s, from, length);
      return;
    }
    if (this.unitsViewWords !== words) {
      this.unitsView = bufferFrom(words.buffer, words.byteOffset, words.byteLength);
      this.unitsViewWords = words;
    }
    // An odd length leaves the last word's high half unwritten: zero it, as the portable packer does.
    if ((length & 1) !== 0) words[at + (length >> 1)] = 0;
    const text = from === 0 && length === s.length ? s : (apply(stringSlice, s, [from, from + length]) as string);
    apply(bufferWrite, this.unitsView, [text, at * 4, length * 2, 'utf16le']);
  };

  /**
   * The most UTF-16 units one String record carries: an eighth of the ring (2 MiB of a 16 MiB
   * one), so that a record always fits the ring and a transport frame. A big bundle's site table
   * (typescript.js: 13 MB in calls mode) is longer, and goes in StringPart records.
   */
  private stringPartUnits(): number {
    return Math.max(1024, (this.writer.words.length >> 3) * 2);
  }

  /** `emitString` in StringPart records, in order; 0 if a part could not be written (the reader drops the rest). */
  private emitStringInParts(s: string, partUnits: number): number {
    const id = this.nextStringId++;
    for (let offset = 0; offset < s.length; offset += partUnits) {
      const length = Math.min(partUnits, s.length - offset);
      const at = this.reserve(textRecordWords(4, length));
      if (at < 0) return 0;
      writeTextRecord(this.writer.words, at, Kind.StringPart, [id, s.length, offset, length], s, offset, length, this.textPacker);
      this.publish();
    }
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
    return this.snapshottedId(o) !== 0;
  }

  /** The id of an object that has a snapshot in the recording, else 0. */
  snapshottedId(o: object): number {
    const id = this.ids.get(o);
    return id !== undefined && id > 0 ? id : 0;
  }

  /**
   * The object's id; at `depth` within the snapshot budget, it is snapshotted when first seen.
   * Returns 0 if capture failed (the value is then recorded as NotRecorded).
   */
  objectId(o: object, depth: number): number {
    const id = this.identify(o, depth);
    return id < 0 ? -id : id;
  }

  /** `objectId`, negative when the object has an id but no snapshot (past the depth budget). */
  private identify(o: object, depth: number): number {
    if (o === GLOBAL_OBJECT && this.globalObjectId !== 0) return this.globalObjectId;
    const known = this.ids.get(o);
    if (known !== undefined && (known > 0 || !this.snapshotsAt(depth))) return known;
    try {
      const id = known === undefined ? this.nextObjectId++ : -known;
      if (!this.snapshotsAt(depth)) {
        this.ids.set(o, -id);
        return -id;
      }
      this.ids.set(o, id); // before the snapshot: a cycle back to `o` finds its id
      this.writeSnapshot(o, id, depth);
      if (o === GLOBAL_OBJECT) this.globalObjectId = id;
      return id;
    } catch {
      return 0;
    }
  }

  /** Whether an object met at `depth` of a capture is snapshotted (see `deepEntries`). */
  private snapshotsAt(depth: number): boolean {
    return depth < this.budgets.snapshotDepth || (depth < MAX_SNAPSHOT_DEPTH && this.deepEntriesLeft > 0);
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
    const b = this.builders[depth];
    // The global object (sloppy-mode `this`) would drag in every built-in: its entries get ids only.
    b.start(o === GLOBAL_OBJECT ? MAX_SNAPSHOT_DEPTH : depth + 1);
    if (depth === 0) this.deepEntriesLeft = this.budgets.deepEntries;
    describe(o, this, b);
    if (depth >= this.budgets.snapshotDepth) this.deepEntriesLeft -= 1 + b.count;
    const n = 7 + b.used;
    const at = this.reserve(n);
    if (at < 0) return;
    const words = this.writer.words;
    words[at] = header(K_Snapshot, n);
    words[at + 1] = id;
    words[at + 2] = b.type;
    words[at + 3] = b.classId;
    words[at + 4] = b.size;
    words[at + 5] = b.flags;
    words[at + 6] = b.count;
    const entries = b.words;
    for (let i = 0; i < b.used; i++) words[at + 7 + i] = entries[i];
    this.publish();
  }

  /**
   * What is known of objects with prototype `proto` (see PrototypeInfo); the class name is
   * interned on first use (not before the ring is attached: the id would name nothing).
   */
  prototypeInfo(proto: object | null): PrototypeInfo {
    if (proto === null) return this.nullPrototype;
    let info = this.prototypes.get(proto);
    if (info === undefined) {
      info = { shape: SHAPE_UNKNOWN, classId: -1 };
      this.prototypes.set(proto, info);
    }
    if (info.classId < 0) {
      const name = classNameOf(proto);
      const id = name === '' ? 0 : this.internString(name);
      if (id !== 0 || name === '') info.classId = id;
    }
    return info;
  }

  /**
   * Encodes a value nested in a snapshot into `out` (objects at `depth` may be snapshotted
   * first, their records preceding the parent's). Returns false for an object past the depth
   * budget that has no snapshot, so the parent is flagged DepthCut. `out` has room (see `ensure`).
   */
  encodeNested(v: unknown, depth: number, out: SnapshotBuilder): boolean {
    if ((typeof v === 'object' && v !== null) || typeof v === 'function') {
      const id = this.identify(v, depth);
      if (id === 0) out.append(T_NotRecorded, 0);
      else out.append(T_Object, id < 0 ? -id : id);
      return id >= 0;
    }
    const slot = MAX_SLOTS - 1;
    const words = this.prep(v, slot);
    out.append(this.slotTag[slot], this.slotLow[slot]);
    if (words === 3) out.words[out.used++] = this.slotHigh[slot];
    return true;
  }

  // --- property writes and built-in mutations ----------------------------------------------------

  /**
   * Whether `o[key] = value` stores `value` as an own data property of `o`, which is what a PropWrite
   * says. It does not when the prototype chain has an accessor for the key (a setter runs; its own
   * writes are recorded where it makes them: `t.fahrenheit = 212` is no property `fahrenheit`) or
   * a read-only property (the write fails). Decided once per prototype, from its chain as it is then;
   * the usual prototypes (Object's, Array's, none) are known. An accessor or read-only property of
   * the object itself, or a frozen object, still records the write as made.
   */
  storesOwnData(o: object, key: unknown): boolean {
    if (isProxy(o)) return true;
    const proto = getPrototypeOf(o);
    if (proto === null || proto === OBJECT_PROTOTYPE || proto === ARRAY_PROTOTYPE) return key !== '__proto__';
    let keys = this.interceptedKeys.get(proto);
    if (keys === undefined) {
      keys = interceptedKeysOf(proto);
      this.interceptedKeys.set(proto, keys);
    }
    if (keys === ONLY_PROTO_ACCESSOR) return key !== '__proto__';
    return !keys.has(typeof key === 'number' ? `${key}` : (key as string | symbol));
  }

  /** Marks an object whose properties may now be read-only, or which may refuse new ones. */
  guardWrites(o: object): void {
    this.guarded.set(o, true);
    this.anyGuarded = true;
  }

  /**
   * Whether a write to `o[key]` happens, for an object `guardWrites` marked: not when the property
   * is read-only or an accessor (`Object.defineProperty`, `Object.freeze`), nor when it is new and
   * the object takes none (`Object.seal`, `Object.preventExtensions`) — the write then fails
   * (silently in sloppy code). Other objects cost one flag test.
   */
  writeTakesEffect(o: object, key: unknown): boolean {
    if (!this.anyGuarded || this.guarded.get(o) === undefined || isProxy(o)) return true;
    try {
      const desc = getOwnDescriptor(o, key as PropertyKey);
      return desc === undefined ? isExtensible(o) : 'value' in desc && desc.writable === true;
    } catch {
      return true;
    }
  }

  /**
   * Writes a PropWrite (`site, object, key, value`) or, without a value, a PropDelete record
   * about object `id`. An array's recorded length is forgotten unless the write cannot change it.
   */
  /** @param appendedTo the value before, when `value` is a string it starts with (see prepAppended) */
  writeProperty(kind: number, site: number, o: object, id: number, key: unknown, value: unknown, withValue: boolean, appendedTo?: string): void {
    if (this.anyRecordedLength && isArrayQuietly(o)) {
      const known = this.recordedLengths.get(o);
      // An element below the recorded length (written or deleted) leaves the length as it is.
      if (known !== undefined && known >= 0 && !(typeof key === 'number' && key >>> 0 === key && key < known)) this.recordedLengths.set(o, -1);
    }
    this.writePropertyRecord(kind, site, id, key, value, withValue, appendedTo);
  }

  private writePropertyRecord(kind: number, site: number, id: number, key: unknown, value: unknown, withValue: boolean, appendedTo?: string): void {
    let n = 3 + this.prep(key, 0);
    if (appendedTo !== undefined) {
      this.prepAppended(site, appendedTo, value as string, 1);
      n += 2;
    } else if (withValue) {
      n += this.prep(value, 1);
    }
    const at = this.reserve(n);
    if (at < 0) return;
    const w = this.writer.words;
    w[at] = kind | (n << 8);
    w[at + 1] = site;
    w[at + 2] = id;
    const next = this.put(w, at + 3, 0);
    if (withValue) this.put(w, next, 1);
    this.publish();
  }

  /**
   * Records what a built-in mutator (`MUTATOR_*`) changed in `o`, a recorded object (snapshot id
   * `id`); `result` is what the call returned. `push` and `pop` on an array whose recorded length is known become
   * PropWrites of the new elements / of `length` — a few words where a fresh snapshot costs one
   * entry per element. Anything the runtime cannot be sure of (another mutator, a Proxy, an
   * unknown recorded length, a length that does not match the call, an element that is not a
   * data property) gets a fresh snapshot instead. Returns the object's id, 0 if nothing was recorded.
   */
  recordMutation(o: object, id: number, site: number, mutator: number, result: unknown): number {
    const array = isArrayQuietly(o) && !isProxy(o) ? (o as unknown[]) : undefined;
    if (array !== undefined && mutator !== MUTATOR_OTHER) {
      const known = this.recordedLengths.get(array);
      const length = array.length;
      if (known !== undefined && known >= 0 && this.writeArrayChange(array, id, site, mutator, result, known, length)) {
        if (length !== known) this.recordedLengths.set(array, length);
        return id;
      }
    }
    const snapshotted = this.resnapshot(o);
    if (array !== undefined && snapshotted !== 0) {
      this.recordedLengths.set(array, array.length);
      this.anyRecordedLength = true;
    }
    return snapshotted;
  }

  /** The records of a `push`/`pop` from recorded length `known` to `length`; false: not sure, snapshot instead. */
  private writeArrayChange(array: unknown[], id: number, site: number, mutator: number, result: unknown, known: number, length: number): boolean {
    if (mutator === MUTATOR_POP) {
      if (length !== known - 1 && !(known === 0 && length === 0)) return false;
      this.writePropertyRecord(K_PropWrite, site, id, 'length', length, true);
      return true;
    }
    // push: returns the new length; the elements from the recorded length on are new. (A write
    // of an index sets the rebuilt array's length past it, so `length` needs no record.)
    if (result !== length || length < known || length - known > this.budgets.snapshotEntries) return false;
    for (let i = known; i < length; i++) {
      const desc = getOwnDescriptor(array, i);
      if (desc === undefined || !('value' in desc)) return false; // the snapshot will say what it is
      this.writePropertyRecord(K_PropWrite, site, id, i, desc.value, true);
    }
    return true;
  }

  /**
   * Whether a snapshot may read an Error's `stack` now. V8 formats the stack at its first read,
   * with the error's name and message of that moment: a snapshot taken while the error is still
   * being built (a subclass constructor setting `this.name`) would fix the wrong text for the
   * program; and formatting drops the structured trace V8 keeps on the error, from which Node
   * places an uncaught error's header (`file:line`, source line, caret) — read at a throw or a
   * catch that rethrows, the header would name a line of Node's internals. So stacks are read only
   * once the exception is uncaught (`readingUncaught`, see Runtime.uncaught), and never when
   * formatting would run a program-installed prepareStackTrace.
   */
  mayReadStack(): boolean {
    if (!this.readingUncaught) return false;
    const prepare = (ErrorCtor as { prepareStackTrace?: unknown }).prepareStackTrace;
    return prepare === undefined || this.trustedPrepareStackTrace.includes(prepare);
  }

  markStackRecorded(error: object): void {
    this.errorsWithStack.set(error, true);
  }

  /**
   * Prepares an uncaught exception in `slot`. An Error snapshotted before without its stack (at its
   * throw, or while it was being built) gets a fresh snapshot that has it.
   */
  prepUncaught(v: unknown, slot: number): number {
    this.readingUncaught = true;
    try {
      if (typeof v === 'object' && v !== null && isNativeError(v) && this.isSnapshotted(v) && !this.errorsWithStack.has(v)) this.resnapshot(v);
      return this.prep(v, slot);
    } finally {
      this.readingUncaught = false;
    }
  }

  trustPrepareStackTrace(prepare: unknown): void {
    this.trustedPrepareStackTrace[this.trustedPrepareStackTrace.length] = prepare;
  }
}

/**
 * The keys along a prototype chain that are accessors or read-only data properties
 * (ONLY_PROTO_ACCESSOR for the usual), in a private map: the program may patch Set and Map methods.
 */
function interceptedKeysOf(proto: object): InterceptedKeys {
  const keys: InterceptedKeys = privateMap();
  let count = 0;
  try {
    for (let p: object | null = proto; p !== null && !isProxy(p); p = getPrototypeOf(p)) {
      const own = ownKeys(p);
      for (let i = 0; i < own.length; i++) {
        const desc = getOwnDescriptor(p, own[i]);
        if (desc !== undefined && (!('value' in desc) || desc.writable === false) && !keys.has(own[i])) {
          keys.set(own[i], true);
          count++;
        }
      }
    }
  } catch {
    // An exotic prototype: what was read is kept.
  }
  return count === 1 && keys.has('__proto__') ? ONLY_PROTO_ACCESSOR : keys;
}

function symbolText(s: symbol): string {
  const description = apply(symbolDescription, s, []) as string | undefined;
  return description === undefined ? 'Symbol()' : `Symbol(${description})`;
}

/**
 * A snapshot being built: its header fields and entry words. One per nesting depth, reused (a
 * nested object's snapshot is built while its parent's is open, one depth further).
 */
class SnapshotBuilder {
  words = new Int32Array(64);
  used = 0;
  type = 0;
  /** String id of the class name, 0 for none. */
  classId = 0;
  size = 0;
  flags = 0;
  count = 0;
  /** Depth at which the entries' object values are identified (and snapshotted within budget). */
  depth = 0;

  constructor(private readonly capture: Capture) {}

  start(depth: number): void {
    this.used = 0;
    this.type = O_Object;
    this.classId = 0;
    this.size = 0;
    this.flags = 0;
    this.count = 0;
    this.depth = depth;
  }

  /** Room for `n` more words. */
  ensure(n: number): void {
    if (this.used + n <= this.words.length) return;
    const grown = new Int32Array((this.used + n) * 2);
    grown.set(this.words);
    this.words = grown;
  }

  append(a: number, b: number): void {
    this.words[this.used] = a;
    this.words[this.used + 1] = b;
    this.used += 2;
  }

  /** Adds `key → value`; false once the entry budget is spent (the snapshot is then flagged Cut). */
  entry(key: unknown, value: unknown): boolean {
    if (!this.startEntry(key)) return false;
    if (!this.capture.encodeNested(value, this.depth, this)) this.flags |= F_DepthCut;
    return true;
  }

  /** Adds `key → tag` (Hole, Accessor, NotRecorded); false once the entry budget is spent. */
  entryTag(key: unknown, tag: number): boolean {
    if (!this.startEntry(key)) return false;
    this.append(tag, 0);
    return true;
  }

  /** Counts an entry and writes its key, with room for its value; false (and Cut) past the budget. */
  private startEntry(key: unknown): boolean {
    if (this.count >= this.capture.budgets.snapshotEntries) {
      this.flags |= F_Cut;
      return false;
    }
    this.count++;
    this.ensure(6); // key and value, each at most 3 words
    this.capture.encodeNested(key, this.depth, this);
    return true;
  }
}

/**
 * What is known of the objects that have a given prototype: the class name (the prototype's own
 * `constructor`) and the kind of object the first one was, so that the chain of `util.types`
 * checks (each a call into C++) runs once per prototype rather than once per object.
 */
interface PrototypeInfo {
  /** An ObjectType, SHAPE_MODULE, or SHAPE_UNKNOWN. */
  shape: number;
  /** Interned class name; -1 while not interned (no ring yet). */
  classId: number;
}

const SHAPE_UNKNOWN = -1;
/** A module namespace object (its type is Other, its class name 'Module'). */
const SHAPE_MODULE = -2;

/** The shape of a non-array, non-function, non-proxy object, from the full chain of checks. */
function classify(o: object): number {
  if (isMap(o)) return O_Map;
  if (isSet(o)) return O_Set;
  if (isTypedArray(o)) return O_TypedArray;
  if (isDate(o)) return O_Date;
  if (isRegExp(o)) return O_RegExp;
  if (isPromise(o)) return O_Promise;
  if (isWeakMap(o) || isWeakSet(o)) return O_WeakCollection;
  if (isAnyArrayBuffer(o)) return O_ArrayBuffer;
  if (isModuleNamespaceObject(o)) return SHAPE_MODULE;
  if (isNativeError(o)) return O_Error;
  if (isBoxedPrimitive(o)) return O_Other;
  return O_Object;
}

/** Whether `o` really has `shape` (one check where `classify` makes up to eleven). */
function hasShape(o: object, shape: number): boolean {
  switch (shape) {
    case O_Object: return true;
    case O_Map: return isMap(o);
    case O_Set: return isSet(o);
    case O_TypedArray: return isTypedArray(o);
    case O_Date: return isDate(o);
    case O_RegExp: return isRegExp(o);
    case O_Promise: return isPromise(o);
    case O_WeakCollection: return isWeakMap(o) || isWeakSet(o);
    case O_ArrayBuffer: return isAnyArrayBuffer(o);
    case SHAPE_MODULE: return isModuleNamespaceObject(o);
    case O_Error: return isNativeError(o);
    case O_Other: return isBoxedPrimitive(o);
    default: return false;
  }
}

/**
 * Built-in prototypes and their shapes, known before any object is seen: an object made with
 * `Object.create(Map.prototype)` (not a Map) must not teach the cache that Map.prototype holds
 * ordinary objects.
 */
function builtinPrototypeShapes(): [object, number][] {
  const shapes: [object, number][] = [
    [Object.prototype, O_Object], [Map.prototype, O_Map], [Set.prototype, O_Set],
    [Date.prototype, O_Date], [RegExp.prototype, O_RegExp], [Promise.prototype, O_Promise],
    [WeakMap.prototype, O_WeakCollection], [WeakSet.prototype, O_WeakCollection],
    [ArrayBuffer.prototype, O_ArrayBuffer], [SharedArrayBuffer.prototype, O_ArrayBuffer],
    [Number.prototype, O_Other], [String.prototype, O_Other], [Boolean.prototype, O_Other],
    [Symbol.prototype, O_Other], [BigInt.prototype, O_Other],
  ];
  for (const E of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError]) shapes[shapes.length] = [E.prototype, O_Error];
  for (const T of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array]) {
    shapes[shapes.length] = [T.prototype, O_TypedArray];
  }
  return shapes;
}

/**
 * `Array.isArray`, false where it throws (on a revoked Proxy: the program's own write must then
 * fail with the engine's error, not this one). Cheaper than ruling Proxies out first (util.types.isProxy
 * is a call into C++: ~10 ns on every recorded property write).
 */
export function isArrayQuietly(o: unknown): boolean {
  try {
    return isArray(o);
  } catch {
    return false;
  }
}

/** Own-property filters of `ownProperties`. */
const KEEP_ALL = 0;
/** A function: its `name`, `length` and `prototype` are shown by the type and class name. */
const KEEP_FUNCTION_EXTRAS = 1;
/** A RegExp: `lastIndex` changes on every match; source and flags are entries of their own. */
const KEEP_REGEXP_EXTRAS = 2;

function keeps(filter: number, key: string | symbol): boolean {
  if (filter === KEEP_FUNCTION_EXTRAS) return key !== 'name' && key !== 'length' && key !== 'prototype';
  return key !== 'lastIndex';
}

/**
 * Snapshot contents per object type (key → value pairs):
 * - Array: index → element (Hole for holes); TypedArray: index → number; size = length.
 * - Map: key → value; Set: index → element; size = size.
 * - Date: 'time' → ms; RegExp: 'source', 'flags'; ArrayBuffer: 'byteLength'.
 * - Object, class instance, Error, function: own properties (accessors as Accessor); an Error's
 *   'stack' is NotRecorded when formatting it would run a program-installed prepareStackTrace.
 * - Proxy, Promise, WeakMap/WeakSet, module namespace: no entries (reading them is not side-effect free).
 *
 * The kind of object is taken from the prototype's cached shape (see PrototypeInfo), checked with
 * one call for exotic shapes. An object whose prototype is cached as ordinary, or is null, is not
 * checked (but for a module namespace): a built-in whose prototype the program swapped for an
 * ordinary one or null (`Object.setPrototypeOf(new Map(), P)`) is then described by its own
 * properties only — less than it holds, never by running its code.
 */
function describe(o: object, capture: Capture, b: SnapshotBuilder): void {
  if (isProxy(o)) {
    b.type = O_Proxy;
    b.classId = capture.internString('Proxy');
    return;
  }
  if (typeof o === 'function') {
    const prototype = getOwnDescriptor(o, 'prototype');
    b.type = prototype !== undefined && 'value' in prototype && prototype.writable === false ? O_Class : O_Function;
    const name = getOwnDescriptor(o, 'name');
    b.classId = name !== undefined && typeof name.value === 'string' && name.value !== '' ? capture.internString(name.value) : 0;
    ownProperties(o, b, KEEP_FUNCTION_EXTRAS, false);
    return;
  }
  const proto = getPrototypeOf(o);
  const info = capture.prototypeInfo(proto);
  b.classId = info.classId < 0 ? 0 : info.classId;
  if (isArray(o)) {
    b.type = O_Array;
    const length = (getOwnDescriptor(o, 'length')!.value as number) >>> 0;
    b.size = length;
    for (let i = 0; i < length; i++) {
      const desc = getOwnDescriptor(o, i);
      const taken = desc === undefined ? b.entryTag(i, T_Hole) : 'value' in desc ? b.entry(i, desc.value) : b.entryTag(i, T_Accessor);
      if (!taken) break;
    }
    return;
  }
  let shape = info.shape;
  if (proto === null) {
    shape = isModuleNamespaceObject(o) ? SHAPE_MODULE : O_Object;
  } else if (shape === SHAPE_UNKNOWN) {
    shape = classify(o);
    info.shape = shape;
  } else if (!hasShape(o, shape)) {
    shape = classify(o); // Object.create(Map.prototype), say: the cache keeps the usual shape
  }
  switch (shape) {
    case O_Map: {
      b.type = O_Map;
      b.size = apply(mapSize, o, []) as number;
      const iterator = apply(mapEntries, o, []) as Iterator<[unknown, unknown]>;
      for (let next = apply(mapIteratorNext, iterator, []); !next.done; next = apply(mapIteratorNext, iterator, [])) {
        if (!b.entry(next.value[0], next.value[1])) break;
      }
      return;
    }
    case O_Set: {
      b.type = O_Set;
      b.size = apply(setSize, o, []) as number;
      const iterator = apply(setValues, o, []) as Iterator<unknown>;
      let index = 0;
      for (let next = apply(setIteratorNext, iterator, []); !next.done; next = apply(setIteratorNext, iterator, [])) {
        if (!b.entry(index++, next.value)) break;
      }
      return;
    }
    case O_TypedArray: {
      b.type = O_TypedArray;
      b.classId = capture.internString(apply(typedArrayTag, o, []) as string);
      const length = apply(typedArrayLength, o, []) as number;
      b.size = length;
      const elements = o as unknown as ArrayLike<number>;
      for (let i = 0; i < length; i++) if (!b.entry(i, elements[i])) break;
      return;
    }
    case O_Date:
      b.type = O_Date;
      b.entry('time', apply(dateValueOf, o, []));
      return;
    case O_RegExp:
      b.type = O_RegExp;
      b.entry('source', apply(regExpSource, o, []));
      b.entry('flags', apply(regExpFlags, o, []));
      ownProperties(o, b, KEEP_REGEXP_EXTRAS, false);
      return;
    case O_Promise:
    case O_WeakCollection:
      b.type = shape;
      return;
    case O_ArrayBuffer:
      b.type = O_ArrayBuffer;
      try {
        b.entry('byteLength', apply(arrayBufferByteLength, o, []));
      } catch {
        // A SharedArrayBuffer: its byteLength getter lives on another prototype; the entry is optional.
      }
      return;
    case SHAPE_MODULE:
      // Reading a binding still in its temporal dead zone would throw: record the shape only.
      b.type = O_Other;
      b.classId = capture.internString('Module');
      return;
    case O_Error: {
      b.type = O_Error;
      const skipStack = !capture.mayReadStack();
      ownProperties(o, b, KEEP_ALL, skipStack);
      if (!skipStack) capture.markStackRecorded(o);
      return;
    }
    default:
      b.type = shape; // Object, or Other (a boxed primitive)
      ownProperties(o, b, KEEP_ALL, false);
  }
}

function ownProperties(o: object, b: SnapshotBuilder, filter: number, skipStack: boolean): void {
  const keys = ownKeys(o);
  let size = keys.length;
  if (filter !== KEEP_ALL) for (let i = 0; i < keys.length; i++) if (!keeps(filter, keys[i])) size--;
  b.size = size;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (filter !== KEEP_ALL && !keeps(filter, key)) continue;
    let taken: boolean;
    if (skipStack && key === 'stack') taken = b.entryTag(key, T_NotRecorded);
    else {
      const desc = getOwnDescriptor(o, key);
      if (desc === undefined) continue;
      taken = 'value' in desc ? b.entry(key, desc.value) : b.entryTag(key, T_Accessor);
    }
    if (!taken) break;
  }
}

/**
 * The class name of objects with this prototype, read without running program code: the
 * prototype's own `constructor` data property and that function's own `name` data property. ''
 * for plain objects (and when the prototype is a Proxy, whose traps must not run).
 */
function classNameOf(proto: object): string {
  if (isProxy(proto)) return '';
  const ctor = getOwnDescriptor(proto, 'constructor');
  if (ctor === undefined || !('value' in ctor) || typeof ctor.value !== 'function') return '';
  if (ctor.value === Object) return '';
  const name = getOwnDescriptor(ctor.value, 'name');
  return name !== undefined && typeof name.value === 'string' ? name.value : '';
}
