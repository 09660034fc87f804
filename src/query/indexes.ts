/**
 * The query engine's indexes over an EventStore, built in one pass and extended incrementally as
 * the store grows (the adapter queries while the program is still recording).
 *
 * What is kept, and why:
 * - per event: the frame the event belongs to (`ownerFrame`) and the call depth of that frame on
 *   its thread (`depth`) — stepping and drawing spans need both without a replay;
 * - per site: the ascending list of instants of the events at that site (statement hits, binding
 *   writes, calls of a function);
 * - per object: the instants of property writes and deletes (object state = snapshot + these);
 * - per thread: frame records by frame id (entry, exit, function, lexical parent); a BLOCK frame
 *   (BlockEnter: one loop iteration whose bindings closures capture) is a record too, off the
 *   stack, whose lexical parent is its function's frame (or an enclosing iteration's block frame);
 * - CHECKPOINTS: every CHECKPOINT_INTERVAL events, every thread's stack (frame, last position,
 *   resumed flag), so the stack at any instant is a checkpoint plus at most that many events;
 * - summary prefix counts per thread per kind every 2^SUMMARY_CELL_SHIFT events, and a max-depth
 *   pyramid over the same cells (see summary.ts).
 *
 * Invariant: everything here describes events [0, indexed); `sync()` extends it to store.count.
 */
import { Kind, type WireValue } from '../protocol/wire';
import type { EventStore, GlobalSite } from '../store/event-store';
import { DenseColumn, DenseIntLists, IntList, int32Column } from './int-list';

// Hot loops read these module-level copies: under a module loader that keeps live bindings (tsx,
// node's CJS interop), every `Kind.X` would be a getter call per event.
const { CallEnter: CALL_ENTER, Return: RETURN, Unwind: UNWIND, AwaitSuspend: AWAIT_SUSPEND, Yield: YIELD,
  AwaitResume: AWAIT_RESUME, YieldResume: YIELD_RESUME, Statement: STATEMENT, Catch: CATCH, Uncaught: UNCAUGHT,
  ThreadExit: THREAD_EXIT, ProcessExit: PROCESS_EXIT, PropWrite: PROP_WRITE, PropDelete: PROP_DELETE, BlockEnter: BLOCK_ENTER } = Kind;

export const CHECKPOINT_INTERVAL = 1024;
/** Spacing of the stacks `stackBefore` keeps within the checkpoint interval it last replayed. */
const FINE_INTERVAL = 32;
export const SUMMARY_CELL_SHIFT = 8;
export const SUMMARY_CELL = 1 << SUMMARY_CELL_SHIFT;
/** Kind slots in the summary counts: event kinds are < 64, the ones past 30 share the last slot. */
export const KIND_SLOTS = 32;
function kindSlot(kind: number): number {
  return kind < KIND_SLOTS - 1 ? kind : KIND_SLOTS - 1;
}

/**
 * A thread's call stack at one instant, innermost LAST. `lastPos` is the instant of the frame's
 * latest positioned event (statement, catch, resume) or -1; `resumed` is 1 when the frame was
 * pushed back by an await/yield resume rather than by a call.
 */
export class Stack {
  frames: number[] = [];
  lastPos: number[] = [];
  resumed: number[] = [];

  get size(): number { return this.frames.length; }
  get top(): number { return this.frames.length ? this.frames[this.frames.length - 1] : 0; }

  push(frame: number, lastPos: number, resumed: number): void {
    this.frames.push(frame);
    this.lastPos.push(lastPos);
    this.resumed.push(resumed);
  }

  /** Removes the entries from `index` up. */
  truncate(index: number): void {
    this.frames.length = index;
    this.lastPos.length = index;
    this.resumed.length = index;
  }

  indexOf(frame: number): number {
    return this.frames.lastIndexOf(frame);
  }

  remove(index: number): void {
    this.frames.splice(index, 1);
    this.lastPos.splice(index, 1);
    this.resumed.splice(index, 1);
  }

