/**
 * The environment that makes any Node command record, and its reading back in the debuggee.
 * Free of side effects: the CLI and the debug adapter import it to launch programs.
 *
 * Variables (besides the recorder's SCOPE_ENDPOINT / SCOPE_SECRET):
 *   NODE_OPTIONS      starts with `--require=<bootstrap path>`: every Node process started below records
 *   SCOPE_MODE        calls | full
 *   SCOPE_ROOT        folder the include/exclude globs are relative to
 *   SCOPE_INCLUDE     JSON array of globs (empty: every file under the root)
 *   SCOPE_EXCLUDE     JSON array of globs (added to the defaults, see files.ts)
 *   SCOPE_LIBRARIES   writes | none: what happens to the root's files not recorded (see files.ts)
 *   SCOPE_CACHE_DIR   instrumented-file cache (default: ROOT/.scope/cache; one already set is kept)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type RecordingMode = 'calls' | 'full';

/**
 * The code under the root that is not recorded (node_modules, files outside the include globs):
 * `writes` instruments it for its writes to objects the recording holds (full mode only: calls mode
 * records no writes at all), `none` leaves it as written.
 */
export type LibraryTreatment = 'writes' | 'none';

export interface LoadSettings {
  mode: RecordingMode;
  root: string;
  include: string[];
  exclude: string[];
  libraries: LibraryTreatment;
  cacheDir: string;
}

export interface RecordingEnvOptions {
  /** From the recorder: SCOPE_ENDPOINT and SCOPE_SECRET. */
  recorderEnv: Record<string, string>;
  mode?: RecordingMode;
  include?: string[];
  exclude?: string[];
  /** Default: `writes`. */
  libraries?: LibraryTreatment;
  /** Globs are relative to it; default include is its files outside node_modules. */
  root: string;
  /** Default: `<root>/.scope/cache`. */
  cacheDir?: string;
  /** The environment to extend (default: this process's). */
  baseEnv?: NodeJS.ProcessEnv;
  /** Absolute path of the built bootstrap (default: found next to this bundle, see bootstrapPath()). */
  bootstrap?: string;
}

export function defaultCacheDir(root: string): string {
  return path.join(root, '.scope', 'cache');
}

/**
 * Where dist/runtime/bootstrap.js is: next to the bundle that contains this code (dist/cli.js,
 * dist/adapter.js, dist/extension.js), or, from the TypeScript sources, the built one in dist/.
 */
export function bootstrapPath(): string {
  const candidates = [
    path.join(__dirname, 'runtime', 'bootstrap.js'),
    path.join(__dirname, 'bootstrap.js'),
    path.join(__dirname, '..', '..', 'dist', 'runtime', 'bootstrap.js'),
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`the recording runtime is missing (looked for ${candidates.join(', ')}); run npm run build`);
  return found;
}

/**
 * `--require=<file>` as NODE_OPTIONS reads it: a path with a space or a quote is put in double
 * quotes, inside which a backslash escapes the next character.
 *
 * `--require`, not `--import`: with any `--import`, Node 20 runs even a CommonJS entry point through
 * its ES module loader, which the program can tell (`module.id`, `module.parent`, the order of
 * top-level `process.nextTick` and promise callbacks). The bootstrap registers the ES module hooks
 * itself (`module.register`).
 */
export function preloadOption(file: string): string {
  return /[\s"]/.test(file) ? `--require="${file.replace(/["\\]/g, '\\$&')}"` : `--require=${file}`;
}

export function recordingEnv(options: RecordingEnvOptions): Record<string, string> {
  const base = options.baseEnv ?? process.env;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  const requireFlag = preloadOption(options.bootstrap ?? bootstrapPath());
  const existing = env.NODE_OPTIONS ?? '';
  // First: the bootstrap runs before the program's own preloads (see runQueuedTicks in bootstrap.ts).
  env.NODE_OPTIONS = existing.includes(requireFlag) ? existing : `${requireFlag} ${existing}`.trim();
  const root = path.resolve(options.root);
  Object.assign(env, options.recorderEnv, {
    SCOPE_MODE: options.mode ?? 'full',
    SCOPE_ROOT: root,
    SCOPE_INCLUDE: JSON.stringify(options.include ?? []),
    SCOPE_EXCLUDE: JSON.stringify(options.exclude ?? []),
    SCOPE_LIBRARIES: options.libraries ?? 'writes',
    SCOPE_CACHE_DIR: path.resolve(options.cacheDir ?? (base.SCOPE_CACHE_DIR || defaultCacheDir(root))),
  });
  return env;
}

/** Reads the settings back in the debuggee; anything missing or malformed takes its default. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): LoadSettings {
  const root = path.resolve(env.SCOPE_ROOT || process.cwd());
  return {
    mode: env.SCOPE_MODE === 'calls' ? 'calls' : 'full',
    root,
    include: globList(env.SCOPE_INCLUDE),
    exclude: globList(env.SCOPE_EXCLUDE),
    libraries: env.SCOPE_LIBRARIES === 'none' ? 'none' : 'writes',
    cacheDir: env.SCOPE_CACHE_DIR || defaultCacheDir(root),
  };
}

function globList(text: string | undefined): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}
