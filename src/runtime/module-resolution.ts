/**
 * How a recorded program's imports find TypeScript files, as tsx finds them, in both loaders:
 * - a relative or absolute `./x.js` that does not exist means `./x.ts` (TypeScript written for ES
 *   modules names the file it compiles to); `./x.mjs` → `./x.mts`, `./x.cjs` → `./x.cts`, and an
 *   extensionless `./x` (ES modules only: CommonJS tries extensions itself) → `./x.ts`, …, `./x/index.ts`, …;
 * - a bare specifier imported from the project's own files (not from node_modules) goes through the
 *   tsconfig's `paths` and `baseUrl` first (`@lib/math` → `<baseUrl>/src/lib/math`), then Node's
 *   own resolution.
 * What Node resolves by itself is never changed, and what no spelling finds fails with Node's own
 * error, thrown from Node's own code: an uncaught "Cannot find module" names Node's loader in its
 * header, as without Scope, not this file.
 */
import Module from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Site } from '../protocol/sites';
import { isRelativeOrAbsolute, typeScriptSpellings } from './files';
import { loadPathAliases, type PathAliases } from './tsconfig';

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/**
 * The project's alias candidates for `specifier` imported from `importer` (a path), or none: only
 * bare specifiers that are not Node built-ins, and only from files outside node_modules (as tsx:
 * a package's imports mean what its own author meant).
 */
export function aliasCandidates(aliases: PathAliases | undefined, specifier: string, importer: string | undefined): string[] {
  if (!aliases || importer === undefined || importer.includes(NODE_MODULES)) return [];
  if (isRelativeOrAbsolute(specifier) || specifier.includes(':') || Module.isBuiltin(specifier)) return [];
  return aliases(specifier);
}

/**
 * Notes on a module's site (site 0) where the project's aliases may take each bare specifier the
 * module imports or re-exports (`aliasTargets`): the recording does not otherwise say where an
 * alias pointed, and the query engine follows imports through it (src/query/imports.ts). True
 * when the table changed.
 */
export function noteAliasTargets(file: string, sites: Site[]): boolean {
  const aliases = processPathAliases();
  const module = sites[0];
  if (!aliases || module?.kind !== 'module') return false;
  const specifiers = new Set(module.exportAll);
  for (const entry of Object.values(module.exports ?? {})) if ('from' in entry) specifiers.add(entry.from);
  for (const site of sites) if (site.from !== undefined) specifiers.add(site.from);
  let targets: Record<string, string[]> | undefined;
  for (const specifier of specifiers) {
    const candidates = aliasCandidates(aliases, specifier, file);
    if (candidates.length > 0) (targets ??= {})[specifier] = candidates;
  }
  if (targets) module.aliasTargets = targets;
  return targets !== undefined;
}

let projectAliases: PathAliases | undefined | null = null;

/** The tsconfig `paths`/`baseUrl` of the process's project (read once, from its working directory). */
export function processPathAliases(): PathAliases | undefined {
  if (projectAliases === null) projectAliases = loadPathAliases(process.cwd(), process.env);
  return projectAliases;
}

interface ResolvingLoader {
  _resolveFilename(request: string, parent: { filename?: string } | null | undefined, ...rest: unknown[]): string;
}

/** `./x.js` → `./x.ts` for a CommonJS request, when it names a script by a JavaScript extension. */
function commonJsTypeScriptSpelling(request: string): string | undefined {
  return /^\.{0,2}\/.*\.[cm]?js$/.test(request) ? request.replace(/js$/, 'ts') : undefined;
}

/** CommonJS: `Module._resolveFilename` tries the aliases and TypeScript spellings around Node's own. */
export function installCommonJsResolution(): void {
  const loader = Module as unknown as ResolvingLoader;
  const resolveFilename = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request: string, parent: { filename?: string } | null | undefined, ...rest: unknown[]) {
    const attempt = (candidate: string): string | undefined => {
      try {
        return Reflect.apply(resolveFilename, this, [candidate, parent, ...rest]) as string;
      } catch {
        return undefined;
      }
    };
    // A name as written, then its TypeScript spelling.
    const attemptSpelled = (candidate: string): string | undefined => {
      const typescript = commonJsTypeScriptSpelling(candidate);
      return attempt(candidate) ?? (typescript === undefined ? undefined : attempt(typescript));
    };
    const importer = typeof parent?.filename === 'string' ? parent.filename : undefined;
    for (const candidate of aliasCandidates(processPathAliases(), request, importer)) {
      const found = attemptSpelled(candidate);
      if (found !== undefined) return found;
    }
    const found = commonJsTypeScriptSpelling(request) === undefined ? undefined : attemptSpelled(request);
    // Not guarded: a request nothing finds fails here, in Node's code, with Node's error.
    return found ?? (Reflect.apply(resolveFilename, this, [request, parent, ...rest]) as string);
  };
}

/** The first of `candidates` that `next` resolves, or undefined. */
async function firstResolved<R>(candidates: string[], next: (specifier: string) => Promise<R>): Promise<R | undefined> {
  for (const candidate of candidates) {
    try {
      return await next(candidate);
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/**
 * ES modules: the hooks thread's resolve step. `next` is Node's resolver (the next hook's); it
 * runs first for what is not an alias, and its error is what a specifier nothing finds fails with.
 */
export async function resolveModule<R>(specifier: string, parentURL: string | undefined, next: (specifier: string) => Promise<R>): Promise<R> {
  const importer = parentURL?.startsWith('file:') ? fileURLToPath(parentURL) : undefined;
  for (const candidate of aliasCandidates(processPathAliases(), specifier, importer)) {
    const url = pathToFileURL(candidate).href;
    const found = await firstResolved([url, ...typeScriptSpellings(url)], next);
    if (found !== undefined) return found;
  }
  try {
    return await next(specifier);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!isRelativeOrAbsolute(specifier) || (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'ERR_UNSUPPORTED_DIR_IMPORT')) throw error;
    const found = await firstResolved(typeScriptSpellings(specifier), next);
    if (found === undefined) throw error;
    return found;
  }
}

/**
 * An import nothing resolves fails in the hooks thread, and its stack reaches the program already
 * formatted (the main thread's filter of Scope's frames never sees it): the lines of frames in
 * files under `url` are taken out of it here.
 */
export function withoutFramesUnder(error: unknown, url: string | undefined): unknown {
  if (url === undefined || !(error instanceof Error) || typeof error.stack !== 'string') return error;
  const lines = error.stack.split('\n');
  const kept = lines.filter((line) => !(/^\s+at /.test(line) && line.includes(url)));
  if (kept.length !== lines.length) error.stack = kept.join('\n');
  return error;
}
