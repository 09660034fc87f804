/**
 * The wire format: the one encoding of events shared by the debuggee's ring buffer, the socket
 * frames and the chunks of a `.scope` file. See docs/ARCHITECTURE.md §1 for the table of records.
 *
 * Invariant: every record starts with a header word `kind | (lengthInWords << 8)`; the length
 * counts the header, so any reader can skip a record it does not understand.
 */

export const SCHEMA_VERSION = 1;

/** Event kinds (< 64 get an instant) and metadata kinds (>= 64 do not). */
export const Kind = {
  CallEnter: 1,
  Return: 2,
  Unwind: 3,
  Throw: 4,
  Catch: 5,
  Statement: 6,
  VarWrite: 7,
  PropWrite: 8,
  PropDelete: 9,
  AwaitSuspend: 10,
  AwaitResume: 11,
  Yield: 12,
  YieldResume: 13,
  AsyncContext: 14,
  ThreadStart: 15,
  ThreadExit: 16,
  ProcessStart: 17,
  ProcessExit: 18,
  Console: 19,
  Marker: 20,
  Uncaught: 21,
  MutatingCall: 22,
  /** A per-iteration scope of a loop whose bindings closures capture: a frame off the stack. */
  BlockEnter: 23,
  // metadata
  String: 64,
  SiteTable: 65,
  Snapshot: 66,
  Dropped: 67,
  /** A piece of a String too long for one record (a big bundle's site table); pieces come in order. */
  StringPart: 68,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export const FIRST_META_KIND = 64;
export const KIND_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(Kind).map(([name, code]) => [code, name]),
);
export function isEventKind(kind: number): boolean {
  return kind > 0 && kind < FIRST_META_KIND;
}

/** Value tags. A value is `tag, payload` (2 words), or `Double, low, high` (3 words). */
export const Tag = {
  Undefined: 0,
  Null: 1,
  False: 2,
  True: 3,
  Int: 4,
  Double: 5,
  String: 6,
  /** A string longer than the capture budget: the payload is the interned prefix. */
  StringCut: 7,
  BigInt: 8,
  Symbol: 9,
  Object: 10,
  /** An array hole (`[1, , 3]`). */
  Hole: 11,
  /** An accessor property: capture never runs getters, so its value is not known. */
  Accessor: 12,
  /** A binding in its temporal dead zone. */
  Uninitialized: 13,
  /** Past a budget (depth, size) or otherwise not captured. */
  NotRecorded: 14,
} as const;
export type Tag = (typeof Tag)[keyof typeof Tag];

/** Object type codes, carried by Snapshot records. */
export const ObjectType = {
  Object: 0,
  Array: 1,
  Function: 2,
  Map: 3,
  Set: 4,
  Date: 5,
  RegExp: 6,
  Error: 7,
  TypedArray: 8,
  Promise: 9,
  ArrayBuffer: 10,
  WeakCollection: 11,
  Proxy: 12,
  Class: 13,
  Other: 14,
} as const;
export type ObjectType = (typeof ObjectType)[keyof typeof ObjectType];
export const OBJECT_TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(ObjectType).map(([name, code]) => [code, name]),
);

/** Snapshot flags. */
export const SnapshotFlag = {
  /** More entries exist than were captured (size budget). */
  Cut: 1,
  /** Nested objects past the depth budget were not snapshotted. */
  DepthCut: 2,
} as const;

export function header(kind: number, lengthInWords: number): number {
  return (kind | (lengthInWords << 8)) | 0;
}
export function headerKind(word: number): number {
  return word & 0xff;
}
export function headerLength(word: number): number {
  return word >>> 8;
}

/** Words a value with this tag occupies (tag word included). */
export function valueWords(tag: number): number {
  return tag === Tag.Double ? 3 : 2;
}

// ---------------------------------------------------------------------------------------------
// Decoded form. Decoding resolves string ids through a string table and keeps every other id as
// it is on the wire (per connection); the store remaps those.

export type WireValue =
  | { t: 'undefined' }
  | { t: 'null' }
  | { t: 'boolean'; v: boolean }
  | { t: 'number'; v: number }
  | { t: 'string'; v: string; cut?: true }
  | { t: 'bigint'; v: string }
  | { t: 'symbol'; v: string }
  | { t: 'object'; id: number }
  | { t: 'hole' }
  | { t: 'accessor' }
  | { t: 'uninitialized' }
  | { t: 'notRecorded' };

