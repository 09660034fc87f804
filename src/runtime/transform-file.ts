/**
 * What both loader hooks (CommonJS in the program's thread, ESM in Node's hooks thread) do with a
 * file's source: instrument it when selected; instrument a library's file (the root's files not
 * selected: node_modules) for its writes only; transpile it when it is TypeScript; otherwise leave
 * it alone. An inline source map is attached so stack traces point at the original lines.
 *
 * Failure never changes how the program fails: a JavaScript file that cannot be instrumented runs
 * as written (a syntax error is then reported by Node exactly as without Scope), with one
 * `scope: could not instrument FILE: …` line on stderr. Instrumenter warnings are said once.
 */
import { readFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { readCached } from '../instrument/cache-lookup';
import type { TypeScriptSettings } from '../instrument/index';
import type { LoadSettings } from './env';
import { createFileFilter, createLibraryFilter, TYPESCRIPT_EXTENSIONS } from './files';
import { loadTypeScriptSettings } from './tsconfig';

export type ModuleKind = 'esm' | 'cjs';

/** The part of the instrumenter (src/instrument) the loaders use. */
export interface InstrumenterApi {
  instrumentCached(
    source: string,
    options: { mode: InstrumentationMode; filename: string; moduleKind?: ModuleKind; typescript?: TypeScriptSettings },
    cacheDir: string,
  ): { code: string; map: unknown; warnings: string[] };
}

type InstrumentedFile = ReturnType<InstrumenterApi['instrumentCached']>;

/**
 * A file's instrumented output: read from the cache when it is there, so a run whose files are all
 * cached never loads the instrumenter (9 MB with TypeScript: ~150 ms per process to compile);
 * otherwise from the instrumenter, loaded on this first miss.
 */
export function instrumentFile(
  source: string,
  options: Parameters<InstrumenterApi['instrumentCached']>[1],
  cacheDir: string,
  instrumenter: () => InstrumenterApi,
): InstrumentedFile {
  return readCached(source, options, cacheDir) ?? instrumenter().instrumentCached(source, options, cacheDir);
}

/** The project's compiler options that change what its TypeScript does, as tsx applies them (read once). */
let typescriptOf: ((filename: string) => TypeScriptSettings | undefined) | undefined;

/**
 * The instrumenter's options for a file: with the tsconfig settings that apply to it. Every
 * lookup of a file's output (the loaders', the bootstrap's for an ES module's map) must use these,
 * or it would miss the cache entry of the code that ran.
 */
export function instrumentOptions(mode: InstrumentationMode, filename: string, moduleKind: ModuleKind): Parameters<InstrumenterApi['instrumentCached']>[1] {
  typescriptOf ??= loadTypeScriptSettings(process.cwd(), process.env);
  const typescript = typescriptOf(filename);
  const kind = moduleKind === 'cjs' ? commonJsKind(filename) : moduleKind;
  const options = kind === undefined ? { mode, filename } : { mode, filename, moduleKind: kind };
  return typescript ? { ...options, typescript } : options;
}

/**
 * What Node's CommonJS loader makes of a JavaScript file (its `.js` handler): a `.cjs` file or a
 * `.js` file of a package whose "type" is "commonjs" is CommonJS ('cjs': import/export there is a
 * SyntaxError). Any other file — a `.js` file of a package without "type", an extensionless bin
 * script — is ambiguous: Node ≥ 20.19 runs it as an ES module when it has module syntax, so that
 * syntax is kept (undefined). TypeScript and JSX are CommonJS here, as tsx makes them.
 */
export function commonJsKind(filename: string): ModuleKind | undefined {
  const ext = path.extname(filename).toLowerCase();
  if (ext === '.cjs' || ext === '.jsx' || TYPESCRIPT_EXTENSIONS.has(ext)) return 'cjs';
  if (ext !== '.js') return undefined;
  return packageTypeOf(path.dirname(filename)) === 'commonjs' ? 'cjs' : undefined;
}

const packageTypes = new Map<string, string | undefined>();

/** The "type" of the nearest package.json, looked up as Node does (not past a node_modules folder). */
function packageTypeOf(dir: string): string | undefined {
  if (packageTypes.has(dir)) return packageTypes.get(dir);
  if (path.basename(dir) === 'node_modules') return undefined;
  let type: string | undefined;
  let text: string | undefined;
  try {
    text = readFileSync(path.join(dir, 'package.json'), 'utf8');
  } catch {
    // none here
  }
  if (text !== undefined) {
    try {
      const value = (JSON.parse(text) as { type?: unknown } | null)?.type;
      type = typeof value === 'string' ? value : undefined;
    } catch {
      // Node fails on it itself
    }
  } else if (path.dirname(dir) !== dir) {
    type = packageTypeOf(path.dirname(dir));
  }
  packageTypes.set(dir, type);
  return type;
}

/** What the bootstrap passes to the ESM hooks thread. */
export interface HooksData extends LoadSettings {
  /** Scope's dist/ folder: never instrumented. */
  distDir: string;
}

export type FileTransformer = (source: string, filename: string, moduleKind: ModuleKind) => string;

/** The instrumenter's mode for a file (src/instrument/transform.ts `Mode`). */
export type InstrumentationMode = LoadSettings['mode'] | 'writes';

/**
 * How each file is instrumented: the recording's mode when selected; `writes` for the root's other
 * files (a library's writes to recorded objects, see LibraryTreatment) in full mode; TypeScript
 * must become JavaScript even when not recorded, and the instrumenter does both. Undefined: the
 * file runs as written.
 * @param never folders never instrumented (Scope's own dist/)
 */
export function instrumentationModes(settings: LoadSettings, never: string[]): (filename: string) => InstrumentationMode | undefined {
  const selection = { root: settings.root, include: settings.include, exclude: settings.exclude, never };
  const selected = createFileFilter(selection);
  const library = settings.mode === 'full' && settings.libraries === 'writes' ? createLibraryFilter(selection) : () => false;
  return (filename) => {
    if (selected(filename)) return settings.mode;
    if (library(filename)) return 'writes';
    return TYPESCRIPT_EXTENSIONS.has(path.extname(filename).toLowerCase()) ? settings.mode : undefined;
  };
}

/**
 * @param modeOf how each file is instrumented (see `instrumentationModes`)
 * @param loadInstrumenter called at the first file that needs it (the instrumenter is big)
 */
export function createFileTransformer(
  settings: LoadSettings,
  modeOf: (filename: string) => InstrumentationMode | undefined,
  loadInstrumenter: () => InstrumenterApi,
  onInstrumented?: (filename: string, code: string, map: unknown) => void,
): FileTransformer {
  const said = new Set<string>();
  const say = (line: string) => {
    if (said.has(line)) return;
    said.add(line);
    writeSync(2, `scope: ${line}\n`);
  };
  let api: InstrumenterApi | undefined;
  const instrumenter = () => (api ??= loadInstrumenter());

  return (source, filename, moduleKind) => {
    const mode = modeOf(filename);
    if (mode === undefined) return source;
    const typescript = TYPESCRIPT_EXTENSIONS.has(path.extname(filename).toLowerCase());
    try {
      const result = instrumentFile(source, instrumentOptions(mode, filename, moduleKind), settings.cacheDir, instrumenter);
      for (const warning of result.warnings) say(warning);
      onInstrumented?.(filename, result.code, result.map);
      if (!result.map) return result.code;
      return `${result.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(result.map)).toString('base64')}\n`;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      say(`could not instrument ${filename}: ${reason}`);
      // JavaScript runs as written: Node then reports its own syntax error, at the original place.
      if (!typescript) return source;
      throw new SyntaxError(reason);
    }
  };
}
