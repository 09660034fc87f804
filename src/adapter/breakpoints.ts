/**
 * Breakpoints across time. Each kind answers one question: "where is your nearest hit strictly
 * after (or before) this instant?". Continue takes the nearest answer of all of them forwards,
 * Reverse Continue backwards. Nothing is re-run: hits are looked up in the recording's indexes.
 *
 * - line: statement sites on the line (verified and moved to the nearest line with statements);
 *   `condition` is evaluated on recorded values at the hit, `hitCondition` counts hits from the
 *   start of the recording; a logpoint never stops, it prints (see `logpointOutput`).
 * - function: the function's entry (the first statement in its body).
 * - data: a write of a binding or property; the session stops just after the write, so Variables
 *   show the new value.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Kind } from '../protocol/wire';
import type { EventStore } from '../store/event-store';
import type { ScopeQueryEngine } from '../query/engine';
import type { Direction, WriteEntry, WriteTarget } from '../query/types';
import { primitiveOf } from '../query/evaluate';
import { evaluateAt, valueText } from './recorded-state';

export interface LineBreakpoint {
  id: number;
  file: string;
  /** The line the user set it on; `line` is where it was moved to (the nearest line with a statement). */
  requestedLine: number;
  line: number;
  /** Empty while unverified: the file has not been recorded yet (it may load later in the run). */
  sites: number[];
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
  /** Logpoints: hits before this instant have been printed. */
  printedUpTo: number;
}

export interface FunctionBreakpoint {
  id: number;
  name: string;
  sites: number[];
  condition?: string;
}

export interface DataBreakpoint {
  id: number;
  target: WriteTarget;
  description: string;
}

export type StopCause =
  | { kind: 'breakpoint'; ids: number[] }
  | { kind: 'function breakpoint'; ids: number[] }
  | { kind: 'data breakpoint'; ids: number[]; description: string };

export interface FoundStop {
  instant: number;
  cause: StopCause;
}

/** A hit condition: `5` (the 5th hit), `>= 3`, `< 10`, `== 2`, `% 4` (every 4th). */
export function parseHitCondition(text: string): ((count: number) => boolean) | undefined {
  const m = /^\s*(>=|<=|==|>|<|%|=)?\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>=': return (c) => c >= n;
    case '<=': return (c) => c <= n;
    case '>': return (c) => c > n;
    case '<': return (c) => c < n;
    case '%': return (c) => n > 0 && c % n === 0;
    default: return (c) => c === n;
  }
}

/** Splits a logpoint message into text and `{expression}` parts. */
export function interpolate(message: string, evaluate: (expression: string) => string): string {
  return message.replace(/\{([^{}]+)\}/g, (_, expression: string) => evaluate(expression));
}

export class Breakpoints {
  private nextId = 1;
  private readonly lines = new Map<string, LineBreakpoint[]>();
  private functions: FunctionBreakpoint[] = [];
  private data: DataBreakpoint[] = [];
  /** Conditions that failed to evaluate are reported once per breakpoint, not at every hit. */
  private readonly reportedConditionErrors = new Set<number>();
  private sitesSeen = 0;
  /** Bumped whenever the set of breakpoints or where they resolve changes (a waiting search restarts). */
  generation = 0;

  constructor(
    private readonly engine: ScopeQueryEngine,
    private readonly store: EventStore,
    private readonly warn: (message: string) => void,
  ) {}

  // --- setting -----------------------------------------------------------------------------------

