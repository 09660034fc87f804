/**
 * The query engine over an EventStore: the program's state at any instant, histories, hits,
 * stepping, listings and timeline summaries. Everything is computed from the recording (no program
 * code runs); indexes are built once and extended as the store grows (see indexes.ts).
 *
 * "The state at instant N" is the state just before event N takes effect.
 */
import { readFileSync } from 'node:fs';
import { Kind, KIND_NAMES, ObjectType, type WireValue } from '../protocol/wire';
import type { EventRow, LastWriteLink, ShownValue, SourcePosition, SummaryResult } from '../protocol/dap-custom';
import type { EventStore, GlobalSite } from '../store/event-store';
import { ImportLinks, type ImportTarget } from './imports';
import { Indexes } from './indexes';
import { lowerBound } from '../protocol/sorted';
import { hitsInRange, nearestHit, Stepper, type StepKind } from './navigation';
import { keyText, materialize, primitiveShown, seenMark, setMember, ValueShower, typeName } from './objects';
import { jsonValueAt } from './json-value';
import { summarize } from './summary';
import { extractReadNames } from './reads';
import { matchRecordedFile } from './files';
import type {
  BindingInfo, Direction, FrameInfo, HitQuery, ObjectProperty, ObjectState, QueryEngine, Result, ScopeInfo,
  WriteEntry, WriteTarget,
} from './types';

export interface QueryEngineOptions {
  /** Source text of an original file, for "what did this write read" (lastWriteChain). */
  readSource?: (file: string) => string | undefined;
  /**
   * Build the indexes at the first query (or through `indexTo`) instead of in the constructor:
   * for a caller that indexes a big recording in steps, with progress in between.
   */
  indexLater?: boolean;
}

/** A binding resolved in a frame, with its raw recorded value. */
export interface ResolvedBinding {
  name: string;
  decl: string;
  raw: WireValue;
  bindingSite: number;
  thread: number;
  ownerFrame: number;
  /** Instant of the write that gave the value, or of the CallEnter for a parameter; -1 if none. */
  writtenAt: number;
  scope: ScopeInfo['kind'];
  scopeName: string;
  /** Identifies the scope (frame and scope range): bindings with the same key share a scope. */
  scopeKey: string;
}

/** The engine, with the extras the CLI and tests use beyond the adapter's contract. */
export interface ScopeQueryEngine extends QueryEngine {
  /** Every binding visible in a frame, innermost scope first, shadowed names left out. */
  bindingsAt(instant: number, frameIndex: number): Result<{ bindings: ResolvedBinding[] }>;
  /** A recorded value in the `--json` form (see json-value.ts). */
  jsonAt(value: WireValue, instant: number): unknown;
  /** The recorded file a user path names (absolute, relative to cwd, or a suffix), if any. */
  matchFile(path: string, cwd?: string): string | undefined;
  /** The binding site of `name` visible on a line of a recorded file (the innermost scope). */
  bindingSiteAt(file: string, line: number, name: string): number | undefined;
  /**
   * The writes of a target with their raw values (for the `--json` forms), ascending, and how many
   * there are: all of them, or the first and the last `limit / 2`.
   */
  writesOf(target: WriteTarget, limit?: number): { writes: { instant: number; raw: WireValue }[]; total: number };
  /**
   * `ns.key` where `b` is a namespace import (`import * as ns from './m'`): the value of what module
   * `./m` exports as `key` at the instant; undefined when `b` is not one or the export is not known.
   */
  namespaceMember(b: ResolvedBinding, key: string, instant: number): ShownValue | undefined;
  /**
   * The namespace import `b` as shown (`module './m'`) and every export of its module with its value
   * at the instant; undefined as for namespaceMember.
   */
  namespaceOf(b: ResolvedBinding, instant: number): { shown: ShownValue; members: { key: string; value: ShownValue }[] } | undefined;
  /** `lastWrite`, with the write's raw value too (for the `--json` forms). */
  lastWriteRaw(target: WriteTarget, before: number): Result<{ write: WriteEntry; raw: WireValue }>;
  /** Bytes held by the indexes. */
  indexBytes(): number;
  /**
   * Extends the indexes over the events before `limit` (at most the store's count); returns how
   * many events are indexed. Any query indexes every event anyway: this spreads that work out.
   */
  indexTo(limit: number): number;
}

interface FrameView {
  thread: number;
  frame: number;
  fnSite: number;
  callInstant: number;
  /** Instant of the event whose site is the frame's current position, or -1. */
  posInstant: number;
  resumed: boolean;
  depth: number;
}

/** A target's writes, ascending by instant; `valueAt(n)` reads what the n-th wrote. */
interface RawHistory {
  instants: ArrayLike<number>;
  valueAt(n: number): WireValue;
}

const { VarWrite: VAR_WRITE, Statement: STATEMENT } = Kind;
const NO_POSITION: SourcePosition = { file: '', line: 0, column: 0 };
const TDZ_DECLS = new Set(['let', 'const', 'class']);
/** Positions whose scopes `visibleScopes` keeps (a few KB each at most). */
const SCOPE_CACHE_ENTRIES = 4096;
/** A namespace's export that re-exports what the recording cannot follow (a package, `export * as`). */
const NOT_FOLLOWED: ShownValue = { kind: 'special', type: 'notRecorded', text: '<re-exported, not followed>' };
/** Appended to the scope names of code instrumented in calls mode (arguments are the values passed; locals unknown). */
const CALLS_MODE_SCOPE_NOTE = ' (calls mode)';

/** One scope seen from a position: its bindings' sites, in source order. */
interface ScopeGroup {
  /** 'local' for the function's own scope, else the block's range. */
  key: string;
  local: boolean;
  scope: ScopeInfo['kind'];
  scopeName: string;
  sites: number[];
}

function before(aLine: number, aCol: number, bLine: number, bCol: number): boolean {
  return aLine < bLine || (aLine === bLine && aCol < bCol);
}

/**
 * Which of `total` writes a history with `limit` shows: all of them, or the first and the last
 * `limit / 2` (by index).
 */
function shownWrites(total: number, limit: number): number[] {
  const half = Math.floor(limit / 2);
  if (total <= limit) return [...Array(total).keys()];
  return [...Array(half).keys(), ...Array.from({ length: half }, (_, n) => total - half + n)];
}

/** The two ascending lists as one ascending list. */
function mergeAscending(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let n = 0; n < out.length; n++) out[n] = j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++];
  return out;
}

function rangeContains(range: [number, number, number, number] | undefined, line: number, column: number): boolean {
  if (!range) return true;
  return !before(line, column, range[0], range[1]) && before(line, column, range[2], range[3] + 1);
}

export function createQueryEngine(store: EventStore, options: QueryEngineOptions = {}): ScopeQueryEngine {
  return new Engine(store, options);
}

