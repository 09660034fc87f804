/**
 * Arena offsets past 32 bits: a store whose values pass 2^32 words (16 GiB) reads them back as
 * written. Filling 16 GiB is not a unit test, so the arenas are started just below 2^32 words
 * (`firstArenaOffset`, a parameter of the store for this purpose only): every offset past the
 * start is then a real offset past 2^32, through the same columns, arenas and spill file.
 */
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kind, WireEncoder, type WireValue } from '../protocol/wire';
import { EventStore } from './event-store';
import { ArenaOffsets, MAX_ARENA_WORDS, StoreFullError } from './spill';

const BELOW_2_32 = 2 ** 32 - 2 ** 15;

/** Batches of VarWrites (ints, doubles, strings), snapshots of 3 entries, and now and then a call with 12 000 arguments (a record longer than a segment). */
function stream(events: number): Int32Array[] {
  const enc = new WireEncoder();
  const batches: Int32Array[] = [];
  const value = (k: number): WireValue => (k % 3 === 0 ? { t: 'number', v: k } : k % 3 === 1 ? { t: 'number', v: k + 0.5 } : { t: 'string', v: `s${k % 100}` });
  for (let k = 1; k <= events; k++) {
    if (k % 10 === 0) enc.record(Kind.Snapshot, [k, 0, enc.string('Node'), 3, 0, 3], [{ t: 'string', v: 'a' }, value(k), { t: 'string', v: 'b' }, value(k + 1), { t: 'string', v: 'c' }, { t: 'object', id: k - 10 }]);
    if (k % 5_000 === 0) {
      const args = Array.from({ length: 12_000 }, (_, a) => [...enc.encodeValue({ t: 'number', v: a + k })]).flat();
      enc.record(Kind.CallEnter, [1, k, 0], [], [...enc.encodeValue({ t: 'undefined' }), 12_000, ...args]);
    } else enc.record(Kind.VarWrite, [1, 1], [value(k)]);
    if (k % 4096 === 0) batches.push(enc.take());
  }
  batches.push(enc.take());
  return batches;
}

function fill(store: EventStore, batches: Int32Array[]): EventStore {
  const c = store.openConnection({ pid: 1, threadId: 0 });
  for (const words of batches) store.ingest(c, words);
  return store;
}

function sameContents(actual: EventStore, expected: EventStore): void {
  assert.equal(actual.count, expected.count);
  for (let i = 0; i < expected.count; i++) {
    assert.deepEqual(actual.values(i), expected.values(i), `values of event ${i}`);
    assert.deepEqual([...actual.words(i)], [...expected.words(i)], `words of event ${i}`);
  }
  assert.equal(actual.objectCount, expected.objectCount);
  for (let object = 1; object <= expected.objectCount; object++) {
    assert.deepEqual(actual.snapshotsOf(object).map((s) => s.entries), expected.snapshotsOf(object).map((s) => s.entries), `snapshots of object ${object}`);
  }
}

describe('EventStore: arena offsets past 32 bits', () => {
  const batches = stream(60_000);

  for (const [label, first] of [['just below 2^32 words', BELOW_2_32], ['just below 5 × 2^32 words', 5 * 2 ** 32 - 2 ** 15]] as const) {
    it(`reads back every value and snapshot written across ${label}`, () => {
      const expected = fill(new EventStore(), batches);
      const wide = fill(new EventStore({ firstArenaOffset: first }), batches);
      assert.ok(wide.valueRange(wide.count - 1)[0] > first + 2 ** 15 + 2 ** 18, `the values ran well past the boundary: ${wide.valueRange(wide.count - 1)[0] - first - 2 ** 15}`);
      sameContents(wide, expected);
      expected.close();
      wide.close();
    });
  }

  it('and so when its values are spilled to disk and paged back in', () => {
    const expected = fill(new EventStore(), batches);
    const spilling = fill(new EventStore({ firstArenaOffset: BELOW_2_32, memoryBudgetBytes: 2 << 20, spillPath: path.join(os.tmpdir(), 'scope-offsets-test') }), batches);
    assert.ok(spilling.memory().spilledBytes > 1 << 20, 'values were spilled');
    sameContents(spilling, expected);
    expected.close();
    spilling.close();
  });

  it('ArenaOffsets keeps ascending offsets of any size, rows set again included', () => {
    const offsets = new ArenaOffsets(16);
    const written: number[] = [];
    let at = 2 ** 32 - 1000;
    let state = 1;
    for (let i = 0; i < 5_000; i++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      // Mostly small steps; now and then a record's worth (up to 2^24 words) or a jump between arenas' worth.
      at += state % 97 === 0 ? 2 ** 24 + (state % 2 ** 14) : state % 13;
      // A block (64 rows) spans less than 2^32 words; from one block to the next anything goes.
      if (i === 3_008) at = 2 ** 44 + 7;
      offsets.ensure(i + 1);
      offsets.set(i, at - 5);
      offsets.set(i, at); // as the store does when a new segment moves the next event's start
      written.push(at);
    }
    assert.deepEqual(written.map((_, i) => offsets.get(i)), written);
  });

  it('a full arena throws StoreFullError and keeps what came before readable', () => {
    const store = new EventStore({ firstArenaOffset: MAX_ARENA_WORDS - 2 ** 15 });
    const c = store.openConnection({ pid: 1, threadId: 0 });
    const enc = new WireEncoder();
    for (let k = 0; k < 20_000; k++) enc.record(Kind.VarWrite, [1, 1], [{ t: 'number', v: k }]);
    assert.throws(() => store.ingest(c, enc.take()), (e: Error) => e instanceof StoreFullError && /arena of the event store is full/.test(e.message));
    assert.ok(store.count > 5_000 && store.count < 20_000, `${store.count} events kept`);
    for (let i = 0; i < store.count; i++) assert.deepEqual(store.values(i), [{ t: 'number', v: i }]);
    store.close();
  });
});