  pack(): Int32Array {
    const out = new Int32Array(this.frames.length * 3);
    for (let k = 0; k < this.frames.length; k++) {
      out[k * 3] = this.frames[k];
      out[k * 3 + 1] = this.lastPos[k];
      out[k * 3 + 2] = this.resumed[k];
    }
    return out;
  }

  clone(): Stack {
    const s = new Stack();
    s.frames = this.frames.slice();
    s.lastPos = this.lastPos.slice();
    s.resumed = this.resumed.slice();
    return s;
  }

  static unpack(packed: Int32Array | undefined): Stack {
    const s = new Stack();
    if (packed) for (let k = 0; k < packed.length; k += 3) s.push(packed[k], packed[k + 1], packed[k + 2]);
    return s;
  }
}

/**
 * Applies event `i` (of the stack's thread) to the stack. Returns the frame the event belongs to
 * and that frame's depth (1 = outermost). The one definition of stack motion, used both by the
 * indexer and by checkpoint replays, so the two can never disagree.
 */
export function applyToStack(stack: Stack, kind: number, frame: number, i: number, out: { owner: number; depth: number }): void {
  switch (kind) {
    case CALL_ENTER:
      stack.push(frame, -1, 0);
      out.owner = frame;
      out.depth = stack.size;
      return;
    case RETURN: case UNWIND: {
      // The frame and anything left above it (frames whose exit was not recorded) leave together.
      const at = stack.indexOf(frame);
      out.owner = frame;
      out.depth = at >= 0 ? at + 1 : stack.size;
      if (at >= 0) stack.truncate(at);
      return;
    }
    case AWAIT_SUSPEND: case YIELD: {
      // The suspended frame leaves the stack; its caller continues.
      const at = stack.indexOf(frame);
      out.owner = frame;
      out.depth = at >= 0 ? at + 1 : stack.size;
      if (at >= 0) stack.remove(at);
      return;
    }
    case AWAIT_RESUME: case YIELD_RESUME:
      stack.push(frame, i, 1);
      out.owner = frame;
      out.depth = stack.size;
      return;
    case STATEMENT: case CATCH:
      if (stack.size) stack.lastPos[stack.size - 1] = i;
      out.owner = stack.top;
      out.depth = stack.size;
      return;
    case UNCAUGHT: case THREAD_EXIT: case PROCESS_EXIT:
      // Nothing of the thread's synchronous stack survives these.
      out.owner = 0;
      out.depth = 0;
      stack.truncate(0);
      return;
    default:
      out.owner = stack.top;
      out.depth = stack.size;
  }
}

/** Frame records of one thread, indexed by the thread-local frame id. */
export class ThreadFrames {
  // Kept plus one (0: none), so that their capacity past the frames entered needs no filling:
  // filled with -1 it was resident memory, half of it unused after a doubling (calls mode, 71 M
  // events: 5.3 bytes per event).
  readonly callInstant = int32Column(256);
  readonly endInstant = int32Column(256);
  readonly functionSite = int32Column(256);
  readonly lexicalParent = int32Column(256, 0);
  /** The frame on top of the thread's stack when the frame was entered (its caller), 0 if none. */
  readonly callerFrame = int32Column(256, 0);
  /** Block frames only: the function frame whose code the iteration runs in (-1 if none); 0 = a call frame. */
  readonly blockOwner = int32Column(256, 0);
  /** The live stack while indexing (the stack at instant `indexed`). */
  readonly live = new Stack();
  /** Running event counts per kind slot (summary prefix sums). */
  readonly counts = new Uint32Array(KIND_SLOTS);
  /** counts at each summary cell start: cell c → [c * KIND_SLOTS, (c + 1) * KIND_SLOTS). */
  readonly prefix = new DenseColumn(new Uint32Array(KIND_SLOTS * 64), (n) => new Uint32Array(n));
  /** Max depth per summary cell, and coarser levels (level k cell = 2^k cells). */
  readonly depthLevels: DenseColumn<Uint16Array>[] = [];