class Engine implements ScopeQueryEngine {
  private readonly idx: Indexes;
  private readonly imports: ImportLinks;
  private readonly shower: ValueShower;
  private readonly stepper: Stepper;
  private readonly sourceCache = new Map<string, string | undefined>();
  private readonly scopeCache = new Map<string, ScopeGroup[]>();
  /** Catch parameter binding site → its catch clause site (-1: none). */
  private readonly catchClauseOf = new Map<number, number>();

  constructor(private readonly store: EventStore, private readonly options: QueryEngineOptions) {
    this.idx = new Indexes(store);
    this.imports = new ImportLinks(store, this.idx);
    this.shower = new ValueShower(store, this.idx);
    this.stepper = new Stepper(store, this.idx);
    if (!options.indexLater) this.idx.sync();
  }

  indexTo(limit: number): number {
    this.idx.sync(limit);
    return this.idx.indexed;
  }

  private sync(): void {
    this.idx.sync();
  }

  eventCount(): number {
    this.sync();
    return this.store.count;
  }

  threads(): { index: number; pid: number; threadId: number; name: string }[] {
    return this.store.threads.map((t) => ({ ...t }));
  }

  threadAt(instant: number): number {
    this.sync();
    const n = this.store.count;
    if (n === 0) return 0;
    return this.store.threadOf[Math.max(0, Math.min(instant, n - 1))];
  }

  indexBytes(): number {
    return this.idx.memoryBytes();
  }

  sitePosition(site: number): SourcePosition | undefined {
    const s = this.store.sites[site];
    return s ? { file: s.file, line: s.line, column: s.column } : undefined;
  }

  show(value: WireValue, instant: number): ShownValue {
    this.sync();
    return this.shower.show(value, instant);
  }

  jsonAt(value: WireValue, instant: number): unknown {
    this.sync();
    return jsonValueAt(this.store, this.idx, value, instant);
  }

  matchFile(path: string, cwd?: string): string | undefined {
    this.sync();
    return matchRecordedFile(this.idx.files, path, cwd);
  }

  bindingSiteAt(file: string, line: number, name: string): number | undefined {
    this.sync();
    let best: number | undefined;
    this.store.sites.forEach((s, id) => {
      if (s.kind !== 'binding' || s.name !== name || s.file !== file) return;
      const r = s.scope;
      if (r && (line < r[0] || line > r[2])) return;
      const bestScope = best === undefined ? undefined : this.store.sites[best].scope;
      // Innermost: the scope that starts last among those containing the line.
      if (best === undefined || (r && (!bestScope || before(bestScope[0], bestScope[1], r[0], r[1])))) best = id;
    });
    return best;
  }

  // --- stack ------------------------------------------------------------------------------------

  private frameViews(instant: number): FrameView[] {
    this.sync();
    const n = this.store.count;
    if (n === 0) return [];
    instant = Math.max(0, Math.min(instant, n));
    const thread = this.threadAt(instant);
    const stack = this.idx.stackBefore(thread, instant);
    // Stopped at a statement: that statement is the top frame's position.
    if (instant < n && this.store.kinds[instant] === Kind.Statement && stack.size) stack.lastPos[stack.size - 1] = instant;
    const frames = this.idx.thread(thread);
    const views: FrameView[] = [];
    for (let k = stack.size - 1; k >= 0; k--) {
      const frame = stack.frames[k];
      views.push({
        thread, frame,
        fnSite: frames.fnSite(frame),
        callInstant: frames.entry(frame),
        posInstant: stack.lastPos[k],
        resumed: stack.resumed[k] === 1,
        depth: k + 1,
      });
    }
    this.appendAsyncParents(views, stack.frames, instant);
    return views;
  }

  /**
   * Below a frame resumed from an await, the async functions waiting for it: its caller, if that
   * is an async function (or generator) still alive and suspended, then that one's caller, and so
   * on. Positions are where each parent was last (its await).
   */
  private appendAsyncParents(views: FrameView[], onStack: number[], instant: number): void {
    const bottom = views[views.length - 1];
    if (!bottom?.resumed) return;
    const frames = this.idx.thread(bottom.thread);
    let below = bottom;
    for (let hops = 0; hops < 1000; hops++) {
      const parent = frames.caller(below.frame);
      const site = this.store.sites[frames.fnSite(parent)];
      const entry = frames.entry(parent);
      const end = frames.end(parent);
      const alive = entry >= 0 && entry < instant && (end < 0 || end >= instant);
      if (parent <= 0 || !site || !(site.async || site.generator) || !alive || onStack.includes(parent)) return;
      below.resumed = true;
      below = { thread: below.thread, frame: parent, fnSite: frames.fnSite(parent), callInstant: entry, posInstant: this.lastPositionOf(below.thread, parent, entry, instant), resumed: false, depth: 0 };
      views.push(below);
    }
  }

  /** The latest event of a frame with a source position, before `instant` (bounded scan). */
  private lastPositionOf(thread: number, frame: number, entry: number, instant: number): number {
    const owner = this.idx.ownerFrame.data;
    const { threadOf, siteOf, kinds } = this.store;
    for (let i = instant - 1; i > entry && i > instant - 1_000_000; i--) {
      if (owner[i] === frame && threadOf[i] === thread && siteOf[i] >= 0 && kinds[i] !== Kind.VarWrite && kinds[i] !== Kind.CallEnter) return i;
    }
    return -1;
  }

  private framePosition(view: FrameView): SourcePosition {
    const site = view.posInstant >= 0 ? this.store.siteOf[view.posInstant] : view.fnSite;
    return this.sitePosition(site) ?? this.sitePosition(view.fnSite) ?? NO_POSITION;
  }

  private functionName(fnSite: number): string {
    const s = this.store.sites[fnSite];
    if (!s) return '(unknown)';
    if (s.kind === 'module') return `(module ${s.file.split(/[\\/]/).pop()})`;
    return s.name || '(anonymous)';
  }

  stackAt(instant: number): Result<{ frames: FrameInfo[] }> {
    const views = this.frameViews(instant);
    if (this.store.count === 0) return { ok: false, reason: 'the recording has no events' };
    const frames = views.map((v, index): FrameInfo => {
      const self = v.callInstant >= 0 ? this.store.values(v.callInstant)[0] : undefined;
      return {
        index,
        thread: v.thread,
        frame: v.frame,
        callInstant: v.callInstant,
        functionSite: v.fnSite,
        name: this.functionName(v.fnSite),
        position: this.framePosition(v),
        self: self ? this.shower.show(self, instant) : { kind: 'primitive', type: 'undefined', text: 'undefined' },
        asyncResumed: v.resumed,
      };
    });
    return { ok: true, frames };
  }

