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
 */
import { Kind as WireKind, Tag as WireTag, FIRST_META_KIND as WIRE_FIRST_META_KIND, readStringRecord, readValue, type WireValue } from '../protocol/wire';
import type { Site, SiteTableJson } from '../protocol/sites';

// Module-local copies: when this file runs unbundled (tests under tsx), every use of an imported
// binding goes through a getter, which costs more than the rest of the per-event path.
const Kind = WireKind;
const Tag = WireTag;
const FIRST_META_KIND = WIRE_FIRST_META_KIND;

export interface GlobalSite extends Site {
  file: string;
  /** Global id of the enclosing function site, -1 for none. */
  fnId: number;
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
  entries: [WireValue, WireValue][];
}

interface Connection {
  thread: number;
  strings: number[]; // local string id → global string id
  sites: Int32Array; // local site id → global site id, -1 where not registered
  objects: Map<number, number>; // local object id → global object id
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

export class EventStore {
  count = 0;
  dropped = 0;
  readonly strings: string[] = [''];
  readonly sites: GlobalSite[] = [];
  readonly threads: ThreadInfo[] = [];
  readonly snapshots = new Map<number, Snapshot[]>();
  /** Global object id → thread index that owns it. */
  readonly objectThread: number[] = [0];
  private readonly connections: Connection[] = [];
  private readonly stringIds = new Map<string, number>();

  private readonly kindCol = new GrowableColumn(new Uint8Array(INITIAL), (n) => new Uint8Array(n));
  private readonly threadCol = new GrowableColumn(new Uint16Array(INITIAL), (n) => new Uint16Array(n));
  private readonly siteCol = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  private readonly frameCol = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  private readonly objectCol = new GrowableColumn(new Int32Array(INITIAL), (n) => new Int32Array(n));
  private readonly offsetCol = new GrowableColumn(new Uint32Array(INITIAL + 1), (n) => new Uint32Array(n));
  private readonly arenaCol = new GrowableColumn(new Int32Array(INITIAL * 4), (n) => new Int32Array(n));
  private arenaLength = 0;
  /** Every event column holds at least this many events. */
  private eventCapacity = INITIAL;

  // --- column access (read-only views; valid until the next ingest) -----------------------------
  get kinds(): Uint8Array { return this.kindCol.data; }
  get threadOf(): Uint16Array { return this.threadCol.data; }
  /** Global site id per event, -1 where the kind has no site. */
  get siteOf(): Int32Array { return this.siteCol.data; }
  /** Frame per event (thread-local), 0 where the kind has none. CallEnter: the new frame. */
  get frameOf(): Int32Array { return this.frameCol.data; }
  /** PropWrite/PropDelete/MutatingCall: global object id. CallEnter: the lexical parent frame. */
  get objectOf(): Int32Array { return this.objectCol.data; }

  /** Opens a connection (one recorded thread); returns its id for `ingest`. */
  openConnection(info: { pid: number; threadId: number; name?: string }): number {
    const thread = this.threads.length;
    this.threads.push({ index: thread, pid: info.pid, threadId: info.threadId, name: info.name ?? (info.threadId === 0 ? `pid ${info.pid}` : `pid ${info.pid} worker ${info.threadId}`) });
    this.connections.push({ thread, strings: [0], sites: new Int32Array(0), objects: new Map() });
    return this.connections.length - 1;
  }

  internString(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.stringIds.set(text, id);
    }
    return id;
  }

  /**
   * Appends every complete record in `words` (one connection's stream, in order). Throws on a
   * record whose length runs past the end; records before it are kept.
   */
  ingest(connectionId: number, words: Int32Array): void {
    const conn = this.connections[connectionId];
    if (!conn) throw new Error(`unknown connection ${connectionId}`);
    // Arena room for the whole batch up front: a record's values never take more arena words than
    // the record has. The event columns grow in ingestEvent, behind one comparison per event.
    this.arenaCol.ensure(this.arenaLength + words.length);
    const end = words.length;
    let at = 0;
    while (at < end) {
      const h = words[at];
      const kind = h & 0xff; // headerKind/headerLength, inlined: this loop runs per event
      const len = h >>> 8;
      if (len < 1 || at + len > end) throw new Error(`record at word ${at} has length ${len}, past the end of the batch (${end} words)`);
      if (kind >= FIRST_META_KIND) this.ingestMeta(conn, kind, words, at, len);
      else if (kind !== 0) this.ingestEvent(conn, kind, words, at, len);
      at += len;
    }
  }

