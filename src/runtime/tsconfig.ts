/**
 * The project's tsconfig.json, read as tsx reads it, for the compiler options that change what
 * TypeScript code does when it runs: legacy decorators (`experimentalDecorators`; not
 * `emitDecoratorMetadata`, which tsx ignores), class field semantics (`useDefineForClassFields`, whose default follows
 * `target`) and the JSX transform. Without them a project written for legacy decorators fails
 * under Scope where it runs under tsx, and one compiled for assignment semantics initialises its
 * fields differently.
 *
 * As tsx: the file is `TSX_TSCONFIG_PATH` when set, otherwise the first `tsconfig.json` found from
 * the working directory up; `extends` is followed; its options apply to the files it includes
 * (`files`, `include`, `exclude`, with their defaults), other files get none. Read without
 * TypeScript (the runtime must not load it on a cache hit): JSON with comments and trailing commas.
 */
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import type { TypeScriptSettings } from '../instrument/index';
import { globToRegExp, toPosix } from './files';

interface RawConfig {
  extends?: string | string[];
  compilerOptions?: Record<string, unknown>;
  files?: string[];
  include?: string[];
  exclude?: string[];
}

/**
 * A config with `extends` applied; file lists as absolute patterns. `baseUrl` is absolute (it is
 * relative to the config that sets it), and `pathsBase` is the folder of the config that sets
 * `paths`: without a `baseUrl`, TypeScript resolves `paths` targets from there.
 */
interface ResolvedConfig {
  compilerOptions: Record<string, unknown>;
  pathsBase?: string;
  files?: string[];
  include?: string[];
  exclude?: string[];
}

/** Removes comments and trailing commas, leaving strings as they are. */
export function stripJsonComments(text: string): string {
  return mapOutsideStrings(mapOutsideStrings(text, (rest) => {
    if (rest.startsWith('//')) return rest.indexOf('\n') < 0 ? rest.length : rest.indexOf('\n');
    if (rest.startsWith('/*')) return rest.indexOf('*/') < 0 ? rest.length : rest.indexOf('*/') + 2;
    return 0;
  }), (rest) => (/^,\s*[}\]]/.test(rest) ? 1 : 0));
}

/** Copies `text`, dropping what `drop` says to drop (its length) at each position outside strings. */
function mapOutsideStrings(text: string, drop: (rest: string) => number): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    if (text[i] === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const n = drop(text.slice(i, i + 2) === '//' || text.slice(i, i + 2) === '/*' || text[i] === ',' ? text.slice(i) : '');
    if (n > 0) {
      out += ' ';
      i += n;
    } else {
      out += text[i++];
    }
  }
  return out;
}

function readConfigFile(file: string): RawConfig {
  const parsed: unknown = JSON.parse(stripJsonComments(readFileSync(file, 'utf8')));
  return parsed !== null && typeof parsed === 'object' ? (parsed as RawConfig) : {};
}

