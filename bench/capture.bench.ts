/**
 * Capture hot path, in one process: call/return pairs per second through the probes (the code
 * shape the instrumenter emits) against the same function without probes, into a real shared ring
 * drained by a consumer thread; bytes per event; the cost of a first snapshot (objects seen for the
 * first time as arguments); the cost of reflecting built-in mutations (`mc` after `push`); and the
 * copy of a new string's text into the ring, native against unit by unit.
 *
 *   npx tsx bench/capture.bench.ts                (SCOPE_BENCH_CALLS=20000000 for a longer run)
 * Targets: ≥ 3 M call/return pairs per second with primitive arguments; ≤ 24 bytes per event.
 */
import { createRing, SharedRingWriter, type RingWriter } from '../src/runtime/ring';
import { Runtime } from '../src/runtime/probes';
import { startDiscardConsumer } from './support/discard-consumer';
import { Kind, textRecordWords, writeTextRecord, type UnitPacker } from '../src/protocol/wire';

const CALLS = Number(process.env.SCOPE_BENCH_CALLS || 3_000_000);

/** Counts the words committed (to report bytes per event) around another writer. */
class CountingWriter implements RingWriter {
  words: Int32Array;
  written = 0;
  private lastReserve = 0;
  constructor(private readonly inner: RingWriter) { this.words = inner.words; }
  reserve(n: number): number { this.lastReserve = n; this.written += n; return this.inner.reserve(n); }
  commit(): void { this.inner.commit(); void this.lastReserve; }
}

function plainAdd(a: number, b: number): number {
  return a + b;
}

/** What the instrumenter emits for `function add(a, b) { return a + b; }` (calls mode). */
function makeProbedAdd(rt: Runtime) {
  return function add(this: unknown, a: number, b: number): number {
    const frame = rt.c2(1, 0, this, a, b);
    try {
      return rt.r(1, frame, a + b) as number;
    } catch (error) {
      rt.u(1, frame, error);
      throw error;
    }
  };
}

function time(label: string, n: number, body: (n: number) => number): number {
  body(Math.min(n, 200_000)); // warm up (JIT)
  const start = process.hrtime.bigint();
  const sink = body(n);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (!Number.isFinite(sink)) throw new Error('sink');
  const rate = n / seconds;
  console.log(`${label.padEnd(44)} ${(rate / 1e6).toFixed(2).padStart(7)} M/s  ${((seconds / n) * 1e9).toFixed(1).padStart(6)} ns each`);
  return rate;
}

