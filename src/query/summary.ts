/**
 * Timeline summaries: per bucket, counts per kind per lane (thread) and the max call depth.
 *
 * Counts come from prefix sums kept every SUMMARY_CELL events (indexes.ts): the count of a kind in
 * [a, b) is P(b) - P(a), where P(x) is the prefix at x's cell start plus a scan of at most
 * SUMMARY_CELL - 1 raw events. So a summary costs O(buckets · (lanes · kinds + SUMMARY_CELL)),
 * whatever the range — 2,000 buckets over 10 M events touch ~0.5 M raw events at most.
 * Max depth uses a pyramid of per-cell maxima (level k covers 2^k cells): a bucket's full cells are
 * covered by O(log n) pyramid nodes, its ragged edges by the raw per-event depth column.
 * A range shorter than what the cells around the boundaries would cost is read straight.
 */
import { KIND_NAMES } from '../protocol/wire';
import type { SummaryResult } from '../protocol/dap-custom';
import type { EventStore } from '../store/event-store';
import { KIND_SLOTS as SLOTS, SUMMARY_CELL as CELL, SUMMARY_CELL_SHIFT as SHIFT, type Indexes, type ThreadFrames } from './indexes';

// Local copies for the hot loops (imported bindings can be getters under some loaders).
const KIND_SLOTS = SLOTS;
const SUMMARY_CELL = CELL;
const SUMMARY_CELL_SHIFT = SHIFT;

export function summarize(store: EventStore, idx: Indexes, from: number, to: number, buckets: number): SummaryResult {
  from = Math.max(0, Math.min(from, idx.indexed));
  to = Math.max(from, Math.min(to, idx.indexed));
  buckets = Math.max(1, Math.floor(buckets));
  const lanes = store.threads.map((t) => ({ thread: t.index, label: t.name }));
  const threadCount = lanes.length;
  const bounds: number[] = [];
  for (let j = 0; j <= buckets; j++) bounds.push(from + Math.floor(((to - from) * j) / buckets));

  // A short range costs less read straight than through the cells around each boundary.
  if (to - from <= ((buckets + 1) * SUMMARY_CELL) / 2) return summarizeDirectly(store, idx, from, to, buckets, bounds, lanes);

  // prefixAt[j][thread * KIND_SLOTS + slot] = events of that kind on that thread before bounds[j].
  // One pass over the cell holding each boundary gives both the prefix tail [cell start, x) and
  // the max depth on either side of x within the cell (the ragged edges of the two buckets).
  const stride = threadCount * KIND_SLOTS;
  const prefixAt = new Float64Array((buckets + 1) * stride);
  const depthBefore = new Uint16Array((buckets + 1) * threadCount);
  const depthAfter = new Uint16Array((buckets + 1) * threadCount);
  const kinds = store.kinds;
  const threadOf = store.threadOf;
  const depthCol = idx.depth.data;
  const end = idx.indexed;
  for (let j = 0; j <= buckets; j++) {
    const x = bounds[j];
    const cell = x >> SUMMARY_CELL_SHIFT;
    const base = j * stride;
    for (let t = 0; t < threadCount; t++) {
      const prefix = idx.threads[t]?.prefix.data;
      if (!prefix || (cell + 1) * KIND_SLOTS > prefix.length) continue;
      for (let s = 0; s < KIND_SLOTS; s++) prefixAt[base + t * KIND_SLOTS + s] = prefix[cell * KIND_SLOTS + s];
    }
    const dBase = j * threadCount;
    for (let i = cell << SUMMARY_CELL_SHIFT; i < x; i++) {
      const t = threadOf[i];
      prefixAt[base + t * KIND_SLOTS + (kinds[i] < KIND_SLOTS - 1 ? kinds[i] : KIND_SLOTS - 1)]++;
      if (depthCol[i] > depthBefore[dBase + t]) depthBefore[dBase + t] = depthCol[i];
    }
    const cellEnd = Math.min((cell + 1) << SUMMARY_CELL_SHIFT, end);
    for (let i = x; i < cellEnd; i++) if (depthCol[i] > depthAfter[dBase + threadOf[i]]) depthAfter[dBase + threadOf[i]] = depthCol[i];
  }

  const usedSlots: number[] = [];
  for (let s = 1; s < KIND_SLOTS; s++) {
    for (let t = 0; t < threadCount; t++) {
      if (prefixAt[buckets * stride + t * KIND_SLOTS + s] !== prefixAt[t * KIND_SLOTS + s]) { usedSlots.push(s); break; }
    }
  }
  const counts: number[][][] = [];
  const depth: number[][] = [];
  for (let t = 0; t < threadCount; t++) {
    counts.push(usedSlots.map((s) => {
      const row = new Array<number>(buckets);
      for (let j = 0; j < buckets; j++) row[j] = prefixAt[(j + 1) * stride + t * KIND_SLOTS + s] - prefixAt[j * stride + t * KIND_SLOTS + s];
      return row;
    }));
    const th = idx.threads[t];
    const row = new Array<number>(buckets);
    for (let j = 0; j < buckets; j++) {
      const a = bounds[j];
      const b = bounds[j + 1];
      if (!th || a >= b) { row[j] = 0; continue; }
      if (a >> SUMMARY_CELL_SHIFT === (b - 1) >> SUMMARY_CELL_SHIFT) {
        // Inside one cell: the edge maxima would reach past b.
        let max = 0;
        for (let i = a; i < b; i++) if (threadOf[i] === t && depthCol[i] > max) max = depthCol[i];
        row[j] = max;
        continue;
      }
      const edges = Math.max(depthAfter[j * threadCount + t], depthBefore[(j + 1) * threadCount + t]);
      row[j] = Math.max(edges, fullCellsMax(th, (a + SUMMARY_CELL - 1) >> SUMMARY_CELL_SHIFT, b >> SUMMARY_CELL_SHIFT));
    }
    depth.push(row);
  }
  return {
    from, to, buckets, lanes,
    kinds: usedSlots.map(slotName),
    counts, depth,
  };
}