  setLineBreakpoints(file: string, requested: DebugProtocol.SourceBreakpoint[]): { breakpoints: DebugProtocol.Breakpoint[]; newLogpoints: LineBreakpoint[] } {
    const previous = this.lines.get(file) ?? [];
    const list: LineBreakpoint[] = [];
    const newLogpoints: LineBreakpoint[] = [];
    for (const bp of requested) {
      // VS Code sends every breakpoint of the file each time: keep a logpoint's printed range
      // when it is the same logpoint as before, so its hits are not printed twice.
      const same = previous.find((p) => p.requestedLine === bp.line && p.logMessage === (bp.logMessage || undefined) && p.condition === (bp.condition || undefined) && p.hitCondition === (bp.hitCondition || undefined));
      const entry: LineBreakpoint = {
        id: same?.id ?? this.nextId++,
        file,
        requestedLine: bp.line,
        line: bp.line,
        sites: [],
        condition: bp.condition || undefined,
        hitCondition: bp.hitCondition || undefined,
        logMessage: bp.logMessage || undefined,
        printedUpTo: same?.printedUpTo ?? 0,
      };
      this.resolve(entry);
      if (entry.logMessage && !same) newLogpoints.push(entry);
      list.push(entry);
    }
    this.lines.set(file, list);
    this.generation++;
    return { breakpoints: list.map((b) => this.describe(b)), newLogpoints };
  }

  private resolve(bp: LineBreakpoint): boolean {
    const resolved = this.engine.resolveLine(bp.file, bp.requestedLine);
    if (!resolved) return false;
    bp.line = resolved.line;
    bp.sites = resolved.sites;
    return true;
  }

  private describe(bp: LineBreakpoint): DebugProtocol.Breakpoint {
    if (!bp.sites.length) {
      return { id: bp.id, verified: false, line: bp.requestedLine, message: 'No statement on or after this line is in the recording (yet): the file was not loaded, is excluded, or the line has no code.', reason: 'pending' } as DebugProtocol.Breakpoint;
    }
    const result: DebugProtocol.Breakpoint = { id: bp.id, verified: true, line: bp.line, source: { path: bp.file } };
    if (bp.hitCondition && !parseHitCondition(bp.hitCondition)) {
      result.message = `The hit condition "${bp.hitCondition}" is not understood; use a number (the Nth hit) or >= N, > N, < N, <= N, == N, % N.`;
    }
    return result;
  }

  /**
   * Verifies breakpoints whose file was not recorded when they were set (the program loads files
   * as it runs). Returns the breakpoints that changed, to send as `breakpoint` events.
   */
  refresh(): DebugProtocol.Breakpoint[] {
    if (this.store.sites.length === this.sitesSeen) return [];
    this.sitesSeen = this.store.sites.length;
    const changed: DebugProtocol.Breakpoint[] = [];
    for (const list of this.lines.values()) {
      for (const bp of list) if (!bp.sites.length && this.resolve(bp)) changed.push(this.describe(bp));
    }
    for (const bp of this.functions) {
      if (bp.sites.length) continue;
      bp.sites = this.functionSites(bp.name);
      if (bp.sites.length) changed.push(this.describeFunction(bp));
    }
    if (changed.length) this.generation++;
    return changed;
  }

  private functionSites(name: string): number[] {
    return this.store.sites.flatMap((s, id) => (s.kind === 'function' && s.name === name ? [id] : []));
  }

  private describeFunction(bp: FunctionBreakpoint): DebugProtocol.Breakpoint {
    if (!bp.sites.length) return { id: bp.id, verified: false, message: `No function named ${bp.name} is in the recording (yet).` };
    const at = this.store.sites[bp.sites[0]];
    return { id: bp.id, verified: true, line: at.line, source: { path: at.file } };
  }

  setFunctionBreakpoints(requested: DebugProtocol.FunctionBreakpoint[]): DebugProtocol.Breakpoint[] {
    this.functions = requested.map((bp) => ({ id: this.nextId++, name: bp.name, sites: this.functionSites(bp.name), condition: bp.condition || undefined }));
    this.generation++;
    return this.functions.map((bp) => this.describeFunction(bp));
  }

  setDataBreakpoints(requested: { target: WriteTarget; description: string }[]): DebugProtocol.Breakpoint[] {
    this.data = requested.map((r) => ({ id: this.nextId++, target: r.target, description: r.description }));
    this.generation++;
    return this.data.map((d) => ({ id: d.id, verified: true, message: d.description }));
  }

  hasLogpoints(): boolean {
    for (const list of this.lines.values()) if (list.some((b) => b.logMessage)) return true;
    return false;
  }

