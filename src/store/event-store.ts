/**
 * The columnar event store: every recorded event of a run, in one global order (the *instant* is
 * the index), with ids made global across connections.
 *
 * Layout: one typed-array column per field (kind, thread, site, frame, object, value offset) and a
 * value arena holding each event's values as tagged words (the wire's value encoding, but with
 * GLOBAL string and object ids). Metadata (strings, sites, object snapshots) is kept aside.
 *
 * Invariants:
 * - Events of one connection keep their order; the global order interleaves connections in the
 *   order their batches were ingested.
 * - Metadata takes effect before the next event of its connection: a snapshot ingested between
 *   events k-1 and k has `instant = k`.
 *
 * Memory budget: event values and snapshot entries (the bulk of a real recording) live in two
 * arenas of 64 KiB segments (spill.ts). When the columns plus the resident segments pass the
 * budget, the least recently used sealed segments (the oldest, unless read since) are written to
 * a spill file and dropped; a read pages one back in. The event columns stay whole: the query
 * engine scans them as typed arrays. Snapshot headers are columns too (SnapshotTable); a snapshot
 * read decodes its entries from the snapshot arena each time.
 */
import { Kind as WireKind, Tag as WireTag, FIRST_META_KIND as WIRE_FIRST_META_KIND, readStringPartRecord, readStringRecord, readValue, StringAssembler, type WireValue } from '../protocol/wire';
import type { Site, SiteTableJson } from '../protocol/sites';
import { Arena, ArenaOffsets, SEGMENT_WORDS, SegmentPager, StoreFullError } from './spill';

// Module-local copies: when this file runs unbundled (tests under tsx), every use of an imported
// binding goes through a getter, which costs more than the rest of the per-event path.
const Kind = WireKind;
const Tag = WireTag;
const FIRST_META_KIND = WIRE_FIRST_META_KIND;

export interface GlobalSite extends Site {
  file: string;
  /** Global id of the enclosing function site, -1 for none. */
  fnId: number;
  /** Its file was instrumented in calls mode: no statements, variable or property writes. */
  callsMode?: true;
  /** Its file is a library's code, not recorded: only its writes to recorded objects are (`writes` mode). */
  library?: true;
}

export interface ThreadInfo {
  index: number;
  pid: number;
  threadId: number;
  name: string;
}

export interface Snapshot {
  /** The first instant at which this snapshot is the object's state. */
  instant: number;
  type: number;
  className: string;
  size: number;
  flags: number;
  /** Decoded afresh at each read (from a segment that may be paged in). */
  entries: [WireValue, WireValue][];
}

/** A snapshot whose entries stay in the store's snapshot arena: `pairs` key/value pairs at `at`. */
class ArenaSnapshot implements Snapshot {
  constructor(
    readonly instant: number,
    readonly type: number,
    readonly className: string,
    readonly size: number,
    readonly flags: number,
    private readonly store: EventStore,
    private readonly at: number,
    private readonly pairs: number,
  ) {}

  get entries(): [WireValue, WireValue][] {
    return this.store.snapshotEntries(this.at, this.pairs);
  }
}

interface Connection {
  thread: number;
  strings: number[]; // local string id → global string id
  /** Strings arriving in StringPart records, until whole. */
  stringParts: StringAssembler;
  sites: Int32Array; // local site id → global site id, -1 where not registered
  /** Local object id → global object id (0: not seen). The runtime numbers objects densely from 1. */
  objects: Int32Array;
  /** Local ids too far past the dense ones to index an array by (only a malformed stream sends them). */
  sparseObjects: Map<number, number>;
  /** Distinct local ids seen so far. */
  objectsNamed: number;
}

class GrowableColumn<T extends Int32Array | Uint8Array | Uint16Array | Uint32Array> {
  constructor(public data: T, private readonly make: (n: number) => T) {}
  ensure(n: number): void {
    if (n <= this.data.length) return;
    const grown = this.make(Math.max(n, this.data.length * 2));
    grown.set(this.data as never);
    this.data = grown;
  }
}

