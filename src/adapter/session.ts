/**
 * The DAP session: VS Code's debugging UI driven over a recording.
 *
 * The session is always at one *instant* of the recording (`current`). Every request that moves
 * (continue, steps both ways, goto, restartFrame, scope/seek) computes the instant to move to
 * from the recording's indexes — nothing is re-run — then sends `stopped`, which makes VS Code ask
 * again for threads, stack, scopes and variables as of the new instant.
 *
 * While the program still runs, its events stream into the store. The session stops at the first
 * breakpoint hit *as soon as the recording contains it*, i.e. during the run; the program is not
 * paused (it keeps recording, so everything after the stop can be stepped into). A forward move
 * that reaches the end of what is recorded waits for more events (`pending`) until the program
 * ends, then stops at the end of the run. Backward moves never wait.
 *
 * Handles (frame ids, variablesReference) are valid for one stop: they are reset at every move.
 */
import { constants } from 'node:os';
import * as path from 'node:path';
import {
  DebugSession, Handles, InitializedEvent, StoppedEvent, OutputEvent, ExitedEvent, TerminatedEvent, ThreadEvent,
  BreakpointEvent, Event, Thread, StackFrame, Source, Scope,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  ScopeEvent, ScopeRequest, type SeekArgs, type SummaryArgs, type EventsArgs, type TargetArgs, type HistoryArgs, type HistoryResult,
  type LastWriteResult, type SearchArgs, type InfoResult, type LineHitsArgs, type RecordingGrewBody, type ShownValue,
} from '../protocol/dap-custom';
import { Kind } from '../protocol/wire';
import { primitiveOf } from '../query/evaluate';
import { createQueryEngine, type ScopeQueryEngine } from '../query/engine';
import type { Direction, FrameInfo, ScopeInfo, WriteTarget } from '../query/types';
import type { EventStore } from '../store/event-store';
import { openRecording, RecordingFileError, ScanCancelled } from '../store/recording-file';
import { Breakpoints, type LineBreakpoint } from './breakpoints';
import { startDebuggee, type Debuggee } from './debuggee';
import { AdapterError, ErrorCode } from './errors';
import { ExceptionStops, type ExceptionStop } from './exception-stops';
import { validateLaunchConfig, type LaunchPlan } from './launch-config';
import { globToRegExp } from '../runtime/files';
import { childExpression, evaluateForDisplay, namespaceAt, toVariable, valueText, type FrameRef } from './recorded-state';
import { DapProgress } from './progress';

type VariablesHandle =
  | { kind: 'scope'; at: FrameRef; scope: ScopeInfo; self?: ShownValue }
  | { kind: 'object'; id: number; instant: number; evaluateName?: string }
  | { kind: 'namespace'; instant: number; name: string; members: { key: string; value: ShownValue }[] };

type Phase = 'starting' | 'running' | 'stopped';

/** How long launch waits for configurationDone before it searches for the first stop anyway. */
const CONFIGURATION_TIMEOUT_MS = 10_000;
/** Writes a history answer carries at most: each is rendered with the state of its instant. */
const HISTORY_LIMIT = 1_000;
/** Async parents shown below a resumed frame, at most. */
const MAX_ASYNC_SEGMENTS = 16;
const PROGRESS_ID = 'scope-recording';
const OPEN_PROGRESS_ID = 'scope-opening';
/** An expression that is one name (a namespace import evaluated in Watch or hover). */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/**
 * Opening a recording: the share of the work that reading the file (decompressing, copying the
 * events into the store's columns) takes; indexing them (and the exception scan) takes the rest.
 * Measured through the adapter on a 10 M-event recording (bench/adapter-recording.ts): reading
 * 0.79 s and indexing 0.61 s written raw, 0.99 s and 0.63 s compressed.
 */
const READ_SHARE = 0.6;
/** Events indexed per step between two looks at the clock (see indexInSteps). */
const INDEX_STEP_EVENTS = 1 << 18;
/** How long indexing works before it lets the event loop run (progress events, a cancel request). */
const INDEX_SLICE_MS = 50;

