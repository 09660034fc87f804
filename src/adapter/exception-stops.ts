/**
 * Where exception breakpoints stop. A recording knows how every exception ended, so "caught" and
 * "uncaught" are decided after the fact: an exception is followed from where it started (its first
 * Throw, or the first Unwind of a frame when the engine threw it, e.g. a TypeError) to its end — a
 * Catch (caught) or an Uncaught event (uncaught). The session stops where it started, with the
 * program's state as it was just before the throw.
 *
 * A Throw names its value, and so do the Catch and Uncaught that end it. An Unwind reported from a
 * function's `finally` does not (NotRecorded: the runtime never holds the exception there, see
 * Runtime.x): a run of such Unwinds on a thread, one right after the other, is one exception in
 * flight, ended by that thread's next Catch or Uncaught.
 *
 * The scan is incremental: the recording grows while the program runs, and exceptions still in
 * flight at the end of what is recorded are kept pending until they end.
 */
import { Kind, type WireValue } from '../protocol/wire';
import type { EventStore } from '../store/event-store';

export interface ExceptionStop {
  /** Where the exception started (the instant to stop at). */
  origin: number;
  /** The Catch or Uncaught event that ended it. */
  end: number;
  caught: boolean;
  value: WireValue;
}

function valueKey(thread: number, v: WireValue): string {
  // Objects have global ids; a thrown primitive is identified by its value on its thread.
  return v.t === 'object' ? `o${v.id}` : `${thread}:${JSON.stringify(v)}`;
}

export class ExceptionStops {
  /** Ascending by origin is NOT guaranteed (an exception may end after a later one starts): kept sorted on insert. */
  private readonly stops: ExceptionStop[] = [];
  private readonly pending = new Map<string, number>();
  /** Per thread: where the run of Unwinds without a value under way started. */
  private readonly pendingUnnamed = new Map<number, number>();
  private scanned = 0;

  constructor(private readonly store: EventStore) {}

  /** Scans the events before `limit` (at most the store's count); any look-up scans them all anyway. */
  sync(limit = Infinity): void {
    const { kinds, threadOf } = this.store;
    const n = Math.min(this.store.count, limit);
    if (n <= this.scanned) return;
    for (let i = this.scanned; i < n; i++) {
      const k = kinds[i];
      if (k !== Kind.Throw && k !== Kind.Unwind && k !== Kind.Catch && k !== Kind.Uncaught) continue;
      const thread = threadOf[i];
      const value = this.store.values(i)[0];
      if (!value) continue;
      if (value.t === 'notRecorded') {
        if (k === Kind.Unwind && !(this.pendingUnnamed.has(thread) && this.continuesUnwinding(i))) this.pendingUnnamed.set(thread, i);
        continue;
      }
      const key = valueKey(thread, value);
      if (k === Kind.Throw || k === Kind.Unwind) {
        if (!this.pending.has(key)) this.pending.set(key, i);
        continue;
      }
      const origin = this.pending.get(key) ?? this.pendingUnnamed.get(thread) ?? i;
      this.pending.delete(key);
      this.pendingUnnamed.delete(thread);
      this.insert({ origin, end: i, caught: k === Kind.Catch, value });
    }
    this.scanned = n;
  }

  /** Whether the event before `i` on its thread is an Unwind or a Throw: `i` continues that exception's way out. */
  private continuesUnwinding(i: number): boolean {
    const { kinds, threadOf } = this.store;
    let j = i - 1;
    while (j >= 0 && threadOf[j] !== threadOf[i]) j--;
    return j >= 0 && (kinds[j] === Kind.Unwind || kinds[j] === Kind.Throw);
  }

  private insert(stop: ExceptionStop): void {
    let at = this.stops.length;
    while (at > 0 && this.stops[at - 1].origin > stop.origin) at--;
    this.stops.splice(at, 0, stop);
  }

  /** The nearest stop strictly after (forward) or before (backward) `from` that `wanted` accepts. */
  next(from: number, direction: 'forward' | 'backward', wanted: (stop: ExceptionStop) => boolean): ExceptionStop | undefined {
    this.sync();
    if (direction === 'forward') {
      for (const s of this.stops) if (s.origin > from && wanted(s)) return s;
      return undefined;
    }
    for (let k = this.stops.length - 1; k >= 0; k--) if (this.stops[k].origin < from && wanted(this.stops[k])) return this.stops[k];
    return undefined;
  }

  /** The exception a stop at `instant` is about, if the session stopped at one. */
  at(instant: number): ExceptionStop | undefined {
    this.sync();
    return this.stops.find((s) => s.origin === instant);
  }
}