const INITIAL = 1 << 12;

/**
 * Object snapshots in columns, one row per Snapshot record. A run that keeps millions of objects
 * has about one snapshot per object: as an object and a list apiece (the earlier layout), they
 * were most of the time and memory it took to open a 12 M-event recording.
 * An object's rows are in instant order: its first row is in `firstRow`, and an object with more
 * than one snapshot (a built-in mutator re-snapshots it) lists all of them in `rowsOf`.
 */
class SnapshotTable {
  rows = 0;
  readonly instant = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  readonly type = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  readonly classId = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  readonly size = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  readonly flags = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  /** Where the row's entries start in the snapshot arena, and how many key/value pairs. */
  readonly at = new ArenaOffsets(INITIAL);
  readonly pairs = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  /** Global object id → its first row + 1 (0: never snapshotted). */
  readonly firstRow = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  readonly rowsOf = new Map<number, number[]>();
  /** Objects with at least one row. */
  objects = 0;

  add(object: number, instant: number, type: number, classId: number, size: number, flags: number, at: number, pairs: number): void {
    const row = this.rows++;
    if (row === this.instant.data.length) for (const column of [this.instant, this.type, this.classId, this.size, this.flags, this.at, this.pairs]) column.ensure(row + 1);
    this.instant.data[row] = instant;
    this.type.data[row] = type;
    this.classId.data[row] = classId;
    this.size.data[row] = size;
    this.flags.data[row] = flags;
    this.at.set(row, at);
    this.pairs.data[row] = pairs;
    this.firstRow.ensure(object + 1);
    const first = this.firstRow.data[object] - 1;
    if (first < 0) {
      this.firstRow.data[object] = row + 1;
      this.objects++;
      return;
    }
    const rows = this.rowsOf.get(object);
    if (rows) rows.push(row);
    else this.rowsOf.set(object, [first, row]);
  }

  count(object: number): number {
    if (object < 0 || object >= this.firstRow.data.length || this.firstRow.data[object] === 0) return 0;
    return this.rowsOf.get(object)?.length ?? 1;
  }

  /** The row of the object's `k`-th snapshot (0 ≤ k < count). */
  row(object: number, k: number): number {
    return k === 0 ? this.firstRow.data[object] - 1 : this.rowsOf.get(object)![k];
  }

  /** Bytes the rows and the first-row column hold, for `objects` object ids. */
  bytes(objects: number): number {
    return (this.rows * 7 + objects + 1) * 4;
  }
}

/**
 * Room a record must find in an arena's head segment besides its length: a malformed record's
 * last value may be read past its end (a Double tag in its last word copies 3 words).
 */
const VALUE_SLACK = 3;
/** The arenas may always keep their two heads and one paged-in segment, whatever the budget. */
const MIN_RESIDENT_WORDS = 3 * SEGMENT_WORDS;
/** Bytes per event of the columns besides the thread's: kind 1, site 4, frame 4, object 4, offset 4 (thread: see threadCol). */
const COLUMN_BYTES_PER_EVENT = 17;
const DEFAULT_BUDGET_MB = 1024;

export interface EventStoreOptions {
  /**
   * Bytes the columns and the resident value arena may take before arena segments are spilled to
   * disk. Default: SCOPE_MEMORY_BUDGET_MB (megabytes), else 1024 MB. The arena always keeps
   * three segments (192 KiB); the columns (18 bytes per event) are never spilled.
   */
  memoryBudgetBytes?: number;
  /** Where to create the spill file (a random suffix is added); the OS temp dir if unset. */
  spillPath?: string;
  /** Where a failing spill file is reported (default stderr). */
  log?: (line: string) => void;
  /** Where the arenas' offsets start (a multiple of 2^14): tests of offsets past 32 bits only. */
  firstArenaOffset?: number;
}