const F64 = new Float64Array(1);
const F64_WORDS = new Int32Array(F64.buffer);

/** Reads a value at `words[at]`; returns it with the index just after it. */
export function readValue(
  words: Int32Array,
  at: number,
  str: (id: number) => string,
): [WireValue, number] {
  const tag = words[at];
  const p = words[at + 1];
  switch (tag) {
    case Tag.Undefined: return [{ t: 'undefined' }, at + 2];
    case Tag.Null: return [{ t: 'null' }, at + 2];
    case Tag.False: return [{ t: 'boolean', v: false }, at + 2];
    case Tag.True: return [{ t: 'boolean', v: true }, at + 2];
    case Tag.Int: return [{ t: 'number', v: p }, at + 2];
    case Tag.Double:
      F64_WORDS[0] = words[at + 1];
      F64_WORDS[1] = words[at + 2];
      return [{ t: 'number', v: F64[0] }, at + 3];
    case Tag.String: return [{ t: 'string', v: str(p) }, at + 2];
    case Tag.StringCut: return [{ t: 'string', v: str(p), cut: true }, at + 2];
    case Tag.BigInt: return [{ t: 'bigint', v: str(p) }, at + 2];
    case Tag.Symbol: return [{ t: 'symbol', v: str(p) }, at + 2];
    case Tag.Object: return [{ t: 'object', id: p >>> 0 }, at + 2];
    case Tag.Hole: return [{ t: 'hole' }, at + 2];
    case Tag.Accessor: return [{ t: 'accessor' }, at + 2];
    case Tag.Uninitialized: return [{ t: 'uninitialized' }, at + 2];
    default: return [{ t: 'notRecorded' }, at + 2];
  }
}

/** Decodes the packed UTF-16 payload of a String record starting at its header. */
export function readStringRecord(words: Int32Array, at: number): { id: number; text: string } {
  return { id: words[at + 1], text: readUnits(words, at + 3, words[at + 2]) };
}

/**
 * Decodes a StringPart record: `id, total length, offset, part length, units…` — the units
 * [offset, offset + part length) of string `id`, `total` units long once whole.
 */
export function readStringPartRecord(words: Int32Array, at: number): { id: number; total: number; offset: number; text: string } {
  return { id: words[at + 1], total: words[at + 2], offset: words[at + 3], text: readUnits(words, at + 5, words[at + 4]) };
}

function readUnits(words: Int32Array, at: number, length: number): string {
  const units = new Uint16Array(words.buffer, words.byteOffset + at * 4, length);
  let text = '';
  // Chunked to stay under the engine's argument limit for fromCharCode.
  for (let i = 0; i < length; i += 8192) {
    text += String.fromCharCode.apply(null, units.subarray(i, Math.min(length, i + 8192)) as unknown as number[]);
  }
  return text;
}

/** Words of a String or StringPart record: the header, `fields` words, then `length` units two per word. */
export function textRecordWords(fields: number, length: number): number {
  return 1 + fields + ((length + 1) >> 1);
}

/**
 * Writes a String (`id, length`) or StringPart (`id, total, offset, length`) record at
 * `words[at]`, which has room for `textRecordWords(fields.length, length)` words: the header, the
 * fields, then `text[from, from + length)`. The one writer of both, for the runtime's ring and the
 * encoder alike.
 */
export function writeTextRecord(words: Int32Array, at: number, kind: number, fields: readonly number[], text: string, from: number, length: number, pack: UnitPacker = packUnits): void {
  words[at] = header(kind, textRecordWords(fields.length, length));
  for (let k = 0; k < fields.length; k++) words[at + 1 + k] = fields[k];
  pack(words, at + 1 + fields.length, text, from, length);
}

/**
 * Writes `s[from, from + length)` at `words[at]`, two UTF-16 units per word, the low half holding
 * the first (on a little-endian machine: the string's UTF-16LE bytes). A writer with a faster
 * copy at hand (the runtime's, see capture.ts) passes its own to `writeTextRecord`.
 */
export type UnitPacker = (words: Int32Array, at: number, s: string, from: number, length: number) => void;

/** The portable UnitPacker: unit by unit. */
export function packUnits(words: Int32Array, at: number, s: string, from: number, length: number): void {
  let i = 0;
  for (; i + 1 < length; i += 2) words[at + (i >> 1)] = s.charCodeAt(from + i) | (s.charCodeAt(from + i + 1) << 16);
  if (i < length) words[at + (i >> 1)] = s.charCodeAt(from + i);
}

