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
import { SourceMap, findSourceMap } from 'node:module';
import { standIn } from './source-text';

/**
 * A file's instrumented output: its source map back to the code before, or none (a library's
 * writes-only code, whose probes are marked comments in lines kept as they were).
 */
export type OutputOf = (file: string) => { code?: string; map?: unknown } | undefined;

/** 1-based line and column in the code before instrumentation, from those in the output. */
type Positions = (line: number | null, column: number | null) => [number | null, number | null];

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
  private readonly positions = new Map<string, Positions | null>();
  private readonly wrappers = new WeakMap<PrepareStackTrace, PrepareStackTrace>();

  /**
   * @param outputOf an instrumented file's output (its source map, or its code when it has none)
   * @param scopeDir Scope's own files: their frames are dropped
   * @param javaScriptAsV8 whether the program's own run prints JavaScript frames as V8 does (Node's
   *   source maps off, as the program set them: asked at each trace): Node's formatter then gets those frames as V8's
   *   text at their positions before instrumentation, not in its source-mapped form
   *   (`at <anonymous> (file:1:2)` for V8's `at file:1:2`, `Function.st` for `Foo.st`, no
   *   `[as name]`). TypeScript's frames keep Node's form: tsx runs with source maps on.
   */
  constructor(private readonly outputOf: OutputOf, private readonly scopeDir: string, private readonly javaScriptAsV8: () => boolean = () => false) {}

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
    const nodeOwn = format.name === 'ErrorPrepareStackTrace';
    // A function, as Node's is (it has a prototype), reading as Node's (see standIn).
    return standIn(function (error: unknown, trace: NodeJS.CallSite[]) {
      const asV8Text = nodeOwn && translator.javaScriptAsV8();
      const kept: NodeJS.CallSite[] = [];
      for (const site of trace) {
        const original = site instanceof TranslatedCallSite ? site.original : site;
        if (translator.isScopeFrame(original.getFileName())) continue;
        kept[kept.length] = translator.forNodeFormatter(original, asV8Text, nodeOwn);
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
      const positions = typeof file === 'string' ? this.positionsOf(file) : null;
      kept[kept.length] = positions === null ? site : new TranslatedCallSite(site, positions);
    }
    return kept;
  }

  /**
   * A frame of a JavaScript file as the formatter found at startup gets it. Node's own formatter
   * is given V8's text (which it prints as it is: it reads only getFileName, getEvalOrigin and the
   * text) where it would otherwise print what the program's own run does not:
   * - an instrumented file whose output has a source map: Node maps V8's call site through it,
   *   which is right only when the program's own run has source maps and the file came with a map
   *   of its own (Node prints a mapped frame in a form of its own: `at <anonymous> (f:1:2)` for
   *   V8's `at f:1:2`); otherwise V8's text at the position before instrumentation;
   * - a library's writes-only code (no map: Node prints V8's text, at the output's columns): V8's
   *   text at the position before; when the program has source maps and Node a map of the file's
   *   own, a call site at the position before, which Node maps through it;
   * - a file Scope left as it is (a library in calls mode, a file outside the selection): Node,
   *   whose source maps Scope turned on, would map it through a map of its own (a package's
   *   `dist/x.js.map` to `src/x.ts`), which a run without source maps never does: V8's text then.
   * A formatter of the program's preloads gets a translated call site for a library's writes-only
   * code, V8's own otherwise.
   */
  private forNodeFormatter(site: NodeJS.CallSite, asV8Text: boolean, nodeOwn: boolean): NodeJS.CallSite {
    const file = site.getFileName();
    if (site.isEval() || typeof file !== 'string' || !JAVASCRIPT_FILE.test(file)) return site;
    const positions = this.positionsOf(file);
    if (positions === null) return asV8Text && findSourceMap(file) !== undefined ? asText(site) : site;
    const unmapped = this.unmapped.has(file);
    // Node maps it through the file's own map: from the position before instrumentation.
    if (unmapped && (!nodeOwn || (!asV8Text && findSourceMap(file) !== undefined))) return new TranslatedCallSite(site, positions) as unknown as NodeJS.CallSite;
    if (!asV8Text && !unmapped && this.ownMaps.has(file)) return site;
    return asText(new TranslatedCallSite(site, positions));
  }

  private isScopeFrame(file: string | null): boolean {
    return typeof file === 'string' && file.startsWith(this.scopeDir);
  }

  /** Files whose positions come from the marked probes in their code (no source map). */
  private readonly unmapped = new Set<string>();
  /** Instrumented files whose code came with a source map of its own (a comment naming it). */
  private readonly ownMaps = new Set<string>();

  private positionsOf(file: string): Positions | null {
    let positions = this.positions.get(file);
    if (positions === undefined) {
      let output: ReturnType<OutputOf>;
      try {
        output = this.outputOf(file);
      } catch {
        output = undefined;
      }
      positions = null;
      if (output?.map) {
        const map = new SourceMap(output.map as ConstructorParameters<typeof SourceMap>[0]);
        positions = (line, column) => originalPosition(map, line, column);
        if (typeof output.code === 'string' && SOURCE_MAP_COMMENT.test(output.code)) this.ownMaps.add(file);
      } else if (typeof output?.code === 'string' && output.code.includes(MARK_OPEN)) {
        positions = markedPositions(output.code);
        this.unmapped.add(file);
      }
      this.positions.set(file, positions);
    }
    return positions;
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

  constructor(readonly original: NodeJS.CallSite, private readonly positions: Positions) {
    [this.line, this.column] = positions(original.getLineNumber(), original.getColumnNumber());
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
    return this.positions(this.original.getEnclosingLineNumber(), this.original.getEnclosingColumnNumber());
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
  constructor(private readonly site: { toString(): string }) {}
  getFileName(): undefined { return undefined; }
  getEvalOrigin(): undefined { return undefined; }
  toString(): string { return this.site.toString(); }
}

/** A `sourceMappingURL` comment (Scope's own is added after the output it is given). */
const SOURCE_MAP_COMMENT = /\/[*/][#@]\s*sourceMappingURL=\S/;

/** How a marked piece of probe text opens and closes (see templates.ts `marked`). */
const MARK_OPEN = '/*$[';
const MARK_CLOSE = '/*$]*/';

/**
 * Positions in code whose probes are all marked pieces on the lines of the original (a library's
 * writes-only output, which has no source map): a column past a piece moves back by what the
 * piece inserted, forward by what it replaced; one inside a piece is where the piece stands.
 * Line starts are found once, each line's pieces when a frame is on it.
 */
function markedPositions(code: string): Positions {
  const lineStarts = [0];
  for (let at = code.indexOf('\n'); at >= 0; at = code.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  return (line, column) => {
    if (line === null || column === null || line < 1 || line > lineStarts.length) return [line, column];
    const start = lineStarts[line - 1];
    const target = start + column - 1;
    let original = 0;
    let at = start;
    for (let open = code.indexOf(MARK_OPEN, at); open >= 0 && open <= target; open = code.indexOf(MARK_OPEN, at)) {
      const replacedEnd = code.indexOf('*/', open + MARK_OPEN.length);
      const close = replacedEnd < 0 ? -1 : code.indexOf(MARK_CLOSE, replacedEnd + 2);
      if (close < 0) break;
      original += open - at;
      if (target < close + MARK_CLOSE.length) return [line, original + 1];
      original += replacedEnd - open - MARK_OPEN.length;
      at = close + MARK_CLOSE.length;
    }
    return [line, original + (target - at) + 1];
  };
}

function asText(site: { toString(): string }): NodeJS.CallSite {
  return new V8TextCallSite(site) as unknown as NodeJS.CallSite;
}

/** 1-based line and column before instrumentation; the given ones when the map has no entry. */
function originalPosition(map: SourceMap, line: number | null, column: number | null): [number | null, number | null] {
  if (line === null || column === null) return [line, column];
  const entry = map.findEntry(line - 1, column - 1) as { originalLine?: number; originalColumn?: number; generatedLine?: number; generatedColumn?: number };
  if (entry.originalLine === undefined || entry.originalColumn === undefined || entry.generatedLine !== line - 1) return [line, column];
  // The nearest mapping at or before the position: the text from there on is unchanged.
  return [entry.originalLine + 1, entry.originalColumn + (column - 1 - entry.generatedColumn!) + 1];
}
