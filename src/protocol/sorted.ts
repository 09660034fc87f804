/** Searches over ascending integer arrays, shared by the recording side (runtime) and the reading side (query). */

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

/** Last index whose value is <= `value` in an ascending, non-empty `data` (0 when none is). */
export function lastAtOrBefore(data: ArrayLike<number>, value: number): number {
  return Math.max(0, lowerBound(data, data.length, value + 1) - 1);
}
