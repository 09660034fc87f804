/**
 * ESM loader hooks (dist/runtime/hooks.mjs), registered by the bootstrap with `module.register`;
 * they run in Node's hooks thread. The instrumenter bundle (dist/instrumenter.js, CommonJS, with
 * TypeScript inside) is required lazily, at the first file that misses the cache.
 *
 * - load: an ES module selected for recording is instrumented; TypeScript is served as
 *   JavaScript (`.mts` as ESM, `.cts` as CommonJS, `.ts`/`.tsx` by the nearest package.json
 *   "type", as tsx does). A CommonJS file is handed to Node's CommonJS loader untouched (source
 *   null): the bootstrap's `_compile` hook instruments it in the program's thread.
 * - resolve: TypeScript spellings and the tsconfig's `paths`/`baseUrl` (module-resolution.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SCRIPT_EXTENSIONS, TYPESCRIPT_EXTENSIONS } from './files';
import { resolveModule, withoutFramesUnder } from './module-resolution';
import { createFileTransformer, instrumentationModes, type FileTransformer, type HooksData, type InstrumenterApi } from './transform-file';

interface ResolveContext { parentURL?: string; conditions?: string[]; importAttributes?: Record<string, string> }
interface ResolveResult { url: string; format?: string | null; shortCircuit?: boolean }
interface LoadContext { format?: string | null; conditions?: string[]; importAttributes?: Record<string, string> }
interface LoadResult { format: string; source?: string | ArrayBuffer | Uint8Array | null; shortCircuit?: boolean }
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

let transform: FileTransformer | undefined;
/** file: URL of dist/runtime/ — this bundle's frames, dropped from the errors it passes on. */
let scopeRuntimeUrl: string | undefined;

export async function initialize(data: HooksData): Promise<void> {
  scopeRuntimeUrl = `${pathToFileURL(path.join(data.distDir, 'runtime')).href}/`;
  const load = () => createRequire(path.join(data.distDir, 'runtime', 'hooks.mjs'))(path.join(data.distDir, 'instrumenter.js')) as InstrumenterApi;
  transform = createFileTransformer(data, instrumentationModes(data, [data.distDir]), load);
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  try {
    return await resolveModule(specifier, context.parentURL, (candidate) => nextResolve(candidate, context));
  } catch (error) {
    throw withoutFramesUnder(error, scopeRuntimeUrl);
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
