/**
 * The EventStore's memory budget: ingest rate, reverse-step and random `values(i)` latency of a
 * store whose arenas are mostly spilled, against the same store without a budget (same run, same
 * events).
 * Run: npx tsx bench/store-memory.bench.ts (re-runs itself bundled, as the adapter ships).
 * SCOPE_BENCH_EVENTS=N (default 1 M; 10 M for the big size), SCOPE_BENCH_BUDGET_MB (default: an
 * eighth of the arena, so seven eighths of it live in the spill file).
 */
import { WireEncoder } from '../src/protocol/wire';
import { EventStore } from '../src/store/event-store';
import { runBundled } from '../test/pipeline/helpers';
import { BATCH_EVENTS, valueBatch } from './store-memory-workload';

const EVENTS = Number(process.env.SCOPE_BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.SCOPE_BENCH_ROUNDS ?? 3);
const READS = 50_000;

function ingestAll(store: EventStore, batches: Int32Array[]): number {
  const c = store.openConnection({ pid: 1, threadId: 0 });
  const started = performance.now();
  for (const words of batches) store.ingest(c, words);
  return performance.now() - started;
}

/** Mean microseconds per `values(i)` at pseudo-random instants (the same ones for every store). */
function randomReads(store: EventStore): number {
  let x = 987654321;
  let sink = 0;
  const started = performance.now();
  for (let n = 0; n < READS; n++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    sink += store.values(x % store.count).length;
  }
  const us = ((performance.now() - started) * 1000) / READS;
  if (sink < 0) console.log(sink); // keeps the reads from being optimised away
  return us;
}

/** Mean microseconds per `values(i)` stepping back one instant at a time from the middle (a reverse step). */
function backwardReads(store: EventStore): number {
  let sink = 0;
  const from = store.count >>> 1;
  const started = performance.now();
  for (let i = from; i > from - READS; i--) sink += store.values(i).length;
  const us = ((performance.now() - started) * 1000) / READS;
  if (sink < 0) console.log(sink);
  return us;
}

function main(): void {
  const enc = new WireEncoder(1 << 20);
  const batches: Int32Array[] = [];
  for (let b = 0; b * BATCH_EVENTS < EVENTS; b++) batches.push(valueBatch(enc, b));
  const events = batches.length * BATCH_EVENTS;

  // Sizes the budget from the arena an unbudgeted store ends with.
  const probe = new EventStore({ memoryBudgetBytes: 2 ** 40 });
  ingestAll(probe, batches);
  const arenaBytes = probe.memory().arenaBytes;
  const budget = process.env.SCOPE_BENCH_BUDGET_MB ? Number(process.env.SCOPE_BENCH_BUDGET_MB) * 2 ** 20 : probe.memory().columnBytes + arenaBytes / 8;
  probe.close();

  let best = { wholeIngest: Infinity, budgetIngest: Infinity, wholeRead: Infinity, budgetRead: Infinity, wholeStep: Infinity, budgetStep: Infinity };
  let spilled = 0;
  let resident = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const whole = new EventStore({ memoryBudgetBytes: 2 ** 40 });
    const budgeted = new EventStore({ memoryBudgetBytes: budget });
    // Which store goes first alternates: the first one pays for a colder heap.
    let wholeIngest: number;
    let budgetIngest: number;
    if (round % 2 === 0) {
      wholeIngest = ingestAll(whole, batches);
      budgetIngest = ingestAll(budgeted, batches);
    } else {
      budgetIngest = ingestAll(budgeted, batches);
      wholeIngest = ingestAll(whole, batches);
    }
    const wholeRead = randomReads(whole);
    const budgetRead = randomReads(budgeted);
    const wholeStep = backwardReads(whole);
    const budgetStep = backwardReads(budgeted);
    spilled = budgeted.memory().spilledBytes;
    resident = budgeted.memory().arenaResidentBytes;
    best = {
      wholeIngest: Math.min(best.wholeIngest, wholeIngest),
      budgetIngest: Math.min(best.budgetIngest, budgetIngest),
      wholeRead: Math.min(best.wholeRead, wholeRead),
      budgetRead: Math.min(best.budgetRead, budgetRead),
      wholeStep: Math.min(best.wholeStep, wholeStep),
      budgetStep: Math.min(best.budgetStep, budgetStep),
    };
    whole.close();
    budgeted.close();
  }
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const rate = (ms: number) => `${(events / ms / 1000).toFixed(2)} M events/s`;
  console.log(`store memory budget: ${events} events, arena ${mb(arenaBytes)}, budget ${mb(budget)} (columns included); best of ${ROUNDS}`);
  console.log(`  spilled ${mb(spilled)}, resident arena ${mb(resident)}`);
  console.log(`ingest without budget: ${rate(best.wholeIngest)}; with budget: ${rate(best.budgetIngest)}; ratio (rate with / without) ${(best.wholeIngest / best.budgetIngest).toFixed(2)}x`);
  console.log(`stepping back values(i) without budget: ${best.wholeStep.toFixed(2)} µs; with budget: ${best.budgetStep.toFixed(2)} µs; ratio ${(best.budgetStep / best.wholeStep).toFixed(1)}x`);
  console.log(`random values(i) without budget: ${best.wholeRead.toFixed(2)} µs; with budget: ${best.budgetRead.toFixed(2)} µs; ratio ${(best.budgetRead / best.wholeRead).toFixed(1)}x slower`);
}

if (!runBundled(__filename)) main();
