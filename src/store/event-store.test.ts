import assert from 'node:assert/strict';
import { budgetFromEnv, EventStore } from './event-store';
import { Kind, WireEncoder } from '../protocol/wire';

describe('EventStore', () => {
  it('ingests a connection stream with global ids, snapshots and values', () => {
    const enc = new WireEncoder();
    const file = enc.string('/w/a.ts');
    const json = enc.string(JSON.stringify({ file: '/w/a.ts', sites: [
      { kind: 'module', line: 1, column: 1, endLine: 9, endColumn: 1, fn: -1 },
      { kind: 'function', line: 2, column: 1, endLine: 4, endColumn: 2, name: 'f', fn: 0 },
    ] }));
    enc.record(Kind.SiteTable, [100, 2, file, json]);
    enc.record(Kind.Snapshot, [7, 0, enc.string('Object'), 1, 0, 1], [{ t: 'string', v: 'x' }, { t: 'number', v: 1.5 }]);
    // CallEnter: site, frame, parent frame, this, then argc (a plain word) and the arguments.
    enc.record(Kind.CallEnter, [101, 1, 0], [{ t: 'object', id: 7 }], [0]);
    enc.record(Kind.Return, [101, 1], [{ t: 'string', v: 'done' }]);
    const store = new EventStore();
    const c1 = store.openConnection({ pid: 10, threadId: 0 });
    const c2 = store.openConnection({ pid: 11, threadId: 0 });
    store.ingest(c1, enc.take());
    store.ingest(c2, new Int32Array([((Kind.Statement) | (2 << 8)), 5]));

    assert.equal(store.count, 3);
    assert.equal(store.kinds[0], Kind.CallEnter);
    assert.equal(store.sites[store.siteOf[0]].name, 'f');
    assert.equal(store.sites[store.siteOf[0]].file, '/w/a.ts');
    assert.equal(store.sites[store.sites[store.siteOf[0]].fnId].kind, 'module');
    const [self] = store.values(0);
    assert.equal(self.t, 'object');
    const snap = store.snapshotsOf((self as { id: number }).id);
    assert.deepEqual(snap[0].entries, [[{ t: 'string', v: 'x' }, { t: 'number', v: 1.5 }]]);
    assert.equal(snap[0].instant, 0);
    assert.deepEqual(store.values(1), [{ t: 'string', v: 'done' }]);
    assert.equal(store.threadOf[2], 1);
    assert.equal(store.siteOf[2], -1, 'a site id the connection never registered maps to no site');
  });

  it('finds the snapshot in force at an instant among an object\'s several, and keeps wild object ids apart', () => {
    const enc = new WireEncoder();
    const cls = enc.string('Array');
    const snapshot = (local: number, size: number) => enc.record(Kind.Snapshot, [local, 1, cls, size, 0, 0]);
    snapshot(3, 1); // instant 0
    enc.record(Kind.Statement, [1]);
    enc.record(Kind.Statement, [1]);
    snapshot(3, 2); // instant 2
    snapshot(0x7ffffff0, 9); // a local id no runtime hands out: must not size an array
    enc.record(Kind.Statement, [1]);
    snapshot(3, 3); // instant 3
    enc.record(Kind.Statement, [1]);
    const store = new EventStore();
    const c = store.openConnection({ pid: 1, threadId: 0 });
    store.ingest(c, enc.take());

    assert.equal(store.objectCount, 2);
    assert.equal(store.snapshottedObjects, 2);
    const [array, wild] = [1, 2];
    assert.deepEqual(store.snapshotsOf(array).map((s) => [s.instant, s.size, s.className]), [[0, 1, 'Array'], [2, 2, 'Array'], [3, 3, 'Array']]);
    assert.deepEqual([0, 1, 2, 3, 9].map((instant) => store.snapshotIndexAt(array, instant)), [0, 0, 1, 2, 2]);
    assert.equal(store.snapshot(wild, 0).size, 9);
    assert.equal(store.snapshotIndexAt(wild, 1), -1, 'taken at instant 2');
    assert.equal(store.snapshotCount(99), 0);
    assert.ok(store.memory().columnBytes < 2 ** 20, `columns ${store.memory().columnBytes} bytes`);
  });

  it('keeps memory bounded by the records when a malformed stream names objects by huge ids, and each id one object', () => {
    const enc = new WireEncoder();
    const cls = enc.string('Object');
    const wild = Array.from({ length: 20 }, (_, k) => 2 ** (k + 11)); // 2 K … 1 G
    for (const local of wild) enc.record(Kind.Snapshot, [local, 0, cls, 0, 0, 0]);
    // Then enough dense ids for the array to grow past the first wild ones, and the wild ones again.
    for (let local = 1; local <= 20_000; local++) enc.record(Kind.Snapshot, [local, 0, cls, 0, 0, 0]);
    for (const local of wild) enc.record(Kind.Snapshot, [local, 0, cls, 1, 0, 0]);
    const before = process.memoryUsage().arrayBuffers;
    const store = new EventStore();
    store.ingest(store.openConnection({ pid: 1, threadId: 0 }), enc.take());
    assert.ok(process.memoryUsage().arrayBuffers - before < 32 * 2 ** 20, 'the object id array did not grow with the ids');
    assert.equal(store.objectCount, 20 + 20_000 - wild.filter((id) => id <= 20_000).length);
    // Every snapshot of one local id is of one object: the wild ids past the dense ones have two,
    // those the dense ids reached have three.
    const counts = Array.from({ length: store.objectCount }, (_, k) => store.snapshotCount(k + 1));
    const reached = wild.filter((id) => id <= 20_000).length;
    assert.deepEqual([counts.filter((n) => n === 2).length, counts.filter((n) => n === 3).length], [wild.length - reached, reached]);
  });

  it('counts the columns it has filled toward the memory budget, not their capacity (fresh pages take no memory)', () => {
    const store = new EventStore();
    const c = store.openConnection({ pid: 1, threadId: 0 });
    const events = 5000; // the columns grow to 8192 events
    const words = new Int32Array(events * 2);
    for (let i = 0; i < events; i++) words.set([Kind.Statement | (2 << 8), 1], i * 2);
    store.ingest(c, words);
    const perEvent = store.memory().columnBytes / events;
    assert.ok(perEvent < 20, `${perEvent.toFixed(1)} bytes per event (19 per event filled; capacity would make it ~31)`);
  });

  it('keeps each event\'s thread in a byte, widened to two once a 257th thread connects', () => {
    const store = new EventStore();
    const statement = new Int32Array([Kind.Statement | (2 << 8), 1]);
    const threads: number[] = [];
    for (let t = 0; t < 300; t++) {
      const c = store.openConnection({ pid: 1, threadId: t });
      if (t === 0 || t === 255) assert.equal(store.threadOf.BYTES_PER_ELEMENT, 1);
      if (t % 50 === 0 || t >= 254) {
        store.ingest(c, statement);
        threads.push(t);
      }
    }
    assert.equal(store.threadOf.BYTES_PER_ELEMENT, 2);
    assert.deepEqual([...store.threadOf.subarray(0, store.count)], threads, 'threads ingested before the widening are kept');
    assert.equal(store.memory().columnBytes, (store.count + 1) * 19 + 4, 'two bytes per event for the thread now');
  });

  it('rejects a record that runs past the batch and keeps what came before', () => {
    const store = new EventStore();
    const c = store.openConnection({ pid: 1, threadId: 0 });
    const words = new Int32Array([Kind.Statement | (2 << 8), 0, Kind.Statement | (9 << 8), 0]);
    assert.throws(() => store.ingest(c, words), /past the end/);
    assert.equal(store.count, 1);
  });
});

