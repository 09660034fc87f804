/**
 * A single-producer / single-consumer ring of 32-bit words over a SharedArrayBuffer.
 *
 * Used twice: in the debuggee (one ring per recorded thread: the probes write, the drainer worker
 * reads and sends) and in the adapter (the socket reader writes chunks, the ingest worker reads and
 * appends them to the recording file).
 *
 * Memory layout (one SharedArrayBuffer):
 *   [ control: CONTROL_WORDS Int32 ][ data: capacity Int32, capacity a power of two ]
 *
 * Who owns which control word:
 * - WRITE: written only by the producer (Atomics.store in `commit`). Every word before it is a
 *   complete, published record.
 * - READ: written only by the consumer (Atomics.store in `release`). The producer may overwrite
 *   every word before it.
 * - CONSUMER_SLEEPING: set by the consumer just before it sleeps on WRITE; the producer notifies
 *   WRITE only when it is set (so a commit costs one store and one load, no syscall).
 * - PRODUCER_WAITING: set by a producer that found the ring full; the consumer notifies READ
 *   (and clears it) after releasing space.
 * - DROPPED: records dropped by the 'drop' policy and not yet reported in a Dropped record.
 * - BROKEN: set by the consumer when it can no longer deliver (the socket is gone); a 'wait'
 *   producer then drops and counts instead of waiting forever.
 *
 * WRITE and READ are free-running 32-bit counters of words (they wrap at 2^32; the capacity divides
 * 2^32, so `counter & mask` is the offset and `(write - read) | 0` the words in use, even across the
 * wrap). A record never straddles the end of the data area: when it would, the producer writes a
 * pad record (kind 0, the rest of the area) and continues at offset 0.
 */
import { header, headerKind, headerLength, Kind } from '../protocol/wire';

export interface RingWriter {
  /** Shared memory; a record is written at words[offset..offset+n). */
  readonly words: Int32Array;
  /**
   * Contiguous space for n words. Policy 'wait': waits (Atomics.wait, bounded slices) until the
   * consumer frees space — lossless. Policy 'drop': returns -1 and counts the drop.
   */
  reserve(n: number): number;
  /** Publishes everything reserved so far. */
  commit(): void;
}

export type FullPolicy = 'wait' | 'drop';

export const Control = {
  WRITE: 0,
  READ: 1,
  CONSUMER_SLEEPING: 2,
  PRODUCER_WAITING: 3,
  DROPPED: 4,
  BROKEN: 5,
} as const;
export const CONTROL_WORDS = 8;
const PAD_KIND = 0;
/** One slice of a 'wait' producer's sleep; it re-checks BROKEN between slices. */
const WAIT_SLICE_MS = 50;

/** Allocates a ring of at least `capacityWords` words (rounded up to a power of two, ≥ 64). */
export function isPad(headerWord: number): boolean {
  return headerKind(headerWord) === PAD_KIND;
}

export function createRing(capacityWords: number): SharedArrayBuffer {
  let capacity = 64;
  while (capacity < capacityWords) capacity *= 2;
  return new SharedArrayBuffer((CONTROL_WORDS + capacity) * 4);
}

export function ringControl(ring: SharedArrayBuffer): Int32Array {
  return new Int32Array(ring, 0, CONTROL_WORDS);
}

export function ringData(ring: SharedArrayBuffer): Int32Array {
  return new Int32Array(ring, CONTROL_WORDS * 4);
}

export class SharedRingWriter implements RingWriter {
  readonly words: Int32Array;
  private readonly control: Int32Array;
  private readonly capacity: number;
  private readonly mask: number;
  /** The largest record this ring takes: half its capacity (so a record plus a pad always fits). */
  readonly maxRecordWords: number;
  /** Next word to reserve (free-running, like WRITE). Everything before it is reserved. */
  private position: number;
  /** Reserving up to here needs no look at READ (a cached `READ + capacity`). */
  private limit: number;
  /** Drops counted here and not yet written as a Dropped record. */
  private unreported = 0;
  private totalDropped = 0;

  constructor(ring: SharedArrayBuffer, readonly policy: FullPolicy = 'wait') {
    this.control = ringControl(ring);
    this.words = ringData(ring);
    this.capacity = this.words.length;
    this.mask = this.capacity - 1;
    this.maxRecordWords = this.capacity >>> 1;
    this.position = Atomics.load(this.control, Control.WRITE);
    this.limit = Atomics.load(this.control, Control.READ) + this.capacity;
  }

  reserve(n: number): number {
    // The common case in one method (probes call this for every record): room known without
    // reading READ, no pad, no drops to report. Anything else takes the general path.
    const position = this.position;
    const offset = position & this.mask;
    if (n <= this.maxRecordWords && offset + n <= this.capacity && ((this.limit - position) | 0) >= n && this.unreported === 0) {
      this.position = (position + n) | 0;
      return offset;
    }
    return this.reserveSlow(n);
  }

  private reserveSlow(n: number): number {
    // A probe must never throw into the program: a record that can never fit is dropped and counted.
    if (n > this.maxRecordWords) return this.drop();
    if (this.unreported !== 0 && !this.reportDrops()) return this.drop();
    const at = this.tryReserve(n);
    if (at >= 0) return at;
    if (this.policy === 'drop') return this.drop();
    return this.waitFor(n);
  }

  commit(): void {
    Atomics.store(this.control, Control.WRITE, this.position);
    if (Atomics.load(this.control, Control.CONSUMER_SLEEPING) !== 0) Atomics.notify(this.control, Control.WRITE);
  }

  /** Records dropped so far (by the 'drop' policy, or because the consumer is broken). */
  dropped(): number {
    return this.totalDropped;
  }