async function main(): Promise<void> {
  const ring = createRing(1 << 20);
  startDiscardConsumer(ring);
  const writer = new CountingWriter(new SharedRingWriter(ring, 'wait'));
  const rt = new Runtime(writer);
  const probedAdd = makeProbedAdd(rt);

  console.log(`capture hot path (${CALLS.toLocaleString()} calls)`);
  const plain = time('plain calls (baseline)', CALLS, (n) => { let s = 0; for (let i = 0; i < n; i++) s = plainAdd(s & 1023, i); return s; });
  writer.written = 0;
  const probed = time('probed call/return pairs, int arguments', CALLS, (n) => { let s = 0; for (let i = 0; i < n; i++) s = probedAdd(s & 1023, i); return s; });
  const pairs = CALLS + Math.min(CALLS, 200_000);
  console.log(`  → ${(probed / 1e6).toFixed(2)} M pairs/s (target ≥ 3), ${(plain / probed).toFixed(1)}× the plain call; ${((writer.written * 4) / (pairs * 2)).toFixed(1)} bytes per event (CallEnter + Return)`);

  // A mix closer to a full-mode recording: statements, variable writes with numbers and strings.
  writer.written = 0;
  const words = ['alpha', 'beta', 'gamma', 'delta'];
  const mixEvents = 7;
  const mixed = time('full-mode mix (7 events per iteration)', CALLS / 4, (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const f = rt.c1(2, 0, undefined, i);
      rt.s(3);
      s = rt.w(4, f, (s + i) & 0xffff) as number;
      rt.s(5);
      rt.w(6, f, words[i & 3]);
      rt.w(7, f, i * 0.5);
      rt.r(2, f, s);
    }
    return s;
  });
  const mixedIterations = CALLS / 4 + Math.min(CALLS / 4, 200_000);
  console.log(`  → ${((mixed * mixEvents) / 1e6).toFixed(1)} M events/s; ${((writer.written * 4) / (mixedIterations * mixEvents)).toFixed(1)} bytes per event with values (target ≤ 24)`);

  // First sight of objects: each call's argument is a fresh object, so each is snapshotted (with
  // what it holds, to the depth budget). Baseline: the same calls with an int argument.
  const objects = Math.min(CALLS / 10, 300_000);
  class Env { vars = new Map<string, number>([['x', 1], ['y', 2]]); constructor(readonly parent: Env | null, readonly depth: number) {} }
  const withInt = time('c1 + r with an int argument (baseline)', objects, (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += rt.r(10, rt.c1(10, 0, undefined, i), 1) as number;
    return s;
  });
  const withLiteral = time('c1 + r, a fresh {k, name, v} literal each', objects, (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += rt.r(10, rt.c1(10, 0, undefined, { k: 'num', name: 'v', v: i }), 1) as number;
    return s;
  });
  const root = new Env(null, 0);
  const withInstance = time('c1 + r, a fresh class instance (with a Map) each', objects, (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += rt.r(10, rt.c1(10, 0, undefined, new Env(root, i)), 1) as number;
    return s;
  });
  const perSnapshot = (rate: number) => ((1 / rate - 1 / withInt) * 1e9).toFixed(0);
  console.log(`  → first snapshot: ${perSnapshot(withLiteral)} ns for a 3-property literal, ${perSnapshot(withInstance)} ns for a class instance holding a 2-entry Map (beyond the int-argument call)`);

  // Built-in mutators on a recorded array: `mc` after a push at a site the site table names as
  // `push` records the new element; at any other mutator site it re-snapshots the receiver
  // (budget: 64 entries), as every push did before.
  const pushes = 200_000;
  const sites = rt.register('/bench/push.ts', { sites: [{ kind: 'call', name: 'push' }, { kind: 'call', name: 'splice' }] });
  const plainPush = time('push on an array (baseline)', pushes, (n) => { const a: number[] = []; for (let i = 0; i < n; i++) a.push(i); return a.length; });
  const recordedPush = (label: string, site: number) => time(label, pushes, (n) => {
    const a: number[] = [];
    rt.w(8, 0, a);
    for (let i = 0; i < n; i++) rt.mc(site, a, a.push(i));
    return a.length;
  });
  const written = recordedPush('push + mc on a recorded array (element write)', sites);
  const resnapshot = recordedPush('push + mc at a non-push site (re-snapshot)', sites + 1);
  const ns = (rate: number) => ((1 / rate) * 1e9).toFixed(0);
  console.log(`  → a recorded push: ${(plainPush / written).toFixed(0)}× a plain push (${ns(written)} ns per call); by re-snapshot ${(plainPush / resnapshot).toFixed(0)}× (${ns(resnapshot)} ns)`);

  // Strings seen for the first time: each is interned and its text copied into the ring. The
  // baseline is the portable packer (unit by unit) writing the same records into the same ring.
  const stringWriter = new SharedRingWriter(ring, 'wait');
  for (const units of [12, 40, 200, 1000]) {
    const texts = Array.from({ length: 2000 }, (_, k) => `${k}:`.padEnd(units, 'abcdefghij'));
    const emit = (packer: UnitPacker | undefined) => (n: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const text = texts[i % texts.length];
        const at = stringWriter.reserve(textRecordWords(2, text.length));
        writeTextRecord(stringWriter.words, at, Kind.String, [i, text.length], text, 0, text.length, packer);
        if ((i & 63) === 0) stringWriter.commit();
        s += at;
      }
      stringWriter.commit();
      return s;
    };
    const portable = time(`a ${units}-unit string, unit by unit (baseline)`, 200_000, emit(undefined));
    const runtime = time(`a ${units}-unit string, as the runtime copies it`, 200_000, emit(rt.capture.textPacker));
    console.log(`  → ${(runtime / portable).toFixed(2)}× the strings per second of the unit-by-unit copy`);
  }
  process.exit(0);
}

void main();
