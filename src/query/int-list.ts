/**
 * Small growable typed columns for the query indexes: they grow by doubling and are read through
 * `data` (valid until the next push).
 */

import { lowerBound } from '../protocol/sorted';

/** Ascending int32s read by index and binary search. */
export interface SortedInts {
  readonly data: Int32Array;
  readonly length: number;
  lowerBound(value: number): number;
}

/** An append-only list of int32, kept sorted by the callers that binary-search it. */
export class IntList implements SortedInts {
  data: Int32Array;
  length = 0;

  constructor(capacity = 4) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** First index whose value is >= `value` (the list must be ascending). */
  lowerBound(value: number): number {
    return lowerBound(this.data, this.length, value);
  }
}

/** A read-only window on ascending int32s that live in a larger shared column. */
class IntView implements SortedInts {
  constructor(readonly data: Int32Array, readonly length: number) {}

  lowerBound(value: number): number {
    return lowerBound(this.data, this.length, value);
  }
}

/** Per object id up to this many values sit in the shared column; more move to a list of its own. */
const INLINE_VALUES = 4;
const MOVED_OUT = 0xff;

/**
 * Ascending int32 lists keyed by a dense id (an object's property-write instants). Most ids get a
 * few values (a constructor's fields): those sit in one shared column, INLINE_VALUES slots per id,
 * and only an id with more gets an IntList of its own. A list per id made opening a recording of a
 * program with a million objects spend seconds allocating them and collecting them.
 */
export class DenseIntLists {
  private readonly inline = new DenseColumn(new Int32Array(0), (n) => new Int32Array(n));
  /** Values an id has in `inline`, or MOVED_OUT once they are in `lists`. */
  private readonly counts = new DenseColumn(new Uint8Array(0), (n) => new Uint8Array(n));
  private readonly lists = new Map<number, IntList>();

  push(id: number, value: number): void {
    this.counts.ensure(id + 1);
    const n = this.counts.data[id];
    if (n === MOVED_OUT) {
      this.lists.get(id)!.push(value);
      return;
    }
    if (n < INLINE_VALUES) {
      this.inline.ensure((id + 1) * INLINE_VALUES);
      this.inline.data[id * INLINE_VALUES + n] = value;
      this.counts.data[id] = n + 1;
      return;
    }
    const list = new IntList(INLINE_VALUES * 2);
    for (let k = 0; k < n; k++) list.push(this.inline.data[id * INLINE_VALUES + k]);
    list.push(value);
    this.lists.set(id, list);
    this.counts.data[id] = MOVED_OUT;
  }

  has(id: number): boolean {
    return id >= 0 && id < this.counts.data.length && this.counts.data[id] !== 0;
  }

  /** The id's values (a view valid until the next push), undefined if it has none. */
  get(id: number): SortedInts | undefined {
    if (!this.has(id)) return undefined;
    const n = this.counts.data[id];
    if (n === MOVED_OUT) return this.lists.get(id);
    return new IntView(this.inline.data.subarray(id * INLINE_VALUES, id * INLINE_VALUES + n), n);
  }

  /** Bytes held (for the memory benchmark). */
  bytes(): number {
    let bytes = this.inline.data.byteLength + this.counts.data.byteLength;
    for (const list of this.lists.values()) bytes += list.data.byteLength + 64;
    return bytes;
  }
}

/** A column indexed by a dense id (event, frame), growing to fit the largest id written. */
export class DenseColumn<T extends Int32Array | Uint8Array | Uint16Array | Uint32Array> {
  constructor(public data: T, private readonly make: (n: number) => T, private readonly fill = 0) {
    if (fill !== 0) data.fill(fill);
  }

  ensure(size: number): void {
    if (size <= this.data.length) return;
    const grown = this.make(Math.max(size, this.data.length * 2));
    if (this.fill !== 0) grown.fill(this.fill);
    grown.set(this.data as never);
    this.data = grown;
  }
}

export function int32Column(initial = 1024, fill = 0): DenseColumn<Int32Array> {
  return new DenseColumn(new Int32Array(initial), (n) => new Int32Array(n), fill);
}