/**
 * The most events a store holds: instants are kept in Int32Array columns (here and in the query
 * indexes). Past it, ingest throws StoreFullError and what came before stays readable. Global
 * object and string ids are int32 words in the arenas: they have the same bound.
 */
export const MAX_EVENTS = 2 ** 31 - 1;

export interface StoreMemory {
  budgetBytes: number;
  /**
   * The columns (events, snapshot headers) as filled. Capacity not yet written takes no memory:
   * a typed array's fresh pages are only mapped when first written.
   */
  columnBytes: number;
  /** Arena segments in memory (head, unspilled and paged-in ones). */
  arenaResidentBytes: number;
  /** Arena words written (resident or not), as bytes. */
  arenaBytes: number;
  /** Bytes written to the spill file. */
  spilledBytes: number;
}


/** The budget in bytes from SCOPE_MEMORY_BUDGET_MB, or the default. */
export function budgetFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SCOPE_MEMORY_BUDGET_MB;
  if (raw === undefined || raw.trim() === '') return DEFAULT_BUDGET_MB * 2 ** 20;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0) throw new Error(`SCOPE_MEMORY_BUDGET_MB=${raw} is not a size in megabytes; set it to a positive number such as ${DEFAULT_BUDGET_MB}, or unset it`);
  return mb * 2 ** 20;
}

export class EventStore {
  count = 0;
  dropped = 0;
  /**
   * Some code was instrumented in calls mode, so objects can change without a record: an object's
   * rebuilt state is only what its latest snapshot saw.
   */
  objectWritesUnrecorded = false;
  readonly strings: string[] = [''];
  readonly sites: GlobalSite[] = [];
  readonly threads: ThreadInfo[] = [];
  /** Global object ids handed out so far are 1…objectCount. */
  objectCount = 0;
  private readonly snapshotTable = new SnapshotTable();
  private readonly connections: Connection[] = [];
  private readonly stringIds = new Map<string, number>();

  private readonly kindCol = new GrowableColumn(new Uint8Array(INITIAL), (n) => new Uint8Array(n));
  /**
   * One byte per event while the recording has at most 256 threads (nearly every one: a byte of
   * the ~40 an opened event costs), two once a 257th thread connects (the column is widened then).
   */
  private threadCol = new GrowableColumn<Uint8Array | Uint16Array>(new Uint8Array(INITIAL), (n) => new Uint8Array(n));
  private readonly siteCol = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  private readonly frameCol = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  private readonly objectCol = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  /** Event i's values start at offsets.get(i) in the value arena; one more entry than events (the end). */
  private readonly offsets = new ArenaOffsets(INITIAL + 1);
  /** Every event column holds at least this many events. */
  private eventCapacity = INITIAL;

  readonly budgetBytes: number;
  private readonly log: (line: string) => void;
  /** Set once the columns have been reported as taking the whole budget. */
  private columnsPastBudget = false;
  private readonly pager: SegmentPager;
  /** Event values: event i's words are [offsets.get(i), its end) — see valueRange. */
  private readonly valueArena: Arena;
  /** Snapshot entries, as key/value pairs of tagged words with global ids. */
  private readonly snapshotArena: Arena;
  private readonly stringOf = (id: number): string => this.strings[id] ?? '';

  constructor(options: EventStoreOptions = {}) {
    this.budgetBytes = options.memoryBudgetBytes ?? budgetFromEnv();
    if (!(this.budgetBytes > 0)) throw new Error(`the event store's memory budget must be a positive number of bytes, got ${this.budgetBytes}`);
    this.log = options.log ?? ((line) => process.stderr.write(line + '\n'));
    this.pager = new SegmentPager(options.spillPath, () => this.arenaAllowanceWords(), this.log);
    this.valueArena = new Arena(this.pager, options.firstArenaOffset);
    this.snapshotArena = new Arena(this.pager, options.firstArenaOffset);
    this.offsets.set(0, this.valueArena.end);
  }

