/**
 * Golden DAP transcripts: a scenario drives the real adapter process (dist/adapter.js) with
 * @vscode/debugadapter-testsupport's DebugClient, over a real recording of a fixture program, and
 * writes what a user would see — requests, responses, stops, stacks, variables, output — to
 * test/golden/transcripts/<name>.txt with volatile values (handles, paths, pids, timings)
 * replaced by stable names. The test compares it with the committed transcript;
 * UPDATE_GOLDEN=1 rewrites them (review every change: a golden that records a wrong answer is
 * worse than none).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(__dirname, 'fixtures');
const TRANSCRIPTS = path.join(__dirname, 'transcripts');
const ADAPTER = path.join(ROOT, 'dist', 'adapter.js');

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

type Message = DebugProtocol.Response | DebugProtocol.Event;

/** One adapter process and the transcript of a scenario. */
export class GoldenSession {
  readonly dc: DebugClient;
  readonly tmp = mkdtempSync(path.join(tmpdir(), 'scope-golden-'));
  private readonly lines: string[] = [];
  private readonly events: DebugProtocol.Event[] = [];
  private readonly waiters: { name: string; resolve: (e: DebugProtocol.Event) => void }[] = [];
  /** Output events, in order, by category: collected, printed when the scenario asks. */
  private output: { category: string; text: string }[] = [];
  private disconnected = false;

  /** `runtime`: the Node binary that runs the adapter (default: `node` on PATH). */
  constructor(readonly name: string, runtime = 'node') {
    if (!existsSync(ADAPTER)) throw new Error(`${ADAPTER} is missing: run npm run build first`);
    this.dc = new DebugClient(runtime, ADAPTER, 'scope', { cwd: ROOT }, true);
  }

  async start(): Promise<void> {
    await this.dc.start();
    // A write to an adapter that has exited (it crashed, say) fails its request; not the whole run.
    (this.dc as unknown as { _adapterProcess: { stdin: NodeJS.WritableStream } })._adapterProcess.stdin.on('error', () => undefined);
    // Observe every message the real client receives, in arrival order.
    const client = this.dc as unknown as { dispatch(body: string): void };
    const dispatch = client.dispatch.bind(client);
    client.dispatch = (body: string) => {
      const message = JSON.parse(body) as Message | DebugProtocol.Request;
      if (message.type === 'event') this.onEvent(message as DebugProtocol.Event);
      else if (message.type === 'request') void this.onReverseRequest(message as DebugProtocol.Request);
      dispatch(body);
    };
  }