  /** Grows every event column to hold `n` events (the offset column one more). */
  private growEvents(n: number): void {
    this.kindCol.ensure(n);
    this.threadCol.ensure(n);
    this.siteCol.ensure(n);
    this.frameCol.ensure(n);
    this.objectCol.ensure(n);
    this.offsetCol.ensure(n + 1);
    this.eventCapacity = Math.min(this.kindCol.data.length, this.threadCol.data.length, this.siteCol.data.length, this.frameCol.data.length, this.objectCol.data.length, this.offsetCol.data.length - 1);
  }

  private localObject(conn: Connection, local: number): number {
    let id = conn.objects.get(local);
    if (id === undefined) {
      id = this.objectThread.length;
      this.objectThread.push(conn.thread);
      conn.objects.set(local, id);
    }
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
      case Kind.SiteTable: {
        const base = words[at + 1];
        const count = words[at + 2];
        const file = this.strings[conn.strings[words[at + 3]]] ?? '';
        const table = JSON.parse(this.strings[conn.strings[words[at + 4]]] ?? '{"sites":[]}') as SiteTableJson;
        const globalBase = this.sites.length;
        for (let k = 0; k < count; k++) {
          const site = table.sites[k];
          if (!site) break;
          this.sites.push({ ...site, file: table.file || file, fnId: site.fn >= 0 ? globalBase + site.fn : -1 });
          this.mapSite(conn, base + k, globalBase + k);
        }
        return;
      }
      case Kind.Snapshot: {
        const object = this.localObject(conn, words[at + 1] >>> 0);
        const count = words[at + 6];
        const entries: [WireValue, WireValue][] = [];
        let p = at + 7;
        const end = at + len;
        for (let i = 0; i < count && p < end; i++) {
          const [key, n1] = this.readLocalValue(conn, words, p);
          const [value, n2] = this.readLocalValue(conn, words, n1);
          entries.push([key, value]);
          p = n2;
        }
        const snap: Snapshot = {
          instant: this.count,
          type: words[at + 2],
          className: this.strings[conn.strings[words[at + 3]]] ?? '',
          size: words[at + 4],
          flags: words[at + 5],
          entries,
        };
        const list = this.snapshots.get(object);
        if (list) list.push(snap);
        else this.snapshots.set(object, [snap]);
        return;
      }
      case Kind.Dropped:
        this.dropped += words[at + 1];
        return;
      default:
        return; // unknown metadata from a newer schema: skipped by its length
    }
  }

  /** Reads a value with local ids and returns it with global ids. */
  private readLocalValue(conn: Connection, words: Int32Array, at: number): [WireValue, number] {
    const [v, next] = readValue(words, at, (id) => this.strings[conn.strings[id]] ?? '');
    if (v.t === 'object') return [{ t: 'object', id: this.localObject(conn, v.id) }, next];
    return [v, next];
  }

  /** Copies one wire value into the arena with global ids; returns the index after it in `words`. */
  private copyValue(conn: Connection, words: Int32Array, at: number): number {
    const tag = words[at];
    const arena = this.arenaCol.data;
    let o = this.arenaLength;
    arena[o++] = tag;
    switch (tag) {
      case Tag.Double:
        arena[o++] = words[at + 1];
        arena[o++] = words[at + 2];
        this.arenaLength = o;
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
    this.arenaLength = o;
    return at + 2;
  }

  private copyWord(word: number): void {
    this.arenaCol.data[this.arenaLength++] = word;
  }

  private ingestEvent(conn: Connection, kind: number, words: Int32Array, at: number, len: number): void {
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
        let p = this.copyValue(conn, words, at + 4);
        const argc = words[p++];
        this.copyWord(argc);
        for (let k = 0; k < argc && p < end; k++) p = this.copyValue(conn, words, p);
        break;
      }
      case Kind.Return: case Kind.Unwind: case Kind.Throw: case Kind.Catch:
      case Kind.AwaitSuspend: case Kind.Yield: case Kind.YieldResume: case Kind.VarWrite:
        site = this.globalSite(conn, words[at + 1]);
        frame = words[at + 2];
        this.copyValue(conn, words, at + 3);
        break;
      case Kind.AwaitResume: {
        site = this.globalSite(conn, words[at + 1]);
        frame = words[at + 2];
        const p = this.copyValue(conn, words, at + 3);
        this.copyWord(words[p]);
        break;
      }
      case Kind.Statement:
        site = this.globalSite(conn, words[at + 1]);
        break;
      case Kind.PropWrite:
        site = this.globalSite(conn, words[at + 1]);
        object = this.localObject(conn, words[at + 2] >>> 0);
        this.copyValue(conn, words, this.copyValue(conn, words, at + 3));
        break;
      case Kind.PropDelete:
        site = this.globalSite(conn, words[at + 1]);
        object = this.localObject(conn, words[at + 2] >>> 0);
        this.copyValue(conn, words, at + 3);
        break;
      case Kind.MutatingCall:
        site = this.globalSite(conn, words[at + 1]);
        object = this.localObject(conn, words[at + 2] >>> 0);
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
        this.copyValue(conn, words, at + 1);
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
    this.offsetCol.data[n] = this.arenaLength;
    this.count = n;
  }

  // --- reading ---------------------------------------------------------------------------------

  /** Arena words of event `i`: [start, end). */
  valueRange(i: number): [number, number] {
    return [this.offsetCol.data[i], this.offsetCol.data[i + 1]];
  }

  /** The raw arena (global ids). Valid until the next ingest. */
  get arena(): Int32Array { return this.arenaCol.data; }

  /** Reads the arena value at `offset` (global ids); returns it and the offset after it. */
  valueAt(offset: number): [WireValue, number] {
    return readValue(this.arenaCol.data, offset, (id) => this.strings[id] ?? '');
  }

  /**
   * The values an event carries, in record order: CallEnter → [this, ...args]; Return, Unwind,
   * Throw, Catch, AwaitSuspend/Resume, Yield/YieldResume, VarWrite, Uncaught → [value];
   * PropWrite → [key, value]; PropDelete → [key]; others → [].
   */
  values(i: number): WireValue[] {
    const kind = this.kindCol.data[i];
    let [p] = this.valueRange(i);
    const out: WireValue[] = [];
    const take = () => { const [v, next] = this.valueAt(p); out.push(v); p = next; };
    switch (kind) {
      case Kind.CallEnter: {
        take();
        const argc = this.arenaCol.data[p++];
        for (let k = 0; k < argc; k++) take();
        break;
      }
      case Kind.PropWrite: take(); take(); break;
      case Kind.Return: case Kind.Unwind: case Kind.Throw: case Kind.Catch: case Kind.AwaitSuspend:
      case Kind.AwaitResume: case Kind.Yield: case Kind.YieldResume: case Kind.VarWrite:
      case Kind.PropDelete: case Kind.Uncaught:
        take();
        break;
      default:
        break;
    }
    return out;
  }

  /** Plain words of events without values: Console → [stream, text id], ThreadStart → [threadId, pid, name id], … */
  words(i: number): Int32Array {
    const [a, b] = this.valueRange(i);
    return this.arenaCol.data.subarray(a, b);
  }

  /** The text a Console or Marker event carries. */
  text(i: number): string {
    const w = this.words(i);
    const kind = this.kindCol.data[i];
    if (kind === Kind.Console) return this.strings[w[1]] ?? '';
    if (kind === Kind.Marker) return this.strings[w[0]] ?? '';
    return '';
  }

  /** AwaitResume: whether the awaited promise rejected. */
  threw(i: number): boolean {
    const [, b] = this.valueRange(i);
    return this.kindCol.data[i] === Kind.AwaitResume && this.arenaCol.data[b - 1] !== 0;
  }

  /** Bytes held by the columns and arena (for the memory budget and `scope info`). */
  memoryBytes(): number {
    return this.count * (1 + 2 + 4 + 4 + 4 + 4) + this.arenaLength * 4;
  }
}
