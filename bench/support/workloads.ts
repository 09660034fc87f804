/**
 * The overhead workloads of bench/workloads/, shared by overhead.bench.ts (the whole recording)
 * and capture-workloads.bench.ts (capture alone).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const WORKLOADS = path.join(__dirname, '..', 'workloads');
export const CPU_BOUND_WORKLOADS = ['interpreter', 'parser', 'nbody', 'scheduler', 'collections', 'json'];

/**
 * A copy of the workloads folder in `dir` with every file passed through `transform` (same
 * layout, so each workload's `require('./common')` resolves to the transformed copy).
 */
export function transformedWorkloads(dir: string, transform: (source: string, filename: string) => string): string {
  fs.mkdirSync(dir);
  for (const file of fs.readdirSync(WORKLOADS)) {
    const filename = path.join(WORKLOADS, file);
    fs.writeFileSync(path.join(dir, file), transform(fs.readFileSync(filename, 'utf8'), filename));
  }
  return dir;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
