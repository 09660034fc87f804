/**
 * The call tree's model. Call events arrive in instant order, so the fully
 * expanded tree of one thread in pre-order IS the sequence of its CallEnters, each with the depth of
 * its stack. The model is therefore flat typed arrays (depth, end of subtree) — a million calls
 * cost a few arrays, not a million objects — and collapsing a node skips its subtree's range.
 */
import type { EventRow } from '../../src/protocol/dap-custom';

export interface CallTreeModel {
  events: readonly EventRow[];
  /** events[eventOf[i]] is the CallEnter of row i; rows are grouped by thread, in instant order. */
  eventOf: Int32Array;
  depth: Uint16Array;
  /** Index of the first row after row i's subtree. */
  subtreeEnd: Int32Array;
  /** Instant of the call's Return/Unwind, or -1 when it ends after the range. */
  end: Float64Array;
}

export function buildCallTree(events: readonly EventRow[]): CallTreeModel {
  // Pass 1: calls per thread, so each thread's rows form one contiguous segment (threads in order
  // of their first event).
  const segmentOf = new Map<number, { next: number; end: number; stack: number[] }>();
  let calls = 0;
  // The segment of the previous event's thread is kept at hand: runs of one thread are the rule.
  let thread = NaN;
  let seg = { next: 0, end: 0, stack: [] as number[] };
  const segment = (t: number) => {
    if (t === thread) return seg;
    thread = t;
    let s = segmentOf.get(t);
    if (!s) segmentOf.set(t, (s = { next: 0, end: 0, stack: [] }));
    return (seg = s);
  };
  for (const e of events) {
    const s = segment(e.thread);
    if (e.kind === 'CallEnter') { s.end++; calls++; }
  }
  let offset = 0;
  for (const s of segmentOf.values()) { s.next = offset; offset += s.end; s.end = offset; }

  // Pass 2: each CallEnter takes the next row of its thread's segment; a Return/Unwind closes the
  // innermost open call of its thread (one whose call began before the range has no row).
  const eventOf = new Int32Array(calls);
  const depth = new Uint16Array(calls);
  const subtreeEnd = new Int32Array(calls);
  const end = new Float64Array(calls).fill(-1);
  thread = NaN;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const s = segment(e.thread);
    if (e.kind === 'CallEnter') {
      const row = s.next++;
      eventOf[row] = i;
      depth[row] = Math.min(s.stack.length, 65535);
      s.stack.push(row);
    } else if (e.kind === 'Return' || e.kind === 'Unwind') {
      const row = s.stack.pop();
      if (row !== undefined) { end[row] = e.instant; subtreeEnd[row] = s.next; }
    }
  }
  for (const s of segmentOf.values()) for (const row of s.stack) subtreeEnd[row] = s.end;
  return { events, eventOf, depth, subtreeEnd, end };
}

/** Indexes of the rows shown when the rows in `collapsed` hide their subtrees. */
export function visibleRows(model: CallTreeModel, collapsed: ReadonlySet<number>): Int32Array {
  const n = model.eventOf.length;
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n;) {
    out[k++] = i;
    i = collapsed.has(i) ? model.subtreeEnd[i] : i + 1;
  }
  return out.subarray(0, k);
}
