/** Shared by the pipeline tests and the pipeline benchmarks. */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const bundled = new Map<string, string>();

/**
 * Bundles a TypeScript worker entry to one CommonJS file in a temp dir. Worker threads do not
 * inherit tsx's loader, so a worker runs the bundle (the same code, compiled by esbuild as the
 * product is).
 */
export function bundleForWorker(entry: string): string {
  let out = bundled.get(entry);
  if (!out) {
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scope-test-')), path.basename(entry).replace(/\.ts$/, '.js'));
    esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: out, logLevel: 'warning' });
    bundled.set(entry, out);
  }
  return out;
}