  // --- scopes -----------------------------------------------------------------------------------

  bindingsAt(instant: number, frameIndex: number): Result<{ bindings: ResolvedBinding[] }> {
    const views = this.frameViews(instant);
    const view = views[frameIndex];
    if (!view) return { ok: false, reason: views.length ? `no frame ${frameIndex} at instant ${instant} (the stack has ${views.length})` : `no frame is running at instant ${instant}` };
    const pos = this.framePosition(view);
    const out: ResolvedBinding[] = [];
    const seen = new Set<string>();
    this.collectFrameBindings(view.thread, view.frame, view.fnSite, pos.line, pos.column, instant, true, seen, out, undefined);
    // Closures: the lexical parent frames, each seen from where the inner function was defined.
    // Block frames (loop iterations) between a function and its parent say which iteration's
    // bindings it captured.
    const frames = this.idx.thread(view.thread);
    let inner = view.fnSite;
    let parent = frames.parent(view.frame);
    for (let hops = 0; parent > 0 && hops < 1000; hops++) {
      const iterations: number[] = [];
      for (; frames.isBlock(parent) && hops < 1000; hops++) {
        iterations.push(parent);
        parent = frames.parent(parent);
      }
      const parentFn = frames.fnSite(parent);
      const innerSite = this.store.sites[inner];
      if (parent <= 0 || parentFn < 0 || !innerSite) break;
      this.collectFrameBindings(view.thread, parent, parentFn, innerSite.line, innerSite.column, instant, false, seen, out, iterations);
      inner = parentFn;
      parent = frames.parent(parent);
    }
    return { ok: true, bindings: out };
  }

