/**
 * The EventStore's paged arenas (Arena, SegmentPager) and their spill file: sealed segments
 * written out when the store is past its memory budget, read back one segment at a time.
 *
 * The file is created on the first spill (a store that stays under its budget never touches the
 * disk) and, on POSIX, unlinked as soon as it is open: it lives exactly as long as the descriptor,
 * so a crashed or killed adapter cannot leave gigabytes behind. Where an open file cannot be
 * unlinked (Windows), it is removed by `close()` or, failing that, when the process exits.
 *
 * Segments are immutable once sealed, so each is written once, appended, and only ever read after.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Spill files still on disk under their name (the Windows case), removed at process exit. */
const namedFiles = new Set<SpillFile>();
let exitHookInstalled = false;

export class SpillFile {
  private fd = -1;
  private bytes = 0;
  /** Set while the file is still reachable under this name (it could not be unlinked while open). */
  private namedPath: string | undefined;
  /** Where the file was created ('' until the first write). */
  path = '';

  /** `preferredPath`: where to create it (beside the recording); the OS temp dir if unset or not writable. */
  constructor(private readonly preferredPath: string | undefined) {}

  /** Bytes written so far. */
  get size(): number { return this.bytes; }

  /** Appends `words` words of `data`; returns the byte offset to `read` them back from. */
  write(data: Int32Array, words: number): number {
    if (this.fd < 0) this.open();
    const at = this.bytes;
    const view = new Uint8Array(data.buffer, data.byteOffset, words * 4);
    let done = 0;
    while (done < view.length) done += fs.writeSync(this.fd, view, done, view.length - done, at + done);
    this.bytes += view.length;
    return at;
  }

  /** Reads back `words` words written at byte offset `at`. */
  read(at: number, words: number): Int32Array {
    if (this.fd < 0) throw new Error('the spill file is closed (the event store was closed); reopen the recording to read it');
    const out = new Int32Array(words);
    const view = new Uint8Array(out.buffer);
    let done = 0;
    while (done < view.length) {
      const n = fs.readSync(this.fd, view, done, view.length - done, at + done);
      if (n === 0) throw new Error(`the spill file ${this.path} ends at byte ${at + done}, before the segment it holds (was it truncated?)`);
      done += n;
    }
    return out;
  }

  /** Closes the descriptor (which frees the disk space) and removes the file if it still has a name. */
  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    if (this.namedPath !== undefined) fs.rmSync(this.namedPath, { force: true });
    this.namedPath = undefined;
    namedFiles.delete(this);
  }

  private open(): void {
    const unique = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const tmp = path.join(os.tmpdir(), `scope-arena-${unique}.spill`);
    const candidates = this.preferredPath ? [`${this.preferredPath}-${unique}`, tmp] : [tmp];
    let lastError: unknown;
    for (const candidate of candidates) {
      try {
        this.fd = fs.openSync(candidate, 'wx+', 0o600);
        this.path = candidate;
        break;
      } catch (error) {
        lastError = error;
      }
    }
    if (this.fd < 0) throw new Error(`cannot create a spill file (tried ${candidates.join(', ')}): ${(lastError as NodeJS.ErrnoException).code ?? String(lastError)}`);
    try {
      fs.unlinkSync(this.path);
    } catch {
      this.namedPath = this.path;
      namedFiles.add(this);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once('exit', () => { for (const file of namedFiles) file.close(); });
      }
    }
  }
}

/** Arena segment: 2^14 words (64 KiB), small enough that paging one in for a read is cheap. */
export const SEGMENT_SHIFT = 14;
export const SEGMENT_WORDS = 1 << SEGMENT_SHIFT;

/** One piece of an arena; `data` is null while it lives only in the spill file. */
export interface ArenaSegment {
  /** Global arena offset of data[0]. */
  readonly base: number;
  /** Words written (final once the segment is sealed). */
  used: number;
  data: Int32Array | null;
  /** Byte offset in the spill file, -1 until written there. */
  spilledAt: number;
}

/**
 * Keeps a store's arenas within their allowance: which sealed segments are in memory (least
 * recently used first), the spill file they go to, and paging them back in. Heads count as
 * resident but are never evicted.
 */
export class SegmentPager {
  /** Sealed segments in memory, least recently used first (a Set keeps insertion order). */
  private readonly resident = new Set<ArenaSegment>();
  /** Words of every segment in memory, heads included. */
  residentWords = 0;
  private spill: SpillFile | undefined;
  /** Set when spilling failed: everything then stays in memory, past the allowance. */
  private broken = false;
  private closed = false;

