/**
 * The messages between the extension host and the Scope Timeline webview: ONE union per direction,
 * imported by both sides (`src/extension/timeline-view.ts` and `webview-ui/src/host.ts`), and
 * validated where received — a webview is a separate origin, so neither side trusts the other's
 * shapes blindly. Recorded strings travel as plain data; the webview renders them as text only.
 *
 * The webview asks (`request`, with an id); the extension forwards to the active debug session's
 * custom requests (`dap-custom.ts`) and answers (`response` with the same id). The extension also
 * pushes what happens in the session (`session`, `moved`, `grew`).
 */
import type {
  EventsArgs, EventsResult, HistoryArgs, HistoryResult, InfoResult, LastWriteResult, RecordingGrewBody,
  SeekArgs, SeekResult, ShownValue, SourcePosition, SummaryArgs, SummaryResult, TargetArgs,
} from './dap-custom';

/** Each request method: its arguments and its result. The method names match `ScopeRequest` keys. */
export interface TimelineRequests {
  info: { args: Record<string, never>; result: InfoResult };
  summary: { args: SummaryArgs; result: SummaryResult };
  events: { args: EventsArgs; result: EventsResult };
  seek: { args: SeekArgs; result: SeekResult };
  history: { args: HistoryArgs; result: HistoryResult };
  lastWrite: { args: TargetArgs; result: LastWriteResult };
}
export type TimelineMethod = keyof TimelineRequests;

export type RequestMessage = {
  [M in TimelineMethod]: { type: 'request'; id: number; method: M; args: TimelineRequests[M]['args'] };
}[TimelineMethod];

/** Webview → extension. */
export type WebviewToHost =
  | { type: 'ready' }
  | RequestMessage
  /** Step with VS Code's own stepping (over calls), so the debug UI follows as for a toolbar click. */
  | { type: 'step'; direction: 'forward' | 'backward' }
  /** Show a recorded source position in an editor. */
  | { type: 'reveal'; position: SourcePosition };

export interface SessionState {
  /** A Scope debug session is active and answers requests. */
  active: boolean;
  name?: string;
  info?: InfoResult;
}

/** Extension → webview. */
export type HostToWebview =
  | { type: 'session'; state: SessionState }
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: string }
  /** The session moved to an instant (a seek, a step, a breakpoint). */
  | { type: 'moved'; instant: number }
  | { type: 'grew'; body: RecordingGrewBody };

/** A recorded value as one line of plain text (strings quoted), for the timeline and the hover. */
export function shownText(v: ShownValue): string {
  switch (v.kind) {
    case 'primitive': {
      const text = v.type === 'string' ? JSON.stringify(v.text) : v.text;
      return v.cut ? `${text}… (cut)` : text;
    }
    case 'object': return v.preview || v.className || v.type;
    case 'special': return v.text;
  }
}

// ---- validation -------------------------------------------------------------------------------
// Small hand-written checks: each returns the typed message or a reason, never throws.

export type Parsed<T> = { ok: true; message: T } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isNonNegInt = (x: unknown): x is number => isInt(x) && x >= 0;
const isOptString = (x: unknown) => x === undefined || typeof x === 'string';
const isStringArray = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');

function isPosition(x: unknown): x is SourcePosition {
  return isObj(x) && typeof x.file === 'string' && isInt(x.line) && isInt(x.column);
}

/** Argument checks per method: a reason when the arguments are wrong, undefined when they are fine. */
const argChecks: { [M in TimelineMethod]: (a: Obj) => string | undefined } = {
  info: () => undefined,
  summary: (a) => (isNonNegInt(a.from) && isNonNegInt(a.to) && isInt(a.buckets) && a.buckets > 0 && a.buckets <= 100_000
    ? undefined : 'summary needs integer from ≥ 0, to ≥ 0 and 1 ≤ buckets ≤ 100000'),
  events: (a) => (isNonNegInt(a.from) && isNonNegInt(a.to)
    && (a.limit === undefined || isNonNegInt(a.limit))
    && (a.kinds === undefined || isStringArray(a.kinds))
    && isOptString(a.text) && isOptString(a.file)
    ? undefined : 'events needs integer from and to; optional limit, kinds (strings), text, file'),
  seek: (a) => (isNonNegInt(a.instant) ? undefined : 'seek needs an integer instant ≥ 0'),
  history: (a) => targetCheck(a) ?? (a.limit === undefined || (isNonNegInt(a.limit) && (a.limit as number) >= 2) ? undefined : 'limit must be an integer of at least 2'),
  lastWrite: (a) => targetCheck(a),
};

function targetCheck(a: Obj): string | undefined {
  return typeof a.expression === 'string' && a.expression.length > 0 && a.expression.length <= 1000
    && (a.instant === undefined || isNonNegInt(a.instant)) && (a.frameId === undefined || isInt(a.frameId))
    ? undefined : 'needs a non-empty expression, optional integer instant and frameId';
}

