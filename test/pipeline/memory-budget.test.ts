/**
 * The EventStore's memory budget, through its real path: a store with a 1 MB budget spills its
 * value arena to a real file and pages it back in. Every value it returns is checked against the
 * reference decoder (decodeRecords) and against a store without a budget, in order and at random.
 * SCOPE_TEST_BUDGET_EVENTS=N for a bigger run (default 2 M events).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeRecords, type DecodedRecord } from '../../src/protocol/decode';
import { FIRST_META_KIND, Kind, WireEncoder, type WireValue } from '../../src/protocol/wire';
import { EventStore } from '../../src/store/event-store';
import { startRecorder } from '../../src/store/recorder';
import { scanRecording } from '../../src/store/recording-file';
import { rawConnection } from './helpers';
import { BATCH_EVENTS, callEnter, valueBatch as batch } from '../../bench/store-memory-workload';

const EVENTS = Number(process.env.SCOPE_TEST_BUDGET_EVENTS ?? 2_000_000);
const BUDGET = 1 << 20;

/** The values, text and rejection flag an event carries according to the reference decoder. */
interface Expected { values: WireValue[]; text: string; threw: boolean }

function expected(r: DecodedRecord): Expected {
  const none = { text: '', threw: false };
  switch (r.kind) {
    case Kind.CallEnter: return { values: [r.self, ...r.args], ...none };
    case Kind.Return: case Kind.VarWrite: case Kind.Uncaught: return { values: [r.value], ...none };
    case Kind.AwaitResume: return { values: [r.value], text: '', threw: r.threw };
    case Kind.PropWrite: return { values: [r.key, r.value], ...none };
    case Kind.PropDelete: return { values: [r.key], ...none };
    case Kind.Console: return { values: [], text: r.text, threw: false };
    case Kind.Marker: return { values: [], text: r.label, threw: false };
    default: return { values: [], ...none };
  }
}

/** Object ids become global in the store: a one-connection store must map them one to one. */
class ObjectIds {
  private readonly toGlobal = new Map<number, number>();
  private readonly toLocal = new Map<number, number>();
  globalise(values: WireValue[], got: WireValue[]): WireValue[] {
    return values.map((v, k) => {
      if (v.t !== 'object') return v;
      const g = got[k]?.t === 'object' ? (got[k] as { id: number }).id : -1;
      const known = this.toGlobal.get(v.id);
      if (known === undefined && !this.toLocal.has(g)) {
        this.toGlobal.set(v.id, g);
        this.toLocal.set(g, v.id);
        return { t: 'object', id: g };
      }
      return { t: 'object', id: known ?? -1 };
    });
  }
}

function openFds(): string[] {
  return fs.readdirSync('/proc/self/fd').map((fd) => { try { return fs.readlinkSync(`/proc/self/fd/${fd}`); } catch { return ''; } });
}

