/**
 * The query engine's contract: what the adapter, the CLI and the timeline may ask of a recording.
 * Every answer is computed from the recording alone (no program code runs), and results are
 * values: `{ ok: true, … } | { ok: false, reason }`.
 */
import type { ShownValue, SourcePosition, EventRow, SummaryResult, LastWriteLink } from '../protocol/dap-custom';

export type Result<T> = ({ ok: true } & T) | { ok: false; reason: string };

export type Direction = 'forward' | 'backward';

export interface FrameInfo {
  /** Index in the stack, 0 = innermost. */
  index: number;
  /** Thread index (EventStore.threads). */
  thread: number;
  /** Thread-local frame id (the CallEnter's frame). */
  frame: number;
  /** Instant of the frame's CallEnter. */
  callInstant: number;
  /** Global site id of the function. */
  functionSite: number;
  name: string;
  /** Where this frame is at the instant asked: the current statement for frame 0, the call site's statement for outer frames. */
  position: SourcePosition;
  self: ShownValue;
  /** The frame was resumed from an await/yield: its caller below is the async parent, not a synchronous caller. */
  asyncResumed: boolean;
}

export interface BindingInfo {
  name: string;
  decl: string;
  value: ShownValue;
  /** Global site id of the binding (for history and data breakpoints). */
  bindingSite: number;
  /** The frame that owns the binding (thread-local). */
  ownerFrame: number;
  /** A namespace import (`import * as m`): its module's exports, with their values at the instant. */
  members?: { key: string; value: ShownValue }[];
}

export interface ScopeInfo {
  kind: 'local' | 'block' | 'closure' | 'module';
  name: string;
  bindings: BindingInfo[];
}

export interface ObjectProperty {
  /** Display key: a property name, an index, or for Map entries a preview of the key. */
  key: string;
  value: ShownValue;
  /** For Map entries, the key as a value. */
  keyValue?: ShownValue;
}

export interface ObjectState {
  id: number;
  type: string;
  className: string;
  preview: string;
  properties: ObjectProperty[];
  /** Some entries were not captured (budget), or the object was never snapshotted. */
  cut: boolean;
  /**
   * Set where objects can change unrecorded (calls mode): the instant its contents were seen, when
   * that is before the instant asked. The properties are what was seen then.
   */
  seenAt?: number;
}

/**
 * A binding (identified by its site and owner frame) or an object property. For `history`, a
 * binding with `ownerFrame` 0 means every frame's instance of it (a function's local across all
 * its calls), and `thread` -1 every thread.
 */
export type WriteTarget =
  | { kind: 'binding'; bindingSite: number; thread: number; ownerFrame: number }
  | { kind: 'property'; object: number; key: string };

export interface WriteEntry {
  instant: number;
  value: ShownValue;
  position?: SourcePosition;
  /**
   * The value was seen then (an object's snapshot), in a recording where objects can change
   * unrecorded (calls mode): not a write, and later writes are not known.
   */
  seenOnly?: true;
}

export interface HitQuery {
  /** Global site ids, or a file and line (statements starting on that line). */
  sites?: number[];
  file?: string;
  line?: number;
}

export interface QueryEngine {
  eventCount(): number;
  threads(): { index: number; pid: number; threadId: number; name: string }[];
  /** The thread running at an instant. */
  threadAt(instant: number): number;

  stackAt(instant: number): Result<{ frames: FrameInfo[] }>;
  scopesAt(instant: number, frameIndex: number): Result<{ scopes: ScopeInfo[] }>;
  objectAt(id: number, instant: number): Result<{ object: ObjectState }>;
  /** Shows a recorded value as of an instant (object previews rebuilt then). */
  show(value: import('../protocol/wire').WireValue, instant: number): ShownValue;

  /**
   * The writes of the target across the run, ascending, and how many there are. With `limit`,
   * only the first `limit / 2` and the last `limit / 2` are shown (rendering a value rebuilds
   * state: a hot variable's million writes must not all be rendered for a hover).
   */
  history(target: WriteTarget, limit?: number): { entries: WriteEntry[]; total: number };
  lastWrite(target: WriteTarget, before: number): Result<{ write: WriteEntry }>;
  /** The last write and, recursively (depth-limited), the last writes of what its right-hand side read. */
  lastWriteChain(target: WriteTarget, before: number, depth?: number): Result<{ link: LastWriteLink }>;
  /** Resolves a name visible in a frame at an instant, or a dotted path `a.b.c`, to a write target. */
  resolveTarget(expression: string, instant: number, frameIndex: number): Result<{ target: WriteTarget }>;

  /** Nearest hit strictly after (forward) or strictly before (backward) `from`; `condition` filters. */
  nextHit(query: HitQuery, from: number, direction: Direction, condition?: (instant: number) => boolean): number | undefined;
  /** All hits in [from, to), ascending. */
  hitsIn(query: HitQuery, from: number, to: number): number[];
  /** Sites of statements on a file line, or on the nearest later line with one (breakpoint verification). */
  resolveLine(file: string, line: number): { line: number; sites: number[] } | undefined;

  /** Stepping through the recording. Each returns the instant to stop at, or undefined at the ends. */
  stepOver(instant: number, direction: Direction): number | undefined;
  stepIn(instant: number, direction: Direction): number | undefined;
  stepOut(instant: number, direction: Direction): number | undefined;
  /** The instant of the frame's entry (restartFrame). */
  frameEntry(instant: number, frameIndex: number): number | undefined;
  /** Instants where a statement starts (or any event in calls mode): where a session may stop. */
  isStopInstant(instant: number): boolean;

  callsOf(nameOrSite: string | number): { instant: number; name: string; position: SourcePosition }[];
  exceptions(from: number, to: number): { instant: number; kind: 'throw' | 'uncaught' | 'caught'; value: ShownValue; position?: SourcePosition }[];
  consoleOutput(from: number, to: number): { instant: number; stream: 'stdout' | 'stderr'; text: string }[];
  events(from: number, to: number, filter?: { kinds?: string[]; text?: string; file?: string; limit?: number }): { events: EventRow[]; total: number; truncated: boolean };
  search(text: string, limit?: number): { matches: EventRow[]; truncated: boolean };
  summary(from: number, to: number, buckets: number): SummaryResult;
  lineHits(file: string): { lines: Record<number, number>; functions: { name: string; line: number; calls: number }[] };

  /** Original position of a global site (through source maps where the site is in generated code). */
  sitePosition(site: number): SourcePosition | undefined;
}