  entry(frame: number): number { return frame > 0 && frame < this.callInstant.data.length ? this.callInstant.data[frame] - 1 : -1; }
  end(frame: number): number { return frame > 0 && frame < this.endInstant.data.length ? this.endInstant.data[frame] - 1 : -1; }
  fnSite(frame: number): number { return frame > 0 && frame < this.functionSite.data.length ? this.functionSite.data[frame] - 1 : -1; }
  parent(frame: number): number { return frame > 0 && frame < this.lexicalParent.data.length ? this.lexicalParent.data[frame] : 0; }
  caller(frame: number): number { return frame > 0 && frame < this.callerFrame.data.length ? this.callerFrame.data[frame] : 0; }
  isBlock(frame: number): boolean { return frame > 0 && frame < this.blockOwner.data.length && this.blockOwner.data[frame] !== 0; }
  /** The function frame a block frame belongs to; a call frame's own id. */
  functionFrame(frame: number): number { return this.isBlock(frame) ? this.blockOwner.data[frame] : frame; }
}

/**
 * An object's state after its first `writeIndex` property writes, replayed from snapshot
 * `snapshot`: saved every OBJECT_CHECKPOINT_WRITES writes the first time a query replays past
 * them, so an object written a million times costs at most that many writes per later query.
 */
export interface ObjectCheckpoint {
  snapshot: number;
  props: Map<string, WireValue>;
  length: number;
}
export const OBJECT_CHECKPOINT_WRITES = 256;

/** Frame ids past this are treated as corrupt and not indexed (they would size arrays by them). */
const MAX_FRAME_ID = 1 << 26;

export class Indexes {
  indexed = 0;
  sitesSeen = 0;
  readonly ownerFrame = int32Column(1 << 14);
  readonly depth = new DenseColumn(new Uint16Array(1 << 14), (n) => new Uint16Array(n));
  readonly siteEvents: (IntList | undefined)[] = [];
  /** Object id → the instants of its PropWrite/PropDelete events. */
  readonly objectWrites = new DenseIntLists();
  /** object → write index → checkpoint (filled lazily by objects.ts). */
  readonly objectCheckpoints = new Map<number, Map<number, ObjectCheckpoint>>();
  readonly threads: ThreadFrames[] = [];
  /** checkpoints[c][thread] = packed stack at instant c * CHECKPOINT_INTERVAL. */
  readonly checkpoints: (Int32Array | undefined)[][] = [];
  hasStatements = false;
  // Stacks `stackBefore` computed for indexed instants; events before `indexed` never change.
  private lastStack: { thread: number; instant: number; stack: Stack } | undefined;
  /** Stacks of one thread before instants interval * CHECKPOINT_INTERVAL + k * FINE_INTERVAL, by k. */
  private fine: { interval: number; thread: number; stacks: (Stack | undefined)[] } = { interval: -1, thread: -1, stacks: [] };

  // Site-derived tables.
  /** function/module site → its binding sites. */
  readonly bindingsOf = new Map<number, number[]>();
  /** file → line → statement sites starting on that line. */
  readonly statementsByLine = new Map<string, Map<number, number[]>>();
  readonly functionsByName = new Map<string, number[]>();
  readonly files = new Set<string>();

  constructor(private readonly store: EventStore) {}

  thread(t: number): ThreadFrames {
    while (this.threads.length <= t) this.threads.push(new ThreadFrames());
    return this.threads[t];
  }

