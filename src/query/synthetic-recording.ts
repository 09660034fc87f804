/**
 * Builds recordings in-process, the way the runtime would write them, for unit tests, property
 * tests and benchmarks: a site table, then events encoded with WireEncoder and ingested into an
 * EventStore. Frame ids are numbered from 1 in CallEnter order, as the runtime does.
 */
import { Kind, ObjectType, WireEncoder, type WireValue } from '../protocol/wire';
import type { Site } from '../protocol/sites';
import { EventStore } from '../store/event-store';

export type SiteSpec = Omit<Site, 'fn' | 'endLine' | 'endColumn'> & { fn?: number; endLine?: number; endColumn?: number };

/** Site ids on the wire start at 1 (the runtime's first base); global ids are site index in the store. */
const SITE_BASE = 1;

export const num = (v: number): WireValue => ({ t: 'number', v });
export const str = (v: string): WireValue => ({ t: 'string', v });
export const obj = (id: number): WireValue => ({ t: 'object', id });
export const undef: WireValue = { t: 'undefined' };

export class RecordingBuilder {
  readonly enc = new WireEncoder(1 << 12);
  readonly sites: Site[] = [];
  private nextFrame = 1;
  private registered = false;
  readonly store = new EventStore();
  private readonly connection: number;

  constructor(readonly file = '/w/app.ts', thread: { pid: number; threadId: number } = { pid: 1, threadId: 0 }) {
    this.connection = this.store.openConnection(thread);
  }

  /** Declares a site; returns its index (= its global id when this is the store's only file). */
  site(spec: SiteSpec): number {
    if (this.registered) throw new Error('declare every site before the first event');
    this.sites.push({ endLine: spec.line, endColumn: spec.column + (spec.name?.length ?? 1), fn: -1, ...spec } as Site);
    return this.sites.length - 1;
  }

  /** Emits the site table (done by the first event otherwise). */
  register(): void {
    if (this.registered) return;
    this.registered = true;
    const file = this.enc.string(this.file);
    const json = this.enc.string(JSON.stringify({ file: this.file, sites: this.sites }));
    this.enc.record(Kind.SiteTable, [SITE_BASE, this.sites.length, file, json]);
  }

  private w(site: number): number {
    this.register();
    return SITE_BASE + site;
  }

  call(site: number, parentFrame = 0, self: WireValue = undef, args: WireValue[] = []): number {
    const frame = this.nextFrame++;
    const site_ = this.w(site);
    // Arguments follow argc, after `this`: encode them first (strings are interned before the record).
    const argWords = args.flatMap((v) => this.enc.encodeValue(v));
    this.enc.record(Kind.CallEnter, [site_, frame, parentFrame], [self], [args.length, ...argWords]);
    return frame;
  }

  ret(site: number, frame: number, value: WireValue = undef): void { this.enc.record(Kind.Return, [this.w(site), frame], [value]); }
  unwind(site: number, frame: number, error: WireValue): void { this.enc.record(Kind.Unwind, [this.w(site), frame], [error]); }
  stmt(site: number): void { this.enc.record(Kind.Statement, [this.w(site)]); }
  write(site: number, frame: number, value: WireValue): void { this.enc.record(Kind.VarWrite, [this.w(site), frame], [value]); }
  propWrite(site: number, object: number, key: WireValue, value: WireValue): void { this.enc.record(Kind.PropWrite, [this.w(site), object], [key, value]); }
  propDelete(site: number, object: number, key: WireValue): void { this.enc.record(Kind.PropDelete, [this.w(site), object], [key]); }
  mutatingCall(site: number, object: number): void { this.enc.record(Kind.MutatingCall, [this.w(site), object]); }
  throwAt(site: number, frame: number, value: WireValue): void { this.enc.record(Kind.Throw, [this.w(site), frame], [value]); }
  catchAt(site: number, frame: number, value: WireValue): void { this.enc.record(Kind.Catch, [this.w(site), frame], [value]); }
  console(text: string, stream = 1): void { this.register(); this.enc.record(Kind.Console, [stream, this.enc.string(text)]); }

  snapshot(object: number, type: number, entries: [WireValue, WireValue][], options: { className?: string; size?: number; flags?: number } = {}): void {
    this.register();
    const className = options.className ? this.enc.string(options.className) : 0;
    const size = options.size ?? (type === ObjectType.Array ? entries.length : entries.length);
    const words = entries.flatMap(([k, v]) => [...this.enc.encodeValue(k), ...this.enc.encodeValue(v)]);
    this.enc.record(Kind.Snapshot, [object, type, className, size, options.flags ?? 0, entries.length], [], words);
  }

  /** Ingests everything written since the last flush; returns the store. */
  flush(): EventStore {
    this.register();
    this.store.ingest(this.connection, this.enc.take());
    return this.store;
  }

  /** The instant the next event will get (events ingested + events pending in the encoder). */
  get nextInstant(): number {
    let n = this.store.count;
    const e = this.enc;
    for (let at = 0; at < e.length; at += e.words[at] >>> 8) if ((e.words[at] & 0xff) < 64) n++;
    return n;
  }
}
