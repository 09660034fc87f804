/**
 * Moving through a recording: breakpoint hits (nearest in either direction) and stepping.
 *
 * Stepping is defined like a live debugger, and symmetrically backwards. With F the frame on top
 * at the current instant and d its depth:
 * - step in: the next statement anywhere on the thread;
 * - step over: the next statement of F, or of a caller (depth < d: F returned); over an `await`
 *   of F, the next statement of F once it resumes (a yield hands control to the caller);
 * - step out: the first statement after F is left (depth < d, not F).
 * Backwards, "next" becomes "previous"; step out backwards lands on the statement that called F.
 * Calls of synchronous functions are skipped whole by jumping from a CallEnter to its exit
 * (from an exit to its CallEnter backwards); async functions and generators are scanned, as they
 * hand control back before they end.
 */
import { Kind } from '../protocol/wire';
import type { EventStore } from '../store/event-store';
import type { Indexes } from './indexes';
import type { Direction } from './types';

/** Nearest instant strictly after/before `from` among the sites' events, passing `condition`. */
export function nearestHit(idx: Indexes, sites: number[], from: number, direction: Direction, condition?: (instant: number) => boolean): number | undefined {
  const lists = sites.map((s) => idx.siteEvents[s]).filter((l) => l !== undefined);
  const forward = direction === 'forward';
  // One cursor per site list, always at its nearest candidate; take the best, advance it.
  const cursors = lists.map((l) => (forward ? l.lowerBound(from + 1) : l.lowerBound(from) - 1));
  for (;;) {
    let best = -1;
    let bestValue = forward ? Infinity : -Infinity;
    for (let k = 0; k < lists.length; k++) {
      const c = cursors[k];
      if (c < 0 || c >= lists[k].length) continue;
      const v = lists[k].data[c];
      if (forward ? v < bestValue : v > bestValue) { best = k; bestValue = v; }
    }
    if (best < 0) return undefined;
    if (!condition || condition(bestValue)) return bestValue;
    cursors[best] += forward ? 1 : -1;
  }
}

export function hitsInRange(idx: Indexes, sites: number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (const s of sites) {
    const list = idx.siteEvents[s];
    if (!list) continue;
    for (let j = list.lowerBound(from); j < list.length && list.data[j] < to; j++) out.push(list.data[j]);
  }
  return out.sort((a, b) => a - b);
}

export type StepKind = 'in' | 'over' | 'out';

// Module-level copies for the scan loops (an imported `Kind` can be a getter under some loaders).
const { Statement: STATEMENT, CallEnter: CALL_ENTER, Return: RETURN, Unwind: UNWIND, AwaitSuspend: AWAIT_SUSPEND, AwaitResume: AWAIT_RESUME } = Kind;

export class Stepper {
  constructor(private readonly store: EventStore, private readonly idx: Indexes) {}

  /** Whether a call's body can be jumped over whole (it cannot leave and come back before its exit). */
  private isSynchronous(thread: number, frame: number): boolean {
    const site = this.store.sites[this.idx.thread(thread).fnSite(frame)];
    return !!site && !site.async && !site.generator;
  }

  /**
   * `frame`/`depth` describe the top of the stack at `from` (0/0 when the stack is empty).
   * Returns the statement instant to stop at, or undefined at the end of the recording.
   */
  step(kind: StepKind, direction: Direction, thread: number, from: number, frame: number, depth: number): number | undefined {
    const { kinds, threadOf, frameOf } = this.store;
    const owner = this.idx.ownerFrame.data;
    const depthOf = this.idx.depth.data;
    const n = this.idx.indexed;
    const frames = this.idx.thread(thread);
    const stops = (i: number): boolean => {
      if (kind === 'in' || depth === 0) return true;
      if (kind === 'over') return owner[i] === frame || depthOf[i] < depth;
      return depthOf[i] < depth && owner[i] !== frame;
    };
    if (direction === 'forward') {
      let i = from + 1;
      if (kind === 'out' && frame > 0 && this.isSynchronous(thread, frame) && frames.end(frame) > from) i = frames.end(frame);
      for (; i < n; i++) {
        if (threadOf[i] !== thread) continue;
        const k = kinds[i];
        if (k === STATEMENT) {
          if (stops(i)) return i;
        } else if (k === CALL_ENTER && kind !== 'in' && depthOf[i] > depth) {
          const end = frames.end(frameOf[i]);
          if (end > i && this.isSynchronous(thread, frameOf[i])) i = end;
        } else if (k === AWAIT_SUSPEND && kind === 'over' && frameOf[i] === frame) {
          // Stepping over an await continues in this function when it resumes, as live debuggers do.
          const resume = this.pairedAwait(i, AWAIT_RESUME, 'forward');
          if (resume !== undefined) i = resume;
        }
      }
      return undefined;
    }
    let i = from - 1;
    if (kind === 'out' && frame > 0) i = Math.min(i, frames.entry(frame) - 1);
    for (; i >= 0; i--) {
      if (threadOf[i] !== thread) continue;
      const k = kinds[i];
      if (k === STATEMENT) {
        if (stops(i)) return i;
      } else if ((k === RETURN || k === UNWIND) && kind !== 'in' && depthOf[i] > depth) {
        const entry = frames.entry(frameOf[i]);
        if (entry >= 0 && entry < i && this.isSynchronous(thread, frameOf[i])) i = entry;
      } else if (k === AWAIT_RESUME && kind === 'over' && frameOf[i] === frame) {
        const suspend = this.pairedAwait(i, AWAIT_SUSPEND, 'backward');
        if (suspend !== undefined) i = suspend;
      }
    }
    return undefined;
  }

  /** The other half of an await (same site, same frame and thread): its resume or its suspend. */
  private pairedAwait(i: number, kind: number, direction: Direction): number | undefined {
    const list = this.idx.siteEvents[this.store.siteOf[i]];
    if (!list) return undefined;
    const { kinds, frameOf, threadOf } = this.store;
    const step = direction === 'forward' ? 1 : -1;
    for (let j = list.lowerBound(i) + step; j >= 0 && j < list.length; j += step) {
      const e = list.data[j];
      if (kinds[e] === kind && frameOf[e] === frameOf[i] && threadOf[e] === threadOf[i]) return e;
    }
    return undefined;
  }
}
