/**
 * What capture alone costs on the overhead workloads: each workload runs plain and instrumented
 * (calls and full) with the runtime writing into a shared ring that a consumer thread empties
 * without sending it anywhere. Compared with bench/overhead.bench.ts (the whole `scope record`:
 * drainer, socket, recorder, file), the difference is what the transport and the recorder add.
 * Runs alternate (plain, calls, full, plain, …) and the median of each is kept.
 *
 *   npx tsx bench/capture-workloads.bench.ts          (SCOPE_BENCH_REPEAT=5 SCOPE_BENCH_SCALE=2 for more)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { instrument } from '../src/instrument';
import { CPU_BOUND_WORKLOADS, median, transformedWorkloads, WORKLOADS } from './support/workloads';

const CHILD = path.join(__dirname, 'support', 'capture-only-child.ts');
const REPEAT = Number(process.env.SCOPE_BENCH_REPEAT || 3);
const SCALE = process.env.SCOPE_BENCH_SCALE || '1';
const MODES = ['calls', 'full'] as const;
type Config = 'plain' | (typeof MODES)[number];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-capture-workloads-'));

/** The workloads instrumented in `mode`. */
function instrumentedCopy(mode: (typeof MODES)[number]): string {
  return transformedWorkloads(path.join(scratch, mode), (source, filename) => instrument(source, { mode, filename, moduleKind: 'cjs' }).code);
}

function runOnce(workload: string, config: Config, dirs: Record<(typeof MODES)[number], string>): number {
  const env = { ...process.env, SCOPE_BENCH_SCALE: SCALE };
  const args = config === 'plain' ? [path.join(WORKLOADS, `${workload}.js`)] : ['--import', 'tsx', CHILD, path.join(dirs[config], `${workload}.js`)];
  const out = execFileSync(process.execPath, args, { env, encoding: 'utf8' });
  return (JSON.parse(out.trim().split('\n').pop()!) as { ms: number }).ms;
}

function main(): void {
  const dirs = { calls: instrumentedCopy('calls'), full: instrumentedCopy('full') };
  const ratios: Record<(typeof MODES)[number], number[]> = { calls: [], full: [] };
  console.log(`capture only: runtime → shared ring → discarding consumer (scale ${SCALE}, median of ${REPEAT} alternating runs)`);
  console.log(`${'workload'.padEnd(12)} ${'plain ms'.padStart(9)} ${'calls'.padStart(15)} ${'full'.padStart(15)}`);
  for (const workload of CPU_BOUND_WORKLOADS) {
    const samples: Record<Config, number[]> = { plain: [], calls: [], full: [] };
    for (let i = 0; i < REPEAT; i++) for (const config of ['plain', ...MODES] as Config[]) samples[config].push(runOnce(workload, config, dirs));
    const plain = median(samples.plain);
    const cell = (mode: (typeof MODES)[number]) => {
      const ms = median(samples[mode]);
      ratios[mode].push(ms / plain);
      return `${ms.toFixed(0)}ms ${(ms / plain).toFixed(2)}×`.padStart(15);
    };
    console.log(`${workload.padEnd(12)} ${plain.toFixed(1).padStart(9)} ${cell('calls')} ${cell('full')}`);
  }
  console.log(`median over the ${CPU_BOUND_WORKLOADS.length} workloads: calls ${median(ratios.calls).toFixed(2)}×, full ${median(ratios.full).toFixed(2)}× (capture only; bench/overhead.bench.ts has the whole recording)`);
  fs.rmSync(scratch, { recursive: true, force: true });
}

main();