  // --- finding stops -----------------------------------------------------------------------------

  private conditionHolds(bp: { id: number; condition?: string }, instant: number): boolean {
    if (!bp.condition) return true;
    const r = evaluateAt(this.engine, { instant, frameIndex: 0 }, bp.condition);
    if (!r.ok) {
      if (!this.reportedConditionErrors.has(bp.id)) {
        this.reportedConditionErrors.add(bp.id);
        this.warn(`Breakpoint condition "${bp.condition}" could not be evaluated at instant ${instant}: ${r.reason}. Hits where it cannot be evaluated do not stop.`);
      }
      return false;
    }
    const v = r.value;
    if (v.kind === 'object') return true;
    if (v.kind === 'special') return false;
    return v.type === 'string' ? v.text !== '""' : !['false', '0', '-0', 'NaN', 'null', 'undefined', '0n'].includes(v.text);
  }

  private nextLineHit(bp: LineBreakpoint, from: number, direction: Direction): number | undefined {
    const hit = parseHitCondition(bp.hitCondition ?? '');
    if (!bp.hitCondition || !hit) {
      return this.engine.nextHit({ sites: bp.sites }, from, direction, (i) => this.conditionHolds(bp, i));
    }
    // Hit counts run from the start of the recording, counting hits whose condition holds.
    const all = this.engine.hitsIn({ sites: bp.sites }, 0, this.store.count);
    let count = 0;
    let best: number | undefined;
    for (const i of all) {
      if (direction === 'forward' ? false : i >= from) break;
      if (!this.conditionHolds(bp, i)) continue;
      count++;
      if (!hit(count)) continue;
      if (direction === 'forward' && i > from) return i;
      if (direction === 'backward') best = i;
    }
    return best;
  }

  /** The first instant at or after `instant` where the session can stop. */
  private stopAtOrAfter(instant: number): number | undefined {
    for (let i = instant; i < this.store.count; i++) if (this.engine.isStopInstant(i)) return i;
    return undefined;
  }

  /**
   * Where a function breakpoint stops for the call at `call`: the first statement of its body, or
   * just after the entry when the body has no statement of its own (an expression-bodied arrow).
   * Undefined while that part of the recording has not arrived.
   */
  private functionStop(call: number): number | undefined {
    const stop = this.stopAtOrAfter(call + 1);
    if (stop === undefined) return undefined;
    const stack = this.engine.stackAt(stop);
    const top = stack.ok ? stack.frames[0] : undefined;
    const inCall = top !== undefined && top.thread === this.store.threadOf[call] && top.frame === this.store.frameOf[call];
    return inCall ? stop : call + 1;
  }

  private nextFunctionHit(bp: FunctionBreakpoint, from: number, direction: Direction): number | undefined {
    // A call whose stop is not past `from` is skipped.
    const isEntry = (i: number) => this.store.kinds[i] === Kind.CallEnter;
    let cursor = from;
    for (let guard = 0; guard < 1_000_000; guard++) {
      const call = this.engine.nextHit({ sites: bp.sites }, cursor, direction, isEntry);
      if (call === undefined) return undefined;
      const stop = this.functionStop(call);
      if (stop !== undefined && (direction === 'forward' ? stop > from : stop < from) && this.conditionHolds(bp, stop)) return stop;
      cursor = call;
    }
    return undefined;
  }