/** The launch was cancelled by the client (a `cancel` request naming its progress or the request). */
class LaunchCancelled extends Error {}
export class ScopeDebugSession extends DebugSession {
  private engine?: ScopeQueryEngine;
  private store?: EventStore;
  private breakpoints?: Breakpoints;
  private exceptions?: ExceptionStops;
  private debuggee?: Debuggee;
  private plan?: LaunchPlan;
  private recordingFile?: string;
  private complete = false;
  /** No more events will arrive (the program ended and the recording is finished, or it was opened). */
  private finished = false;
  private phase: Phase = 'starting';
  private current = 0;
  /** A forward move waiting for more of the recording; returns true once it has stopped. */
  private pending?: (final: boolean) => boolean;
  private exceptionFilters = new Set<string>(['uncaught']);
  private skipPatterns: RegExp[] = [];
  private clientSupportsProgress = false;
  private clientSupportsTerminal = false;
  private knownThreads = 0;
  private frameHandles = new Handles<FrameRef & { thread: number }>();
  private variableHandles = new Handles<VariablesHandle>();
  /** A disconnect request came: work spread over event-loop turns stops (the store is about to close). */
  private disconnecting = false;
  /** A launch opening a recording, while it reads and indexes (a `cancel` request can stop it). */
  private opening?: { requestSeq: number; abort: AbortController };
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => { this.configurationDone = resolve; });

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  // --- plumbing ----------------------------------------------------------------------------------

  /** Runs a handler; an AdapterError (or any error) becomes an error response with its code. */
  private handle(response: DebugProtocol.Response, body: () => void | Promise<void>): void {
    const fail = (error: unknown) => {
      const e = error instanceof AdapterError ? error : new AdapterError(ErrorCode.QueryFailed, `Internal error: ${error instanceof Error ? error.message : String(error)}`);
      if (!(error instanceof AdapterError)) process.stderr.write(`scope adapter: ${error instanceof Error ? error.stack : String(error)}\n`);
      this.sendErrorResponse(response, e.toMessage());
    };
    try {
      const r = body();
      if (r instanceof Promise) r.catch(fail);
    } catch (error) {
      fail(error);
    }
  }

  private requireEngine(): ScopeQueryEngine {
    if (!this.engine) throw new AdapterError(ErrorCode.NoRecording, 'No recording is open yet: launch a program or open a recording first.');
    return this.engine;
  }

  private requireStopped(): ScopeQueryEngine {
    const engine = this.requireEngine();
    if (this.phase !== 'stopped') throw new AdapterError(ErrorCode.NotStopped, 'The session is not stopped: pause first (it stops at the latest recorded instant).');
    return engine;
  }

  private console(text: string, category: 'console' | 'important' = 'console'): void {
    this.sendEvent(new OutputEvent(text.endsWith('\n') ? text : `${text}\n`, category));
  }

  // --- initialize and launch -----------------------------------------------------------------------

  protected initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.clientSupportsProgress = args.supportsProgressReporting === true;
    this.clientSupportsTerminal = args.supportsRunInTerminalRequest === true;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsStepBack: true,
      supportsGotoTargetsRequest: true,
      supportsRestartFrame: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsFunctionBreakpoints: true,
      supportsDataBreakpoints: true,
      supportsEvaluateForHovers: true,
      supportsExceptionInfoRequest: true,
      supportsTerminateRequest: true,
      supportsCancelRequest: true,
      supportsSetVariable: false,
      exceptionBreakpointFilters: [
        { filter: 'uncaught', label: 'Uncaught Exceptions', default: true, description: 'Stop where an exception that ended the program (or a rejection nobody handled) was thrown.' },
        { filter: 'caught', label: 'Caught Exceptions', default: false, description: 'Stop where an exception that was later caught was thrown.' },
      ],
    };
    this.sendResponse(response);
  }

  protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.configurationDone();
  }

  protected launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): void {
    this.handle(response, async () => {
      const plan = validateLaunchConfig(args);
      this.plan = plan;
      // skipFiles globs use the same syntax as include/exclude; they are matched against absolute paths.
      this.skipPatterns = plan.skipFiles.map((glob) => globToRegExp(glob.split(path.sep).join('/')));
      if (plan.kind === 'open') {
        try {
          await this.openExisting(plan.recording, response.request_seq);
        } catch (error) {
          if (!(error instanceof LaunchCancelled)) throw error;
          if (this.disconnecting) return; // the client has gone: nothing to answer
          // DAP: a cancelled request answers `cancelled`; nothing is open, so the session ends.
          response.success = false;
          response.message = 'cancelled';
          this.sendResponse(response);
          this.sendEvent(new TerminatedEvent());
          return;
        }
      } else await this.record(plan);
      this.sendResponse(response);
      // Breakpoints come after `initialized`: the engine exists by then, so they are verified.
      this.sendEvent(new InitializedEvent());
      await Promise.race([this.configured, new Promise((resolve) => setTimeout(resolve, CONFIGURATION_TIMEOUT_MS))]);
      this.firstStop();
    });
  }

  /** `cancel`: stops opening a recording (by its progress id, or the launch request's seq). Nothing else runs long enough to cancel. */
  protected cancelRequest(response: DebugProtocol.CancelResponse, args: DebugProtocol.CancelArguments): void {
    const opening = this.opening;
    if (opening && (args?.progressId === OPEN_PROGRESS_ID || (args?.requestId !== undefined && args.requestId === opening.requestSeq))) opening.abort.abort();
    this.sendResponse(response);
  }

  private useStore(store: EventStore, indexLater = false): void {
    this.store = store;
    this.engine = createQueryEngine(store, { indexLater });
    this.breakpoints = new Breakpoints(this.engine, store, (message) => this.console(message, 'important'));
    this.exceptions = new ExceptionStops(store);
  }

  /**
   * Opens a recording file: reads it into a store, then indexes it, with progress to a client
   * that takes it (a recording of a compiler's run takes a minute) and cancellable meanwhile.
   */
  private async openExisting(file: string, requestSeq: number): Promise<void> {
    const abort = new AbortController();
    this.opening = { requestSeq, abort };
    const progress = this.clientSupportsProgress ? new DapProgress((e) => this.sendEvent(e), OPEN_PROGRESS_ID) : undefined;
    progress?.start(`Scope: opening ${path.basename(file)}`, 'reading the recording', { percentage: 0, cancellable: true });
    let opened: Awaited<ReturnType<typeof openRecording>> | undefined;
    try {
      opened = await openRecording(file, {
        signal: abort.signal,
        onProgress: (done, total) => progress?.report((READ_SHARE * 100 * done) / total, 'reading the recording'),
      });
      this.useStore(opened.store, true);
      await this.indexInSteps(abort.signal, (indexed, total) => progress?.report((READ_SHARE + (1 - READ_SHARE) * (indexed / total)) * 100, `indexing ${total.toLocaleString('en-US')} events`));
    } catch (error) {
      const cancelled = error instanceof ScanCancelled || abort.signal.aborted;
      progress?.end(cancelled ? 'cancelled' : 'failed', false);
      if (cancelled) {
        opened?.store.close();
        this.store = this.engine = this.breakpoints = this.exceptions = undefined;
        throw new LaunchCancelled();
      }
      if (error instanceof RecordingFileError) throw new AdapterError(ErrorCode.NotARecording, `Launch configuration: "recording" — ${error.message}.`);
      throw error;
    } finally {
      this.opening = undefined;
    }
    progress?.end(`${opened.store.count.toLocaleString('en-US')} events`);
    this.recordingFile = file;
    this.complete = opened.complete;
    this.finished = true;
    for (const problem of opened.problems) this.console(`Recording ${path.basename(file)}: ${problem}`, 'important');
    this.console(`Opened ${file}: ${opened.store.count} events, ${opened.store.threads.length} thread(s)${opened.store.dropped ? `, ${opened.store.dropped} dropped` : ''}.`);
    this.announceThreads();
  }

  /**
   * Indexes the events not indexed yet (the query indexes and the exception scan), a step at a
   * time, letting the event loop run every INDEX_SLICE_MS; `report(indexed, total)` after each
   * step. Stops, throwing LaunchCancelled, once `signal` is aborted. Any query would do the same
   * work in one go: this only spreads it out so that progress and a cancel request get through.
   */
  private async indexInSteps(signal: AbortSignal | undefined, report: (indexed: number, total: number) => void): Promise<void> {
    const engine = this.engine!;
    const total = this.store!.count;
    let sliceStart = performance.now();
    for (let indexed = engine.indexTo(0); indexed < total;) {
      indexed = engine.indexTo(indexed + INDEX_STEP_EVENTS);
      this.exceptions!.sync(indexed);
      report(indexed, total);
      if (performance.now() - sliceStart >= INDEX_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
      if (signal?.aborted) throw new LaunchCancelled();
      // The client disconnected meanwhile (a live session's indexing after its run): the store is closed.
      if (this.disconnecting) return;
    }
  }

  private async record(plan: Extract<LaunchPlan, { kind: 'record' }>): Promise<void> {
    if (plan.console === 'integratedTerminal' && !this.clientSupportsTerminal) {
      this.console('This client has no terminal to run the program in ("console": "integratedTerminal"): its output goes to the Debug Console instead.');
      plan = { ...plan, console: 'internalConsole' };
    }
    const debuggee = await startDebuggee(plan, {
      output: (text, stream) => this.sendEvent(new OutputEvent(text, stream)),
      log: (line) => process.stderr.write(`scope recorder: ${line}\n`),
      runInTerminal: (a) => new Promise((resolve, reject) => {
        this.runInTerminalRequest({ kind: 'integrated', title: a.title, cwd: a.cwd, args: a.args, env: a.env }, 10_000, (r) => {
          if (!r.success) reject(new AdapterError(ErrorCode.SpawnFailed, `Launch configuration: "console": "integratedTerminal" — the client could not run the program in a terminal (${r.message ?? 'no reason given'}). Use "internalConsole".`));
          else resolve((r as DebugProtocol.RunInTerminalResponse).body?.processId);
        });
      }),
    });
    this.debuggee = debuggee;
    this.recordingFile = plan.recordingPath;
    this.useStore(debuggee.recorder.store);
    this.console(`Recording ${debuggee.commandLine} (${plan.mode} mode) to ${plan.recordingPath}`);
    // While the program runs the work has no known size: the progress says how many events are
    // recorded. Once it has ended, what the session has not indexed yet (all that was recorded
    // while it stood at a stop) is indexed in steps, with a percentage.
    const progress = this.clientSupportsProgress ? new DapProgress((e) => this.sendEvent(e), PROGRESS_ID) : undefined;
    progress?.start('Scope: recording', 'starting');
    let lastProgress = 0;
    debuggee.recorder.onGrow((stats) => {
      const body: RecordingGrewBody = { events: stats.events, dropped: stats.dropped, bytes: stats.bytes, running: true };
      this.sendEvent(new Event(ScopeEvent.recordingGrew, body));
      if (progress && Date.now() - lastProgress > 500) {
        lastProgress = Date.now();
        progress.say(`${stats.events.toLocaleString('en-US')} events${stats.dropped ? `, ${stats.dropped} dropped` : ''}`);
      }
      this.grew();
    });
    void debuggee.exited.then(async (exit) => {
      this.grew();
      if (exit.signal) {
        this.console(`Program was ended by ${exit.signal}.`, 'important');
        // Reported as the shell does: 128 + the signal number.
        this.sendEvent(new ExitedEvent(128 + (constants.signals[exit.signal] ?? 0)));
      } else if (exit.code !== null) {
        this.console(`Program exited with code ${exit.code}.`, exit.code === 0 ? 'console' : 'important');
        this.sendEvent(new ExitedEvent(exit.code));
      } else {
        this.console('Program ended (it ran in the terminal: its exit code is shown there).');
      }
      const result = await debuggee.recorder.finish().catch((error: Error) => {
        this.console(`The recording could not be finished: ${error.message}`, 'important');
        return undefined;
      });
      this.complete = result?.complete ?? false;
      if (progress) {
        const already = this.engine!.indexTo(0);
        await this.indexInSteps(undefined, (indexed, total) => progress.report(((indexed - already) / (total - already)) * 100, `indexing ${total.toLocaleString('en-US')} events`));
        if (this.disconnecting) return;
      }
      this.finished = true;
      progress?.end(`${this.store!.count.toLocaleString('en-US')} events`);
      if (result) this.console(`Recording saved: ${result.path} (${result.events} events${result.dropped ? `, ${result.dropped} dropped` : ''}). Everything recorded can still be debugged.`);
      const stats = debuggee.recorder.stats();
      this.sendEvent(new Event(ScopeEvent.recordingGrew, { events: this.store!.count, dropped: stats.dropped, bytes: stats.bytes, running: false } satisfies RecordingGrewBody));
      this.grew();
    });
  }

  /** The recording grew (or ended): new threads, newly verified breakpoints, logpoints, waiting moves. */
  private grew(): void {
    if (!this.engine || !this.breakpoints) return;
    this.announceThreads();
    for (const bp of this.breakpoints.refresh()) this.sendEvent(new BreakpointEvent('changed', bp));
    this.printLogpoints();
    this.retryPending();
  }

  /** A forward move waiting for more of the recording tries again (more events, or other breakpoints). */
  private retryPending(): void {
    if (this.phase === 'running' && this.pending && this.pending(this.finished)) this.pending = undefined;
  }

  private announceThreads(): void {
    const threads = this.store?.threads.length ?? 0;
    for (let t = this.knownThreads; t < threads; t++) this.sendEvent(new ThreadEvent('started', t + 1));
    this.knownThreads = threads;
  }

  private printLogpoints(only?: LineBreakpoint[]): void {
    if (!this.breakpoints || !this.store || (!only && !this.breakpoints.hasLogpoints())) return;
    for (const line of this.breakpoints.logpointOutput(this.store.count, only)) {
      const e = new OutputEvent(`${line.text}\n`, 'console') as DebugProtocol.OutputEvent;
      e.body.source = new Source(path.basename(line.bp.file), line.bp.file);
      e.body.line = line.bp.line;
      this.sendEvent(e);
    }
  }

  private firstStop(): void {
    this.phase = 'running';
    if (this.plan?.stopOnEntry) {
      this.waitFor((final) => {
        const first = this.stopAtOrAfter(0);
        if (first !== undefined) return this.stopAt(first, 'entry', 'Start of the recording'), true;
        if (final) return this.stopAtEnd(), true;
        return false;
      });
      return;
    }
    this.continueFrom(-1);
  }

  // --- moving ------------------------------------------------------------------------------------

  private waitFor(attempt: (final: boolean) => boolean): void {
    this.phase = 'running';
    this.pending = undefined;
    if (attempt(this.finished)) return;
    this.pending = attempt;
    // The move needs events not recorded yet: a program suspended by "pause" must run again.
    this.debuggee?.resume();
  }

  private stopAtOrAfter(instant: number): number | undefined {
    const n = this.store?.count ?? 0;
    for (let i = Math.max(0, instant); i < n; i++) if (this.engine!.isStopInstant(i)) return i;
    return undefined;
  }

  private lastStopInstant(): number {
    const n = this.store?.count ?? 0;
    for (let i = n - 1; i >= 0; i--) if (this.engine!.isStopInstant(i)) return i;
    return Math.max(0, n - 1);
  }

  private stopAt(instant: number, reason: string, description?: string, hitBreakpointIds?: number[]): void {
    this.current = instant;
    this.phase = 'stopped';
    this.pending = undefined;
    this.frameHandles.reset();
    this.variableHandles.reset();
    const thread = this.engine && this.store!.count ? this.engine.threadAt(instant) + 1 : 1;
    const e = new StoppedEvent(reason, thread) as DebugProtocol.StoppedEvent;
    e.body.allThreadsStopped = true;
    if (description) e.body.description = description;
    if (hitBreakpointIds?.length) e.body.hitBreakpointIds = hitBreakpointIds;
    this.sendEvent(e);
    this.sendEvent(new Event(ScopeEvent.moved, { instant }));
  }

  private stopAtEnd(reason = 'end'): void {
    const empty = (this.store?.count ?? 0) === 0;
    this.stopAt(this.lastStopInstant(), reason, empty ? 'Nothing was recorded (was the program excluded from instrumentation?)' : 'End of the recording');
  }

  private exceptionWanted = (s: ExceptionStop) => this.exceptionFilters.has(s.caught ? 'caught' : 'uncaught');

  private exceptionDescription(s: ExceptionStop): string {
    const shown = this.engine!.show(s.value, s.origin + 1);
    return `${s.caught ? 'Caught' : 'Uncaught'} exception: ${valueText(shown)}`;
  }

  /** The nearest stop of any breakpoint or exception filter strictly after/before `from` (see Breakpoints.nextStop for `linesFrom`). */
  private findStop(from: number, direction: Direction, linesFrom = from): { instant: number; reason: string; description?: string; ids?: number[] } | undefined {
    const bp = this.breakpoints!.nextStop(from, direction, linesFrom);
    const exception = this.exceptionFilters.size ? this.exceptions!.next(from, direction, this.exceptionWanted) : undefined;
    const better = (a: number, b: number) => (direction === 'forward' ? a < b : a > b);
    if (exception && (!bp || better(exception.origin, bp.instant))) {
      return { instant: exception.origin, reason: 'exception', description: this.exceptionDescription(exception) };
    }
    if (!bp) return undefined;
    const description = bp.cause.kind === 'data breakpoint' ? `${bp.cause.description}` : undefined;
    return { instant: bp.instant, reason: bp.cause.kind, description, ids: bp.cause.ids };
  }

  private continueFrom(from: number): void {
    // Line hits already searched are not searched again when the recording grows: a condition on a
    // hot line is evaluated once per hit, not once per hit per growth. Breakpoints changed while
    // waiting are searched from `from` again.
    let searchedTo = from;
    let generation = this.breakpoints!.generation;
    this.waitFor((final) => {
      if (generation !== this.breakpoints!.generation) {
        generation = this.breakpoints!.generation;
        searchedTo = from;
      }
      const stop = this.findStop(from, 'forward', searchedTo);
      if (stop) return this.stopAt(stop.instant, stop.reason, stop.description, stop.ids), true;
      if (final) return this.stopAtEnd(), true;
      searchedTo = Math.max(from, this.store!.count - 1);
      return false;
    });
  }

  private inSkippedFile(instant: number): boolean {
    if (!this.skipPatterns.length) return false;
    const stack = this.engine!.stackAt(instant);
    const file = stack.ok ? stack.frames[0]?.position.file : undefined;
    return !!file && this.skipPatterns.some((p) => p.test(file.split(path.sep).join('/')));
  }

  private step(kind: 'over' | 'in' | 'out', direction: Direction): void {
    const engine = this.engine!;
    const from = this.current;
    const asyncParentResume = kind === 'out' && direction === 'forward' ? this.asyncParentResume(engine, from) : undefined;
    const move = (at: number) => (asyncParentResume ? asyncParentResume() : kind === 'over' ? engine.stepOver(at, direction) : kind === 'in' ? engine.stepIn(at, direction) : engine.stepOut(at, direction));
    this.waitFor((final) => {
      let next = move(from);
      // A step that lands in a skipped file steps out of it, in the same direction.
      for (let guard = 0; next !== undefined && guard < 100 && this.inSkippedFile(next); guard++) next = engine.stepOut(next, direction);
      if (next !== undefined) return this.stopAt(next, 'step'), true;
      if (direction === 'backward') {
        const first = this.stopAtOrAfter(0) ?? 0;
        return this.stopAt(first, 'entry', 'Start of the recording'), true;
      }
      if (final) return this.stopAtEnd('step'), true;
      return false;
    });
  }

  protected continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.handle(response, () => {
      this.requireStopped();
      response.body = { allThreadsContinued: true };
      this.sendResponse(response);
      this.continueFrom(this.current);
    });
  }

  protected reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.handle(response, () => {
      this.requireStopped();
      this.sendResponse(response);
      const stop = this.findStop(this.current, 'backward');
      if (stop) this.stopAt(stop.instant, stop.reason, stop.description, stop.ids);
      else this.stopAt(this.stopAtOrAfter(0) ?? 0, 'entry', 'Start of the recording');
    });
  }

  private stepRequest(response: DebugProtocol.Response, kind: 'over' | 'in' | 'out', direction: Direction): void {
    this.handle(response, () => {
      this.requireStopped();
      this.sendResponse(response);
      this.step(kind, direction);
    });
  }

  protected nextRequest(response: DebugProtocol.NextResponse): void { this.stepRequest(response, 'over', 'forward'); }
  protected stepInRequest(response: DebugProtocol.StepInResponse): void { this.stepRequest(response, 'in', 'forward'); }
  protected stepOutRequest(response: DebugProtocol.StepOutResponse): void { this.stepRequest(response, 'out', 'forward'); }
  /** Step Back: the previous statement of this frame or a caller (a call is stepped over backwards). */
  protected stepBackRequest(response: DebugProtocol.StepBackResponse): void { this.stepRequest(response, 'over', 'backward'); }

  protected pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.handle(response, () => {
      this.requireEngine();
      this.sendResponse(response);
      // Pause during the run: stop at the latest recorded instant; the program keeps recording,
      // unless the configuration asks for it to be suspended too ("pauseProgram").
      if (this.phase === 'stopped') return;
      const plan = this.plan;
      if (plan?.kind === 'record' && plan.pauseProgram && this.debuggee?.running()) {
        const suspended = this.debuggee.suspend();
        this.sendEvent(new OutputEvent(suspended
          ? 'Scope: the program is suspended; moving forward past the end of the recording resumes it.\n'
          : 'Scope: the program cannot be suspended here (no process id, or Windows); it keeps running.\n', 'console'));
      }
      this.stopAt(this.lastStopInstant(), 'pause', 'Latest recorded instant');
    });
  }

  protected restartFrameRequest(response: DebugProtocol.RestartFrameResponse, args: DebugProtocol.RestartFrameArguments): void {
    this.handle(response, () => {
      const engine = this.requireStopped();
      const at = this.frameRef(args.frameId);
      const entry = engine.frameEntry(at.instant, at.frameIndex);
      if (entry === undefined) throw new AdapterError(ErrorCode.NotSupported, 'This frame has no recorded entry (it started before the recording or is the module top level).');
      this.sendResponse(response);
      this.stopAt(this.stopAtOrAfter(entry + 1) ?? entry, 'restart', 'Back at the frame\'s entry');
    });
  }

  protected gotoTargetsRequest(response: DebugProtocol.GotoTargetsResponse, args: DebugProtocol.GotoTargetsArguments): void {
    this.handle(response, () => {
      const engine = this.requireStopped();
      const file = args.source.path;
      const resolved = file ? engine.resolveLine(file, this.convertClientLineToDebugger(args.line)) : undefined;
      const targets: DebugProtocol.GotoTarget[] = [];
      if (resolved) {
        const next = engine.nextHit({ sites: resolved.sites }, this.current, 'forward');
        const previous = engine.nextHit({ sites: resolved.sites }, this.current, 'backward');
        // Target ids are instants + 1 (ids must be positive); the session jumps in time.
        const line = this.convertDebuggerLineToClient(resolved.line);
        if (next !== undefined) targets.push({ id: next + 1, label: `Next time line ${resolved.line} runs (instant ${next})`, line });
        if (previous !== undefined) targets.push({ id: previous + 1, label: `Previous time line ${resolved.line} ran (instant ${previous})`, line });
      }
      response.body = { targets };
      this.sendResponse(response);
    });
  }

  protected gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): void {
    this.handle(response, () => {
      this.requireStopped();
      const instant = args.targetId - 1;
      this.checkInstant(instant);
      this.sendResponse(response);
      this.stopAt(instant, 'goto');
    });
  }

  private checkInstant(instant: unknown): asserts instant is number {
    const n = this.store?.count ?? 0;
    if (typeof instant !== 'number' || !Number.isInteger(instant) || instant < 0 || instant >= n) {
      throw new AdapterError(ErrorCode.BadInstant, `Instant ${JSON.stringify(instant)} is not in the recording (it has instants 0 to ${n - 1}).`);
    }
  }

  // --- breakpoints -------------------------------------------------------------------------------

  protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.handle(response, () => {
      this.requireEngine();
      const file = args.source.path;
      if (!file) {
        response.body = { breakpoints: (args.breakpoints ?? []).map(() => ({ verified: false, message: 'Only files on disk can have breakpoints.' })) };
        this.sendResponse(response);
        return;
      }
      const requested = (args.breakpoints ?? []).map((b) => ({ ...b, line: this.convertClientLineToDebugger(b.line) }));
      const { breakpoints, newLogpoints } = this.breakpoints!.setLineBreakpoints(file, requested);
      response.body = { breakpoints: breakpoints.map((b) => (b.line === undefined ? b : { ...b, line: this.convertDebuggerLineToClient(b.line) })) };
      this.sendResponse(response);
      // A logpoint set now prints every hit already recorded, at once, in order.
      if (newLogpoints.length) this.printLogpoints(newLogpoints);
      this.retryPending();
    });
  }

  protected setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.handle(response, () => {
      this.requireEngine();
      response.body = { breakpoints: this.breakpoints!.setFunctionBreakpoints(args.breakpoints) };
      this.sendResponse(response);
      this.retryPending();
    });
  }

  protected setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.exceptionFilters = new Set(args.filters.filter((f) => f === 'caught' || f === 'uncaught'));
    response.body = { breakpoints: args.filters.map((f) => ({ verified: f === 'caught' || f === 'uncaught' })) };
    this.sendResponse(response);
    this.retryPending();
  }

  protected exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    this.handle(response, () => {
      const engine = this.requireStopped();
      const stop = this.exceptions!.at(this.current);
      if (!stop) throw new AdapterError(ErrorCode.NotSupported, 'The session is not stopped at an exception.');
      const shown = engine.show(stop.value, stop.origin + 1);
      const typeName = shown.kind === 'object' ? shown.className || shown.type : shown.type;
      // An Error's recorded message, as text; any other thrown value as shown in Variables.
      const object = shown.kind === 'object' ? engine.objectAt(shown.id, stop.origin + 1) : undefined;
      const recordedMessage = object?.ok ? object.object.properties.find((p) => p.key === 'message')?.value : undefined;
      const message = recordedMessage?.kind === 'primitive' && recordedMessage.type === 'string' ? String(primitiveOf(recordedMessage)) : valueText(recordedMessage ?? shown);
      response.body = {
        exceptionId: typeName,
        description: message,
        breakMode: stop.caught ? 'always' : 'unhandled',
        details: { typeName, message },
      };
      this.sendResponse(response);
    });
  }

  protected dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    this.handle(response, () => {
      const engine = this.requireStopped();
      let target: WriteTarget | undefined;
      let reason = '';
      if (args.variablesReference) {
        const h = this.variableHandles.get(args.variablesReference);
        if (h?.kind === 'scope') {
          const b = h.scope.bindings.find((x) => x.name === args.name);
          if (b) target = { kind: 'binding', bindingSite: b.bindingSite, thread: engine.threadAt(h.at.instant), ownerFrame: b.ownerFrame };
        } else if (h?.kind === 'object') {
          target = { kind: 'property', object: h.id, key: args.name };
        }
        if (!target) reason = `${args.name} cannot be watched: it is not a recorded variable or property.`;
      } else {
        const at = args.frameId !== undefined ? this.frameRef(args.frameId) : { instant: this.current, frameIndex: 0 };
        const r = engine.resolveTarget(args.name, at.instant, at.frameIndex);
        if (r.ok) target = r.target;
        else reason = r.reason;
      }
      response.body = target
        ? { dataId: JSON.stringify({ target, name: args.name }), description: `${args.name} (write)`, accessTypes: ['write'], canPersist: false }
        : { dataId: null, description: reason };
      this.sendResponse(response);
    });
  }

  protected setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    this.handle(response, () => {
      this.requireEngine();
      const parsed = args.breakpoints.map((bp) => {
        try {
          const v = JSON.parse(bp.dataId) as { target: WriteTarget; name: string };
          return v.target && (v.target.kind === 'binding' || v.target.kind === 'property') ? { target: v.target, description: v.name } : undefined;
        } catch {
          return undefined;
        }
      });
      const set = this.breakpoints!.setDataBreakpoints(parsed.filter((p) => p !== undefined));
      let k = 0;
      response.body = { breakpoints: parsed.map((p) => (p ? set[k++] : { verified: false, message: 'This data breakpoint id is not one this session gave out.' })) };
      this.sendResponse(response);
      this.retryPending();
    });
  }

  // --- state at the current instant -------------------------------------------------------------

  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const threads = this.engine?.threads() ?? [];
    response.body = { threads: threads.length ? threads.map((t) => new Thread(t.index + 1, t.name)) : [new Thread(1, 'main')] };
    this.sendResponse(response);
  }

  /** The instant to show a thread at: the current one for the current thread, else that thread's last event before it. */
  private instantForThread(thread: number): number | undefined {
    const engine = this.engine!;
    if (!this.store!.count) return undefined;
    if (engine.threadAt(this.current) === thread) return this.current;
    const threadOf = this.store!.threadOf;
    for (let i = Math.min(this.current, this.store!.count - 1); i >= 0; i--) if (threadOf[i] === thread) return i;
    return undefined;
  }

  /**
   * The stack at an instant, followed by its async parents: when the outermost frame was resumed
   * after an await (its stack below is the event loop), the frames that called it are shown as
   * they were at that call — as Chrome's async stack traces show the stack that scheduled a task.
   * Each segment's frames are evaluated at the segment's instant.
   */
  private asyncStack(engine: ScopeQueryEngine, instant: number): { instant: number; frames: FrameInfo[] }[] {
    const segments: { instant: number; frames: FrameInfo[] }[] = [];
    let at = instant;
    for (let depth = 0; depth < MAX_ASYNC_SEGMENTS; depth++) {
      const r = engine.stackAt(at);
      if (!r.ok || !r.frames.length) break;
      segments.push({ instant: at, frames: r.frames });
      const bottom = r.frames[r.frames.length - 1];
      if (!bottom.asyncResumed || bottom.callInstant < 0) break;
      at = bottom.callInstant;
    }
    return segments;
  }

  /**
   * Step Out of an async function that was resumed from the event loop: there is no synchronous
   * caller to return to, so the step ends where its async parent resumes after its await.
   * Undefined when the top frame is not such a frame.
   */
  private asyncParentResume(engine: ScopeQueryEngine, from: number): (() => number | undefined) | undefined {
    const segments = this.asyncStack(engine, from);
    const top = segments[0]?.frames[0];
    if (!top?.asyncResumed) return undefined;
    // The engine links the async parent right below the resumed frame once the recording shows
    // who awaited it; before that, the parent is the frame that called it (the next segment).
    const parent = segments[0].frames[1] ?? segments[1]?.frames[0];
    if (!parent) return undefined;
    const store = this.store!;
    let scanned = from + 1;
    // Called again as the recording grows: resumes scanning where it stopped.
    return () => {
      const { kinds, threadOf, frameOf } = store;
      for (; scanned < store.count; scanned++) {
        if (kinds[scanned] === Kind.AwaitResume && threadOf[scanned] === parent.thread && frameOf[scanned] === parent.frame) return this.stopAtOrAfter(scanned + 1);
      }
      return undefined;
    };
  }

  private frameRef(frameId: number): FrameRef {
    const ref = this.frameHandles.get(frameId);
    // A stale id is VS Code still refreshing the previous stop while the user scrubs: answer with an
    // error the client drops silently, never a notification (it re-asks with the new stop's ids).
    if (!ref) throw new AdapterError(ErrorCode.UnknownReference, `Frame ${frameId} is not from the current stop (frame ids are renewed at every move).`, false);
    return ref;
  }

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.handle(response, () => {
      const engine = this.requireStopped();
      const thread = args.threadId - 1;
      const instant = this.instantForThread(thread);
      const frames: DebugProtocol.StackFrame[] = [];
      const addFrame = (at: number, f: FrameInfo) => {
        const id = this.frameHandles.create({ instant: at, frameIndex: f.index, thread });
        const file = f.position.file;
        const frame = new StackFrame(id, f.name, file ? new Source(path.basename(file), file) : undefined, this.convertDebuggerLineToClient(f.position.line), this.convertDebuggerColumnToClient(f.position.column)) as DebugProtocol.StackFrame;
        if (file && this.skipPatterns.some((p) => p.test(file.split(path.sep).join('/')))) frame.presentationHint = 'subtle';
        frames.push(frame);
      };
      const addAsyncLabel = (at: number, f: FrameInfo) => {
        const label = new StackFrame(this.frameHandles.create({ instant: at, frameIndex: f.index, thread }), 'async', undefined, 0, 0) as DebugProtocol.StackFrame;
        label.presentationHint = 'label';
        frames.push(label);
      };
      for (const segment of instant === undefined ? [] : this.asyncStack(engine, instant)) {
        if (frames.length) addAsyncLabel(segment.instant, segment.frames[0]);
        segment.frames.forEach((f, k) => {
          addFrame(segment.instant, f);
          // The engine put the async parent right below a resumed frame: label the boundary.
          if (f.asyncResumed && k + 1 < segment.frames.length) addAsyncLabel(segment.instant, f);
        });
      }
      const start = args.startFrame ?? 0;
      const end = args.levels ? start + args.levels : frames.length;
      response.body = { stackFrames: frames.slice(start, end), totalFrames: frames.length };
      this.sendResponse(response);
    });
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.handle(response, () => {
      const engine = this.requireStopped();
      const at = this.frameRef(args.frameId);
      const r = engine.scopesAt(at.instant, at.frameIndex);
      if (!r.ok) throw new AdapterError(ErrorCode.QueryFailed, r.reason);
      const stack = engine.stackAt(at.instant);
      const self = stack.ok ? stack.frames[at.frameIndex]?.self : undefined;
      response.body = {
        scopes: r.scopes.map((scope, k) => {
          const s = new Scope(scope.name, this.variableHandles.create({ kind: 'scope', at, scope, self: k === 0 && self?.kind === 'object' ? self : undefined }), scope.kind === 'module') as DebugProtocol.Scope;
          if (scope.kind === 'local') s.presentationHint = 'locals';
          return s;
        }),
      };
      this.sendResponse(response);
    });
  }

  protected variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.handle(response, () => {
      const engine = this.requireStopped();
      const h = this.variableHandles.get(args.variablesReference);
      if (!h) throw new AdapterError(ErrorCode.UnknownReference, `Variables reference ${args.variablesReference} is not from the current stop (references are renewed at every move).`, false); // stale, as above
      let variables: DebugProtocol.Variable[];
      if (h.kind === 'scope') {
        const expand = (evaluateName: string) => (id: number) => this.variableHandles.create({ kind: 'object', id, instant: h.at.instant, evaluateName });
        variables = h.scope.bindings.map((b) => {
          const v = toVariable(b.name, b.value, expand(b.name), b.name);
          if (b.members) v.variablesReference = this.variableHandles.create({ kind: 'namespace', instant: h.at.instant, name: b.name, members: b.members });
          return v;
        });
        if (h.self) variables.unshift(toVariable('this', h.self, expand('this'), 'this'));
      } else if (h.kind === 'namespace') {
        variables = h.members.map((m) => {
          const evaluateName = childExpression(h.name, m.key, false);
          return toVariable(m.key, m.value, (id) => this.variableHandles.create({ kind: 'object', id, instant: h.instant, evaluateName }), evaluateName);
        });
      } else {
        const r = engine.objectAt(h.id, h.instant);
        if (!r.ok) {
          variables = [{ name: '(not recorded)', value: r.reason, variablesReference: 0 }];
        } else {
          const isArray = r.object.type === 'Array';
          variables = r.object.properties.map((p) => {
            const indexed = isArray && /^\d+$/.test(p.key);
            const evaluateName = p.keyValue ? undefined : childExpression(h.evaluateName, p.key, indexed);
            return toVariable(p.key, p.value, (id) => this.variableHandles.create({ kind: 'object', id, instant: h.instant, evaluateName }), evaluateName);
          });
          if (r.object.cut) variables.push({ name: '…', value: 'more entries exist that were not recorded (capture budget)', variablesReference: 0, presentationHint: { kind: 'virtual' } });
        }
      }
      const start = args.start ?? 0;
      response.body = { variables: args.count ? variables.slice(start, start + args.count) : variables.slice(start) };
      this.sendResponse(response);
    });
  }

  protected evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.handle(response, () => {
      const engine = this.requireStopped();
      const at = args.frameId !== undefined ? this.frameRef(args.frameId) : { instant: this.current, frameIndex: 0 };
      const r = evaluateForDisplay(engine, at, args.expression);
      // A namespace import has no recorded value of its own, but it opens onto its module's exports.
      const name = args.expression.trim();
      const namespace = !r.ok && IDENTIFIER.test(name) ? namespaceAt(engine, at, name) : undefined;
      if (namespace) {
        response.body = { result: valueText(namespace.shown), variablesReference: this.variableHandles.create({ kind: 'namespace', instant: at.instant, name, members: namespace.members }) };
        this.sendResponse(response);
        return;
      }
      if (!r.ok) throw new AdapterError(ErrorCode.EvaluationFailed, r.reason, args.context !== 'hover');
      const v = toVariable(args.expression, r.value, (id) => this.variableHandles.create({ kind: 'object', id, instant: at.instant, evaluateName: args.expression }));
      response.body = { result: v.value, type: v.type, variablesReference: v.variablesReference };
      this.sendResponse(response);
    });
  }

  // --- Scope's own requests ----------------------------------------------------------------------

  private targetFor(args: TargetArgs): { target: WriteTarget; instant: number } {
    const engine = this.requireEngine();
    if (typeof args?.expression !== 'string') throw new AdapterError(ErrorCode.BadArguments, 'Give "expression": a variable name or a property path like order.items[0].');
    const at = args.frameId !== undefined ? this.frameRef(args.frameId) : { instant: args.instant ?? this.current, frameIndex: 0 };
    this.checkInstant(at.instant);
    const r = engine.resolveTarget(args.expression, at.instant, at.frameIndex);
    if (!r.ok) throw new AdapterError(ErrorCode.QueryFailed, r.reason, false);
    return { target: r.target, instant: at.instant };
  }

  protected customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    this.handle(response, () => {
      const engine = this.requireEngine();
      const a = (args ?? {}) as Record<string, unknown>;
      switch (command) {
        case ScopeRequest.seek: {
          const { instant } = a as unknown as SeekArgs;
          this.checkInstant(instant);
          response.body = { instant };
          this.sendResponse(response);
          this.stopAt(instant, 'goto', 'Moved on the timeline');
          return;
        }
        case ScopeRequest.summary: {
          const { from, to, buckets } = a as unknown as SummaryArgs;
          response.body = engine.summary(Number(from ?? 0), Number(to ?? engine.eventCount()), Math.max(1, Math.min(Number(buckets ?? 100), 10_000)));
          break;
        }
        case ScopeRequest.events: {
          const e = a as unknown as EventsArgs;
          response.body = engine.events(Number(e.from ?? 0), Number(e.to ?? engine.eventCount()), { kinds: e.kinds, text: e.text, file: e.file, limit: e.limit });
          break;
        }
        case ScopeRequest.history: {
          const { target } = this.targetFor(a as unknown as TargetArgs);
          const { limit } = a as unknown as HistoryArgs;
          const { entries, total } = engine.history(target, Math.max(2, Math.min(Number.isInteger(limit) ? limit! : HISTORY_LIMIT, HISTORY_LIMIT)));
          response.body = { entries, total, truncated: total > entries.length } satisfies HistoryResult;
          break;
        }
        case ScopeRequest.lastWrite: {
          const { target, instant } = this.targetFor(a as unknown as TargetArgs);
          const r = engine.lastWriteChain(target, instant);
          response.body = (r.ok ? { write: r.link } : { reason: r.reason }) satisfies LastWriteResult;
          break;
        }
        case ScopeRequest.search: {
          const s = a as unknown as SearchArgs;
          if (typeof s.text !== 'string' || !s.text) throw new AdapterError(ErrorCode.BadArguments, 'Give "text" to search for.');
          response.body = engine.search(s.text, s.limit);
          break;
        }
        case ScopeRequest.info: {
          response.body = {
            file: this.recordingFile,
            events: engine.eventCount(),
            lanes: engine.threads().map((t) => ({ thread: t.index, label: t.name })),
            current: this.current,
            complete: this.complete,
            dropped: this.store!.dropped,
          } satisfies InfoResult;
          break;
        }
        case ScopeRequest.lineHits: {
          const { file } = a as unknown as LineHitsArgs;
          if (typeof file !== 'string') throw new AdapterError(ErrorCode.BadArguments, 'Give "file": the path of a source file.');
          response.body = engine.lineHits(file);
          break;
        }
        default:
          throw new AdapterError(ErrorCode.NotSupported, `Unknown request ${command}.`, false);
      }
      this.sendResponse(response);
    });
  }

  // --- ending ------------------------------------------------------------------------------------

  private async endDebuggee(): Promise<void> {
    const debuggee = this.debuggee;
    if (!debuggee) return;
    if (debuggee.running()) debuggee.kill();
    await Promise.race([debuggee.exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }

  protected terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.handle(response, async () => {
      await this.endDebuggee();
      this.sendResponse(response);
      this.sendEvent(new TerminatedEvent());
    });
  }

  protected disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): void {
    this.handle(response, async () => {
      this.disconnecting = true;
      // A recording still being opened: stop reading it (its store is closed as it stops).
      this.opening?.abort.abort();
      if (args?.terminateDebuggee !== false) await this.endDebuggee();
      // The exit handler finishes the recording; wait for it so the file is complete.
      if (this.debuggee) await Promise.race([this.debuggee.recorder.finish().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      // Frees the store's spill file (a server-mode adapter outlives its sessions).
      this.store?.close();
      this.sendResponse(response);
      // Ends the adapter process in stdio mode (a no-op in server mode, which serves the next session).
      this.shutdown();
    });
  }
}
