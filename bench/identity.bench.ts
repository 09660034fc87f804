/**
 * Object identity at scale: a program that keeps a large heap of recorded objects (a linked list
 * built by a constructor, bench/workloads/linked-list.js), recorded in `calls` mode with capture
 * alone (bench/support/capture-only-child.ts). Compares the identity table as shipped (WeakMap for
 * the first objects, then ids stamped on the objects; src/runtime/private-tables.ts) with a
 * WeakMap alone, which degenerates past ~2 M live keys. Prints each against the plain run.
 *
 *   npx tsx bench/identity.bench.ts          (SCOPE_BENCH_REPEAT=3 for a median of 3)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { instrument } from '../src/instrument';
import { median, transformedWorkloads, WORKLOADS } from './support/workloads';

const CHILD = path.join(__dirname, 'support', 'capture-only-child.ts');
const REPEAT = Number(process.env.SCOPE_BENCH_REPEAT || 1);
const NODES = [250_000, 1_000_000, 2_500_000];
const CONFIGS = { plain: undefined, 'as shipped': undefined, 'WeakMap only': String(Number.MAX_SAFE_INTEGER) } as const;
type Config = keyof typeof CONFIGS;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-identity-'));

function runOnce(nodes: number, config: Config, instrumented: string): number {
  const env: NodeJS.ProcessEnv = { ...process.env, SCOPE_BENCH_NODES: String(nodes) };
  const weakEntries = CONFIGS[config];
  if (weakEntries !== undefined) env.SCOPE_BENCH_WEAK_ENTRIES = weakEntries;
  const args = config === 'plain' ? [path.join(WORKLOADS, 'linked-list.js')] : ['--import', 'tsx', CHILD, path.join(instrumented, 'linked-list.js')];
  const out = execFileSync(process.execPath, args, { env, encoding: 'utf8' });
  return (JSON.parse(out.trim().split('\n').pop()!) as { ms: number }).ms;
}

function main(): void {
  const instrumented = transformedWorkloads(path.join(scratch, 'calls'), (source, filename) => instrument(source, { mode: 'calls', filename, moduleKind: 'cjs' }).code);
  console.log(`a linked list of N nodes built and walked under \`calls\`, capture only (median of ${REPEAT})`);
  console.log(`${'nodes'.padStart(10)} ${'plain'.padStart(9)} ${'as shipped'.padStart(20)} ${'WeakMap only'.padStart(20)} ${'shipped/WeakMap'.padStart(16)}`);
  for (const nodes of NODES) {
    const ms = {} as Record<Config, number>;
    for (const config of Object.keys(CONFIGS) as Config[]) {
      const samples: number[] = [];
      for (let i = 0; i < REPEAT; i++) samples.push(runOnce(nodes, config, instrumented));
      ms[config] = median(samples);
    }
    const cell = (config: Config) => `${ms[config].toFixed(0)}ms ${(ms[config] / ms.plain).toFixed(1)}×`.padStart(20);
    console.log(`${nodes.toLocaleString('en').padStart(10)} ${`${ms.plain.toFixed(0)}ms`.padStart(9)} ${cell('as shipped')} ${cell('WeakMap only')} ${`${(ms['as shipped'] / ms['WeakMap only']).toFixed(2)}×`.padStart(16)}`);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
}

main();