  // --- column access (read-only views; valid until the next ingest) -----------------------------
  get kinds(): Uint8Array { return this.kindCol.data; }
  get threadOf(): Uint8Array | Uint16Array { return this.threadCol.data; }
  /** Global site id per event, -1 where the kind has no site. */
  get siteOf(): Int32Array { return this.siteCol.data; }
  /** Frame per event (thread-local), 0 where the kind has none. CallEnter, BlockEnter: the new frame. */
  get frameOf(): Int32Array { return this.frameCol.data; }
  /** PropWrite/PropDelete/MutatingCall: global object id. CallEnter, BlockEnter: the lexical parent frame. */
  get objectOf(): Int32Array { return this.objectCol.data; }

  /** Opens a connection (one recorded thread); returns its id for `ingest`. */
  openConnection(info: { pid: number; threadId: number; name?: string }): number {
    const thread = this.threads.length;
    if (thread === 256) {
      const wide = new Uint16Array(this.threadCol.data.length);
      wide.set(this.threadCol.data);
      this.threadCol = new GrowableColumn<Uint8Array | Uint16Array>(wide, (n) => new Uint16Array(n));
    }
    this.threads.push({ index: thread, pid: info.pid, threadId: info.threadId, name: info.name ?? (info.threadId === 0 ? `pid ${info.pid}` : `pid ${info.pid} worker ${info.threadId}`) });
    this.connections.push({ thread, strings: [0], stringParts: new StringAssembler(), sites: new Int32Array(0), objects: new Int32Array(0), sparseObjects: new Map(), objectsNamed: 0 });
    return this.connections.length - 1;
  }

