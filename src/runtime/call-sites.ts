/**
 * Call sites as a program's own `Error.prepareStackTrace` sees them. V8 gives that function the
 * positions of the code it runs, which for an instrumented file is Scope's output: the probes move
 * columns. Node's own formatter maps them back through the output's inline source map, but a
 * program that formats stacks itself does not: Jest (its source-map-support maps positions
 * through babel's map, so a failure pointed at `fail.test.js:4:109` instead of `4:102` and lost
 * the frame's name `toBe`), Vitest, `callsites`, depd and the like.
 *
 * So while the program has installed a function, Node's call of it gets the call sites translated
 * into positions of the code as it was before instrumentation, and without Scope's own frames. The
 * program reading `Error.prepareStackTrace` still gets the very function it set: the property is
 * an accessor whose getter tells Node's call (from `node:internal/…`) apart from the program's read.
 */
import { SourceMap } from 'node:module';
import { standIn } from './source-text';

/** Where a file's instrumented code came from: its output's source map, undefined when it has none. */
export type OutputMapOf = (file: string) => unknown;

type PrepareStackTrace = (error: unknown, trace: NodeJS.CallSite[]) => unknown;
interface ErrorConstructorLike {
  prepareStackTrace?: unknown;
  stackTraceLimit?: number;
}

const { defineProperty, getOwnPropertyDescriptor } = Object;
const { apply } = Reflect;
const captureStackTrace = Error.captureStackTrace;
const isArray = Array.isArray;
/** The main realm's Error: formatting the probe's own trace goes through its `prepareStackTrace`. */
const MainError = Error as ErrorConstructorLike;