describe('EventStore memory budget options', () => {
  it('reads SCOPE_MEMORY_BUDGET_MB, defaulting to 1024 MB', () => {
    assert.equal(budgetFromEnv({}), 1024 * 2 ** 20);
    assert.equal(budgetFromEnv({ SCOPE_MEMORY_BUDGET_MB: '64' }), 64 * 2 ** 20);
    assert.equal(budgetFromEnv({ SCOPE_MEMORY_BUDGET_MB: '0.5' }), 2 ** 19);
  });

  it('rejects a budget that is not a positive size, saying what to set', () => {
    for (const bad of ['lots', '-1', '0', 'Infinity']) {
      assert.throws(() => budgetFromEnv({ SCOPE_MEMORY_BUDGET_MB: bad }), new RegExp(`SCOPE_MEMORY_BUDGET_MB=${bad} is not a size in megabytes; set it to a positive number`));
    }
    assert.throws(() => new EventStore({ memoryBudgetBytes: 0 }), /memory budget must be a positive number of bytes/);
  });

  it('never creates a spill file under its budget', () => {
    const store = new EventStore({ memoryBudgetBytes: 64 * 2 ** 20 });
    const c = store.openConnection({ pid: 1, threadId: 0 });
    const enc = new WireEncoder();
    for (let k = 0; k < 100_000; k++) enc.record(Kind.VarWrite, [1, 1], [{ t: 'number', v: k + 0.25 }]);
    store.ingest(c, enc.take());
    const m = store.memory();
    assert.equal(m.spilledBytes, 0);
    assert.ok(m.arenaBytes >= 100_000 * 12, 'three words per Double value');
    assert.deepEqual(store.values(99_999), [{ t: 'number', v: 99_999.25 }]);
    store.close();
  });
});