export function isTimelineMethod(x: unknown): x is TimelineMethod {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(argChecks, x);
}

/** Validates what the webview sent (run by the extension). */
export function parseWebviewToHost(x: unknown): Parsed<WebviewToHost> {
  if (!isObj(x) || typeof x.type !== 'string') return { ok: false, reason: 'not a message object with a type' };
  switch (x.type) {
    case 'ready':
      return { ok: true, message: { type: 'ready' } };
    case 'request': {
      if (!isNonNegInt(x.id)) return { ok: false, reason: 'request needs an integer id' };
      if (!isTimelineMethod(x.method)) return { ok: false, reason: `unknown request method ${JSON.stringify(x.method)}` };
      const args = x.args === undefined ? {} : x.args;
      if (!isObj(args)) return { ok: false, reason: `${x.method}: args must be an object` };
      const bad = argChecks[x.method](args);
      if (bad) return { ok: false, reason: `${x.method}: ${bad}` };
      return { ok: true, message: { type: 'request', id: x.id, method: x.method, args } as RequestMessage };
    }
    case 'step':
      return x.direction === 'forward' || x.direction === 'backward'
        ? { ok: true, message: { type: 'step', direction: x.direction } }
        : { ok: false, reason: 'step needs direction forward or backward' };
    case 'reveal':
      return isPosition(x.position)
        ? { ok: true, message: { type: 'reveal', position: x.position } }
        : { ok: false, reason: 'reveal needs a position {file, line, column}' };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(x.type)}` };
  }
}

function isInfo(x: unknown): x is InfoResult {
  return isObj(x) && isNonNegInt(x.events) && Array.isArray(x.lanes) && isInt(x.current)
    && typeof x.complete === 'boolean' && isNonNegInt(x.dropped);
}

/** Validates what the extension sent (run by the webview). */
export function parseHostToWebview(x: unknown): Parsed<HostToWebview> {
  if (!isObj(x) || typeof x.type !== 'string') return { ok: false, reason: 'not a message object with a type' };
  switch (x.type) {
    case 'session': {
      const s = x.state;
      if (!isObj(s) || typeof s.active !== 'boolean' || !isOptString(s.name) || (s.info !== undefined && !isInfo(s.info))) {
        return { ok: false, reason: 'session needs state {active, name?, info?}' };
      }
      return { ok: true, message: { type: 'session', state: s as unknown as SessionState } };
    }
    case 'response':
      if (!isNonNegInt(x.id)) return { ok: false, reason: 'response needs an integer id' };
      if (x.ok === true) return { ok: true, message: { type: 'response', id: x.id, ok: true, result: x.result } };
      if (x.ok === false && typeof x.error === 'string') return { ok: true, message: { type: 'response', id: x.id, ok: false, error: x.error } };
      return { ok: false, reason: 'response needs ok with result, or ok: false with error' };
    case 'moved':
      return isNonNegInt(x.instant) ? { ok: true, message: { type: 'moved', instant: x.instant } } : { ok: false, reason: 'moved needs an instant' };
    case 'grew': {
      const b = x.body;
      return isObj(b) && isNonNegInt(b.events) && isNonNegInt(b.dropped) && isNonNegInt(b.bytes) && typeof b.running === 'boolean'
        ? { ok: true, message: { type: 'grew', body: b as unknown as RecordingGrewBody } }
        : { ok: false, reason: 'grew needs body {events, dropped, bytes, running}' };
    }
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(x.type)}` };
  }
}

/**
 * Checks the result of a request before the webview uses it: the adapter is another program, and a
 * result of the wrong shape must become a clear error, not a crash deep in drawing code.
 */
export function checkResult<M extends TimelineMethod>(method: M, r: unknown): Parsed<TimelineRequests[M]['result']> {
  const ok = (): Parsed<TimelineRequests[M]['result']> => ({ ok: true, message: r as TimelineRequests[M]['result'] });
  const bad = (what: string): Parsed<TimelineRequests[M]['result']> => ({ ok: false, reason: `${method}: result ${what}` });
  if (!isObj(r)) return bad('is not an object');
  switch (method) {
    case 'info': return isInfo(r) ? ok() : bad('needs events, lanes, current, complete, dropped');
    case 'summary':
      return isNonNegInt(r.from) && isNonNegInt(r.to) && isInt(r.buckets) && Array.isArray(r.lanes) && isStringArray(r.kinds)
        && Array.isArray(r.counts) && Array.isArray(r.depth) ? ok() : bad('needs from, to, buckets, lanes, kinds, counts, depth');
    case 'events': return Array.isArray(r.events) && isNonNegInt(r.total) ? ok() : bad('needs events and total');
    case 'seek': return isNonNegInt(r.instant) ? ok() : bad('needs instant');
    case 'history': return Array.isArray(r.entries) ? ok() : bad('needs entries');
    case 'lastWrite': return r.write === undefined || isObj(r.write) ? ok() : bad('write must be an object');
    default: return bad('unknown method');
  }
}
