/**
 * Property tests of the wire codec: any sequence of records encodes with WireEncoder and decodes
 * with decodeRecords to itself, and the EventStore's fast path reads the same stream to the same
 * events and values as the reference decoder.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeRecords, type DecodedRecord } from '../../src/protocol/decode';
import { Kind, WireEncoder, isEventKind, type WireValue } from '../../src/protocol/wire';
import { EventStore } from '../../src/store/event-store';

const SITES = 64;

const text = fc.string({ maxLength: 12, unit: 'binary' });
const value: fc.Arbitrary<WireValue> = fc.oneof(
  fc.constantFrom<WireValue>({ t: 'undefined' }, { t: 'null' }, { t: 'hole' }, { t: 'accessor' }, { t: 'uninitialized' }, { t: 'notRecorded' }),
  fc.boolean().map((v): WireValue => ({ t: 'boolean', v })),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((v): WireValue => ({ t: 'number', v })),
  fc.double().map((v): WireValue => ({ t: 'number', v })),
  text.map((v): WireValue => ({ t: 'string', v })),
  text.map((v): WireValue => ({ t: 'string', v, cut: true })),
  text.map((v): WireValue => ({ t: 'bigint', v })),
  text.map((v): WireValue => ({ t: 'symbol', v })),
  fc.integer({ min: 1, max: 2 ** 32 - 1 }).map((id): WireValue => ({ t: 'object', id })),
);
const site = fc.nat({ max: SITES - 1 });
const frame = fc.nat({ max: 1 << 20 });
const word = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const object = fc.integer({ min: 1, max: 2 ** 32 - 1 });

const record: fc.Arbitrary<DecodedRecord> = fc.oneof(
  fc.record({ kind: fc.constant(Kind.CallEnter), site, frame, parentFrame: frame, self: value, args: fc.array(value, { maxLength: 4 }) }),
  fc.record({ kind: fc.constantFrom(Kind.Return, Kind.Unwind, Kind.Throw, Kind.Catch, Kind.AwaitSuspend, Kind.Yield, Kind.YieldResume), site, frame, value }),
  fc.record({ kind: fc.constant(Kind.AwaitResume), site, frame, value, threw: fc.boolean() }),
  fc.record({ kind: fc.constant(Kind.Statement), site }),
  fc.record({ kind: fc.constant(Kind.VarWrite), site, frame, value }),
  fc.record({ kind: fc.constant(Kind.PropWrite), site, object, key: value, value }),
  fc.record({ kind: fc.constant(Kind.PropDelete), site, object, key: value }),
  fc.record({ kind: fc.constant(Kind.MutatingCall), site, object }),
  fc.record({ kind: fc.constant(Kind.AsyncContext), context: word, trigger: word, frame }),
  fc.record({ kind: fc.constant(Kind.ThreadStart), threadId: fc.nat(), pid: fc.nat(), name: text }),
  fc.record({ kind: fc.constantFrom(Kind.ThreadExit, Kind.ProcessExit), exitCode: word }),
  fc.record({ kind: fc.constant(Kind.ProcessStart), pid: fc.nat(), ppid: fc.nat(), argv: text }),
  fc.record({ kind: fc.constant(Kind.Console), stream: fc.constantFrom(1, 2), text }),
  fc.record({ kind: fc.constant(Kind.Marker), label: text }),
  fc.record({ kind: fc.constant(Kind.Uncaught), value }),
  fc.record({ kind: fc.constant(Kind.Snapshot), object, type: fc.nat({ max: 14 }), className: text, size: fc.nat(), flags: fc.nat({ max: 3 }), entries: fc.array(fc.tuple(value, value), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant(Kind.Dropped), count: fc.nat() }),
).map((r) => ({ ...r })) as fc.Arbitrary<DecodedRecord>; // plain objects, as the decoder makes

function encode(enc: WireEncoder, r: DecodedRecord): void {
  const v = (x: WireValue) => enc.encodeValue(x);
  switch (r.kind) {
    case Kind.CallEnter:
      enc.record(r.kind, [r.site, r.frame, r.parentFrame], [], [...v(r.self), r.args.length, ...r.args.flatMap(v)]);
      return;
    case Kind.Return: case Kind.Unwind: case Kind.Throw: case Kind.Catch:
    case Kind.AwaitSuspend: case Kind.Yield: case Kind.YieldResume: case Kind.VarWrite:
      enc.record(r.kind, [r.site, r.frame], [r.value]);
      return;
    case Kind.AwaitResume: enc.record(r.kind, [r.site, r.frame], [r.value], [r.threw ? 1 : 0]); return;
    case Kind.Statement: enc.record(r.kind, [r.site]); return;
    case Kind.PropWrite: enc.record(r.kind, [r.site, r.object], [r.key, r.value]); return;
    case Kind.PropDelete: enc.record(r.kind, [r.site, r.object], [r.key]); return;
    case Kind.MutatingCall: enc.record(r.kind, [r.site, r.object]); return;
    case Kind.AsyncContext: enc.record(r.kind, [r.context, r.trigger, r.frame]); return;
    case Kind.ThreadStart: enc.record(r.kind, [r.threadId, r.pid, enc.string(r.name)]); return;
    case Kind.ThreadExit: case Kind.ProcessExit: enc.record(r.kind, [r.exitCode]); return;
    case Kind.ProcessStart: enc.record(r.kind, [r.pid, r.ppid, enc.string(r.argv)]); return;
    case Kind.Console: enc.record(r.kind, [r.stream, enc.string(r.text)]); return;
    case Kind.Marker: enc.record(r.kind, [enc.string(r.label)]); return;
    case Kind.Uncaught: enc.record(r.kind, [], [r.value]); return;
    case Kind.Snapshot:
      enc.record(r.kind, [r.object, r.type, enc.string(r.className), r.size, r.flags, r.entries.length], [], r.entries.flatMap(([k, x]) => [...v(k), ...v(x)]));
      return;
    case Kind.Dropped: enc.record(r.kind, [r.count]); return;
    default: throw new Error(`no encoding for ${JSON.stringify(r)}`);
  }
}

function siteTable(enc: WireEncoder): void {
  const sites = Array.from({ length: SITES }, (_, k) => ({ kind: 'statement', line: k + 1, column: 1, endLine: k + 1, endColumn: 2, fn: -1 }));
  enc.record(Kind.SiteTable, [0, SITES, enc.string('/p.ts'), enc.string(JSON.stringify({ file: '/p.ts', sites }))]);
}

/** The values the store keeps for an event, in its order (see EventStore.values). */
function valuesOf(r: DecodedRecord): WireValue[] {
  switch (r.kind) {
    case Kind.CallEnter: return [r.self, ...r.args];
    case Kind.PropWrite: return [r.key, r.value];
    case Kind.PropDelete: return [r.key];
    case Kind.Return: case Kind.Unwind: case Kind.Throw: case Kind.Catch: case Kind.AwaitSuspend:
    case Kind.AwaitResume: case Kind.Yield: case Kind.YieldResume: case Kind.VarWrite: case Kind.Uncaught:
      return [r.value];
    default: return [];
  }
}

