/**
 * What recording a library's writes costs (`--libraries writes`, the default in full mode, against
 * `--libraries none`), on bench/workloads/libraries.js: acorn and lodash from node_modules doing
 * most of the work, with the workload's own file recorded. Three configurations alternate, all
 * in this run: plain, `scope record --mode full --libraries none`, and `--libraries writes`. The
 * workload times its own work; the whole command's wall time is printed too (it includes loading
 * the libraries' instrumented code). The first recorded run of each configuration (cold cache:
 * the libraries are instrumented) is timed separately.
 *
 *   npx tsx bench/libraries.bench.ts        (needs `npm run build`; SCOPE_BENCH_REPEAT=7 for more)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, WORKLOADS } from './support/workloads';

const REPO = path.resolve(__dirname, '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const REPEAT = Number(process.env.SCOPE_BENCH_REPEAT || 5);
const WORKLOAD = path.join(WORKLOADS, 'libraries.js');
const CONFIGS = ['plain', 'none', 'writes'] as const;
type Config = (typeof CONFIGS)[number];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-libraries-'));
const cacheDir = path.join(scratch, 'cache');

/** The workload's own time and the whole command's, in ms. */
function runOnce(config: Config): { work: number; wall: number; checksum: unknown } {
  const out = path.join(scratch, `${config}.scope`);
  const command = config === 'plain' ? [WORKLOAD]
    : [CLI, 'record', '--mode', 'full', '--libraries', config, '--include', 'bench/workloads/**', '--out', out, '--', process.execPath, WORKLOAD];
  const start = process.hrtime.bigint();
  const stdout = execFileSync(process.execPath, command, { cwd: REPO, env: { ...process.env, SCOPE_CACHE_DIR: cacheDir }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const { ms, checksum } = JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number; checksum: unknown };
  fs.rmSync(out, { force: true });
  return { work: ms, wall, checksum };
}

function main(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const cold = { none: runOnce('none'), writes: runOnce('writes') };
  const samples = Object.fromEntries(CONFIGS.map((c) => [c, [] as ReturnType<typeof runOnce>[]])) as Record<Config, ReturnType<typeof runOnce>[]>;
  for (let i = 0; i < REPEAT; i++) for (const config of CONFIGS) samples[config].push(runOnce(config));
  const expected = JSON.stringify(samples.plain[0].checksum);
  for (const config of CONFIGS) for (const s of samples[config]) if (JSON.stringify(s.checksum) !== expected) throw new Error(`${config}: checksum ${JSON.stringify(s.checksum)} ≠ plain ${expected}`);

  const work = (c: Config) => median(samples[c].map((s) => s.work));
  const wall = (c: Config) => median(samples[c].map((s) => s.wall));
  console.log(`libraries' writes (median of ${REPEAT} alternating runs; work = the workload's own timing, wall = the whole command)`);
  for (const c of CONFIGS) {
    console.log(`  ${c.padEnd(7)} work ${work(c).toFixed(0).padStart(6)} ms ${(work(c) / work('plain')).toFixed(2)}× plain   wall ${wall(c).toFixed(0).padStart(6)} ms`);
  }
  console.log(`  writes against none: work ${(work('writes') / work('none')).toFixed(2)}×, wall ${(wall('writes') / wall('none')).toFixed(2)}×`);
  console.log(`  first run (libraries instrumented, cold cache): none ${cold.none.wall.toFixed(0)} ms wall, writes ${cold.writes.wall.toFixed(0)} ms wall`);
  fs.rmSync(scratch, { recursive: true, force: true });
}

main();