  /** `allowanceWords`: how many words may be resident now (asked at each seal and page-in). */
  constructor(
    private readonly spillPath: string | undefined,
    private readonly allowanceWords: () => number,
    private readonly log: (line: string) => void,
  ) {}

  get spilledBytes(): number { return this.spill?.size ?? 0; }

  /** A sealed segment, now the most recently used. */
  sealed(segment: ArenaSegment): void {
    this.resident.add(segment);
    this.enforce(0);
  }

  /** Marks a resident sealed segment most recently used. Only once something was spilled: until then order is moot. */
  touch(segment: ArenaSegment): void {
    if (this.spill === undefined || !this.resident.has(segment)) return;
    this.resident.delete(segment);
    this.resident.add(segment);
  }

  pageIn(segment: ArenaSegment): void {
    if (this.closed || !this.spill) throw new Error('the event store is closed; its spilled values are gone (reopen the recording to read them)');
    const data = this.spill.read(segment.spilledAt, segment.used);
    segment.data = data;
    this.resident.add(segment);
    this.residentWords += data.length;
    this.enforce(1);
  }

  close(): void {
    this.closed = true;
    this.spill?.close();
    this.resident.clear();
    this.residentWords = 0;
  }

  /** Drops least recently used sealed segments until under the allowance, keeping the `keep` most recent. */
  private enforce(keep: number): void {
    if (this.broken) return;
    const allowance = this.allowanceWords();
    for (const segment of this.resident) {
      if (this.residentWords <= allowance || this.resident.size <= keep) return;
      if (!this.evict(segment)) return;
    }
  }

  /** Writes `segment` to the spill file if it is not there yet and drops it from memory; false if spilling failed. */
  private evict(segment: ArenaSegment): boolean {
    const data = segment.data!;
    if (segment.spilledAt < 0) {
      try {
        this.spill ??= new SpillFile(this.spillPath);
        segment.spilledAt = this.spill.write(data, segment.used);
      } catch (error) {
        this.broken = true;
        this.log(`scope: cannot spill the recording's values to disk (${(error as Error).message}); they stay in memory, past the memory budget (SCOPE_MEMORY_BUDGET_MB)`);
        return false;
      }
    }
    segment.data = null;
    this.resident.delete(segment);
    this.residentWords -= data.length;
    return true;
  }
}

/**
 * The most words an arena may hold: 2^45 (128 TiB of values), so that a segment slot
 * (`offset / SEGMENT_WORDS`) stays a valid array index. Offsets are plain numbers, exact far
 * beyond that; the store's offset columns keep 48 bits of them (ArenaOffsets).
 */
export const MAX_ARENA_WORDS = 2 ** 45;

/** The slot of `offset`: a shift while the offset fits in 32 bits (every normal recording), a division past it. */
function slotOf(offset: number): number {
  return offset <= 0xffffffff ? offset >>> SEGMENT_SHIFT : Math.floor(offset / SEGMENT_WORDS);
}

/** An arena holds MAX_ARENA_WORDS, or a store MAX_EVENTS: what was ingested before stays readable. */
export class StoreFullError extends Error {}

/**
 * An append-only word arena in segments. Offsets are global: a segment starts at a multiple of
 * SEGMENT_WORDS, so `offset / SEGMENT_WORDS` finds it with no search (an oversize segment, for
 * one record bigger than SEGMENT_WORDS, fills several slots). A record's words never straddle two
 * segments: `seal` skips what the head leaves unused. Only the head is written; a sealed segment
 * is immutable, so it is spilled at most once.
 *
 * Writers fill `head` at `fill` directly (the store's per-event path), after checking the room.
 */
export class Arena {
  head: Int32Array;
  fill = 0;
  /** The head's global base and length, as plain fields for the per-event path. */
  base = 0;
  limit = 0;
  headSegment: ArenaSegment;
  /** Segment by slot (`offset / SEGMENT_WORDS`). */
  private readonly segments: ArenaSegment[] = [];
  /** Every segment once, in order (an oversize one fills several slots). */
  private readonly started: ArenaSegment[] = [];

  /**
   * `firstOffset` (a multiple of SEGMENT_WORDS) is where the first segment starts: 0, except in
   * the tests of offsets past 32 bits, which start an arena just below 2^32 words.
   */
  constructor(private readonly pager: SegmentPager, firstOffset = 0) {
    this.head = new Int32Array(0);
    this.headSegment = { base: 0, used: 0, data: this.head, spilledAt: -1 };
    this.startHead(firstOffset, SEGMENT_WORDS);
  }