  /**
   * The scopes a function's code sees at (line, column), innermost block first and the function's
   * own scope last, each with its binding sites in source order. Static (sites only), so cached:
   * a breakpoint condition asks at every hit of its line, and grouping the sites was a third of
   * the time of each ask.
   */
  private visibleScopes(fnSite: number, line: number, column: number, own: boolean): ScopeGroup[] {
    const cacheKey = `${fnSite}:${line}:${column}:${own ? 1 : 0}`;
    const cached = this.scopeCache.get(cacheKey);
    if (cached) return cached;
    const fn = this.store.sites[fnSite];
    if (!fn) return [];
    const isModule = fn.kind === 'module';
    const fnName = this.functionName(fnSite);
    const bindingSites = this.idx.bindingsOf.get(fnSite) ?? [];
    // Group by scope range. The function's own scopes (parameters, body) end where the function
    // ends. In a module, a block can end there too (a loop on the last line): only the outermost
    // scope is the module's own.
    let outerStart: [number, number] | undefined;
    for (const b of bindingSites) {
      const r = this.store.sites[b].scope;
      if (r && r[2] === fn.endLine && r[3] === fn.endColumn && (!outerStart || before(r[0], r[1], outerStart[0], outerStart[1]))) outerStart = [r[0], r[1]];
    }
    const groups = new Map<string, { local: boolean; start: [number, number]; sites: number[] }>();
    for (const b of bindingSites) {
      const s = this.store.sites[b];
      const r = s.scope;
      const local = !r || s.decl === 'var' || s.decl === 'param' || (r[2] === fn.endLine && r[3] === fn.endColumn && (!isModule || (r[0] === outerStart![0] && r[1] === outerStart![1])));
      if (!local && !rangeContains(r, line, column)) continue;
      const key = local ? 'local' : r!.join(':');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { local, start: local ? [0, 0] : [r![0], r![1]], sites: [] }));
      g.sites.push(b);
    }
    // Innermost block first (latest start), the function's own scope last.
    const ordered = [...groups].sort(([, a], [, b]) => (a.local !== b.local ? (a.local ? 1 : -1) : before(a.start[0], a.start[1], b.start[0], b.start[1]) ? 1 : -1));
    const scopes = ordered.map(([key, g]): ScopeGroup => {
      const scope: ScopeInfo['kind'] = isModule && g.local ? 'module' : !own ? 'closure' : g.local ? 'local' : 'block';
      const scopeName = (scope === 'module' ? 'Module' : scope === 'closure' ? `Closure (${fnName})` : scope === 'local' ? 'Local' : 'Block')
        + (fn.callsMode ? CALLS_MODE_SCOPE_NOTE : '');
      const sites = g.sites.slice().sort((a, b) => {
        const sa = this.store.sites[a];
        const sb = this.store.sites[b];
        return sa.line - sb.line || sa.column - sb.column;
      });
      return { key, local: g.local, scope, scopeName, sites };
    });
    // Sites only grow (a later module adds its own), so an entry stays true; the bound keeps memory flat.
    if (this.scopeCache.size >= SCOPE_CACHE_ENTRIES) this.scopeCache.clear();
    this.scopeCache.set(cacheKey, scopes);
    return scopes;
  }

  /**
   * `iterations`: the block frames a closure captured, innermost first (their bindings are read
   * from those iterations); undefined for a frame's own view, which sees its latest iterations.
   */
  private collectFrameBindings(thread: number, frame: number, fnSite: number, line: number, column: number, instant: number, own: boolean, seen: Set<string>, out: ResolvedBinding[], iterations: number[] | undefined): void {
    for (const { key, local, scope, scopeName, sites: sorted } of this.visibleScopes(fnSite, line, column, own)) {
      const position: [number, number] | undefined = own ? [line, column] : undefined;
      for (const b of sorted) {
        const s = this.store.sites[b];
        const name = s.name ?? '';
        if (!name || seen.has(name)) continue;
        seen.add(name);
        let site = b;
        let value = this.bindingValue(thread, frame, b, instant, position, iterations);
        // `var v` declared twice is one binding with two declaration sites; the latest write wins.
        for (const other of sorted) {
          if (other === b || this.store.sites[other].name !== name) continue;
          const v = this.bindingValue(thread, frame, other, instant, position, iterations);
          if (v.writtenAt > value.writtenAt) { value = v; site = other; }
        }
        // An import reads the exporting module's binding: its value, its history, what it is.
        let decl = s.decl ?? 'var';
        let owner = frame;
        const imported = decl === 'import' && value.writtenAt < 0 ? this.imports.targetOf(thread, b) : undefined;
        if (imported) {
          value = this.importedValue(thread, imported, instant);
          site = imported.site;
          owner = imported.frame;
          decl = this.store.sites[site].decl ?? 'var';
        }
        // A loop iteration's binding is owned by its block frame (its history is that iteration's).
        const ownerFrame = value.writtenAt >= 0 && this.store.kinds[value.writtenAt] === Kind.VarWrite ? this.store.frameOf[value.writtenAt] : owner;
        out.push({ name, decl, raw: value.raw, bindingSite: site, thread, ownerFrame, writtenAt: value.writtenAt, scope, scopeName, scopeKey: `${frame}:${own || local ? key : 'closure'}` });
      }
    }
  }

  /**
   * Last VarWrite of binding `site` owned by (thread, frame) before `instant`, or -1. A binding of
   * a loop iteration is written in the iteration's block frame: with `iterations` (the block
   * frames a closure captured) one of those; without, any block frame of `frame` (the latest
   * iteration, the one a frame positioned in the loop is running).
   */
  private lastBindingWrite(site: number, thread: number, frame: number, instant: number, iterations?: number[]): number {
    const list = this.idx.siteEvents[site];
    if (!list) return -1;
    const { kinds, threadOf, frameOf } = this.store;
    const frames = this.idx.thread(thread);
    // The owner frame cannot have written before it was entered: stop the backwards scan there.
    const start = frames.entry(frame);
    for (let j = list.lowerBound(instant) - 1; j >= 0; j--) {
      const i = list.data[j];
      if (i < start) break;
      if (kinds[i] !== VAR_WRITE || threadOf[i] !== thread) continue;
      const writer = frameOf[i];
      if (writer === frame) return i;
      if (frames.isBlock(writer) && (iterations ? iterations.includes(writer) : frames.functionFrame(writer) === frame)) return i;
    }
    return -1;
  }

  /**
   * The value of a binding in a frame at an instant. `position` is the frame's own current
   * position (undefined for a closure frame): a let/const whose declaration is after it is in its
   * TDZ again (a loop body re-entered), even though an earlier iteration wrote it.
   */
  private bindingValue(thread: number, frame: number, site: number, instant: number, position: [number, number] | undefined, iterations?: number[]): { raw: WireValue; writtenAt: number } {
    const s = this.store.sites[site];
    const decl = s.decl ?? 'var';
    const w = this.lastBindingWrite(site, thread, frame, instant, iterations);
    if (w >= 0) {
      if (position && TDZ_DECLS.has(decl) && before(position[0], position[1], s.line, s.column) && s.scope && rangeContains(s.scope, position[0], position[1])) {
        return { raw: { t: 'uninitialized' }, writtenAt: -1 };
      }
      return { raw: this.store.values(w)[0], writtenAt: w };
    }
    if (decl === 'param') {
      const k = this.paramIndex(site);
      const entry = this.idx.thread(thread).entry(frame);
      return k >= 0 && entry >= 0 ? { raw: this.argument(entry, k), writtenAt: entry } : { raw: { t: 'notRecorded' }, writtenAt: -1 };
    }
    // Calls mode records no variable writes: a local's value is not known (rather than undefined or in its TDZ).
    if (s.callsMode && (decl === 'var' || decl === 'let' || decl === 'const')) return { raw: { t: 'notRecorded' }, writtenAt: -1 };
    if (decl === 'var') return { raw: { t: 'undefined' }, writtenAt: -1 };
    if (decl === 'catch') return this.caughtValue(thread, frame, site, instant);
    // Never written. A const is initialised by its (recorded) write, so it is in its TDZ; so is a
    // `let x = await …` still waiting. But `let x;` has no initializer to record and a class
    // declaration is not a write: once the frame is on a later line, they exist.
    const pastDeclaration = position !== undefined && position[0] > s.line;
    if (decl === 'let') return { raw: pastDeclaration ? { t: 'undefined' } : { t: 'uninitialized' }, writtenAt: -1 };
    if (decl === 'const' || (decl === 'class' && !pastDeclaration)) return { raw: { t: 'uninitialized' }, writtenAt: -1 };
    return { raw: { t: 'notRecorded' }, writtenAt: -1 };
  }

  /** The value of the binding an import reads (see ImportLinks). */
  private importedValue(thread: number, target: ImportTarget, instant: number): { raw: WireValue; writtenAt: number } {
    // Once that module's top level has run, its class declarations exist (as in a frame past them).
    const moduleEnd = this.idx.thread(thread).end(target.frame);
    const past: [number, number] | undefined = moduleEnd >= 0 && moduleEnd <= instant ? [Number.MAX_SAFE_INTEGER, 0] : undefined;
    return this.bindingValue(thread, target.frame, target.site, instant, past);
  }

  namespaceMember(b: ResolvedBinding, key: string, instant: number): ShownValue | undefined {
    const target = this.imports.memberOf(b.thread, b.bindingSite, key);
    if (!target) return undefined;
    const { raw } = this.importedValue(b.thread, target, instant);
    const decl = this.store.sites[target.site].decl ?? 'var';
    return raw.t === 'notRecorded' ? this.unrecordedBinding({ ...b, name: key, decl, raw, bindingSite: target.site }) : this.shower.show(raw, instant);
  }

  namespaceOf(b: ResolvedBinding, instant: number): { shown: ShownValue; members: { key: string; value: ShownValue }[] } | undefined {
    const names = this.imports.exportNamesOf(b.thread, b.bindingSite);
    if (!names) return undefined;
    return { shown: this.unrecordedBinding(b), members: names.map((key) => ({ key, value: this.namespaceMember(b, key, instant) ?? NOT_FOLLOWED })) };
  }

  /** Position of a parameter binding among its function's parameters (CallEnter args), or -1. */
  private paramIndex(bindingSite: number): number {
    const s = this.store.sites[bindingSite];
    if (!s || s.decl !== 'param' || s.fnId < 0) return -1;
    return (this.store.sites[s.fnId]?.params ?? []).indexOf(s.name ?? '');
  }

  /** Argument k of a CallEnter (a missing argument is undefined). */
  private argument(callEnter: number, k: number): WireValue {
    return this.store.values(callEnter)[1 + k] ?? { t: 'undefined' };
  }

  /** A catch parameter is carried by the Catch event of its clause (the latest in the frame). */
  private caughtValue(thread: number, frame: number, bindingSite: number, instant: number): { raw: WireValue; writtenAt: number } {
    let clause = this.catchClauseOf.get(bindingSite);
    if (clause === undefined) {
      // The innermost clause around the parameter: a try/catch nested in a catch is inside both.
      const sites = this.store.sites;
      const b = sites[bindingSite];
      let innermost = -1;
      for (let id = 0; id < sites.length; id++) {
        const s = sites[id];
        if (s.kind !== 'catch' || s.fnId !== b.fnId || s.file !== b.file) continue;
        if (before(b.line, b.column, s.line, s.column) || !before(b.line, b.column, s.endLine, s.endColumn)) continue;
        if (innermost < 0 || before(sites[innermost].line, sites[innermost].column, s.line, s.column)) innermost = id;
      }
      clause = innermost;
      this.catchClauseOf.set(bindingSite, clause);
    }
    const list = clause >= 0 ? this.idx.siteEvents[clause] : undefined;
    if (list) {
      const owner = this.idx.ownerFrame.data;
      for (let j = list.lowerBound(instant) - 1; j >= 0; j--) {
        const i = list.data[j];
        if (this.store.kinds[i] === Kind.Catch && this.store.threadOf[i] === thread && owner[i] === frame) return { raw: this.store.values(i)[0], writtenAt: i };
      }
    }
    return { raw: { t: 'uninitialized' }, writtenAt: -1 };
  }

  scopesAt(instant: number, frameIndex: number): Result<{ scopes: ScopeInfo[] }> {
    const r = this.bindingsAt(instant, frameIndex);
    if (!r.ok) return r;
    const scopes: ScopeInfo[] = [];
    let current: ScopeInfo | undefined;
    let currentKey = '';
    for (const b of r.bindings) {
      const key = b.scopeKey;
      if (!current || key !== currentKey) {
        current = { kind: b.scope, name: b.scopeName, bindings: [] };
        scopes.push(current);
        currentKey = key;
      }
      const value = b.raw.t === 'notRecorded' ? this.unrecordedBinding(b) : this.shower.show(b.raw, instant);
      const info: BindingInfo = { name: b.name, decl: b.decl, value, bindingSite: b.bindingSite, ownerFrame: b.ownerFrame };
      const namespace = b.decl === 'import' && b.raw.t === 'notRecorded' ? this.namespaceOf(b, instant) : undefined;
      if (namespace) info.members = namespace.members;
      current.bindings.push(info);
    }
    return { ok: true, scopes };
  }

  /** What a binding without a recorded value shows: what it is, or why it is not known. */
  private unrecordedBinding(b: ResolvedBinding): ShownValue {
    // A hoisted function or class declaration is never written: say what it is (by its own name:
    // an import may call it otherwise).
    const site = this.store.sites[b.bindingSite];
    if (b.decl === 'function') return { kind: 'special', type: 'notRecorded', text: `ƒ ${site?.name ?? b.name}()` };
    if (b.decl === 'class') return { kind: 'special', type: 'notRecorded', text: `class ${site?.name ?? b.name}` };
    // An import not followed to a recorded binding (a package's, a namespace): say where it is from.
    if (b.decl === 'import' && site?.from !== undefined) {
      return { kind: 'special', type: 'notRecorded', text: site.imported === '*' ? `module '${site.from}'` : `<imported from '${site.from}'>` };
    }
    if (site?.callsMode) return { kind: 'special', type: 'notRecorded', text: '<not recorded in calls mode>' };
    return primitiveShown(b.raw);
  }

  // --- objects ----------------------------------------------------------------------------------

  objectAt(id: number, instant: number): Result<{ object: ObjectState }> {
    this.sync();
    if (this.store.snapshotCount(id) === 0 && !this.idx.objectWrites.has(id)) return { ok: false, reason: `object ${id} was never recorded` };
    const m = materialize(this.store, this.idx, id, instant);
    const show = (v: WireValue) => this.shower.show(v, instant);
    const properties: ObjectProperty[] = [];
    if (m.type === ObjectType.Map) {
      for (const [k, v] of m.entries) {
        const keyValue = show(k);
        properties.push({ key: keyValue.kind === 'object' ? keyValue.preview : keyValue.text, keyValue, value: show(v) });
      }
    } else if (m.type === ObjectType.Set) {
      m.entries.forEach((e, k) => properties.push({ key: String(k), value: show(setMember(e)) }));
    } else if (m.type === ObjectType.Array) {
      for (let k = 0; k < m.length; k++) {
        const v = m.props.get(String(k));
        properties.push({ key: String(k), value: v ? show(v) : { kind: 'special', type: 'hole', text: 'empty' } });
      }
      for (const [key, v] of m.props) if (!/^(0|[1-9]\d*)$/.test(key)) properties.push({ key, value: show(v) });
    } else {
      for (const [key, v] of m.props) properties.push({ key, value: show(v) });
    }
    return {
      ok: true,
      object: {
        id, type: typeName(m.type), className: m.className, preview: this.shower.headline(m, instant), properties, cut: m.cut,
        ...(this.shower.seenBefore(m, instant) ? { seenAt: m.snapshotAt } : {}),
      },
    };
  }

  // --- writes -----------------------------------------------------------------------------------

  /** Where a write happened: the latest statement of the frame executing it, at or before it. */
  private writeStatement(i: number): number {
    const { kinds, threadOf } = this.store;
    const owner = this.idx.ownerFrame.data;
    const thread = threadOf[i];
    const frame = owner[i];
    const stop = Math.max(0, this.idx.thread(thread).entry(frame));
    for (let j = i; j >= stop && j > i - 200_000; j--) {
      if (kinds[j] === STATEMENT && threadOf[j] === thread && owner[j] === frame) return j;
    }
    return -1;
  }

  private writePosition(i: number): SourcePosition | undefined {
    const site = this.store.siteOf[i];
    // A library's write has no statement of its own: it is placed where the library made it.
    if (this.store.kinds[i] === Kind.CallEnter || this.store.sites[site]?.library) return this.sitePosition(site);
    const stmt = this.writeStatement(i);
    return stmt >= 0 ? this.sitePosition(this.store.siteOf[stmt]) : undefined;
  }

  /**
   * The writes of a target, ascending: their instants, and the value the k-th wrote (a property
   * deleted: undefined). Values are read on demand: a hot variable has millions of writes, and a
   * hover shows a few of them.
   */
  private rawHistory(target: WriteTarget): RawHistory {
    this.sync();
    if (target.kind === 'property') return this.propertyHistory(target);
    const site = this.store.sites[target.bindingSite];
    if (!site) return { instants: [], valueAt: () => ({ t: 'undefined' }) };
    // Parameters start with the call's argument. Both index lists are ascending.
    const k = this.paramIndex(target.bindingSite);
    const entries = k >= 0 ? this.eventsOf(site.fnId, Kind.CallEnter, target) : new Int32Array(0);
    const writes = this.eventsOf(target.bindingSite, VAR_WRITE, target);
    const instants = entries.length === 0 ? writes : mergeAscending(entries, writes);
    const { kinds } = this.store;
    return { instants, valueAt: (n) => (kinds[instants[n]] === Kind.CallEnter ? this.argument(instants[n], k) : this.store.values(instants[n])[0]) };
  }

  /** The events of `kind` at a site, in the binding target's thread and frame (-1 / 0: any). */
  private eventsOf(site: number, kind: number, target: Extract<WriteTarget, { kind: 'binding' }>): Int32Array {
    const list = this.idx.siteEvents[site];
    if (!list) return new Int32Array(0);
    const { kinds, threadOf, frameOf } = this.store;
    const { thread, ownerFrame } = target;
    const out = new Int32Array(list.length);
    let n = 0;
    for (let j = 0; j < list.length; j++) {
      const i = list.data[j];
      if (kinds[i] === kind && (thread < 0 || threadOf[i] === thread) && (ownerFrame <= 0 || frameOf[i] === ownerFrame)) out[n++] = i;
    }
    return out.subarray(0, n);
  }

  /** A property's writes: snapshots that changed it (built-in mutators, first capture), then writes. */
  private propertyHistory(target: Extract<WriteTarget, { kind: 'property' }>): RawHistory {
    const snaps = this.store.snapshotsOf(target.object);
    const writes = this.idx.objectWrites.get(target.object);
    const events: [number, 'snap' | 'write', number][] = snaps.map((s, k) => [s.instant, 'snap', k]);
    if (writes) for (let j = 0; j < writes.length; j++) events.push([writes.data[j], 'write', writes.data[j]]);
    events.sort((a, b) => a[0] - b[0] || (a[1] === 'snap' ? -1 : 1));
    const instants: number[] = [];
    const values: WireValue[] = [];
    let current: WireValue | undefined;
    const same = (a: WireValue | undefined, b: WireValue | undefined) => JSON.stringify(a) === JSON.stringify(b);
    for (const [instant, what, ref] of events) {
      let next: WireValue | undefined;
      if (what === 'snap') {
        const entry = snaps[ref].entries.find(([k]) => keyText(k) === target.key);
        next = entry?.[1];
      } else {
        const written = this.store.values(ref);
        if (keyText(written[0]) !== target.key) continue;
        next = written.length > 1 ? written[1] : undefined;
      }
      if (what === 'snap' && same(current, next)) continue;
      current = next;
      instants.push(instant);
      values.push(next ?? { t: 'undefined' });
    }
    return { instants, valueAt: (n) => values[n] };
  }

  private entryOf(target: WriteTarget, instant: number, value: WireValue): WriteEntry {
    // A write's value is shown as it was right after the write.
    const shown = this.shower.show(value, instant + 1);
    const entry: WriteEntry = { instant, value: shown, position: this.writePosition(instant) };
    if (this.sighted(target, instant)) {
      entry.seenOnly = true;
      if (shown.kind !== 'object') entry.value = { ...shown, text: `${shown.text} ${seenMark(instant)}` };
    }
    return entry;
  }

  /**
   * A property's value taken from a snapshot where objects can change unrecorded (calls mode):
   * the value was seen then, not written then, and later writes are not known.
   */
  private sighted(target: WriteTarget, instant: number): boolean {
    if (target.kind !== 'property' || !this.store.objectWritesUnrecorded) return false;
    const kind = this.store.kinds[instant];
    return kind !== Kind.PropWrite && kind !== Kind.PropDelete;
  }

  writesOf(target: WriteTarget, limit = Infinity): { writes: { instant: number; raw: WireValue }[]; total: number } {
    const { instants, valueAt } = this.rawHistory(target);
    return { writes: shownWrites(instants.length, limit).map((n) => ({ instant: instants[n], raw: valueAt(n) })), total: instants.length };
  }

  history(target: WriteTarget, limit = Infinity): { entries: WriteEntry[]; total: number } {
    const { writes, total } = this.writesOf(target, limit);
    return { entries: writes.map((w) => this.entryOf(target, w.instant, w.raw)), total };
  }

  lastWrite(target: WriteTarget, beforeInstant: number): Result<{ write: WriteEntry }> {
    const r = this.lastWriteRaw(target, beforeInstant);
    return r.ok ? { ok: true, write: r.write } : r;
  }

  lastWriteRaw(target: WriteTarget, beforeInstant: number): Result<{ write: WriteEntry; raw: WireValue }> {
    this.sync();
    const found = (instant: number, raw: WireValue) => ({ ok: true as const, write: this.entryOf(target, instant, raw), raw });
    if (target.kind === 'binding' && target.ownerFrame > 0) {
      // One frame's binding: its writes are in the site's list, after the frame's entry; a
      // parameter not written since starts with the call's argument.
      const w = this.lastBindingWrite(target.bindingSite, target.thread, target.ownerFrame, beforeInstant);
      if (w >= 0) return found(w, this.store.values(w)[0]);
      const entry = this.idx.thread(target.thread).entry(target.ownerFrame);
      const k = this.paramIndex(target.bindingSite);
      if (k >= 0 && entry >= 0 && entry < beforeInstant) return found(entry, this.argument(entry, k));
      return { ok: false, reason: this.noWriteReason(target, beforeInstant) };
    }
    const { instants, valueAt } = this.rawHistory(target);
    const n = lowerBound(instants, instants.length, beforeInstant) - 1;
    if (n >= 0) return found(instants[n], valueAt(n));
    return { ok: false, reason: this.noWriteReason(target, beforeInstant) };
  }

  private noWriteReason(target: WriteTarget, beforeInstant: number): string {
    const site = target.kind === 'binding' ? this.store.sites[target.bindingSite] : undefined;
    if (site?.callsMode) return `no recorded write before instant ${beforeInstant}: '${site.name}' is in code recorded in calls mode, which records no variable writes (record in full mode to see them)`;
    return `no recorded write before instant ${beforeInstant}`;
  }

  lastWriteChain(target: WriteTarget, beforeInstant: number, depth = 3): Result<{ link: LastWriteLink }> {
    const r = this.lastWrite(target, beforeInstant);
    if (!r.ok) return r;
    return { ok: true, link: this.chainLink(target, r.write, depth, new Set()) };
  }

  private targetName(target: WriteTarget): string {
    return target.kind === 'binding' ? this.store.sites[target.bindingSite]?.name ?? '?' : target.key;
  }

  /**
   * The reads behind a write are approximated: the identifiers in the source text of the statement
   * that made the write (right of its first `=` when it has one), each resolved in the writing
   * frame at the write's instant. Reads through calls or other statements are not followed.
   */
  private chainLink(target: WriteTarget, write: WriteEntry, depth: number, visited: Set<number>): LastWriteLink {
    const link: LastWriteLink = { instant: write.instant, name: this.targetName(target), value: write.value, position: write.position, reads: [] };
    if (depth <= 0 || visited.has(write.instant)) return link;
    visited.add(write.instant);
    const stmt = this.store.kinds[write.instant] === Kind.CallEnter ? -1 : this.writeStatement(write.instant);
    if (stmt < 0) return link;
    const text = this.sourceRange(this.store.sites[this.store.siteOf[stmt]]);
    if (!text) return link;
    for (const name of extractReadNames(text)) {
      const resolved = this.resolveTarget(name, write.instant, 0);
      if (!resolved.ok) continue;
      const prior = this.lastWrite(resolved.target, write.instant);
      if (prior.ok) link.reads.push(this.chainLink(resolved.target, prior.write, depth - 1, visited));
    }
    return link;
  }

  private sourceRange(site: GlobalSite | undefined): string | undefined {
    if (!site) return undefined;
    let text = this.sourceCache.get(site.file);
    if (!this.sourceCache.has(site.file)) {
      const read = this.options.readSource ?? ((file: string) => { try { return readFileSync(file, 'utf8'); } catch { return undefined; } });
      text = read(site.file);
      this.sourceCache.set(site.file, text);
    }
    if (text === undefined) return undefined;
    const lines = text.split('\n').slice(site.line - 1, site.endLine);
    if (!lines.length) return undefined;
    lines[lines.length - 1] = lines[lines.length - 1].slice(0, site.endLine === site.line ? site.endColumn - 1 : site.endColumn - 1);
    lines[0] = lines[0].slice(site.column - 1);
    return lines.join('\n');
  }

  resolveTarget(expression: string, instant: number, frameIndex: number): Result<{ target: WriteTarget }> {
    const path = parsePath(expression);
    if (!path) return { ok: false, reason: `'${expression}' is not a name or a property path like a.b[0]` };
    const r = this.bindingsAt(instant, frameIndex);
    if (!r.ok) return r;
    const root = r.bindings.find((b) => b.name === path[0]);
    if (!root) return { ok: false, reason: `'${path[0]}' is not visible in frame ${frameIndex} at instant ${instant}` };
    if (path.length === 1) return { ok: true, target: { kind: 'binding', bindingSite: root.bindingSite, thread: root.thread, ownerFrame: root.ownerFrame } };
    let value = root.raw;
    for (let k = 1; k < path.length - 1; k++) {
      if (value.t !== 'object') return { ok: false, reason: `${path.slice(0, k).join('.')} is not an object at instant ${instant}` };
      const next = materialize(this.store, this.idx, value.id, instant).props.get(path[k]);
      if (!next) return { ok: false, reason: `${path.slice(0, k + 1).join('.')} is not recorded at instant ${instant}` };
      value = next;
    }
    if (value.t !== 'object') return { ok: false, reason: `${path.slice(0, -1).join('.')} is not an object at instant ${instant}` };
    return { ok: true, target: { kind: 'property', object: value.id, key: path[path.length - 1] } };
  }

  // --- hits and stepping ------------------------------------------------------------------------

  private hitSites(query: HitQuery): number[] {
    this.sync();
    if (query.sites) return query.sites;
    if (query.file === undefined || query.line === undefined) return [];
    const file = this.matchFile(query.file);
    return (file && this.idx.statementsByLine.get(file)?.get(query.line)) || [];
  }

  nextHit(query: HitQuery, from: number, direction: Direction, condition?: (instant: number) => boolean): number | undefined {
    return nearestHit(this.idx, this.hitSites(query), from, direction, condition);
  }

  hitsIn(query: HitQuery, from: number, to: number): number[] {
    return hitsInRange(this.idx, this.hitSites(query), from, to);
  }

  resolveLine(file: string, line: number): { line: number; sites: number[] } | undefined {
    const recorded = this.matchFile(file);
    const byLine = recorded ? this.idx.statementsByLine.get(recorded) : undefined;
    if (!byLine) return undefined;
    let best: number | undefined;
    for (const l of byLine.keys()) if (l >= line && (best === undefined || l < best)) best = l;
    return best === undefined ? undefined : { line: best, sites: byLine.get(best)! };
  }

  private step(kind: StepKind, instant: number, direction: Direction): number | undefined {
    const views = this.frameViews(instant);
    const top = views[0];
    return this.stepper.step(kind, direction, this.threadAt(instant), instant, top?.frame ?? 0, top?.depth ?? 0);
  }

  stepOver(instant: number, direction: Direction): number | undefined { return this.step('over', instant, direction); }
  stepIn(instant: number, direction: Direction): number | undefined { return this.step('in', instant, direction); }
  stepOut(instant: number, direction: Direction): number | undefined { return this.step('out', instant, direction); }

  frameEntry(instant: number, frameIndex: number): number | undefined {
    const view = this.frameViews(instant)[frameIndex];
    return view && view.callInstant >= 0 ? view.callInstant : undefined;
  }

  isStopInstant(instant: number): boolean {
    this.sync();
    if (instant < 0 || instant >= this.store.count) return false;
    if (this.idx.hasStatements) return this.store.kinds[instant] === Kind.Statement;
    return this.store.siteOf[instant] >= 0;
  }

  // --- listings ---------------------------------------------------------------------------------

  callsOf(nameOrSite: string | number): { instant: number; name: string; position: SourcePosition }[] {
    this.sync();
    let sites: number[];
    if (typeof nameOrSite === 'number') sites = [nameOrSite];
    else {
      const m = /^(.*):(\d+)$/.exec(nameOrSite);
      const file = m ? this.matchFile(m[1]) : undefined;
      // A line names the functions starting on it (the module too only when no function does).
      const onLine = (kind: string) => this.store.sites.flatMap((s, id) => (s.file === file && s.line === Number(m![2]) && s.kind === kind ? [id] : []));
      sites = file ? (onLine('function').length ? onLine('function') : onLine('module')) : this.idx.functionsByName.get(nameOrSite) ?? [];
    }
    const out: { instant: number; name: string; position: SourcePosition }[] = [];
    for (const site of sites) {
      const list = this.idx.siteEvents[site];
      if (!list) continue;
      const name = this.functionName(site);
      const position = this.sitePosition(site) ?? NO_POSITION;
      for (let j = 0; j < list.length; j++) {
        const i = list.data[j];
        if (this.store.kinds[i] === Kind.CallEnter) out.push({ instant: i, name, position });
      }
    }
    return out.sort((a, b) => a.instant - b.instant);
  }

  private clampRange(from: number, to: number): [number, number] {
    this.sync();
    const n = this.store.count;
    return [Math.max(0, Math.min(from, n)), Math.max(0, Math.min(to, n))];
  }

  exceptions(from: number, to: number): { instant: number; kind: 'throw' | 'uncaught' | 'caught'; value: ShownValue; position?: SourcePosition }[] {
    [from, to] = this.clampRange(from, to);
    const kinds = this.store.kinds;
    const out: { instant: number; kind: 'throw' | 'uncaught' | 'caught'; value: ShownValue; position?: SourcePosition }[] = [];
    for (let i = from; i < to; i++) {
      const k = kinds[i];
      if (k !== Kind.Throw && k !== Kind.Catch && k !== Kind.Uncaught) continue;
      const kind = k === Kind.Throw ? 'throw' : k === Kind.Catch ? 'caught' : 'uncaught';
      out.push({ instant: i, kind, value: this.shower.show(this.store.values(i)[0], i + 1), position: this.sitePosition(this.store.siteOf[i]) });
    }
    return out;
  }

  consoleOutput(from: number, to: number): { instant: number; stream: 'stdout' | 'stderr'; text: string }[] {
    [from, to] = this.clampRange(from, to);
    const out: { instant: number; stream: 'stdout' | 'stderr'; text: string }[] = [];
    for (let i = from; i < to; i++) {
      if (this.store.kinds[i] !== Kind.Console) continue;
      out.push({ instant: i, stream: this.store.words(i)[0] === 2 ? 'stderr' : 'stdout', text: this.store.text(i) });
    }
    return out;
  }

  private row(i: number): EventRow {
    const kind = this.store.kinds[i];
    const site = this.store.sites[this.store.siteOf[i]];
    const row: EventRow = { instant: i, kind: KIND_NAMES[kind] ?? `Kind${kind}`, thread: this.store.threadOf[i], depth: this.idx.depth.data[i] };
    if (kind === Kind.Console || kind === Kind.Marker) row.name = this.store.text(i);
    else if (kind === Kind.PropWrite || kind === Kind.PropDelete) row.name = keyText(this.store.values(i)[0]);
    else if (site?.name) row.name = site.name;
    if (site) row.position = { file: site.file, line: site.line, column: site.column };
    const values = this.store.values(i);
    const shown = kind === Kind.PropWrite ? values[1] : kind === Kind.CallEnter || kind === Kind.PropDelete ? undefined : values[0];
    if (shown) row.value = this.shower.show(shown, i + 1);
    return row;
  }

  events(from: number, to: number, filter: { kinds?: string[]; text?: string; file?: string; limit?: number } = {}): { events: EventRow[]; total: number; truncated: boolean } {
    [from, to] = this.clampRange(from, to);
    const limit = filter.limit ?? 1000;
    const kindSet = filter.kinds ? new Set(filter.kinds) : undefined;
    const file = filter.file ? this.matchFile(filter.file) ?? filter.file : undefined;
    const text = filter.text?.toLowerCase();
    const events: EventRow[] = [];
    let total = 0;
    for (let i = from; i < to; i++) {
      const kind = this.store.kinds[i];
      if (kindSet && !kindSet.has(KIND_NAMES[kind] ?? '')) continue;
      if (file && this.store.sites[this.store.siteOf[i]]?.file !== file) continue;
      if (text) {
        const row = this.row(i);
        if (!rowMatches(row, text)) continue;
        total++;
        if (events.length < limit) events.push(row);
        continue;
      }
      total++;
      if (events.length < limit) events.push(this.row(i));
    }
    return { events, total, truncated: total > events.length };
  }

  search(text: string, limit = 100): { matches: EventRow[]; truncated: boolean } {
    this.sync();
    const needle = text.toLowerCase();
    const matches: EventRow[] = [];
    const n = this.store.count;
    // Cheap prefilters: which sites' names and which strings contain the text.
    const siteMatch = this.store.sites.map((s) => !!s.name && s.name.toLowerCase().includes(needle));
    const stringMatch = new Uint8Array(this.store.strings.length);
    this.store.strings.forEach((s, id) => { if (s.toLowerCase().includes(needle)) stringMatch[id] = 1; });
    const numberNeedle = /^-?\d/.test(needle);
    // Reading an event's values is the costly part: skip it when no value could match.
    const valuesCanMatch = numberNeedle || stringMatch.includes(1);
    const kinds = this.store.kinds;
    for (let i = 0; i < n && matches.length <= limit; i++) {
      const kind = kinds[i];
      const site = this.store.siteOf[i];
      let hit = site >= 0 && siteMatch[site] && kind !== Kind.Statement;
      if (!hit && (kind === Kind.Console || kind === Kind.Marker)) hit = this.store.text(i).toLowerCase().includes(needle);
      if (!hit && valuesCanMatch && kind !== Kind.Statement && kind !== Kind.Console && kind !== Kind.Marker) {
        for (const v of this.store.values(i)) {
          if (((v.t === 'string' || v.t === 'bigint' || v.t === 'symbol') && v.v.toLowerCase().includes(needle)) || (numberNeedle && v.t === 'number' && String(v.v).includes(needle))) { hit = true; break; }
        }
      }
      if (hit) matches.push(this.row(i));
    }
    const truncated = matches.length > limit;
    return { matches: matches.slice(0, limit), truncated };
  }

  summary(from: number, to: number, buckets: number): SummaryResult {
    this.sync();
    return summarize(this.store, this.idx, from, to, buckets);
  }

  lineHits(file: string): { lines: Record<number, number>; functions: { name: string; line: number; calls: number }[] } {
    this.sync();
    const recorded = this.matchFile(file);
    const lines: Record<number, number> = {};
    const functions: { name: string; line: number; calls: number }[] = [];
    if (!recorded) return { lines, functions };
    const byLine = this.idx.statementsByLine.get(recorded);
    if (byLine) for (const [line, sites] of byLine) lines[line] = sites.reduce((n, s) => n + (this.idx.siteEvents[s]?.length ?? 0), 0);
    this.store.sites.forEach((s, id) => {
      if (s.file !== recorded || s.kind !== 'function') return;
      const list = this.idx.siteEvents[id];
      let calls = 0;
      if (list) for (let j = 0; j < list.length; j++) if (this.store.kinds[list.data[j]] === Kind.CallEnter) calls++;
      functions.push({ name: s.name || '(anonymous)', line: s.line, calls });
    });
    return { lines, functions };
  }
}

function rowMatches(row: EventRow, needle: string): boolean {
  return (row.name?.toLowerCase().includes(needle) ?? false) || (row.value?.kind !== 'object' && (row.value?.text.toLowerCase().includes(needle) ?? false))
    || (row.value?.kind === 'object' && row.value.preview.toLowerCase().includes(needle));
}

/** `a.b[0]["c d"]` → ['a', 'b', '0', 'c d']; undefined when it is not such a path. */
export function parsePath(expression: string): string[] | undefined {
  const text = expression.trim();
  const first = /^[A-Za-z_$][\w$]*/.exec(text);
  if (!first) return undefined;
  const out = [first[0]];
  let rest = text.slice(first[0].length);
  while (rest.length) {
    const m = /^\.\s*([A-Za-z_$#][\w$]*)/.exec(rest) ?? /^\[\s*(\d+)\s*\]/.exec(rest) ?? /^\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\]/.exec(rest);
    if (!m) return undefined;
    out.push(m[1] ?? m[2] ?? '');
    rest = rest.slice(m[0].length);
  }
  return out;
}