describe('EventStore memory budget (spill file)', function () {
  this.timeout(600_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-budget-'));
  const spillPath = path.join(dir, 'run.scope.spill');
  const batches: Int32Array[] = [];
  let budgeted: EventStore;
  let whole: EventStore;
  let peakResident = 0;
  const logged: string[] = [];
  const quiet = () => undefined;

  before(() => {
    budgeted = new EventStore({ memoryBudgetBytes: BUDGET, spillPath, log: (line) => logged.push(line) });
    whole = new EventStore({ memoryBudgetBytes: 2 ** 40 });
    const c1 = budgeted.openConnection({ pid: 1, threadId: 0 });
    const c2 = whole.openConnection({ pid: 1, threadId: 0 });
    const enc = new WireEncoder();
    for (let b = 0; b * BATCH_EVENTS < EVENTS; b++) {
      const words = batch(enc, b);
      batches.push(words);
      budgeted.ingest(c1, words);
      whole.ingest(c2, words);
      peakResident = Math.max(peakResident, budgeted.memory().arenaResidentBytes);
    }
  });

  after(() => {
    budgeted.close();
    whole.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the resident arena under the budget while most of it is spilled', () => {
    const m = budgeted.memory();
    assert.equal(budgeted.count, whole.count);
    assert.ok(peakResident <= BUDGET, `resident arena peaked at ${peakResident} bytes, budget ${BUDGET}`);
    assert.ok(m.arenaBytes > 2 * BUDGET, `the test must write far more than the budget (${m.arenaBytes} bytes)`);
    assert.ok(m.spilledBytes >= m.arenaBytes - m.arenaResidentBytes, 'what is not resident is in the spill file');
    assert.equal(whole.memory().spilledBytes, 0, 'a store under its budget never spills');
    assert.equal(logged.length, 1, 'one warning, not one per segment');
    assert.match(logged[0], /event columns alone \(\d+ MB\) exceed the 1 MB memory budget; its values are paged from disk from now on \(raise SCOPE_MEMORY_BUDGET_MB/);
  });

  it('returns the reference decoder\'s values, text and rejection flag for every instant, in order', () => {
    const ids = new ObjectIds();
    const strings = new Map<number, string>();
    let i = 0;
    for (const words of batches) {
      for (const r of decodeRecords(words, strings)) {
        if (r.kind >= FIRST_META_KIND || r.kind === 0) continue; // metadata: no instant
        const got = budgeted.values(i);
        const want = expected(r);
        assert.deepEqual(got, ids.globalise(want.values, got), `values(${i})`);
        assert.equal(budgeted.text(i), want.text, `text(${i})`);
        assert.equal(budgeted.threw(i), want.threw, `threw(${i})`);
        if (got.length > 0) assert.deepEqual(budgeted.valueAt(budgeted.valueRange(i)[0])[0], got[0], `valueAt at event ${i}`);
        i++;
      }
    }
    assert.equal(i, budgeted.count);
    assert.ok(budgeted.memory().arenaResidentBytes <= BUDGET);
  });

  it('answers random instants exactly as a store without a budget, paging segments back in', () => {
    let x = 12345;
    const spilledBefore = budgeted.memory().spilledBytes;
    for (let n = 0; n < 20_000; n++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const i = x % budgeted.count;
      assert.deepEqual(budgeted.values(i), whole.values(i), `values(${i})`);
      assert.deepEqual(budgeted.words(i), whole.words(i), `words(${i})`);
      assert.equal(budgeted.text(i), whole.text(i), `text(${i})`);
      assert.equal(budgeted.threw(i), whole.threw(i), `threw(${i})`);
      const [a, b] = budgeted.valueRange(i);
      assert.deepEqual([a, b], whole.valueRange(i));
      // Every value boundary inside the event, read on its own.
      for (let p = a; p < b && budgeted.kinds[i] !== Kind.Console && budgeted.kinds[i] !== Kind.Marker;) {
        const [v, next] = budgeted.valueAt(p);
        assert.deepEqual([v, next], whole.valueAt(p));
        p = budgeted.kinds[i] === Kind.CallEnter && p === a ? next + 1 : next; // skip argc
        if (budgeted.kinds[i] === Kind.AwaitResume) break; // its last word is the flag
      }
      assert.ok(budgeted.memory().arenaResidentBytes <= BUDGET);
    }
    assert.equal(budgeted.memory().spilledBytes, spilledBefore, 'a segment is written once, paging it in writes nothing');
  });

  it('keeps every object snapshot as a store without a budget does', () => {
    assert.equal(budgeted.snapshottedObjects, whole.snapshottedObjects);
    assert.equal(budgeted.objectCount, whole.objectCount);
    let compared = 0;
    for (let id = 1; id <= whole.objectCount; id++) {
      const snaps = whole.snapshotsOf(id);
      const got = budgeted.snapshotsOf(id);
      assert.equal(got.length, snaps.length, `snapshots of object ${id}`);
      snaps.forEach((snap, k) => {
        const mine = got[k];
        assert.deepEqual([mine.instant, mine.type, mine.className, mine.size, mine.flags, mine.entries], [snap.instant, snap.type, snap.className, snap.size, snap.flags, snap.entries]);
        compared++;
      });
    }
    assert.ok(compared > EVENTS / 20, `${compared} snapshots compared`);
    assert.ok(budgeted.memory().arenaResidentBytes <= BUDGET);
  });

  it('creates the spill file beside the given path and frees it on close', () => {
    const ownSpillPath = path.join(dir, 'other.scope.spill');
    const store = new EventStore({ memoryBudgetBytes: BUDGET, spillPath: ownSpillPath, log: quiet });
    const c = store.openConnection({ pid: 2, threadId: 0 });
    const enc = new WireEncoder();
    for (let b = 0; b < 8; b++) store.ingest(c, batch(enc, b));
    assert.ok(store.memory().spilledBytes > 0);
    const spillFds = () => openFds().filter((target) => target.startsWith(`${ownSpillPath}-`));
    assert.equal(spillFds().length, 1, 'the spill file is open, created beside the recording');
    assert.ok(spillFds()[0].endsWith('(deleted)'), 'it has no name on disk: a crash cannot leave it behind');
    assert.deepEqual(fs.readdirSync(dir), []);
    const firstWrite = store.kinds.indexOf(Kind.VarWrite);
    const kinds = store.kinds.slice(0, store.count);
    store.close();
    assert.equal(spillFds().length, 0, 'closing the store releases the file');
    assert.throws(() => store.values(firstWrite), /store is closed/);
    assert.deepEqual(store.kinds.slice(0, store.count), kinds, 'the columns stay readable');
  });

  it('spills to the temp dir when the recording\'s folder is not writable, and keeps everything in memory when no file can be made', () => {
    const nowhere = path.join(dir, 'no-such-folder', 'run.scope.spill');
    const fallback = new EventStore({ memoryBudgetBytes: BUDGET, spillPath: nowhere, log: quiet });
    const c1 = fallback.openConnection({ pid: 4, threadId: 0 });
    const enc1 = new WireEncoder();
    for (let b = 0; b < 4; b++) fallback.ingest(c1, batch(enc1, b));
    assert.ok(fallback.memory().spilledBytes > 0);
    assert.ok(openFds().some((target) => target.startsWith(path.join(os.tmpdir(), 'scope-arena-'))), 'spilled to the temp dir');

    const lines: string[] = [];
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = path.join(dir, 'no-such-tmp');
    try {
      const stuck = new EventStore({ memoryBudgetBytes: BUDGET, spillPath: nowhere, log: (line) => lines.push(line) });
      const c2 = stuck.openConnection({ pid: 4, threadId: 0 });
      const enc2 = new WireEncoder();
      for (let b = 0; b < 4; b++) stuck.ingest(c2, batch(enc2, b));
      assert.equal(stuck.memory().spilledBytes, 0);
      assert.ok(lines.some((line) => /cannot spill the recording's values to disk \(cannot create a spill file .*ENOENT\); they stay in memory/.test(line)), lines.join('\n'));
      for (let i = 0; i < stuck.count; i += 97) assert.deepEqual(stuck.values(i), fallback.values(i), `values(${i})`);
      stuck.close();
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    fallback.close();
  });

  it('keeps an event bigger than a segment whole', () => {
    const store = new EventStore({ memoryBudgetBytes: BUDGET, spillPath, log: quiet });
    const c = store.openConnection({ pid: 3, threadId: 0 });
    const enc = new WireEncoder(1 << 20);
    const args: WireValue[] = Array.from({ length: 100_000 }, (_, k) => ({ t: 'number', v: k + 0.5 }));
    enc.record(Kind.Statement, [1]);
    callEnter(enc, { t: 'undefined' }, args);
    store.ingest(c, enc.take());
    // Follow it with more than the budget so the big segment is spilled, then read it back.
    for (let b = 0; b < 8; b++) store.ingest(c, batch(enc, b));
    assert.ok(store.memory().spilledBytes > 300_000 * 4);
    assert.deepEqual(store.values(1), [{ t: 'undefined' }, ...args]);
    store.close();
  });

  it('a recorder with a budget spills beside its recording and serves the same values as the file', async () => {
    const out = path.join(dir, 'live.scope');
    const recorder = await startRecorder({ out, memoryBudgetBytes: BUDGET, log: quiet });
    const conn = await rawConnection(recorder);
    const enc = new WireEncoder();
    let sent = 0;
    for (let b = 0; b < 12; b++) {
      const words = batch(enc, b);
      sent += decodeRecords(words).filter((r) => r.kind !== 0 && r.kind < FIRST_META_KIND).length;
      if (!conn.send(words)) await new Promise((resolve) => conn.socket.once('drain', resolve));
    }
    await conn.end();
    const result = await recorder.finish();
    const live = recorder.store;
    assert.equal(result.events, sent, 'every event sent is in the store');
    assert.ok(live.memory().spilledBytes > 0 && live.memory().arenaResidentBytes <= BUDGET);
    const beside = openFds().filter((target) => target.startsWith(`${out}.spill-`));
    assert.equal(beside.length, 1, 'the spill file sits beside the recording');
    const { store: fromFile } = await scanRecording(out);
    for (let i = 0; i < live.count; i += 7) {
      assert.deepEqual(live.values(i), fromFile.values(i), `values(${i})`);
      assert.equal(live.text(i), fromFile.text(i), `text(${i})`);
    }
    live.close();
    fromFile.close();
    assert.equal(openFds().filter((target) => target.startsWith(`${out}.spill-`)).length, 0);
  });
});