  /** Extends the indexes to the store's current end (or to `limit`, if before it). Cheap when nothing changed. */
  sync(limit = Infinity): void {
    const store = this.store;
    if (store.sites.length !== this.sitesSeen) this.indexSites();
    const n = Math.min(store.count, limit);
    if (n <= this.indexed) return;
    for (let t = 0; t < store.threads.length; t++) this.thread(t);
    this.ownerFrame.ensure(n);
    this.depth.ensure(n);
    const kinds = store.kinds;
    const threadOf = store.threadOf;
    const siteOf = store.siteOf;
    const frameOf = store.frameOf;
    const objectOf = store.objectOf;
    const owner = this.ownerFrame.data;
    const depth = this.depth.data;
    const out = { owner: 0, depth: 0 };
    for (let i = this.indexed; i < n; i++) {
      if ((i & (CHECKPOINT_INTERVAL - 1)) === 0) this.checkpoint(i);
      if ((i & (SUMMARY_CELL - 1)) === 0) this.closeCell(i >> SUMMARY_CELL_SHIFT);
      const kind = kinds[i];
      const th = this.thread(threadOf[i]);
      const frame = frameOf[i];
      const caller = th.live.top;
      applyToStack(th.live, kind, frame, i, out);
      owner[i] = out.owner;
      depth[i] = out.depth > 0xffff ? 0xffff : out.depth;
      th.counts[kindSlot(kind)]++;
      this.noteDepth(th, i >> SUMMARY_CELL_SHIFT, depth[i]);

      const site = siteOf[i];
      if (site >= 0) {
        let list = this.siteEvents[site];
        if (!list) list = this.siteEvents[site] = new IntList();
        list.push(i);
      }
      switch (kind) {
        case CALL_ENTER: case BLOCK_ENTER:
          if (frame > 0 && frame < MAX_FRAME_ID) {
            th.callInstant.ensure(frame + 1);
            th.functionSite.ensure(frame + 1);
            th.lexicalParent.ensure(frame + 1);
            th.callerFrame.ensure(frame + 1);
            th.endInstant.ensure(frame + 1);
            th.blockOwner.ensure(frame + 1);
            th.callerFrame.data[frame] = caller;
            th.callInstant.data[frame] = i + 1;
            th.functionSite.data[frame] = site + 1;
            const parent = objectOf[i];
            th.lexicalParent.data[frame] = parent;
            if (kind === BLOCK_ENTER) th.blockOwner.data[frame] = parent > 0 ? th.functionFrame(parent) : -1;
          }
          break;
        case RETURN: case UNWIND:
          if (frame > 0 && frame < th.endInstant.data.length) th.endInstant.data[frame] = i + 1;
          break;
        case PROP_WRITE: case PROP_DELETE: {
          this.objectWrites.push(objectOf[i], i);
          break;
        }
        case STATEMENT:
          this.hasStatements = true;
          break;
        default:
          break;
      }
    }
    this.indexed = n;
    // The current (partial) cell's prefix is needed by summaries ending exactly at `n`.
    if ((n & (SUMMARY_CELL - 1)) === 0) this.closeCell(n >> SUMMARY_CELL_SHIFT);
    for (const th of this.threads) this.propagateDepth(th, (n - 1) >> SUMMARY_CELL_SHIFT);
  }

  private checkpoint(i: number): void {
    const c = i / CHECKPOINT_INTERVAL;
    this.checkpoints[c] = this.threads.map((th) => (th.live.size ? th.live.pack() : undefined));
  }

  /** Records the running counts as the prefix of cell `cell` (events before cell * SUMMARY_CELL). */
  private closeCell(cell: number): void {
    for (const th of this.threads) {
      th.prefix.ensure((cell + 1) * KIND_SLOTS);
      th.prefix.data.set(th.counts, cell * KIND_SLOTS);
      if (cell > 0) this.propagateDepth(th, cell - 1);
    }
  }

  private noteDepth(th: ThreadFrames, cell: number, d: number): void {
    if (th.depthLevels.length === 0) th.depthLevels.push(new DenseColumn(new Uint16Array(256), (n) => new Uint16Array(n)));
    const level0 = th.depthLevels[0];
    level0.ensure(cell + 1);
    if (level0.data[cell] < d) level0.data[cell] = d;
  }

  /** Pushes cell `cell`'s max depth up the coarser levels (max is idempotent, so repeats are safe). */
  private propagateDepth(th: ThreadFrames, cell: number): void {
    if (cell < 0 || th.depthLevels.length === 0) return;
    const level0 = th.depthLevels[0];
    if (cell >= level0.data.length) return;
    const d = level0.data[cell];
    let j = cell;
    for (let k = 1; k < 24; k++) {
      j >>= 1;
      if (th.depthLevels.length <= k) th.depthLevels.push(new DenseColumn(new Uint16Array(64), (n) => new Uint16Array(n)));
      const level = th.depthLevels[k];
      level.ensure(j + 1);
      if (level.data[j] >= d) break;
      level.data[j] = d;
    }
  }