/**
 * Joins the StringPart records of one connection into strings. Parts of a string come in order
 * (one thread writes them one after the other); a part that does not continue its string drops it.
 */
export class StringAssembler {
  private readonly pending = new Map<number, { total: number; parts: string[]; received: number }>();

  /** Takes a part; returns the whole string once its last part is in. */
  add(id: number, total: number, offset: number, text: string): string | undefined {
    let p = this.pending.get(id);
    if (offset === 0) this.pending.set(id, (p = { total, parts: [], received: 0 }));
    if (!p || p.total !== total || p.received !== offset || offset + text.length > total) {
      this.pending.delete(id);
      return undefined;
    }
    p.parts.push(text);
    p.received += text.length;
    if (p.received < total) return undefined;
    this.pending.delete(id);
    return p.parts.join('');
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding. `WireEncoder` appends records to a growable Int32Array; the runtime's ring writer
// encodes straight into shared memory with the same layout, and tests use this to build streams.

export class WireEncoder {
  words: Int32Array;
  length = 0;
  private readonly strings = new Map<string, number>();
  private nextStringId = 1;

  constructor(initialWords = 1024) {
    this.words = new Int32Array(initialWords);
  }

  /** Returns a copy of what was encoded so far. */
  take(): Int32Array {
    const out = this.words.slice(0, this.length);
    this.length = 0;
    return out;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.words.length) return;
    let size = this.words.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Int32Array(size);
    grown.set(this.words.subarray(0, this.length));
    this.words = grown;
  }

  /** Interns `text`, emitting a String record the first time; returns its id. */
  string(text: string): number {
    let id = this.strings.get(text);
    if (id !== undefined) return id;
    id = this.nextStringId++;
    this.strings.set(text, id);
    this.unitsRecord(Kind.String, [id, text.length], text, 0, text.length);
    return id;
  }

  /** Emits `text` as StringPart records of at most `partUnits` units; returns its id (not interned). */
  stringInParts(text: string, partUnits: number): number {
    const id = this.nextStringId++;
    for (let offset = 0; offset < text.length; offset += partUnits) {
      const length = Math.min(partUnits, text.length - offset);
      this.unitsRecord(Kind.StringPart, [id, text.length, offset, length], text, offset, length);
    }
    return id;
  }

  private unitsRecord(kind: number, fields: number[], text: string, from: number, length: number): void {
    const n = textRecordWords(fields.length, length);
    this.ensure(n);
    writeTextRecord(this.words, this.length, kind, fields, text, from, length);
    this.length += n;
  }

  /** Appends one record: `kind`, then `fields` (plain words) and `values` in the order given. */
  record(kind: number, fields: readonly number[], values: readonly WireValue[] = [], trailing: readonly number[] = []): void {
    // Strings inside values must be interned before the record starts.
    const encoded = values.map((v) => this.encodeValue(v));
    const size = 1 + fields.length + encoded.reduce((n, e) => n + e.length, 0) + trailing.length;
    this.ensure(size);
    const w = this.words;
    let at = this.length;
    w[at++] = header(kind, size);
    for (const f of fields) w[at++] = f;
    for (const e of encoded) for (const x of e) w[at++] = x;
    for (const f of trailing) w[at++] = f;
    this.length = at;
  }

  /** Encodes a value to words, interning any string it carries. */
  encodeValue(v: WireValue): number[] {
    switch (v.t) {
      case 'undefined': return [Tag.Undefined, 0];
      case 'null': return [Tag.Null, 0];
      case 'boolean': return [v.v ? Tag.True : Tag.False, 0];
      case 'number':
        if ((v.v | 0) === v.v && !Object.is(v.v, -0)) return [Tag.Int, v.v];
        F64[0] = v.v;
        return [Tag.Double, F64_WORDS[0], F64_WORDS[1]];
      case 'string': return [v.cut ? Tag.StringCut : Tag.String, this.string(v.v)];
      case 'bigint': return [Tag.BigInt, this.string(v.v)];
      case 'symbol': return [Tag.Symbol, this.string(v.v)];
      case 'object': return [Tag.Object, v.id];
      case 'hole': return [Tag.Hole, 0];
      case 'accessor': return [Tag.Accessor, 0];
      case 'uninitialized': return [Tag.Uninitialized, 0];
      case 'notRecorded': return [Tag.NotRecorded, 0];
    }
  }
}
