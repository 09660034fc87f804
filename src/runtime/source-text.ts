/**
 * `Function.prototype.toString` of instrumented functions returns their ORIGINAL source text, as
 * the program wrote it (programs read it: dependency injection by parameter names, serialising
 * functions to workers, printing them).
 *
 * V8 returns the slice of the script it compiled, i.e. the instrumented text. That text is found
 * in the instrumented code of the file it came from, its start is mapped back through the source
 * map to the original, and the original slice runs to the end of the function's site (or, for a
 * class, to the original position of its closing brace). Anything not found is returned as V8
 * gave it. TypeScript is not mapped back: its plain run (tsx) shows transpiled text too.
 */
import { readFileSync } from 'node:fs';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Site } from '../protocol/sites';
import { originalText as withoutProbes } from '../instrument/templates';
import { lastAtOrBefore } from '../protocol/sorted';

/** What ran for a file: the instrumented code and its source map (none for a library's writes-only code). */
export interface InstrumentedFile {
  code: string;
  map: unknown;
}

export interface SourceTextRegistry {
  /** Files registered so far (their site tables), most recent last. */
  files(): Iterable<string>;
  instrumented(file: string): InstrumentedFile | undefined;
  /** The file's sites, when at positions of the code the instrumenter was given (not moved by an input map). */
  sites(file: string): Site[] | undefined;
}

/**
 * Text the instrumenter adds: a probe call, or a marked piece (a library's arrow with an
 * expression body gets braces and `return (…)`, marked, with no probe in it when it writes nothing).
 */
const PROBE_MARK = '$$s';
const MARKED_PIECE = '/*$[';

/** Functions Scope put in place of Node's own (see `standIn`), and the function each stands for. */
const standIns = new WeakMap<object, Function>();

/**
 * Makes `replacement` read as `original` does: its name, length and source text (a subclass of
 * `Worker`, the `_compile` hook). Without it a program printing `Worker.name` or
 * `String(Worker)` would see Scope's class (and, bundled, a name esbuild gave it: `Worker2`).
 */
export function standIn<T extends Function>(replacement: T, original: Function): T {
  standIns.set(replacement, original);
  Object.defineProperty(replacement, 'name', { value: original.name, configurable: true });
  Object.defineProperty(replacement, 'length', { value: original.length, configurable: true });
  return replacement;
}
const JAVASCRIPT = /\.[cm]?jsx?$/;

/**
 * Installs the replacement on this realm's `Function.prototype`; returns the installer for other
 * realms (a vm context's functions have a `Function.prototype` of their own: Jest's test files).
 */
export function installOriginalSourceText(registry: SourceTextRegistry): (functionPrototype: object) => void {
  const nativeToString = Function.prototype.toString;
  const cache = new Map<string, { trace: TraceMap; lineStarts: number[]; original: string; originalLineStarts: number[] }>();

  const replacement = {
    toString(this: unknown): string {
      if (this === replacement.toString) return Reflect.apply(nativeToString, nativeToString, []) as string;
      const standsFor = standIns.get(this as object);
      if (standsFor !== undefined) return Reflect.apply(nativeToString, standsFor, []) as string;
      const text = Reflect.apply(nativeToString, this, []) as string;
      if (!text.includes(PROBE_MARK) && !text.includes(MARKED_PIECE)) return text;
      try {
        return originalText(text) ?? text;
      } catch {
        return text;
      }
    },
  };

  function originalText(text: string): string | undefined {
    for (const file of [...registry.files()].reverse()) {
      if (!JAVASCRIPT.test(file)) continue;
      const instrumented = registry.instrumented(file);
      const at = instrumented?.code.indexOf(text) ?? -1;
      if (!instrumented || at < 0) continue;
      // No map: a library's writes-only JavaScript, whose text is the original with marked probes.
      if (!instrumented.map) return withoutProbes(text);
      let entry = cache.get(file);
      if (!entry) {
        // The text the instrumenter was given (its map's source): the file itself, unless the
        // file reached Scope already transformed (babel-jest's output, which a plain run shows).
        const given = (instrumented.map as { sourcesContent?: unknown[] }).sourcesContent?.[0];
        const original = typeof given === 'string' ? given : readFileSync(file, 'utf8');
        entry = { trace: new TraceMap(instrumented.map as never), lineStarts: lineStarts(instrumented.code), original, originalLineStarts: lineStarts(original) };
        cache.set(file, entry);
      }
      const start = toOriginal(entry.trace, entry.lineStarts, at);
      if (!start) return undefined;
      const site = registry.sites(file)?.find((s) => s.kind === 'function' && s.line === start.line && s.column === start.column + 1);
      const end = site ? { line: site.endLine, column: site.endColumn - 1 } : toOriginal(entry.trace, entry.lineStarts, at + text.length - 1);
      if (!end) return undefined;
      const from = entry.originalLineStarts[start.line - 1] + start.column;
      const to = entry.originalLineStarts[end.line - 1] + end.column + (site ? 0 : 1);
      return to > from ? entry.original.slice(from, to) : undefined;
    }
    return undefined;
  }

  const install = (functionPrototype: object) => {
    Object.defineProperty(functionPrototype, 'toString', { value: replacement.toString, writable: true, enumerable: false, configurable: true });
  };
  install(Function.prototype);
  return install;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Original position (line 1-based, column 0-based) of a generated offset. */
function toOriginal(trace: TraceMap, starts: number[], offset: number): { line: number; column: number } | undefined {
  const lo = lastAtOrBefore(starts, offset);
  const position = originalPositionFor(trace, { line: lo + 1, column: offset - starts[lo] });
  return position.line === null ? undefined : { line: position.line, column: position.column };
}
