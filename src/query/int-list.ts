/**
 * Small growable typed columns for the query indexes: they grow by doubling and are read through
 * `data` (valid until the next push).
 */

/** An append-only list of int32, kept sorted by the callers that binary-search it. */
export class IntList {
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

/** First index below `length` whose value is >= `value` in an ascending `data`. */
export function lowerBound(data: ArrayLike<number>, length: number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (data[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A column indexed by a dense id (event, frame), growing to fit the largest id written. */
export class DenseColumn<T extends Int32Array | Uint16Array | Uint32Array> {
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