/** Where an `extends` entry points: a path relative to the config, or a package's tsconfig. */
function resolveExtends(spec: string, fromDir: string): string | undefined {
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const file = path.resolve(fromDir, spec);
    if (existsSync(file) && !file.endsWith(path.sep)) return file;
    if (existsSync(`${file}.json`)) return `${file}.json`;
    return existsSync(path.join(file, 'tsconfig.json')) ? path.join(file, 'tsconfig.json') : undefined;
  }
  const require = Module.createRequire(path.join(fromDir, 'tsconfig.json'));
  for (const candidate of [spec, `${spec}.json`, `${spec}/tsconfig.json`]) {
    try {
      return require.resolve(candidate);
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function resolveConfig(file: string, seen: Set<string>): ResolvedConfig {
  const dir = path.dirname(file);
  const raw = readConfigFile(file);
  const absolute = (patterns: unknown) => Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string').map((p) => path.resolve(dir, p)) : undefined;
  let base: ResolvedConfig = { compilerOptions: {} };
  const bases = typeof raw.extends === 'string' ? [raw.extends] : Array.isArray(raw.extends) ? raw.extends : [];
  for (const spec of bases) {
    const target = typeof spec === 'string' ? resolveExtends(spec, dir) : undefined;
    if (!target || seen.has(target)) continue;
    seen.add(target);
    const parent = resolveConfig(target, seen);
    base = {
      compilerOptions: { ...base.compilerOptions, ...parent.compilerOptions },
      pathsBase: parent.pathsBase ?? base.pathsBase,
      files: parent.files ?? base.files,
      include: parent.include ?? base.include,
      exclude: parent.exclude ?? base.exclude,
    };
  }
  const own = raw.compilerOptions !== null && typeof raw.compilerOptions === 'object' ? raw.compilerOptions : {};
  const compilerOptions = { ...base.compilerOptions, ...own };
  if (typeof own.outDir === 'string') compilerOptions.outDir = path.resolve(dir, own.outDir);
  if (typeof own.baseUrl === 'string') compilerOptions.baseUrl = path.resolve(dir, own.baseUrl);
  return {
    compilerOptions,
    pathsBase: own.paths !== undefined ? dir : base.pathsBase,
    files: absolute(raw.files) ?? base.files,
    include: absolute(raw.include) ?? base.include,
    exclude: absolute(raw.exclude) ?? base.exclude,
  };
}

/** The tsconfig.json tsx would use for a process started in `cwd`. */
export function findTsconfig(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.TSX_TSCONFIG_PATH) {
    const file = path.resolve(cwd, env.TSX_TSCONFIG_PATH);
    return existsSync(file) ? file : undefined;
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'tsconfig.json');
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** An absolute tsconfig pattern over absolute posix paths (a folder matches what it holds), as --include globs are. */
const absolutePattern = (pattern: string): RegExp => globToRegExp(toPosix(pattern));

const TS_FILE = /\.(?:[cm]?ts|tsx)$/i;
const JS_FILE = /\.(?:[cm]?js|jsx)$/i;

/** Whether the config applies to `filename` (tsc's and tsx's `files` / `include` / `exclude` rules). */
function filesMatcher(config: ResolvedConfig, dir: string): (filename: string) => boolean {
  const allowJs = config.compilerOptions.allowJs === true;
  const files = new Set((config.files ?? []).map((f) => path.resolve(f)));
  const include = (config.include ?? (config.files ? [] : [path.join(dir, '**', '*')])).map(absolutePattern);
  const defaultExclude = ['node_modules', 'bower_components', 'jspm_packages'].map((d) => path.join(dir, d));
  if (typeof config.compilerOptions.outDir === 'string') defaultExclude.push(config.compilerOptions.outDir);
  const exclude = (config.exclude ?? defaultExclude).map(absolutePattern);
  return (filename) => {
    if (files.has(filename)) return true;
    if (!TS_FILE.test(filename) && !(allowJs && JS_FILE.test(filename))) return false;
    const posix = filename.split(path.sep).join('/');
    return include.some((re) => re.test(posix)) && !exclude.some((re) => re.test(posix));
  };
}

const JSX_MODES = new Set(['react', 'react-jsx', 'react-jsxdev', 'preserve']);
const TARGETS_WITH_DEFINE = /^(?:esnext|es202[2-9]|es20[3-9]\d)$/;

/** The settings of `compilerOptions` that change what the code does (see TypeScriptSettings). */
export function typescriptSettings(options: Record<string, unknown>): TypeScriptSettings {
  const settings: TypeScriptSettings = {};
  if (typeof options.experimentalDecorators === 'boolean') settings.experimentalDecorators = options.experimentalDecorators;
  // Not emitDecoratorMetadata: tsx's esbuild does not emit metadata, so a program run by tsx has none.
  if (typeof options.useDefineForClassFields === 'boolean') {
    settings.useDefineForClassFields = options.useDefineForClassFields;
  } else if (typeof options.target === 'string' && !TARGETS_WITH_DEFINE.test(options.target.toLowerCase())) {
    // TypeScript's (and esbuild's) default: define semantics from ES2022 on, assignments before.
    settings.useDefineForClassFields = false;
  }
  const jsx = typeof options.jsx === 'string' ? options.jsx.toLowerCase() : undefined;
  if (jsx && JSX_MODES.has(jsx)) settings.jsx = jsx as TypeScriptSettings['jsx'];
  for (const key of ['jsxFactory', 'jsxFragmentFactory', 'jsxImportSource'] as const) {
    if (typeof options[key] === 'string') settings[key] = options[key] as string;
  }
  return settings;
}

/** The project's tsconfig (the one tsx would use) with `extends` applied, or undefined if none can be read. */
function readProjectConfig(cwd: string, env: NodeJS.ProcessEnv): { file: string; config: ResolvedConfig } | undefined {
  try {
    const file = findTsconfig(cwd, env);
    return file ? { file, config: resolveConfig(file, new Set([file])) } : undefined;
  } catch {
    return undefined; // an unreadable tsconfig is treated as absent, as a missing one is
  }
}

/**
 * For each file, the TypeScript settings of the tsconfig tsx would apply to it (undefined: none, or
 * none that matter). A tsconfig that cannot be read is treated as absent, as a missing one is.
 */
export function loadTypeScriptSettings(cwd: string, env: NodeJS.ProcessEnv): (filename: string) => TypeScriptSettings | undefined {
  const project = readProjectConfig(cwd, env);
  if (!project) return () => undefined;
  const settings = typescriptSettings(project.config.compilerOptions);
  if (Object.keys(settings).length === 0) return () => undefined;
  const applies = filesMatcher(project.config, path.dirname(project.file));
  return (filename) => (applies(filename) ? settings : undefined);
}

/**
 * The files a bare import specifier may mean under the project's `paths` and `baseUrl`, in the
 * order TypeScript (and tsx) tries them: the targets of the `paths` pattern that matches best (an
 * exact key, else the longest prefix before its `*`), then the specifier under `baseUrl`. Each is
 * an absolute path still to be resolved as a file (extensions, index). Empty for a specifier these
 * options do not cover; a caller falls back to Node's own resolution after them.
 */
export type PathAliases = (specifier: string) => string[];

interface PathPattern { prefix: string; suffix: string; exact: boolean; targets: string[] }

/** The project's `paths` / `baseUrl` aliases, or undefined when it sets neither. */
export function loadPathAliases(cwd: string, env: NodeJS.ProcessEnv): PathAliases | undefined {
  const project = readProjectConfig(cwd, env);
  if (!project) return undefined;
  const { compilerOptions, pathsBase } = project.config;
  const baseUrl = typeof compilerOptions.baseUrl === 'string' ? compilerOptions.baseUrl : undefined;
  const targetsBase = baseUrl ?? pathsBase ?? path.dirname(project.file);
  const patterns: PathPattern[] = [];
  const paths = compilerOptions.paths;
  if (paths !== null && typeof paths === 'object') {
    for (const [key, value] of Object.entries(paths as Record<string, unknown>)) {
      const star = key.indexOf('*');
      if (star !== key.lastIndexOf('*') || !Array.isArray(value)) continue; // TypeScript allows one '*'
      const targets = value.filter((t): t is string => typeof t === 'string' && t.split('*').length <= 2);
      patterns.push(star < 0
        ? { prefix: key, suffix: '', exact: true, targets }
        : { prefix: key.slice(0, star), suffix: key.slice(star + 1), exact: false, targets });
    }
  }
  if (patterns.length === 0 && baseUrl === undefined) return undefined;
  return (specifier) => {
    let best: PathPattern | undefined;
    for (const p of patterns) {
      if (p.exact ? specifier !== p.prefix : !(specifier.length >= p.prefix.length + p.suffix.length && specifier.startsWith(p.prefix) && specifier.endsWith(p.suffix))) continue;
      if (p.exact) { best = p; break; }
      if (!best || p.prefix.length > best.prefix.length) best = p;
    }
    const candidates: string[] = [];
    if (best) {
      const matched = best.exact ? '' : specifier.slice(best.prefix.length, specifier.length - best.suffix.length);
      for (const target of best.targets) candidates.push(path.resolve(targetsBase, target.replace('*', matched)));
    }
    if (baseUrl !== undefined) candidates.push(path.resolve(baseUrl, specifier));
    return candidates;
  };
}