  private indexSites(): void {
    const sites = this.store.sites;
    for (let id = this.sitesSeen; id < sites.length; id++) {
      const s: GlobalSite = sites[id];
      this.files.add(s.file);
      if (s.kind === 'binding' && s.fnId >= 0) {
        const list = this.bindingsOf.get(s.fnId);
        if (list) list.push(id);
        else this.bindingsOf.set(s.fnId, [id]);
      } else if (s.kind === 'statement') {
        let byLine = this.statementsByLine.get(s.file);
        if (!byLine) this.statementsByLine.set(s.file, (byLine = new Map()));
        const list = byLine.get(s.line);
        if (list) list.push(id);
        else byLine.set(s.line, [id]);
      } else if ((s.kind === 'function' || s.kind === 'module') && s.name) {
        const list = this.functionsByName.get(s.name);
        if (list) list.push(id);
        else this.functionsByName.set(s.name, [id]);
      }
    }
    this.sitesSeen = sites.length;
  }

  /**
   * The stack of `thread` just before event `instant`: the nearest stack known before it, plus a
   * replay of the events between. Known stacks are the checkpoints (every CHECKPOINT_INTERVAL
   * events), the previous answer, and the stacks a replay passed every FINE_INTERVAL events of the
   * interval it last worked in. A breakpoint condition is evaluated at every hit of its line in
   * turn, forwards or backwards: replaying from the checkpoint each time was half the time of a
   * hit (~3 µs). The caller owns the returned stack.
   */
  stackBefore(thread: number, instant: number): Stack {
    const c = Math.min(Math.floor(instant / CHECKPOINT_INTERVAL), this.checkpoints.length - 1);
    if (c < 0) return new Stack();
    const base = c * CHECKPOINT_INTERVAL;
    const end = base + CHECKPOINT_INTERVAL;
    if (this.fine.interval !== c || this.fine.thread !== thread) this.fine = { interval: c, thread, stacks: [] };
    const fine = this.fine.stacks;
    let from = base;
    let known: Stack | undefined;
    const last = this.lastStack;
    if (last !== undefined && last.thread === thread && last.instant <= instant && last.instant >= base) {
      from = last.instant;
      known = last.stack;
    }
    for (let k = Math.min(Math.floor((instant - base) / FINE_INTERVAL), fine.length - 1); k > 0 && base + k * FINE_INTERVAL > from; k--) {
      const saved = fine[k];
      if (saved === undefined) continue;
      from = base + k * FINE_INTERVAL;
      known = saved;
      break;
    }
    const stack = known ? known.clone() : Stack.unpack(this.checkpoints[c]?.[thread]);
    const kinds = this.store.kinds;
    const threadOf = this.store.threadOf;
    const frameOf = this.store.frameOf;
    const out = { owner: 0, depth: 0 };
    // Only stacks of indexed instants are kept: events past `indexed` may not all be there yet.
    const keep = instant <= this.indexed;
    for (let i = from; i < instant; i++) {
      if (keep && i > from && (i & (FINE_INTERVAL - 1)) === 0 && i < end) {
        const k = (i - base) / FINE_INTERVAL;
        if (fine[k] === undefined) fine[k] = stack.clone();
      }
      if (threadOf[i] === thread) applyToStack(stack, kinds[i], frameOf[i], i, out);
    }
    if (keep) this.lastStack = { thread, instant, stack: stack.clone() };
    return stack;
  }

  /** Approximate bytes held by the indexes (for the memory-per-event benchmark). */
  memoryBytes(): number {
    let bytes = this.ownerFrame.data.byteLength + this.depth.data.byteLength;
    for (const l of this.siteEvents) if (l) bytes += l.data.byteLength + 32;
    bytes += this.objectWrites.bytes();
    for (const th of this.threads) {
      bytes += th.callInstant.data.byteLength * 6 + th.prefix.data.byteLength; // six frame columns
      for (const l of th.depthLevels) bytes += l.data.byteLength;
    }
    for (const c of this.checkpoints) for (const s of c) bytes += (s?.byteLength ?? 0) + 16;
    return bytes;
  }
}