  /**
   * The nearest write strictly after/before `from`, with the value before and after it. Only
   * `lastWrite` lookups (indexed) are used, never the whole history: a hot variable may have
   * millions of writes. Forwards, the first write at or after `from` is found by bisecting on
   * "the last write before X is at or after `from`", which only grows with X.
   */
  private nextWrite(bp: DataBreakpoint, from: number, direction: Direction): { instant: number; change: string } | undefined {
    const writeBefore = (x: number) => {
      const r = this.engine.lastWrite(bp.target, x);
      return r.ok ? r.write : undefined;
    };
    let write: WriteEntry | undefined;
    if (direction === 'backward') {
      write = writeBefore(from - 1); // w + 1 < from
    } else {
      const reached = (x: number) => (writeBefore(x)?.instant ?? -Infinity) >= from; // w + 1 > from
      let hi = this.store.count;
      if (!reached(hi)) return undefined;
      let lo = Math.max(0, from + 1);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (reached(mid)) hi = mid;
        else lo = mid + 1;
      }
      write = writeBefore(lo);
    }
    if (!write) return undefined;
    const previous = writeBefore(write.instant);
    // Stop just after the write (w + 1), so the new value shows.
    return {
      instant: Math.min(write.instant + 1, this.store.count - 1),
      change: `${bp.description}: ${previous ? valueText(previous.value) : 'not set'} → ${valueText(write.value)}`,
    };
  }

  /**
   * The nearest stop of any breakpoint strictly after/before `from`. `linesFrom` (forward only,
   * ≥ from) says line hits up to it were already found not to stop (a search that waits for the
   * recording to grow): their conditions are not evaluated again.
   */
  nextStop(from: number, direction: Direction, linesFrom = from): FoundStop | undefined {
    const found: FoundStop[] = [];
    for (const list of this.lines.values()) {
      for (const bp of list) {
        if (bp.logMessage) continue;
        const i = this.nextLineHit(bp, direction === 'forward' && !bp.hitCondition ? Math.max(from, linesFrom) : from, direction);
        if (i !== undefined) found.push({ instant: i, cause: { kind: 'breakpoint', ids: [bp.id] } });
      }
    }
    for (const bp of this.functions) {
      const i = this.nextFunctionHit(bp, from, direction);
      if (i !== undefined) found.push({ instant: i, cause: { kind: 'function breakpoint', ids: [bp.id] } });
    }
    for (const bp of this.data) {
      const w = this.nextWrite(bp, from, direction);
      if (w !== undefined) found.push({ instant: w.instant, cause: { kind: 'data breakpoint', ids: [bp.id], description: w.change } });
    }
    if (!found.length) return undefined;
    const best = found.reduce((a, b) => (direction === 'forward' ? (b.instant < a.instant ? b : a) : (b.instant > a.instant ? b : a)));
    // Several breakpoints at the same instant: report them all.
    const ids = found.filter((f) => f.instant === best.instant && f.cause.kind === best.cause.kind).flatMap((f) => f.cause.ids);
    return { instant: best.instant, cause: { ...best.cause, ids } };
  }

  /**
   * Logpoint messages for every hit not printed yet, up to `to`, in instant order. Called when a
   * logpoint is set (its hits across the whole recording so far) and as the recording grows.
   */
  logpointOutput(to: number, only?: LineBreakpoint[]): { instant: number; text: string; bp: LineBreakpoint }[] {
    const out: { instant: number; text: string; bp: LineBreakpoint }[] = [];
    const logpoints = only ?? [...this.lines.values()].flat().filter((b) => b.logMessage);
    for (const bp of logpoints) {
      if (bp.printedUpTo >= to || !bp.sites.length) continue;
      const hit = parseHitCondition(bp.hitCondition ?? '');
      let count = 0;
      if (hit) count = this.engine.hitsIn({ sites: bp.sites }, 0, bp.printedUpTo).filter((i) => this.conditionHolds(bp, i)).length;
      for (const i of this.engine.hitsIn({ sites: bp.sites }, bp.printedUpTo, to)) {
        if (!this.conditionHolds(bp, i)) continue;
        count++;
        if (hit && !hit(count)) continue;
        const text = interpolate(bp.logMessage!, (expression) => {
          const r = evaluateAt(this.engine, { instant: i, frameIndex: 0 }, expression);
          if (!r.ok) return `<${r.reason}>`;
          // Strings print as text, like console.log does; everything else as shown in Variables.
          return r.value.kind === 'primitive' && r.value.type === 'string' ? String(primitiveOf(r.value)) : valueText(r.value);
        });
        out.push({ instant: i, text, bp });
      }
      bp.printedUpTo = to;
    }
    return out.sort((a, b) => a.instant - b.instant);
  }
}
