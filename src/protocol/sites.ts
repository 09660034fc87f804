/**
 * Site tables: what the instrumenter knows about each probe location, sent once per file.
 * Positions are in the ORIGINAL source: lines 1-based, columns 1-based.
 */

export type SiteKind =
  | 'module' // a module's top level, entered like a function
  | 'function'
  | 'statement'
  | 'binding' // a declared name (var/let/const/param/function/class/catch/import)
  | 'write' // a property write or delete
  | 'call' // a call of a built-in mutator
  | 'await'
  | 'yield'
  | 'throw'
  | 'catch'
  | 'block'; // a loop (or a block in one) whose iterations get block frames (BlockEnter)

export type DeclKind = 'var' | 'let' | 'const' | 'param' | 'function' | 'class' | 'catch' | 'import';

/** What a module exports under a name: a binding site of its own, or a name of another module. */
export type ModuleExport = { site: number } | { from: string; imported: string };

export interface Site {
  kind: SiteKind;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Function name, binding name, property name (write), method name (call). */
  name?: string;
  /** Index (within the same file) of the enclosing function or module site; -1 for a module. */
  fn: number;
  /** Bindings only. */
  decl?: DeclKind;
  /** Bindings only: the range of the scope the binding lives in, [line, column, endLine, endColumn]. */
  scope?: [number, number, number, number];
  /** Functions only: parameter names in order ("" for a destructured or rest parameter). */
  params?: string[];
  /** Import bindings only: the module specifier as written, and the name imported from it ('default', a name, or '*'). */
  from?: string;
  imported?: string;
  /**
   * Module sites only (src/instrument/module-links.ts): ES module exports by name, their binding
   * sites as indexes within the same table; and the specifiers of `export * from`.
   */
  exports?: Record<string, ModuleExport>;
  exportAll?: string[];
  /**
   * Module sites only, written by the runtime as the module loads (src/runtime/module-resolution.ts):
   * the paths the project's tsconfig `paths`/`baseUrl` make of each bare specifier the module
   * imports or re-exports, in the order the loaders try them.
   */
  aliasTargets?: Record<string, string[]>;
  /** Functions only: async / generator. */
  async?: boolean;
  generator?: boolean;
}

export interface SiteTableJson {
  /** Absolute path of the original source file. */
  file: string;
  sites: Site[];

  /**
   * 'calls' when the file was instrumented in calls mode: its variable and property writes are
   * not recorded, so readers must not present a local's or an object's recorded state as current.
   * 'writes' for a library's code, not recorded itself: its sites are the property writes and
   * built-in mutator calls by which it changed objects the recording holds (no functions, no
   * bindings; every site's `fn` is the module, site 0).
   * Absent: full mode (and every recording made before the field existed).
   */
  mode?: 'calls' | 'writes';
  /**
   * The positions are those of the file an input source map points to (code that arrived already
   * transformed, see src/instrument/input-map.ts), not those of the code that was instrumented.
   */
  mapped?: true;
}
