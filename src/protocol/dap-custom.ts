/**
 * Scope's custom DAP requests and events: the one declaration used by the adapter (which serves
 * them) and by the extension and timeline (which call them with `session.customRequest`).
 */

/** A value as the query engine returns it, ready to show. Objects are rebuilt as of an instant. */
export type ShownValue =
  | { kind: 'primitive'; type: 'undefined' | 'null' | 'boolean' | 'number' | 'string' | 'bigint' | 'symbol'; text: string; cut?: boolean }
  | { kind: 'object'; id: number; type: string; className?: string; preview: string }
  | { kind: 'special'; type: 'uninitialized' | 'hole' | 'accessor' | 'notRecorded'; text: string };

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** One recorded event, as the timeline and the event list show it. */
export interface EventRow {
  instant: number;
  kind: string;
  thread: number;
  /** Function, binding, property or label name, when the event has one. */
  name?: string;
  position?: SourcePosition;
  value?: ShownValue;
  /** Call depth on its thread at this event (for drawing nested spans). */
  depth: number;
}

export interface LaneInfo {
  thread: number;
  label: string;
}

export const ScopeRequest = {
  /** Move the session to an instant; the adapter answers, then sends `stopped` so VS Code refreshes. */
  seek: 'scope/seek',
  /** Per-bucket counts per kind per lane over an instant range. */
  summary: 'scope/summary',
  /** Events in an instant range, optionally filtered. */
  events: 'scope/events',
  /** Every write of a binding or property across the run. */
  history: 'scope/history',
  /** The last write of a binding or property before an instant, and the chain behind it. */
  lastWrite: 'scope/lastWrite',
  /** Text search over names and recorded values. */
  search: 'scope/search',
  /** Recording facts: event count, lanes, current instant, file path. */
  info: 'scope/info',
  /** Per-line hit counts for a file (code lenses, dimming of never-run lines). */
  lineHits: 'scope/lineHits',
} as const;

export interface SeekArgs { instant: number }
export interface SeekResult { instant: number }

export interface SummaryArgs { from: number; to: number; buckets: number }
export interface SummaryResult {
  from: number;
  to: number;
  buckets: number;
  lanes: LaneInfo[];
  /** kinds[k] names the kind counted in counts[lane][k][bucket]. */
  kinds: string[];
  counts: number[][][];
  /** Max call depth per lane per bucket, to draw span nesting at a distance. */
  depth: number[][];
}

export interface EventsArgs {
  from: number;
  to: number;
  limit?: number;
  kinds?: string[];
  text?: string;
  file?: string;
}
export interface EventsResult { events: EventRow[]; total: number; truncated: boolean }

/** A binding (by name, resolved at an instant in the current frame) or a property path `a.b.c`. */
export interface TargetArgs { expression: string; instant?: number; frameId?: number }
/** `limit`: how many writes to send at most (the first and the last halves); the adapter caps it. */
export interface HistoryArgs extends TargetArgs { limit?: number }

export interface HistoryEntry { instant: number; value: ShownValue; position?: SourcePosition }
/**
 * A target's writes: all of them, or when there are more than the adapter sends (`truncated`),
 * the first and the last ones; `total` counts them all.
 */
export interface HistoryResult { entries: HistoryEntry[]; total: number; truncated: boolean }

export interface LastWriteLink {
  instant: number;
  name: string;
  value: ShownValue;
  position?: SourcePosition;
  /** Names read by the write's right-hand side, each with its own last write, when recorded. */
  reads: LastWriteLink[];
}
export interface LastWriteResult { write?: LastWriteLink; reason?: string }

export interface SearchArgs { text: string; limit?: number }
export interface SearchResult { matches: EventRow[]; truncated: boolean }

export interface InfoResult {
  file?: string;
  events: number;
  lanes: LaneInfo[];
  current: number;
  complete: boolean;
  dropped: number;
}

export interface LineHitsArgs { file: string }
export interface LineHitsResult {
  /** line → number of statement starts on it. Lines with sites but no hits appear with 0. */
  lines: Record<number, number>;
  /** function name and line → calls. */
  functions: { name: string; line: number; calls: number }[];
}

/** Custom events the adapter sends. */
export const ScopeEvent = {
  /** The recording grew while the program runs: body { events, dropped, bytes }. */
  recordingGrew: 'scope/recordingGrew',
  /** The session moved to another instant: body { instant }. */
  moved: 'scope/moved',
} as const;

export interface RecordingGrewBody { events: number; dropped: number; bytes: number; running: boolean }
export interface MovedBody { instant: number }
