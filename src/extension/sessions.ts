/**
 * Which Scope debug session the editor features and the timeline talk to, and what it reports.
 *
 * Invariant: `current` is a Scope session that has started and not terminated — the active debug
 * session when that is a Scope one, else the most recently started Scope session still alive.
 * A session is "ready" once the adapter has said something about its recording (a `scope/moved`
 * or `scope/recordingGrew` event): before that, its custom requests have no recording to answer.
 */
import * as vscode from 'vscode';
import { ScopeEvent, ScopeRequest, type InfoResult, type RecordingGrewBody, type SeekResult } from '../protocol/dap-custom';

export const DEBUG_TYPE = 'scope';

export class ScopeSessions implements vscode.Disposable {
  private alive: vscode.DebugSession[] = [];
  private ready = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.DebugSession | undefined>();
  private readonly moved = new vscode.EventEmitter<number>();
  private readonly grew = new vscode.EventEmitter<RecordingGrewBody>();
  /** The current session changed (started, became ready, switched, ended). */
  readonly onDidChange = this.changed.event;
  /** The current session moved to an instant. */
  readonly onDidMove = this.moved.event;
  /** The current session's recording grew (or finished: `running` false). */
  readonly onDidGrow = this.grew.event;
  /** The recording file of the last Scope session, for "Open Recording…" and "Export Recording". */
  lastRecording: string | undefined;
  /** Per session: VS Code's own DAP requests awaiting an answer, and when DAP traffic last passed. */
  private readonly traffic = new Map<string, { pending: number; last: number }>();

  constructor() {
    this.disposables.push(
      this.changed, this.moved, this.grew,
      vscode.debug.onDidStartDebugSession((s) => {
        if (s.type !== DEBUG_TYPE) return;
        this.alive.push(s);
        this.changed.fire(this.current);
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (s.type !== DEBUG_TYPE) return;
        const wasCurrent = s === this.current;
        this.alive = this.alive.filter((x) => x !== s);
        this.ready.delete(s.id);
        if (wasCurrent) this.changed.fire(this.current);
      }),
      vscode.debug.onDidChangeActiveDebugSession((s) => {
        if (s?.type === DEBUG_TYPE) this.changed.fire(this.current);
      }),
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => this.onCustomEvent(e)),
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, { createDebugAdapterTracker: (s) => this.trackTraffic(s) }),
    );
  }

  /**
   * Watches the DAP traffic of a session: after every stop VS Code asks for the stack, scopes and
   * variables of that stop, and the adapter renews its references at each move — so moving again
   * while those requests are out makes them fail. `whenSettled` waits for that traffic to end.
   */
  private trackTraffic(s: vscode.DebugSession): vscode.DebugAdapterTracker {
    const t = { pending: 0, last: Date.now() };
    this.traffic.set(s.id, t);
    const ours = (m: { command?: string }) => typeof m.command === 'string' && m.command.startsWith('scope/');
    return {
      onWillReceiveMessage: (m: { type?: string; command?: string }) => {
        t.last = Date.now();
        if (m.type === 'request' && !ours(m)) t.pending++;
      },
      onDidSendMessage: (m: { type?: string; command?: string }) => {
        t.last = Date.now();
        if (m.type === 'response' && !ours(m)) t.pending = Math.max(0, t.pending - 1);
      },
      onWillStopSession: () => { this.traffic.delete(s.id); },
    };
  }

  /**
   * Resolves once the session's DAP traffic has been quiet for `quietMs` (or after `maxMs`). A
   * heuristic: on a slow machine VS Code can pause longer than that between the requests of one
   * refresh, so the adapter must still answer a request from an earlier stop gracefully.
   */
  async whenSettled(s: vscode.DebugSession, quietMs = 200, maxMs = 3000): Promise<void> {
    const start = Date.now();
    for (;;) {
      const t = this.traffic.get(s.id);
      if (!t || (t.pending === 0 && Date.now() - t.last >= quietMs) || Date.now() - start >= maxMs) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  get current(): vscode.DebugSession | undefined {
    const active = vscode.debug.activeDebugSession;
    if (active && active.type === DEBUG_TYPE && this.alive.includes(active)) return active;
    return this.alive[this.alive.length - 1];
  }

  isReady(s: vscode.DebugSession | undefined): boolean {
    return !!s && this.ready.has(s.id);
  }

  private onCustomEvent(e: vscode.DebugSessionCustomEvent): void {
    if (e.session.type !== DEBUG_TYPE) return;
    const firstWord = !this.ready.has(e.session.id);
    if (e.event === ScopeEvent.moved || e.event === ScopeEvent.recordingGrew) this.ready.add(e.session.id);
    if (firstWord && e.session === this.current) this.changed.fire(e.session);
    if (e.session !== this.current) return;
    if (e.event === ScopeEvent.moved && Number.isSafeInteger(e.body?.instant)) this.moved.fire(e.body.instant);
    if (e.event === ScopeEvent.recordingGrew && e.body) {
      this.grew.fire(e.body as RecordingGrewBody);
      if (!e.body.running) void this.info().catch(() => undefined);
    }
  }

  /** Sends a Scope custom request to the current session; the error says what to do when there is none. */
  async request<T>(command: string, args: object = {}): Promise<T> {
    const s = this.current;
    if (!s) throw new Error('No Scope debug session. Start one with F5 on a "Scope Debug" configuration, or run "Scope: Open Recording…".');
    return (await s.customRequest(command, args)) as T;
  }

  /** Moves the current session to an instant once VS Code has finished showing the previous stop. */
  async seek(instant: number): Promise<SeekResult> {
    const s = this.current;
    if (s) await this.whenSettled(s);
    return this.request<SeekResult>(ScopeRequest.seek, { instant });
  }

  /** `scope/info` of the current session; remembers its recording file. */
  async info(): Promise<InfoResult> {
    const info = await this.request<InfoResult>(ScopeRequest.info);
    if (info.file) this.lastRecording = info.file;
    return info;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
