/**
 * Which files get instrumented: `--include` / `--exclude` globs, relative to the root.
 *
 * A file is instrumented when it has a JavaScript/TypeScript extension, matches an include glob
 * (none given: every file under the root) and no exclude glob. Excluded always: Scope's own files
 * and the `.scope` folder; by default also `node_modules`, unless an include glob names
 * node_modules (then the user chose what to record there).
 *
 * Globs: `**` any number of folders, `*` and `?` within one path segment, `{a,b}` alternatives.
 * A glob without `/` matches at any depth (`*.ts`); a glob matching a folder covers its contents.
 * An absolute glob is matched against the absolute path.
 */
import * as path from 'node:path';

export const SCRIPT_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
export const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts']);

/** The TypeScript a JavaScript name stands for, as tsx reads it (`./x.js` written for `./x.ts`). */
const TYPESCRIPT_SPELLINGS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
const EXTENSIONLESS = ['.ts', '.tsx', '.js', '.jsx', '.mts', '.mjs', '.cts', '.cjs'];

/**
 * The other names an import of a script may mean when it names no file as written (a path or a
 * file: URL): `x.js` → `x.ts`, `x.tsx`; `x.mjs` → `x.mts`; `x.cjs` → `x.cts`; and without a script
 * extension `x.ts`, `x.tsx`, `x.js`, …, then `x/index.ts`, … (ES modules: CommonJS adds extensions itself).
 */
export function typeScriptSpellings(specifier: string): string[] {
  const ext = path.posix.extname(specifier);
  const alternatives = TYPESCRIPT_SPELLINGS[ext];
  if (alternatives) return alternatives.map((e) => specifier.slice(0, -ext.length) + e);
  if (SCRIPT_EXTENSIONS.has(ext)) return [];
  return [...EXTENSIONLESS.map((e) => specifier + e), ...EXTENSIONLESS.map((e) => `${specifier}/index${e}`)];
}

/** A specifier naming a file by path or file: URL (not a package, an alias or a built-in). */
export function isRelativeOrAbsolute(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:');
}

export interface FileSelection {
  root: string;
  include: string[];
  exclude: string[];
  /** Folders never instrumented (Scope's own installation). */
  never?: string[];
}

export function globToRegExp(glob: string): RegExp {
  let source = '';
  let braces = 0;
  const anyDepth = !glob.includes('/');
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '{') {
      braces++;
      source += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (c === ',' && braces > 0) source += '|';
    else source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${anyDepth ? '(?:.*/)?' : ''}${source}(?:/.*)?$`);
}

/**
 * Returns a predicate over absolute file paths.
 * @param skipNodeModules false: node_modules is not excluded by default (see createLibraryFilter)
 */
export function createFileFilter(selection: FileSelection, skipNodeModules = true): (filename: string) => boolean {
  const root = path.resolve(selection.root);
  const compile = (globs: string[]) => globs.map((g) => ({ absolute: path.isAbsolute(g), re: globToRegExp(toPosix(g.replace(/^\.\//, ''))) }));
  const include = compile(selection.include.length > 0 ? selection.include : ['**']);
  const namesNodeModules = selection.include.some((g) => g.includes('node_modules'));
  const exclude = compile([...selection.exclude, ...(namesNodeModules || !skipNodeModules ? [] : ['**/node_modules/**']), '.scope/**']);
  const never = (selection.never ?? []).map((folder) => path.resolve(folder) + path.sep);
  const matches = (globs: typeof include, absolute: string, relative: string | undefined) =>
    globs.some((g) => (g.absolute ? g.re.test(toPosix(absolute)) : relative !== undefined && g.re.test(relative)));

  return (filename) => {
    if (!SCRIPT_EXTENSIONS.has(path.extname(filename).toLowerCase()) || filename.endsWith('.d.ts')) return false;
    if (never.some((folder) => filename.startsWith(folder))) return false;
    const rel = path.relative(root, filename);
    const relative = rel.startsWith('..') || path.isAbsolute(rel) ? undefined : toPosix(rel);
    return matches(include, filename, relative) && !matches(exclude, filename, relative);
  };
}

/**
 * The files a library treatment applies to (see env.ts LibraryTreatment): script files that are not
 * recorded — the root's files outside the include globs, and the packages the program can load from
 * a node_modules of the root or of a folder above it (a workspace's hoisted dependencies) — and
 * that neither an exclude glob the user gave, Scope's own folders nor `.scope` rule out. Tools'
 * own packages elsewhere (a global npm, npx's cache) are left alone: their objects are not the
 * program's.
 */
export function createLibraryFilter(selection: FileSelection): (filename: string) => boolean {
  const recorded = createFileFilter(selection);
  const root = path.resolve(selection.root) + path.sep;
  // Every file (an absolute glob: a hoisted node_modules lies outside the root), less the excludes.
  const notExcluded = createFileFilter({ ...selection, include: [`${path.parse(root).root}**`] }, false);
  const packages = `${path.sep}node_modules${path.sep}`;
  const loadableFromRoot = (filename: string) => {
    const at = filename.indexOf(packages);
    return at >= 0 && root.startsWith(filename.slice(0, at + 1));
  };
  return (filename) => (filename.startsWith(root) || loadableFromRoot(filename)) && !recorded(filename) && notExcluded(filename);
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