describe('wire codec (property)', () => {
  it('any sequence of records encodes with WireEncoder and decodes with decodeRecords to itself', () => {
    fc.assert(fc.property(fc.array(record, { maxLength: 40 }), (records) => {
      const enc = new WireEncoder(16);
      for (const r of records) encode(enc, r);
      const decoded = decodeRecords(enc.take()).filter((d) => d.kind !== Kind.String);
      assert.deepEqual(decoded, records);
    }), { numRuns: 300 });
  });

  it('the EventStore reads any stream to the same events and values as decodeRecords', () => {
    fc.assert(fc.property(fc.array(record, { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (records, batches) => {
      const enc = new WireEncoder(16);
      siteTable(enc);
      for (const r of records) encode(enc, r);
      const words = enc.take();
      const reference = decodeRecords(words);

      // Feed the store the same words cut into batches at record boundaries.
      const store = new EventStore();
      const conn = store.openConnection({ pid: 1, threadId: 0 });
      const bounds: number[] = [0];
      for (let at = 0; at < words.length; at += words[at] >>> 8) bounds.push(at);
      bounds.push(words.length);
      const step = Math.max(1, Math.ceil(bounds.length / batches));
      for (let b = 0; b < bounds.length - 1; b += step) store.ingest(conn, words.subarray(bounds[b], bounds[Math.min(bounds.length - 1, b + step)]));

      // The store gives global object ids in first-seen order, visiting a record's object before
      // its values (and a snapshot's object before its entries).
      const globalOf = new Map<number, number>();
      const global = (local: number) => {
        let id = globalOf.get(local);
        if (id === undefined) globalOf.set(local, (id = globalOf.size + 1));
        return id;
      };
      const withGlobalIds = (v: WireValue): WireValue => (v.t === 'object' ? { t: 'object', id: global(v.id) } : v);
      const snapshotsSeen = new Map<number, number>();
      let instant = 0;
      let dropped = 0;
      for (const r of reference) {
        if (r.kind === Kind.Dropped) dropped += r.count;
        if (r.kind === Kind.Snapshot) {
          const id = global(r.object);
          const k = snapshotsSeen.get(id) ?? 0;
          snapshotsSeen.set(id, k + 1);
          const snap = k < store.snapshotCount(id) ? store.snapshot(id, k) : undefined;
          assert.ok(snap, `snapshot ${k} of object ${r.object} is kept`);
          assert.deepEqual(
            { instant: snap.instant, type: snap.type, className: snap.className, size: snap.size, flags: snap.flags, entries: snap.entries },
            { instant, type: r.type, className: r.className, size: r.size, flags: r.flags, entries: r.entries.map(([key, x]) => [withGlobalIds(key), withGlobalIds(x)]) },
          );
        }
        if (!isEventKind(r.kind)) continue;
        const i = instant++;
        assert.equal(store.kinds[i], r.kind);
        assert.equal(store.threadOf[i], 0);
        if ('site' in r) assert.equal(store.siteOf[i], r.site, 'site ids map through the site table');
        if ('frame' in r) assert.equal(store.frameOf[i], r.frame);
        if (r.kind === Kind.CallEnter) assert.equal(store.objectOf[i], r.parentFrame);
        if ('object' in r) assert.equal(store.objectOf[i], global(r.object));
        assert.deepEqual(store.values(i), valuesOf(r).map(withGlobalIds));
        if (r.kind === Kind.AwaitResume) assert.equal(store.threw(i), r.threw);
        if (r.kind === Kind.Console) assert.equal(store.text(i), r.text);
        if (r.kind === Kind.Marker) assert.equal(store.text(i), r.label);
      }
      assert.equal(store.count, instant);
      assert.equal(store.dropped, dropped);
    }), { numRuns: 300 });
  });
});

describe('strings in parts (StringPart records)', () => {
  const json = JSON.stringify({ file: '/big.js', sites: Array.from({ length: 300 }, (_, k) => ({ kind: 'function', line: k + 1, column: 1, endLine: k + 1, endColumn: 9, fn: -1, name: `f${k}` })) });

  /** A stream registering 300 sites whose table comes in parts of `partUnits`, then a call of site 299. */
  function bigTableStream(partUnits: number, tamper?: (words: Int32Array) => void): Int32Array {
    const enc = new WireEncoder(16);
    const file = enc.string('/big.js');
    const table = enc.stringInParts(json, partUnits);
    enc.record(Kind.SiteTable, [1, 300, file, table]);
    encode(enc, { kind: Kind.CallEnter, site: 300, frame: 1, parentFrame: 0, self: { t: 'undefined' }, args: [] });
    const words = enc.take();
    tamper?.(words);
    return words;
  }

  it('a string cut into parts decodes whole, in one batch or part by part', () => {
    const words = bigTableStream(1000);
    assert.ok(decodeRecords(words).filter((d) => d.kind === Kind.StringPart).length >= json.length / 1000);
    const whole = decodeRecords(words).find((d) => d.kind === Kind.SiteTable);
    assert.equal(whole?.kind === Kind.SiteTable && whole.json, json);
    // Fed to the store a record at a time: the parts are joined across batches.
    const store = new EventStore();
    const conn = store.openConnection({ pid: 1, threadId: 0 });
    for (let at = 0; at < words.length; at += words[at] >>> 8) store.ingest(conn, words.subarray(at, at + (words[at] >>> 8)));
    assert.equal(store.sites.length, 300);
    assert.equal(store.sites[store.siteOf[0]].name, 'f299');
  });

  it('a part out of order drops its string, and the stream goes on', () => {
    // The second part claims to start where the first did: the table cannot be joined.
    const words = bigTableStream(1000, (w) => {
      let at = 0;
      let seen = 0;
      for (; at < w.length; at += w[at] >>> 8) if ((w[at] & 0xff) === Kind.StringPart && seen++ === 1) break;
      w[at + 3] = 0;
    });
    const store = new EventStore();
    store.ingest(store.openConnection({ pid: 1, threadId: 0 }), words);
    assert.equal(store.sites.length, 0, 'no site table from a broken string');
    assert.equal(store.count, 1, 'the call is still recorded');
  });
});
