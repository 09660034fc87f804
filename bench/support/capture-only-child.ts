/**
 * Runs one instrumented workload with the thread's runtime writing into a real shared ring that a
 * discard consumer empties (no drainer, socket or recorder): what capture alone costs.
 *   node --import tsx bench/support/capture-only-child.ts INSTRUMENTED_WORKLOAD.js
 * SCOPE_BENCH_WEAK_ENTRIES sets the capture budget `weakEntries` (bench/identity.bench.ts).
 */
import { createRing, SharedRingWriter } from '../../src/runtime/ring';
import { installRuntime } from '../../src/runtime/probes';
import { startDiscardConsumer } from './discard-consumer';

const ring = createRing(4 << 20);
startDiscardConsumer(ring);
const weakEntries = process.env.SCOPE_BENCH_WEAK_ENTRIES;
installRuntime(weakEntries ? { weakEntries: Number(weakEntries) } : {}).attach(new SharedRingWriter(ring, 'wait'));
require(process.argv[2]);