  /**
   * Reverse requests from the adapter. runInTerminal is answered as VS Code's terminal would: the
   * command runs as a process of its own (not a child the adapter can see), and its id is returned.
   */
  private async onReverseRequest(request: DebugProtocol.Request): Promise<void> {
    let body: object | undefined;
    let success = true;
    if (request.command === 'runInTerminal') {
      const args = request.arguments as DebugProtocol.RunInTerminalRequestArguments;
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const [key, value] of Object.entries(args.env ?? {})) {
        if (value === null) delete env[key];
        else env[key] = value;
      }
      const terminal = spawn(args.args[0], args.args.slice(1), { cwd: args.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      terminal.stdout!.setEncoding('utf8').on('data', (text: string) => { this.terminalOutput += text; });
      this.note(`⇠ runInTerminal ${this.json({ kind: args.kind, title: args.title, cwd: args.cwd, args: args.args })}`);
      body = { processId: terminal.pid };
    } else {
      success = false;
    }
    const response = JSON.stringify({ type: 'response', seq: 0, request_seq: request.seq, command: request.command, success, body });
    (this.dc as unknown as { outputStream: NodeJS.WritableStream }).outputStream.write(`Content-Length: ${Buffer.byteLength(response, 'utf8')}\r\n\r\n${response}`, 'utf8');
  }

  /** What the program printed in the (stand-in) terminal. */
  terminalOutput = '';

  private onEvent(e: DebugProtocol.Event): void {
    if (e.event === 'output') {
      const body = (e as DebugProtocol.OutputEvent).body;
      this.output.push({ category: body.category ?? 'console', text: body.output });
      return;
    }
    const k = this.waiters.findIndex((w) => w.name === e.event);
    if (k >= 0) this.waiters.splice(k, 1)[0].resolve(e);
    else this.events.push(e);
  }

  /** The next event of that name (already received, or to come). */
  event(name: string, timeoutMs = 60_000): Promise<DebugProtocol.Event> {
    const k = this.events.findIndex((e) => e.event === name);
    if (k >= 0) return Promise.resolve(this.events.splice(k, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${name}' event within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ name, resolve: (e) => { clearTimeout(timer); resolve(e); } });
    });
  }

  /** Events of that name received so far (taken out of the queue). */
  takeEvents(name: string): DebugProtocol.Event[] {
    const taken = this.events.filter((e) => e.event === name);
    for (const e of taken) this.events.splice(this.events.indexOf(e), 1);
    return taken;
  }

  note(text: string): void {
    this.lines.push(this.stable(text));
  }

  /** Sends a request; records it and its response (or error with its code). */
  async request<T extends DebugProtocol.Response = DebugProtocol.Response>(command: string, args?: object, options: { quiet?: boolean } = {}): Promise<T> {
    const response = await new Promise<DebugProtocol.Response>((resolve) => {
      (this.dc as unknown as { doSend(c: string, a: unknown, cb: (r: DebugProtocol.Response) => void): void }).doSend(command, args, resolve);
    });
    if (!options.quiet) {
      this.note(`→ ${command} ${args ? this.json(args) : ''}`.trimEnd());
      if (response.success) this.note(`← ${response.body === undefined ? 'ok' : this.json(response.body)}`);
      else this.note(`← error ${(response.body as { error?: DebugProtocol.Message })?.error?.id ?? '?'}: ${response.message}`);
    }
    return response as T;
  }

  async ok<T extends DebugProtocol.Response = DebugProtocol.Response>(command: string, args?: object, options: { quiet?: boolean } = {}): Promise<T> {
    const r = await this.request<T>(command, args, options);
    assert.ok(r.success, `${command} failed: ${r.message}`);
    return r;
  }

  /**
   * initialize → launch → (initialized) breakpoints → configurationDone; returns the launch
   * response. `setup` runs between `initialized` and configurationDone.
   */
  async launch(args: object, setup: () => Promise<void> = async () => undefined): Promise<DebugProtocol.Response> {
    await this.start();
    await this.request('initialize', { adapterID: 'scope', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsProgressReporting: true, supportsRunInTerminalRequest: true }, { quiet: true });
    const launched = await this.request('launch', args);
    if (!launched.success) return launched;
    await this.event('initialized');
    await setup();
    await this.request('configurationDone', undefined, { quiet: true });
    return launched;
  }

  setBreakpoints(file: string, breakpoints: DebugProtocol.SourceBreakpoint[]): Promise<DebugProtocol.SetBreakpointsResponse> {
    return this.ok('setBreakpoints', { source: { path: fixture(file) }, breakpoints });
  }

  /** Waits for the next stop and records it with the stack, and the top frame's scopes one level deep. */
  /**
   * Waits for the next stop and records it with the stack, and the top frame's scopes one level
   * deep. `quiet`: where the stop lands depends on timing (a pause, a kill): record the reason and
   * the top function only.
   */
  async stopped(options: { variables?: boolean; quiet?: boolean } = {}): Promise<{ reason: string; line: number; file: string; frameId: number; threadId: number; name: string }> {
    const e = (await this.event('stopped')) as DebugProtocol.StoppedEvent;
    const { reason, threadId = 1, description, hitBreakpointIds } = e.body;
    await this.event('scope/moved');
    const stack = await this.ok<DebugProtocol.StackTraceResponse>('stackTrace', { threadId }, { quiet: true });
    const frames = stack.body.stackFrames;
    const top = frames[0];
    if (options.quiet) {
      this.note(`• stopped: ${reason}, thread ${threadId}, in ${top?.name ?? 'no frame'}`);
    } else {
      this.note(`• stopped: ${reason}${description ? ` — ${description}` : ''}${hitBreakpointIds?.length ? ` (breakpoint ${hitBreakpointIds.join(', ')})` : ''}, thread ${threadId}`);
      for (const f of frames) this.note(`    ${f.presentationHint === 'label' ? `— ${f.name} —` : `${f.name} (${f.source?.name ?? '?'}:${f.line}:${f.column})`}`);
      if (top && options.variables !== false) await this.dumpScopes(top.id);
    }
    return { reason, line: top?.line ?? 0, file: top?.source?.path ?? '', frameId: top?.id ?? 0, threadId, name: top?.name ?? '' };
  }

  async dumpScopes(frameId: number): Promise<void> {
    const scopes = await this.ok<DebugProtocol.ScopesResponse>('scopes', { frameId }, { quiet: true });
    for (const s of scopes.body.scopes) {
      if (s.expensive) { this.note(`    [${s.name}] (not expanded)`); continue; }
      const vars = await this.ok<DebugProtocol.VariablesResponse>('variables', { variablesReference: s.variablesReference }, { quiet: true });
      this.note(`    [${s.name}] ${vars.body.variables.map((v) => `${v.name} = ${v.value}`).join(', ')}`);
    }
  }

  /** Variables of a reference, one level, as `name = value` lines. */
  async dumpVariables(variablesReference: number, indent = '    '): Promise<DebugProtocol.Variable[]> {
    const vars = await this.ok<DebugProtocol.VariablesResponse>('variables', { variablesReference }, { quiet: true });
    for (const v of vars.body.variables) this.note(`${indent}${v.name} = ${v.value}${v.type ? ` : ${v.type}` : ''}${v.variablesReference ? ' ▸' : ''}`);
    return vars.body.variables;
  }

  /** Output received so far, one note per category, then cleared. */
  flushOutput(categories: string[] = ['stdout', 'stderr', 'console', 'important']): string {
    let all = '';
    for (const category of categories) {
      const text = this.output.filter((o) => o.category === category).map((o) => o.text).join('');
      if (text) this.note(`[output ${category}]\n${text.replace(/\n$/, '').split('\n').map((l) => `  | ${l}`).join('\n')}`);
      all += text;
    }
    this.output = [];
    return all;
  }

  /** Output received so far in those categories, taken out without being recorded (for text that varies, like a pid). */
  takeOutput(categories: string[]): string {
    const taken = this.output.filter((o) => categories.includes(o.category));
    this.output = this.output.filter((o) => !categories.includes(o.category));
    return taken.map((o) => o.text).join('');
  }

  /** Waits until output matching `pattern` has arrived. */
  async outputMatching(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(this.output.map((o) => o.text).join(''))) {
      if (Date.now() > until) throw new Error(`no output matching ${pattern} within ${timeoutMs} ms; got:\n${this.output.map((o) => o.text).join('')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private json(value: unknown): string {
    return JSON.stringify(value, (key, v) => {
      if ((key === 'variablesReference' || key === 'frameId') && typeof v === 'number') return v === 0 ? 0 : '<ref>';
      return v;
    });
  }

  /** Replaces what changes from run to run with stable names. */
  stable(text: string): string {
    return text
      .split(FIXTURES).join('<fixtures>')
      .split(this.tmp).join('<tmp>')
      .split(ROOT).join('<root>')
      .replace(/pid \d+/g, 'pid <pid>')
      .replace(/\d+(\.\d+)? ?ms\b/g, '<ms>');
  }

  /** Compares the transcript with the committed one (or rewrites it with UPDATE_GOLDEN=1). */
  async finish(): Promise<void> {
    await this.disconnect();
    rmSync(this.tmp, { recursive: true, force: true });
    const file = path.join(TRANSCRIPTS, `${this.name}.txt`);
    const text = `${this.lines.join('\n')}\n`;
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(file, text);
      return;
    }
    if (!existsSync(file)) throw new Error(`no golden transcript ${file}: run with UPDATE_GOLDEN=1, then review it`);
    assert.equal(text, readFileSync(file, 'utf8'), `transcript ${this.name} differs from ${file} (UPDATE_GOLDEN=1 rewrites it; review the diff)`);
  }

  /** After `finish`, or after a scenario that failed before it. */
  async dispose(): Promise<void> {
    await this.disconnect();
    rmSync(this.tmp, { recursive: true, force: true });
  }

  /**
   * Disconnects once (the adapter terminates the debuggee) and ends the adapter process.
   * DebugClient.stop() would send another `disconnect`: written to an adapter that already exited
   * after the first, it failed with an uncaught EPIPE (a scenario failing at random, under load).
   */
  private async disconnect(): Promise<void> {
    if (this.disconnected) return;
    this.disconnected = true;
    await this.request('disconnect', { terminateDebuggee: true }, { quiet: true }).catch(() => undefined);
    (this.dc as unknown as { stopAdapter(): void }).stopAdapter();
  }
}