/** The first frame of a V8-formatted trace, in Node's own code. */
const NODE_INTERNAL_FRAME = /^[^\n]*\n {4}at (?:[^\n]*\()?node:internal\//;

/** Set while `calledByNode` takes its one-frame trace: the getter then hands out `returnTrace`. */
let probing = false;
const returnTrace: PrepareStackTrace = (_error, trace) => trace;

export class CallSiteTranslator {
  private readonly maps = new Map<string, SourceMap | null>();
  private readonly wrappers = new WeakMap<PrepareStackTrace, PrepareStackTrace>();

  /**
   * @param outputMapOf the source map of an instrumented file's output
   * @param scopeDir Scope's own files: their frames are dropped
   * @param javaScriptAsV8 the program's own run prints JavaScript frames as V8 does (Node's source
   *   maps were off before Scope turned them on): Node's formatter then gets those frames as V8's
   *   text at their positions before instrumentation, not in its source-mapped form
   *   (`at <anonymous> (file:1:2)` for V8's `at file:1:2`, `Function.st` for `Foo.st`, no
   *   `[as name]`). TypeScript's frames keep Node's form: tsx runs with source maps on.
   */
  constructor(private readonly outputMapOf: OutputMapOf, private readonly scopeDir: string, private readonly javaScriptAsV8 = false) {}

  /**
   * Makes `ErrorCtor.prepareStackTrace` (the main realm's, or a vm context's) an accessor: the
   * program reads and writes it as before; Node, calling a function the program set, gets the
   * translating wrapper. A formatter present now is Node's own: it gets the trace without Scope's
   * frames and with V8's own call sites (Node maps them through the output's source map; a program
   * function that hands translated sites on to the formatter it found must not get them mapped
   * twice). Returns what stands for Node's formatter, if there is one.
   */
  install(ErrorCtor: ErrorConstructorLike): PrepareStackTrace | undefined {
    const before = getOwnPropertyDescriptor(ErrorCtor, 'prepareStackTrace');
    if (before !== undefined && !before.configurable) return undefined;
    const format = before !== undefined && 'value' in before ? before.value : undefined;
    const own = typeof format === 'function' ? this.nodeFormatter(format as PrepareStackTrace, ErrorCtor) : format;
    let current: unknown = own;
    const translator = this;
    const get = function prepareStackTraceGetter(): unknown {
      if (probing) return returnTrace;
      if (typeof current !== 'function' || current === own || !calledByNode(get)) return current;
      return translator.wrapperOf(current as PrepareStackTrace);
    };
    defineProperty(ErrorCtor, 'prepareStackTrace', {
      configurable: true,
      enumerable: before?.enumerable ?? false,
      get,
      set(value: unknown) {
        current = value;
      },
    });
    return typeof own === 'function' ? own : undefined;
  }

  /** Node's formatter, given V8's call sites without Scope's frames. */
  private nodeFormatter(format: PrepareStackTrace, ErrorCtor: ErrorConstructorLike): PrepareStackTrace {
    const translator = this;
    // Only Node's own formatter is given frames as text (a preloaded formatter, source-map-support's
    // say, reads every call site method).
    const asV8Text = this.javaScriptAsV8 && format.name === 'ErrorPrepareStackTrace';
    // A function, as Node's is (it has a prototype), reading as Node's (see standIn).
    return standIn(function (error: unknown, trace: NodeJS.CallSite[]) {
      const kept: NodeJS.CallSite[] = [];
      for (const site of trace) {
        const original = site instanceof TranslatedCallSite ? site.original : site;
        if (translator.isScopeFrame(original.getFileName())) continue;
        kept[kept.length] = (asV8Text && translator.asV8Text(original)) || original;
      }
      return apply(format, ErrorCtor, [error, kept]);
    }, format);
  }

  private wrapperOf(prepare: PrepareStackTrace): PrepareStackTrace {
    let wrapper = this.wrappers.get(prepare);
    if (wrapper === undefined) {
      const translator = this;
      wrapper = function (this: unknown, error: unknown, trace: NodeJS.CallSite[]) {
        return apply(prepare, this, [error, isArray(trace) ? translator.translate(trace) : trace]);
      };
      this.wrappers.set(prepare, wrapper);
    }
    return wrapper;
  }

  /** The trace without Scope's frames, each instrumented file's positions as before instrumentation. */
  translate(trace: NodeJS.CallSite[]): NodeJS.CallSite[] {
    const kept: NodeJS.CallSite[] = [];
    for (const site of trace) {
      const file = site.getFileName();
      if (this.isScopeFrame(file)) continue;
      const map = typeof file === 'string' ? this.mapOf(file) : null;
      kept[kept.length] = map === null ? site : new TranslatedCallSite(site, map);
    }
    return kept;
  }

  /**
   * A frame of an instrumented JavaScript file as Node's formatter must print it when the program's
   * own run has no source maps (see `javaScriptAsV8`); undefined for any other frame.
   */
  private asV8Text(site: NodeJS.CallSite): NodeJS.CallSite | undefined {
    if (site.isEval()) return undefined;
    const file = site.getFileName();
    if (typeof file !== 'string' || !JAVASCRIPT_FILE.test(file)) return undefined;
    const map = this.mapOf(file);
    // Node's formatter reads only getFileName, getEvalOrigin and the text of what it is given.
    return map === null ? undefined : new V8TextCallSite(new TranslatedCallSite(site, map)) as unknown as NodeJS.CallSite;
  }

  private isScopeFrame(file: string | null): boolean {
    return typeof file === 'string' && file.startsWith(this.scopeDir);
  }

  private mapOf(file: string): SourceMap | null {
    let map = this.maps.get(file);
    if (map === undefined) {
      let payload: unknown;
      try {
        payload = this.outputMapOf(file);
      } catch {
        payload = undefined;
      }
      map = payload ? new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]) : null;
      this.maps.set(file, map);
    }
    return map;
  }
}

/**
 * Whether the getter `get` was called by Node's stack formatting (its caller is in
 * `node:internal/…`) rather than by the program. Takes a one-frame trace of the caller. Outside
 * a stack formatting, formatting it reads the main realm's accessor, which answers `returnTrace`
 * meanwhile: call sites. Inside one (Node's call), V8 formats it by itself, without a callback:
 * text, `Error\n    at caller (file:line:column)`.
 */
function calledByNode(get: () => unknown): boolean {
  const limit = MainError.stackTraceLimit;
  probing = true;
  try {
    setStackTraceLimit(1);
    const holder: { stack?: unknown } = {};
    captureStackTrace(holder, get);
    const trace = holder.stack;
    if (typeof trace === 'string') return NODE_INTERNAL_FRAME.test(trace);
    if (!isArray(trace) || trace.length === 0) return false;
    const file = (trace[0] as NodeJS.CallSite).getFileName();
    return typeof file === 'string' && file.startsWith('node:internal/');
  } catch {
    return false;
  } finally {
    setStackTraceLimit(limit);
    probing = false;
  }
}