  /** Global offset of the next word written. */
  get end(): number { return this.base + this.fill; }

  /** Seals the head and starts a new one with room for `need` words; returns its base. */
  seal(need: number): number {
    const sealed = this.headSegment;
    const base = sealed.base + this.head.length;
    const capacity = Math.max(SEGMENT_WORDS, Math.ceil(need / SEGMENT_WORDS) * SEGMENT_WORDS);
    if (base + capacity > MAX_ARENA_WORDS) throw new StoreFullError(`an arena of the event store is full (${MAX_ARENA_WORDS * 4 / 2 ** 40} TiB of values); what came before is kept`);
    sealed.used = this.fill;
    this.startHead(base, capacity);
    this.pager.sealed(sealed);
    return base;
  }

  /** The segment holding `offset`, in memory (paged in from the spill file if needed). */
  segmentAt(offset: number): ArenaSegment {
    const segment = this.segments[slotOf(offset)];
    if (segment.data === null) this.pager.pageIn(segment);
    else this.pager.touch(segment);
    return segment;
  }

  /** Where the words written in the segment holding `offset` end (it stays where it is). */
  segmentEnd(offset: number): number {
    const segment = this.segments[slotOf(offset)];
    return segment === this.headSegment ? segment.base + this.fill : segment.base + segment.used;
  }

  /** Drops every segment's data (after the pager is closed). */
  close(): void {
    for (const segment of this.started) segment.data = null;
  }

  private startHead(base: number, capacity: number): void {
    this.head = new Int32Array(capacity);
    this.headSegment = { base, used: 0, data: this.head, spilledAt: -1 };
    this.started.push(this.headSegment);
    this.fill = 0;
    this.base = base;
    this.limit = capacity;
    for (let slot = slotOf(base), end = slot + capacity / SEGMENT_WORDS; slot < end; slot++) this.segments[slot] = this.headSegment;
    this.pager.residentWords += capacity;
  }
}

/** Rows per block of ArenaOffsets: 64 rows advance an arena by less than 2^32 words (see there). */
const OFFSET_BLOCK_SHIFT = 6;
const OFFSET_BLOCK_MASK = (1 << OFFSET_BLOCK_SHIFT) - 1;

/**
 * Ascending arena offsets of consecutive rows (the events' value offsets, the snapshots' entry
 * offsets), in 4 bytes a row plus 2 bytes per 64 rows: the low 32 bits of each offset in a
 * Uint32Array (as before offsets could pass 2^32 words, 16 GiB of values: the tsc recording has
 * 13 GB of events, a run 1.3 times as long would have had its values refused), and the bits above
 * them for the first row of each block of 64. A row's offset is its block's first offset plus the
 * difference of the low words modulo 2^32: exact while a block spans less than 2^32 words, which
 * it always does — a row adds at most its record's length (under 2^24 words) and the unused end of
 * one segment (at most the record's length rounded up to a segment), so 64 rows add about 2^31.
 */
export class ArenaOffsets {
  low: Uint32Array;
  /** Per block of 64 rows: its first row's offset divided by 2^32 (offsets up to 2^48 words). */
  high: Uint16Array;
  /** Some offset passed 2^32: until then (every normal recording) an offset is its low word. */
  private wide = false;

  constructor(capacity: number) {
    this.low = new Uint32Array(capacity);
    this.high = new Uint16Array((capacity >> OFFSET_BLOCK_SHIFT) + 1);
  }

  get capacity(): number { return this.low.length; }

  /** Room for rows [0, n). */
  ensure(n: number): void {
    if (n <= this.low.length) return;
    const low = new Uint32Array(Math.max(n, this.low.length * 2));
    low.set(this.low);
    this.low = low;
    const high = new Uint16Array((low.length >> OFFSET_BLOCK_SHIFT) + 1);
    high.set(this.high);
    this.high = high;
  }

  /** Sets row `i`'s offset; rows are set in order (a row may be set again before the next one). */
  set(i: number, offset: number): void {
    this.low[i] = offset; // ToUint32: the low 32 bits
    if (offset > 0xffffffff) {
      this.wide = true;
      if ((i & OFFSET_BLOCK_MASK) === 0) this.high[i >> OFFSET_BLOCK_SHIFT] = Math.floor(offset / 2 ** 32);
    }
  }

  get(i: number): number {
    if (!this.wide) return this.low[i];
    const first = this.low[i & ~OFFSET_BLOCK_MASK];
    return this.high[i >> OFFSET_BLOCK_SHIFT] * 2 ** 32 + first + ((this.low[i] - first) >>> 0);
  }
}