  /**
   * Reserves without waiting or counting: -1 when there is no room now. For a producer that must
   * not block (the adapter's main thread) and handles "full" itself.
   */
  tryReserve(n: number): number {
    if (n > this.maxRecordWords) throw new RangeError(`a record of ${n} words does not fit a ring of ${this.capacity} words`);
    let offset = this.position & this.mask;
    const pad = offset + n > this.capacity ? this.capacity - offset : 0;
    if (((this.limit - this.position) | 0) < pad + n) {
      this.limit = Atomics.load(this.control, Control.READ) + this.capacity;
      if (((this.limit - this.position) | 0) < pad + n) return -1;
    }
    if (pad !== 0) {
      this.words[offset] = header(PAD_KIND, pad);
      this.position = (this.position + pad) | 0;
      offset = 0;
    }
    this.position = (this.position + n) | 0;
    return offset;
  }

  /**
   * Writes a Dropped record for the drops not yet reported, if there is room now; returns false
   * when there is not (the caller then drops too, and the count keeps growing).
   */
  reportDrops(): boolean {
    if (this.unreported === 0) return true;
    const at = this.tryReserve(2);
    if (at < 0) return false;
    this.words[at] = header(Kind.Dropped, 2);
    this.words[at + 1] = this.unreported;
    this.unreported = 0;
    return true;
  }

  private drop(): number {
    this.unreported++;
    this.totalDropped++;
    Atomics.add(this.control, Control.DROPPED, 1);
    return -1;
  }

  /**
   * Policy 'wait': publish what is reserved (the consumer cannot free space it cannot see), then
   * sleep on READ in bounded slices until there is room. If the consumer reports itself broken
   * (the socket is gone), drop and count rather than hang the program.
   */
  private waitFor(n: number): number {
    this.commit();
    Atomics.notify(this.control, Control.WRITE); // wake a consumer that polls without announcing
    for (;;) {
      if (Atomics.load(this.control, Control.BROKEN) !== 0) return this.drop();
      Atomics.store(this.control, Control.PRODUCER_WAITING, 1);
      const read = Atomics.load(this.control, Control.READ);
      const at = this.tryReserve(n);
      if (at >= 0) {
        Atomics.store(this.control, Control.PRODUCER_WAITING, 0);
        return at;
      }
      Atomics.wait(this.control, Control.READ, read, WAIT_SLICE_MS);
    }
  }
}

/** A span of committed words, contiguous in `words`: [start, start + length). */
export interface RingSpan {
  start: number;
  length: number;
}

export class SharedRingReader {
  readonly words: Int32Array;
  readonly control: Int32Array;
  private readonly capacity: number;
  private readonly mask: number;
  /**
   * Read position, reloaded from READ on every `peek`: in the debuggee two threads take turns as
   * the consumer (the drainer, and the main thread's exit flush while it holds the channel).
   */
  private read = 0;

  constructor(ring: SharedArrayBuffer) {
    this.control = ringControl(ring);
    this.words = ringData(ring);
    this.capacity = this.words.length;
    this.mask = this.capacity - 1;
  }

  /** Committed words not yet released. */
  available(): number {
    return (Atomics.load(this.control, Control.WRITE) - Atomics.load(this.control, Control.READ)) | 0;
  }

  /**
   * The committed words from the read position up to the end of the data area (or the write
   * position). The span holds whole records only. A pad record at the read position is skipped
   * here; one can still END a span (it runs to the end of the data area): consumers skip records
   * of kind 0 (`isPad`).
   */
  peek(): RingSpan {
    for (;;) {
      this.read = Atomics.load(this.control, Control.READ);
      const available = this.available();
      if (available === 0) return { start: this.read & this.mask, length: 0 };
      const start = this.read & this.mask;
      if (headerKind(this.words[start]) === PAD_KIND && headerLength(this.words[start]) > 0) {
        // A pad runs to the end of the data area; its words are free as soon as we pass it.
        this.release(headerLength(this.words[start]));
        continue;
      }
      return { start, length: Math.min(available, this.capacity - start) };
    }
  }

  /** Frees `n` words at the read position for the producer. */
  release(n: number): void {
    this.read = (this.read + n) | 0;
    Atomics.store(this.control, Control.READ, this.read);
    if (Atomics.load(this.control, Control.PRODUCER_WAITING) !== 0) {
      Atomics.store(this.control, Control.PRODUCER_WAITING, 0);
      Atomics.notify(this.control, Control.READ);
    }
  }

  /**
   * Sleeps until something is committed or `timeoutMs` passes; returns at once if data is there.
   *
   * `announce`: raise CONSUMER_SLEEPING so that the next commit wakes us. Right for a producer that
   * commits in batches (the adapter's socket reader). The debuggee's drainer does NOT announce: the
   * probes commit per event, and a wake-up syscall per event would cost more than the event; it
   * polls every few ms instead, and a producer that finds the ring full always notifies.
   * The flag is raised before the re-check of WRITE, so a racing commit sees it: no lost wake-up.
   */
  waitForData(timeoutMs: number, announce: boolean): void {
    if (announce) Atomics.store(this.control, Control.CONSUMER_SLEEPING, 1);
    const write = Atomics.load(this.control, Control.WRITE);
    if (write === Atomics.load(this.control, Control.READ)) Atomics.wait(this.control, Control.WRITE, write, timeoutMs);
    if (announce) Atomics.store(this.control, Control.CONSUMER_SLEEPING, 0);
  }

  /** Tells producers that nothing will be consumed any more: 'wait' producers drop instead. */
  markBroken(): void {
    Atomics.store(this.control, Control.BROKEN, 1);
    Atomics.notify(this.control, Control.READ);
  }
}
