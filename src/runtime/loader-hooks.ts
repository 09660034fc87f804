/**
 * ESM loader hooks (dist/runtime/hooks.mjs), registered by the bootstrap with `module.register`;
 * they run in Node's hooks thread. The instrumenter bundle (dist/instrumenter.js, CommonJS, with
 * TypeScript inside) is required lazily, at the first file that misses the cache.
 *
 * - load: an ES module selected for recording is instrumented; TypeScript is served as
 *   JavaScript (`.mts` as ESM, `.cts` as CommonJS, `.ts`/`.tsx` by the nearest package.json
 *   "type", as tsx does). A CommonJS file is handed to Node's CommonJS loader untouched (source
 *   null): the bootstrap's `_compile` hook instruments it in the program's thread.
 * - resolve: when a relative import is not found, the TypeScript spellings are tried:
 *   `./x.js` → `./x.ts`, `./x.mjs` → `./x.mts`, `./x.cjs` → `./x.cts`, and extensionless
 *   `./x` → `./x.ts`, `./x.tsx`, `./x.js`, …, `./x/index.ts`, ….
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCRIPT_EXTENSIONS, TYPESCRIPT_EXTENSIONS } from './files';
import { createFileTransformer, instrumentationModes, type FileTransformer, type HooksData, type InstrumenterApi } from './transform-file';

interface ResolveContext { parentURL?: string; conditions?: string[]; importAttributes?: Record<string, string> }
interface ResolveResult { url: string; format?: string | null; shortCircuit?: boolean }
interface LoadContext { format?: string | null; conditions?: string[]; importAttributes?: Record<string, string> }
interface LoadResult { format: string; source?: string | ArrayBuffer | Uint8Array | null; shortCircuit?: boolean }
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

let transform: FileTransformer | undefined;

export async function initialize(data: HooksData): Promise<void> {
  const load = () => createRequire(path.join(data.distDir, 'runtime', 'hooks.mjs'))(path.join(data.distDir, 'instrumenter.js')) as InstrumenterApi;
  transform = createFileTransformer(data, instrumentationModes(data, [data.distDir]), load);
}

const SPELLINGS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
const EXTENSIONLESS = ['.ts', '.tsx', '.js', '.jsx', '.mts', '.mjs', '.cts', '.cjs'];

function candidates(specifier: string): string[] {
  const ext = path.posix.extname(specifier);
  const alternatives = SPELLINGS[ext];
  if (alternatives) return alternatives.map((e) => specifier.slice(0, -ext.length) + e);
  if (ext === '' || !SCRIPT_EXTENSIONS.has(ext)) {
    return [...EXTENSIONLESS.map((e) => specifier + e), ...EXTENSIONLESS.map((e) => `${specifier}/index${e}`)];
  }
  return [];
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:');
    if (!relative || (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'ERR_UNSUPPORTED_DIR_IMPORT')) throw error;
    for (const candidate of candidates(specifier)) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // try the next spelling
      }
    }
    throw error;
  }
}

export async function load(url: string, context: LoadContext, nextLoad: NextLoad): Promise<LoadResult> {
  if (!url.startsWith('file:') || !transform) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const ext = path.extname(filename).toLowerCase();
  if (TYPESCRIPT_EXTENSIONS.has(ext)) {
    const format = ext === '.mts' ? 'module' : ext === '.cts' ? 'commonjs' : packageType(path.dirname(filename));
    // CommonJS TypeScript: Node's CommonJS loader reads it and the bootstrap's hook compiles it.
    if (format === 'commonjs') return { format, shortCircuit: true };
    return { format, source: transform(readFileSync(filename, 'utf8'), filename, 'esm'), shortCircuit: true };
  }
  const result = await nextLoad(url, context);
  if (result.format !== 'module' || !SCRIPT_EXTENSIONS.has(ext) || result.source == null) return result;
  const source = typeof result.source === 'string' ? result.source : Buffer.from(result.source as Uint8Array).toString('utf8');
  return { ...result, source: transform(source, filename, 'esm') };
}

const packageTypes = new Map<string, 'module' | 'commonjs'>();

/** "module" or "commonjs" from the nearest package.json, as Node decides for `.js`. */
function packageType(dir: string): 'module' | 'commonjs' {
  const known = packageTypes.get(dir);
  if (known) return known;
  let type: 'module' | 'commonjs' = 'commonjs';
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { type?: string };
    type = pkg.type === 'module' ? 'module' : 'commonjs';
  } catch (error) {
    const parent = path.dirname(dir);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && parent !== dir) type = packageType(parent);
  }
  packageTypes.set(dir, type);
  return type;
}