/** The program may have made the limit read-only: the trace is then as long as it says. */
function setStackTraceLimit(limit: number | undefined): void {
  try {
    MainError.stackTraceLimit = limit;
  } catch {
    // Read-only: left as the program set it.
  }
}

/**
 * A call site whose line and column are those of the code before instrumentation. V8's CallSite
 * methods accept only V8's own objects as receivers, so every method forwards to the original.
 */
class TranslatedCallSite {
  private readonly line: number | null;
  private readonly column: number | null;

  constructor(readonly original: NodeJS.CallSite, private readonly map: SourceMap) {
    [this.line, this.column] = originalPosition(map, original.getLineNumber(), original.getColumnNumber());
  }

  getLineNumber(): number | null { return this.line; }
  getColumnNumber(): number | null { return this.column; }
  getEnclosingLineNumber(): number | null { return this.enclosingPosition()[0]; }
  getEnclosingColumnNumber(): number | null { return this.enclosingPosition()[1]; }
  getThis(): unknown { return this.original.getThis(); }
  getTypeName(): string | null { return this.original.getTypeName(); }
  getFunction(): Function | undefined { return this.original.getFunction(); }
  getFunctionName(): string | null { return this.original.getFunctionName(); }
  getMethodName(): string | null { return this.original.getMethodName(); }
  getFileName(): string | null { return this.original.getFileName(); }
  getEvalOrigin(): string | undefined { return this.original.getEvalOrigin(); }
  getScriptNameOrSourceURL(): string | null { return this.original.getScriptNameOrSourceURL(); }
  getScriptHash(): string { return this.original.getScriptHash(); }
  getPosition(): number { return this.original.getPosition(); }
  getPromiseIndex(): number | null { return this.original.getPromiseIndex(); }
  isToplevel(): boolean { return this.original.isToplevel(); }
  isEval(): boolean { return this.original.isEval(); }
  isNative(): boolean { return this.original.isNative(); }
  isConstructor(): boolean { return this.original.isConstructor(); }
  isAsync(): boolean { return this.original.isAsync(); }
  isPromiseAll(): boolean { return this.original.isPromiseAll(); }

  /** Where the function running at this site starts, before instrumentation (read rarely: not kept). */
  private enclosingPosition(): [number | null, number | null] {
    return originalPosition(this.map, this.original.getEnclosingLineNumber(), this.original.getEnclosingColumnNumber());
  }

  /** V8's text (`fn (file:line:column)`), its position replaced. */
  toString(): string {
    const text = this.original.toString();
    const generated = `:${this.original.getLineNumber()}:${this.original.getColumnNumber()}`;
    const at = text.lastIndexOf(generated);
    if (at < 0 || this.line === null) return text;
    return `${text.slice(0, at)}:${this.line}:${this.column}${text.slice(at + generated.length)}`;
  }
}

/** A JavaScript file (`file:` URLs too): not TypeScript, whose plain run (tsx) has source maps on. */
const JAVASCRIPT_FILE = /\.[cm]?jsx?$/;

/**
 * What Node's source-map formatter prints as is: V8's text of the frame, at its position before
 * instrumentation. It names no file, so the formatter finds no source map for it and uses its text.
 */
class V8TextCallSite {
  constructor(private readonly site: TranslatedCallSite) {}
  getFileName(): undefined { return undefined; }
  getEvalOrigin(): undefined { return undefined; }
  toString(): string { return this.site.toString(); }
}

/** 1-based line and column before instrumentation; the given ones when the map has no entry. */
function originalPosition(map: SourceMap, line: number | null, column: number | null): [number | null, number | null] {
  if (line === null || column === null) return [line, column];
  const entry = map.findEntry(line - 1, column - 1) as { originalLine?: number; originalColumn?: number; generatedLine?: number; generatedColumn?: number };
  if (entry.originalLine === undefined || entry.originalColumn === undefined || entry.generatedLine !== line - 1) return [line, column];
  // The nearest mapping at or before the position: the text from there on is unchanged.
  return [entry.originalLine + 1, entry.originalColumn + (column - 1 - entry.generatedColumn!) + 1];
}
