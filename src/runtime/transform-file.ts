/**
 * What both loader hooks (CommonJS in the program's thread, ESM in Node's hooks thread) do with a
 * file's source: instrument it when selected, transpile it when it is TypeScript, otherwise leave
 * it alone; attach an inline source map so stack traces point at the original lines.
 *
 * Failure never changes how the program fails: a JavaScript file that cannot be instrumented runs
 * as written (a syntax error is then reported by Node exactly as without Scope), with one
 * `scope: could not instrument FILE: …` line on stderr. Instrumenter warnings are said once.
 */
import { writeSync } from 'node:fs';
import * as path from 'node:path';
import { readCached } from '../instrument/cache-lookup';
import type { LoadSettings } from './env';
import { createFileFilter, TYPESCRIPT_EXTENSIONS } from './files';

export type ModuleKind = 'esm' | 'cjs';

/** The part of the instrumenter (src/instrument) the loaders use. */
export interface InstrumenterApi {
  instrumentCached(
    source: string,
    options: { mode: LoadSettings['mode']; filename: string; moduleKind: ModuleKind },
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

/** What the bootstrap passes to the ESM hooks thread. */
export interface HooksData extends LoadSettings {
  /** Scope's dist/ folder: never instrumented. */
  distDir: string;
}

export type FileTransformer = (source: string, filename: string, moduleKind: ModuleKind) => string;

/**
 * @param never folders never instrumented (Scope's own dist/)
 * @param loadInstrumenter called at the first file that needs it (the instrumenter is big)
 */
export function createFileTransformer(
  settings: LoadSettings,
  never: string[],
  loadInstrumenter: () => InstrumenterApi,
  onInstrumented?: (filename: string, code: string, map: unknown) => void,
): FileTransformer {
  const selected = createFileFilter({ root: settings.root, include: settings.include, exclude: settings.exclude, never });
  const said = new Set<string>();
  const say = (line: string) => {
    if (said.has(line)) return;
    said.add(line);
    writeSync(2, `scope: ${line}\n`);
  };
  let api: InstrumenterApi | undefined;
  const instrumenter = () => (api ??= loadInstrumenter());

  return (source, filename, moduleKind) => {
    const typescript = TYPESCRIPT_EXTENSIONS.has(path.extname(filename).toLowerCase());
    // TypeScript must become JavaScript even when not recorded; the instrumenter does both.
    if (!typescript && !selected(filename)) return source;
    try {
      const result = instrumentFile(source, { mode: settings.mode, filename, moduleKind }, settings.cacheDir, instrumenter);
      for (const warning of result.warnings) say(warning);
      onInstrumented?.(filename, result.code, result.map);
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