  internString(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      if (id > MAX_EVENTS) throw new StoreFullError(`the recording has more than ${MAX_EVENTS} distinct strings, as many as Scope can open`);
      this.strings.push(text);
      this.stringIds.set(text, id);
    }
    return id;
  }

  /**
   * Appends every complete record in `words` (one connection's stream, in order). Throws on a
   * record whose length runs past the end; records before it are kept. Throws StoreFullError once
   * the store holds MAX_EVENTS events or an arena MAX_ARENA_WORDS: nothing more can be added.
   */
  ingest(connectionId: number, words: Int32Array): void {
    const conn = this.connections[connectionId];
    if (!conn) throw new Error(`unknown connection ${connectionId}`);
    const end = words.length;
    const values = this.valueArena;
    let at = 0;
    while (at < end) {
      const h = words[at];
      const kind = h & 0xff; // headerKind/headerLength, inlined: this loop runs per event
      const len = h >>> 8;
      if (len < 1 || at + len > end) throw new Error(`record at word ${at} has length ${len}, past the end of the batch (${end} words)`);
      if (kind >= FIRST_META_KIND) this.ingestMeta(conn, kind, words, at, len);
      else if (kind !== 0) {
        // A record's values never take more arena words than the record has (plus the slack).
        if (values.fill + len + VALUE_SLACK > values.limit) {
          // The next event's start (written as the previous one's end) moves to the new head.
          this.offsets.set(this.count, values.seal(len + VALUE_SLACK));
        }
        this.ingestEvent(conn, kind, words, at, len);
      }
      at += len;
    }
  }

  /** Grows every event column to hold `n` events (the offset column one more). */
  private growEvents(n: number): void {
    if (n > MAX_EVENTS) throw new StoreFullError(`the recording has more than ${MAX_EVENTS} events, as many as Scope can open; the first ${MAX_EVENTS} are kept`);
    this.kindCol.ensure(n);
    this.threadCol.ensure(n);
    this.siteCol.ensure(n);
    this.frameCol.ensure(n);
    this.objectCol.ensure(n);
    this.offsets.ensure(n + 1);
    this.eventCapacity = Math.min(this.kindCol.data.length, this.threadCol.data.length, this.siteCol.data.length, this.frameCol.data.length, this.objectCol.data.length, this.offsets.capacity - 1, MAX_EVENTS);
  }

  private localObject(conn: Connection, local: number): number {
    const known = local < conn.objects.length ? conn.objects[local] : 0;
    if (known !== 0) return known;
    const aside = conn.sparseObjects.size > 0 ? conn.sparseObjects.get(local) : undefined;
    if (aside !== undefined) return aside;
    if (this.objectCount >= MAX_EVENTS) throw new StoreFullError(`the recording has more than ${MAX_EVENTS} objects, as many as Scope can open`);
    const id = ++this.objectCount;
    conn.objectsNamed++;
    // Dense ids index an array that grows with them. The bound follows the objects this connection
    // has named, so a malformed stream cannot size the array faster than it sends records: a wild
    // id is kept aside (and stays there when the array later grows past it).
    if (local < conn.objects.length) conn.objects[local] = id;
    else if (local < conn.objectsNamed * 2 + INITIAL) {
      const grown = new Int32Array(Math.max(local + 1, conn.objects.length * 2, INITIAL));
      grown.set(conn.objects);
      conn.objects = grown;
      conn.objects[local] = id;
    } else conn.sparseObjects.set(local, id);
    return id;
  }

  private globalSite(conn: Connection, local: number): number {
    return local >= 0 && local < conn.sites.length ? conn.sites[local] : -1;
  }

  private mapSite(conn: Connection, local: number, global: number): void {
    if (local < 0) return;
    if (local >= conn.sites.length) {
      const grown = new Int32Array(Math.max(local + 1, conn.sites.length * 2, 64)).fill(-1);
      grown.set(conn.sites);
      conn.sites = grown;
    }
    conn.sites[local] = global;
  }

  private ingestMeta(conn: Connection, kind: number, words: Int32Array, at: number, len: number): void {
    switch (kind) {
      case Kind.String: {
        const { id, text } = readStringRecord(words, at);
        conn.strings[id] = this.internString(text);
        return;
      }
      case Kind.StringPart: {
        const { id, total, offset, text } = readStringPartRecord(words, at);
        const whole = conn.stringParts.add(id, total, offset, text);
        if (whole !== undefined) conn.strings[id] = this.internString(whole);
        return;
      }
      case Kind.SiteTable: {
        const base = words[at + 1];
        const count = words[at + 2];
        const file = this.strings[conn.strings[words[at + 3]]] ?? '';
        const table = JSON.parse(this.strings[conn.strings[words[at + 4]]] ?? '{"sites":[]}') as SiteTableJson;
        const globalBase = this.sites.length;
        const callsMode = table.mode === 'calls';
        const library = table.mode === 'writes';
        if (callsMode) this.objectWritesUnrecorded = true;
        for (let k = 0; k < count; k++) {
          const site = table.sites[k];
          if (!site) break;
          const global: GlobalSite = { ...site, file: table.file || file, fnId: site.fn >= 0 ? globalBase + site.fn : -1 };
          if (callsMode) global.callsMode = true;
          if (library) global.library = true;
          this.sites.push(global);
          this.mapSite(conn, base + k, globalBase + k);
        }
        return;
      }
      case Kind.Snapshot: {
        const object = this.localObject(conn, words[at + 1] >>> 0);
        const count = words[at + 6];
        const arena = this.snapshotArena;
        if (arena.fill + len + VALUE_SLACK > arena.limit) arena.seal(len + VALUE_SLACK);
        const start = arena.end;
        let p = at + 7;
        const end = at + len;
        let pairs = 0;
        for (; pairs < count && p < end; pairs++) p = this.copyValue(arena, conn, words, this.copyValue(arena, conn, words, p));
        this.snapshotTable.add(object, this.count, words[at + 2], conn.strings[words[at + 3]] ?? 0, words[at + 4], words[at + 5], start, pairs);
        return;
      }
      case Kind.Dropped:
        this.dropped += words[at + 1];
        return;
      default:
        return; // unknown metadata from a newer schema: skipped by its length
    }
  }

  /** Copies one wire value into `target` with global ids; returns the index after it in `words`. */
  private copyValue(target: Arena, conn: Connection, words: Int32Array, at: number): number {
    const tag = words[at];
    const arena = target.head;
    let o = target.fill;
    arena[o++] = tag;
    switch (tag) {
      case Tag.Double:
        arena[o++] = words[at + 1];
        arena[o++] = words[at + 2];
        target.fill = o;
        return at + 3;
      case Tag.String: case Tag.StringCut: case Tag.BigInt: case Tag.Symbol:
        arena[o++] = conn.strings[words[at + 1]] ?? 0;
        break;
      case Tag.Object:
        arena[o++] = this.localObject(conn, words[at + 1] >>> 0);
        break;
      default:
        arena[o++] = words[at + 1];
    }
    target.fill = o;
    return at + 2;
  }

  private copyWord(word: number): void {
    const values = this.valueArena;
    values.head[values.fill++] = word;
  }

  private ingestEvent(conn: Connection, kind: number, words: Int32Array, at: number, len: number): void {
    const values = this.valueArena;
    const i = this.count;
    const n = i + 1;
    if (n > this.eventCapacity) this.growEvents(n);
    let site = -1;
    let frame = 0;
    let object = 0;
    const end = at + len;
    switch (kind) {
      case Kind.CallEnter: {
        site = this.globalSite(conn, words[at + 1]);
        frame = words[at + 2];
        object = words[at + 3];
        let p = this.copyValue(values, conn, words, at + 4);
        const argc = words[p++];
        this.copyWord(argc);
        for (let k = 0; k < argc && p < end; k++) p = this.copyValue(values, conn, words, p);
        break;
      }
      case Kind.Return: case Kind.Unwind: case Kind.Throw: case Kind.Catch:
      case Kind.AwaitSuspend: case Kind.Yield: case Kind.YieldResume: case Kind.VarWrite:
        site = this.globalSite(conn, words[at + 1]);
        frame = words[at + 2];
        this.copyValue(values, conn, words, at + 3);
        break;
      case Kind.AwaitResume: {
        site = this.globalSite(conn, words[at + 1]);
        frame = words[at + 2];
        const p = this.copyValue(values, conn, words, at + 3);
        this.copyWord(words[p]);
        break;
      }
      case Kind.Statement:
        site = this.globalSite(conn, words[at + 1]);
        break;
      case Kind.PropWrite:
        site = this.globalSite(conn, words[at + 1]);
        object = this.localObject(conn, words[at + 2] >>> 0);
        this.copyValue(values, conn, words, this.copyValue(values, conn, words, at + 3));
        break;
      case Kind.PropDelete:
        site = this.globalSite(conn, words[at + 1]);
        object = this.localObject(conn, words[at + 2] >>> 0);
        this.copyValue(values, conn, words, at + 3);
        break;
      case Kind.MutatingCall:
        site = this.globalSite(conn, words[at + 1]);
        object = this.localObject(conn, words[at + 2] >>> 0);
        break;
      case Kind.BlockEnter:
        site = this.globalSite(conn, words[at + 1]);
        frame = words[at + 2];
        object = words[at + 3];
        break;
      case Kind.AsyncContext:
        frame = words[at + 3];
        this.copyWord(words[at + 1]);
        this.copyWord(words[at + 2]);
        break;
      case Kind.ThreadStart: case Kind.ProcessStart:
        this.copyWord(words[at + 1]);
        this.copyWord(words[at + 2]);
        this.copyWord(conn.strings[words[at + 3]] ?? 0);
        break;
      case Kind.Console:
        this.copyWord(words[at + 1]);
        this.copyWord(conn.strings[words[at + 2]] ?? 0);
        break;
      case Kind.Marker:
        this.copyWord(conn.strings[words[at + 1]] ?? 0);
        break;
      case Kind.Uncaught:
        this.copyValue(values, conn, words, at + 1);
        break;
      default:
        // ThreadExit, ProcessExit and kinds from a newer schema: keep their plain words.
        for (let p = at + 1; p < end; p++) this.copyWord(words[p]);
    }
    this.kindCol.data[i] = kind;
    this.threadCol.data[i] = conn.thread;
    this.siteCol.data[i] = site;
    this.frameCol.data[i] = frame;
    this.objectCol.data[i] = object;
    this.offsets.set(n, values.base + values.fill);
    this.count = n;
  }

  // --- the budget ----------------------------------------------------------------------------

  /** Arena words that may stay in memory: what the budget leaves after the columns, at least MIN_RESIDENT_WORDS. */
  private arenaAllowanceWords(): number {
    const columns = this.columnBytes();
    const allowance = Math.floor((this.budgetBytes - columns) / 4);
    if (allowance >= MIN_RESIDENT_WORDS) return allowance;
    if (!this.columnsPastBudget) {
      this.columnsPastBudget = true;
      this.log(`scope: the recording's event columns alone (${Math.round(columns / 2 ** 20)} MB) exceed the ${Math.round(this.budgetBytes / 2 ** 20)} MB memory budget; its values are paged from disk from now on (raise SCOPE_MEMORY_BUDGET_MB to keep more in memory)`);
    }
    return MIN_RESIDENT_WORDS;
  }

  /**
   * Bytes the columns hold. Counting their capacity instead made a 36 M-event recording (capacity
   * 64 M) report 1.2 GB of columns, pass the default budget and page every value from disk.
   */
  private columnBytes(): number {
    return (this.count + 1) * (COLUMN_BYTES_PER_EVENT + this.threadCol.data.BYTES_PER_ELEMENT) + this.snapshotTable.bytes(this.objectCount);
  }

  /** Where the store's memory goes (for `scope info`, the budget tests and benchmarks). */
  memory(): StoreMemory {
    return {
      budgetBytes: this.budgetBytes,
      columnBytes: this.columnBytes(),
      arenaResidentBytes: this.pager.residentWords * 4,
      arenaBytes: (this.valueArena.end + this.snapshotArena.end) * 4,
      spilledBytes: this.pager.spilledBytes,
    };
  }

  /**
   * Frees the arena and removes the spill file. Call it when the session that reads this store
   * ends; the columns and metadata stay readable, arena reads (values, words, text) then throw.
   */
  close(): void {
    this.pager.close();
    this.valueArena.close();
    this.snapshotArena.close();
  }

  // --- reading ---------------------------------------------------------------------------------

  /** Arena words of event `i`: [start, end), global offsets (one segment holds them all). */
  valueRange(i: number): [number, number] {
    const start = this.offsets.get(i);
    const next = this.offsets.get(i + 1);
    // The next event may start in a later segment: this one's words end where its segment's do.
    const segmentEnd = this.valueArena.segmentEnd(start);
    return [start, next < segmentEnd ? next : segmentEnd];
  }

  /** Reads the arena value at global offset `offset`; returns it and the offset after it. */
  valueAt(offset: number): [WireValue, number] {
    const segment = this.valueArena.segmentAt(offset);
    const [value, next] = readValue(segment.data!, offset - segment.base, this.stringOf);
    return [value, next + segment.base];
  }

  /**
   * The values an event carries, in record order: CallEnter → [this, ...args]; Return, Unwind,
   * Throw, Catch, AwaitSuspend/Resume, Yield/YieldResume, VarWrite, Uncaught → [value];
   * PropWrite → [key, value]; PropDelete → [key]; others → [].
   */
  values(i: number): WireValue[] {
    const kind = this.kindCol.data[i];
    const out: WireValue[] = [];
    let count: number;
    switch (kind) {
      case Kind.CallEnter: count = -1; break;
      case Kind.PropWrite: count = 2; break;
      case Kind.Return: case Kind.Unwind: case Kind.Throw: case Kind.Catch: case Kind.AwaitSuspend:
      case Kind.AwaitResume: case Kind.Yield: case Kind.YieldResume: case Kind.VarWrite:
      case Kind.PropDelete: case Kind.Uncaught:
        count = 1;
        break;
      default:
        return out;
    }
    const start = this.offsets.get(i);
    const segment = this.valueArena.segmentAt(start);
    const data = segment.data!;
    let p = start - segment.base;
    const take = () => { const [v, next] = readValue(data, p, this.stringOf); out.push(v); p = next; };
    if (count < 0) {
      take(); // this
      count = data[p++]; // argc
    }
    for (let k = 0; k < count; k++) take();
    return out;
  }

  // --- object snapshots -------------------------------------------------------------------------

  /** How many snapshots the object has (0: never snapshotted). */
  snapshotCount(object: number): number {
    return this.snapshotTable.count(object);
  }

  /** The object's `k`-th snapshot, in instant order (0 ≤ k < snapshotCount). */
  snapshot(object: number, k: number): Snapshot {
    const t = this.snapshotTable;
    const row = t.row(object, k);
    return new ArenaSnapshot(t.instant.data[row], t.type.data[row], this.strings[t.classId.data[row]] ?? '', t.size.data[row], t.flags.data[row], this, t.at.get(row), t.pairs.data[row]);
  }

  /** The index of the object's latest snapshot taken at or before `instant`, -1 if none. */
  snapshotIndexAt(object: number, instant: number): number {
    const t = this.snapshotTable;
    let lo = 0;
    let hi = t.count(object);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t.instant.data[t.row(object, mid)] <= instant) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Every snapshot of the object, in instant order. */
  snapshotsOf(object: number): Snapshot[] {
    const snaps: Snapshot[] = [];
    for (let k = 0, n = this.snapshotCount(object); k < n; k++) snaps.push(this.snapshot(object, k));
    return snaps;
  }

  /** How many objects have at least one snapshot. */
  get snapshottedObjects(): number {
    return this.snapshotTable.objects;
  }

  /** The entries of a snapshot stored at `at` in the snapshot arena (ArenaSnapshot.entries). */
  snapshotEntries(at: number, pairs: number): [WireValue, WireValue][] {
    const entries: [WireValue, WireValue][] = [];
    if (pairs === 0) return entries;
    const segment = this.snapshotArena.segmentAt(at);
    const data = segment.data!;
    let p = at - segment.base;
    for (let k = 0; k < pairs; k++) {
      const [key, afterKey] = readValue(data, p, this.stringOf);
      const [value, next] = readValue(data, afterKey, this.stringOf);
      entries.push([key, value]);
      p = next;
    }
    return entries;
  }

  /** Plain words of events without values: Console → [stream, text id], ThreadStart → [threadId, pid, name id], … */
  words(i: number): Int32Array {
    const [a, b] = this.valueRange(i);
    const segment = this.valueArena.segmentAt(a);
    return segment.data!.subarray(a - segment.base, b - segment.base);
  }

  /** The text a Console or Marker event carries. */
  text(i: number): string {
    const kind = this.kindCol.data[i];
    if (kind === Kind.Console) return this.strings[this.words(i)[1]] ?? '';
    if (kind === Kind.Marker) return this.strings[this.words(i)[0]] ?? '';
    return '';
  }

  /** AwaitResume: whether the awaited promise rejected. */
  threw(i: number): boolean {
    if (this.kindCol.data[i] !== Kind.AwaitResume) return false;
    const w = this.words(i);
    return w[w.length - 1] !== 0;
  }

  /** Bytes held in memory by the columns and the resident arena. */
  memoryBytes(): number {
    const m = this.memory();
    return m.columnBytes + m.arenaResidentBytes;
  }
}