/** One pass over [from, to): per bucket, counts per lane per kind and max depth. */
function summarizeDirectly(store: EventStore, idx: Indexes, from: number, to: number, buckets: number, bounds: number[], lanes: SummaryResult['lanes']): SummaryResult {
  const threadCount = lanes.length;
  const stride = threadCount * KIND_SLOTS;
  const counts = new Float64Array(buckets * stride);
  const depths = new Uint16Array(buckets * threadCount);
  const used = new Uint8Array(KIND_SLOTS);
  const { kinds, threadOf } = store;
  const depthCol = idx.depth.data;
  let j = 0;
  for (let i = from; i < to; i++) {
    while (i >= bounds[j + 1]) j++;
    const t = threadOf[i];
    const slot = kinds[i] < KIND_SLOTS - 1 ? kinds[i] : KIND_SLOTS - 1;
    counts[j * stride + t * KIND_SLOTS + slot]++;
    used[slot] = 1;
    if (depthCol[i] > depths[j * threadCount + t]) depths[j * threadCount + t] = depthCol[i];
  }
  const usedSlots: number[] = [];
  for (let s = 1; s < KIND_SLOTS; s++) if (used[s]) usedSlots.push(s);
  return {
    from, to, buckets, lanes,
    kinds: usedSlots.map(slotName),
    counts: lanes.map((_, t) => usedSlots.map((s) => Array.from({ length: buckets }, (_, b) => counts[b * stride + t * KIND_SLOTS + s]))),
    depth: lanes.map((_, t) => Array.from({ length: buckets }, (_, b) => depths[b * threadCount + t])),
  };
}

function slotName(slot: number): string {
  return slot === KIND_SLOTS - 1 ? 'Other' : KIND_NAMES[slot] ?? `Kind${slot}`;
}

/** Max depth over the full cells [firstFull, endFull): a greedy cover by aligned pyramid nodes. */
function fullCellsMax(th: ThreadFrames, firstFull: number, endFull: number): number {
  let max = 0;
  let c = firstFull;
  while (c < endFull) {
    let k = 0;
    while (k + 1 < th.depthLevels.length && (c & ((1 << (k + 1)) - 1)) === 0 && c + (1 << (k + 1)) <= endFull) k++;
    const level = th.depthLevels[k]?.data;
    const v = level && (c >> k) < level.length ? level[c >> k] : 0;
    if (v > max) max = v;
    c += 1 << k;
  }
  return max;
}
