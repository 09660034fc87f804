/**
 * Recording overhead: each workload of bench/workloads/ runs plain, under `scope record --mode
 * calls`, under `--mode full`, and instrumented by istanbul (istanbul-lib-instrument: counters
 * only — the peer), all in this run. Workloads time their own work (module loading and
 * instrumentation excluded: both are cached or one-off) and print it; each configuration runs
 * REPEAT times and the median is kept. Prints per-workload ratios against plain and the median
 * ratio over the CPU-bound workloads (targets: calls ≤ 1.3×, full ≤ 3×).
 *
 *   npx tsx bench/overhead.bench.ts              (needs `npm run build`)
 *   SCOPE_BENCH_SCALE=5 SCOPE_BENCH_REPEAT=5 npx tsx bench/overhead.bench.ts   (bigger)
 *   SCOPE_BENCH_WORKLOADS=interpreter,nbody   only these workloads
 *   SCOPE_BENCH_CLI=/other/dist/cli.js        record with another build (A/B against a copy of dist/)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CPU_BOUND_WORKLOADS, median, transformedWorkloads, WORKLOADS } from './support/workloads';

// istanbul-lib-instrument ships no types; this is the part used.
const { createInstrumenter } = require('istanbul-lib-instrument') as {
  createInstrumenter(options: { esModules: boolean; compact: boolean }): { instrumentSync(code: string, filename: string): string };
};

const REPO = path.resolve(__dirname, '..');
const CLI = path.resolve(process.env.SCOPE_BENCH_CLI || path.join(REPO, 'dist', 'cli.js'));
const REPEAT = Number(process.env.SCOPE_BENCH_REPEAT || 2);
const SCALE = process.env.SCOPE_BENCH_SCALE || '1';
const ONLY = process.env.SCOPE_BENCH_WORKLOADS?.split(',');
const CPU_BOUND = CPU_BOUND_WORKLOADS.filter((w) => !ONLY || ONLY.includes(w));
const IO_BOUND = ['http'].filter((w) => !ONLY || ONLY.includes(w));
const CONFIGS = ['plain', 'calls', 'full', 'istanbul'] as const;
type Config = (typeof CONFIGS)[number];

/** `cpuMs`: CPU time of the whole recorded run (scope record, the program, its drainer), when /usr/bin/time exists. */
interface Sample { ms: number; checksum: unknown; events?: number; bytes?: number; cpuMs?: number }

/**
 * The recorded program's wall time depends on what else the shared box runs; the CPU time the
 * recording takes in all (recorder + program + drainer) much less, so it is printed beside it.
 */
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-overhead-'));

/** istanbul's instrumented copy of the workloads. */
function istanbulCopy(): string {
  const instrumenter = createInstrumenter({ esModules: false, compact: true });
  return transformedWorkloads(path.join(scratch, 'istanbul'), (source, filename) => instrumenter.instrumentSync(source, filename));
}

function runOnce(workload: string, config: Config, istanbulDir: string): Sample {
  const env = { ...process.env, SCOPE_BENCH_SCALE: SCALE };
  const file = path.join(config === 'istanbul' ? istanbulDir : WORKLOADS, `${workload}.js`);
  if (config === 'plain' || config === 'istanbul') {
    return JSON.parse(execFileSync(process.execPath, [file], { env, encoding: 'utf8' }).trim().split('\n').pop()!) as Sample;
  }
  const out = path.join(scratch, `${workload}-${config}.scope`);
  // --include: the workloads folder is the root's `bench/workloads` (the bench runs from the repo).
  const record = [process.execPath, CLI, 'record', '--mode', config, '--out', out, '--include', 'bench/workloads/**', '--', process.execPath, file];
  const cpuFile = path.join(scratch, 'cpu.txt');
  const [command, ...args] = TIME ? [TIME, '-o', cpuFile, '-f', '%U %S', ...record] : record;
  const result = execFileSync(command, args, { cwd: REPO, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const sample = JSON.parse(result.trim().split('\n').pop()!) as Sample;
  sample.bytes = fs.statSync(out).size;
  if (TIME) {
    const [user, system] = fs.readFileSync(cpuFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    sample.cpuMs = (user + system) * 1000;
  }
  fs.rmSync(out, { force: true });
  return sample;
}

function main(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const istanbulDir = istanbulCopy();
  const rows: { workload: string; ms: Record<Config, number>; bytes: number; cpuMs: { calls: number; full: number } }[] = [];
  for (const workload of [...CPU_BOUND, ...IO_BOUND]) {
    // One unmeasured recorded run per mode fills the instrumentation cache.
    runOnce(workload, 'calls', istanbulDir);
    runOnce(workload, 'full', istanbulDir);
    const samples = Object.fromEntries(CONFIGS.map((c) => [c, [] as Sample[]])) as Record<Config, Sample[]>;
    for (let i = 0; i < REPEAT; i++) for (const config of CONFIGS) samples[config].push(runOnce(workload, config, istanbulDir));
    const expected = JSON.stringify(samples.plain[0].checksum);
    for (const config of CONFIGS) {
      for (const s of samples[config]) {
        if (JSON.stringify(s.checksum) !== expected) throw new Error(`${workload} ${config}: checksum ${JSON.stringify(s.checksum)} ≠ plain ${expected}`);
      }
    }
    const ms = Object.fromEntries(CONFIGS.map((c) => [c, median(samples[c].map((s) => s.ms))])) as Record<Config, number>;
    const cpuMs = { calls: median(samples.calls.map((s) => s.cpuMs ?? NaN)), full: median(samples.full.map((s) => s.cpuMs ?? NaN)) };
    rows.push({ workload, ms, bytes: median(samples.full.map((s) => s.bytes ?? 0)), cpuMs });
  }

  const ratio = (r: (typeof rows)[number], c: Config) => r.ms[c] / r.ms.plain;
  console.log(`recording overhead (scale ${SCALE}, median of ${REPEAT} runs; times are the workload's own work)`);
  console.log(`${'workload'.padEnd(12)} ${'plain ms'.padStart(9)} ${'calls'.padStart(14)} ${'full'.padStart(14)} ${'istanbul'.padStart(14)} ${'full file'.padStart(10)}  recording CPU calls/full`);
  for (const r of rows) {
    const cell = (c: Config) => `${r.ms[c].toFixed(0)}ms ${ratio(r, c).toFixed(2)}×`.padStart(14);
    console.log(`${r.workload.padEnd(12)} ${r.ms.plain.toFixed(1).padStart(9)} ${cell('calls')} ${cell('full')} ${cell('istanbul')} ${`${(r.bytes / 1024).toFixed(0)} KiB`.padStart(10)}  ${r.cpuMs.calls.toFixed(0)}/${r.cpuMs.full.toFixed(0)} ms`);
  }
  const cpu = rows.filter((r) => CPU_BOUND.includes(r.workload));
  const med = (c: Config) => median(cpu.map((r) => ratio(r, c)));
  console.log(`median over the ${cpu.length} CPU-bound workloads: calls ${med('calls').toFixed(2)}× (target ≤ 1.3×), full ${med('full').toFixed(2)}× (target ≤ 3×), istanbul ${med('istanbul').toFixed(2)}×`);
  for (const r of rows.filter((x) => IO_BOUND.includes(x.workload))) {
    console.log(`I/O-bound ${r.workload}: calls ${ratio(r, 'calls').toFixed(2)}×, full ${ratio(r, 'full').toFixed(2)}×, istanbul ${ratio(r, 'istanbul').toFixed(2)}×`);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
}

main();
