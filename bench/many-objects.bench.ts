/**
 * Opening the recording of a program that keeps millions of objects: ingest into the EventStore
 * and build the query indexes, for a stream where every `new Node(value, next)` snapshots a fresh
 * object and writes two of its properties (what `full` mode records for a linked list).
 * Baseline, same run: the same events about ONE object (same kinds, same values), so the ratio
 * is what the per-object bookkeeping (snapshots, object ids, per-object write lists) costs.
 * Run: npx tsx bench/many-objects.bench.ts (re-runs itself bundled, as the adapter ships);
 * SCOPE_BENCH_OBJECTS=N (default 1 M).
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Kind, WireEncoder } from '../src/protocol/wire';
import { EventStore } from '../src/store/event-store';
import { Indexes } from '../src/query/indexes';
import { runBundled } from '../test/pipeline/helpers';

const OBJECTS = Number(process.env.SCOPE_BENCH_OBJECTS ?? 1_000_000);
const ROUNDS = Number(process.env.SCOPE_BENCH_ROUNDS ?? 3);
const OBJECTS_PER_BATCH = 1 << 13;

v8.setFlagsFromString('--expose-gc');
/** A full collection, so that heap figures are what the store and indexes keep. */
const collect = vm.runInNewContext('gc') as () => void;

/** The stream as batches: per object a CallEnter, its Snapshot, two PropWrites and a Return. */
function stream(distinctObjects: boolean): Int32Array[] {
  const enc = new WireEncoder();
  const className = enc.string('Node');
  const batches: Int32Array[] = [];
  for (let n = 1; n <= OBJECTS; n++) {
    const object = distinctObjects ? n : 1;
    const frame = n;
    enc.record(Kind.Snapshot, [object, 0, className, 2, 0, 0]);
    enc.record(Kind.CallEnter, [1, frame, 0], [{ t: 'object', id: object }], [1, ...enc.encodeValue({ t: 'number', v: n })]);
    enc.record(Kind.PropWrite, [2, object], [{ t: 'string', v: 'value' }, { t: 'number', v: n }]);
    enc.record(Kind.PropWrite, [3, object], [{ t: 'string', v: 'next' }, { t: 'object', id: distinctObjects ? n - 1 : 1 }]);
    enc.record(Kind.Return, [1, frame], [{ t: 'undefined' }]);
    if (n % OBJECTS_PER_BATCH === 0) batches.push(enc.take());
  }
  batches.push(enc.take());
  return batches;
}

function open(batches: Int32Array[]): { ms: number; heapMB: number } {
  collect();
  const before = process.memoryUsage();
  const started = performance.now();
  const store = new EventStore();
  const c = store.openConnection({ pid: 1, threadId: 0 });
  for (const words of batches) store.ingest(c, words);
  const indexes = new Indexes(store);
  indexes.sync();
  const ms = performance.now() - started;
  collect();
  const after = process.memoryUsage();
  const heapMB = (after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers) / 2 ** 20;
  if (indexes.indexed !== store.count) throw new Error('the indexes do not cover the store');
  store.close();
  return { ms, heapMB };
}

function main(): void {
  const many = stream(true);
  const one = stream(false);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const runs = { many: [] as number[], one: [] as number[], manyHeap: [] as number[], oneHeap: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const a = open(one);
    const b = open(many);
    runs.one.push(a.ms);
    runs.oneHeap.push(a.heapMB);
    runs.many.push(b.ms);
    runs.manyHeap.push(b.heapMB);
  }
  const events = OBJECTS * 4;
  console.log(`open (ingest + index) of ${events / 1e6} M events, median of ${ROUNDS}`);
  console.log(`  ${OBJECTS / 1e6} M objects: ${median(runs.many).toFixed(0)} ms, kept in memory +${median(runs.manyHeap).toFixed(0)} MB (JS heap and typed arrays)`);
  console.log(`  one object:   ${median(runs.one).toFixed(0)} ms, kept in memory +${median(runs.oneHeap).toFixed(0)} MB`);
  console.log(`  ratio many/one: time ${(median(runs.many) / median(runs.one)).toFixed(2)}×, memory ${(median(runs.manyHeap) / median(runs.oneHeap)).toFixed(2)}×`);
}

if (!runBundled(__filename)) main();
