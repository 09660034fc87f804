/**
 * Starting the program to record: the recorder (socket server + .scope file), the environment that
 * makes every Node process below record, and the process itself — a child of the adapter whose
 * output is piped to the Debug Console, or a process in VS Code's terminal (runInTerminal).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { startRecorder, type Recorder } from '../store/recorder';
import { recordingEnv } from '../runtime/env';
import { AdapterError, ErrorCode } from './errors';
import type { RecordPlan } from './launch-config';

export interface DebuggeeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Debuggee {
  recorder: Recorder;
  /** The command line run, for the Debug Console. */
  commandLine: string;
  /** Resolves when the program has exited (for a terminal launch: when its process is gone). */
  exited: Promise<DebuggeeExit>;
  /** Ends the program (and, for a child, its process group). */
  kill(): void;
  running(): boolean;
  /** Suspends the program (SIGSTOP) — false where that is not possible (Windows, no process id). */
  suspend(): boolean;
  /** Resumes a suspended program (SIGCONT); a no-op otherwise. */
  resume(): void;
}

export interface DebuggeeHooks {
  output(text: string, stream: 'stdout' | 'stderr'): void;
  log(line: string): void;
  /** Runs the command in VS Code's terminal; resolves with the process id when the client gives one. */
  runInTerminal(args: { cwd: string; args: string[]; env: Record<string, string | null>; title: string }): Promise<number | undefined>;
}

function commandFor(plan: RecordPlan): string[] {
  return [plan.runtimeExecutable, ...plan.runtimeArgs, ...(plan.program ? [plan.program] : []), ...plan.args];
}

function childEnv(plan: RecordPlan, recorder: Recorder): Record<string, string> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(plan.env)) {
    if (value === null) delete base[key];
    else base[key] = value;
  }
  return recordingEnv({ recorderEnv: recorder.env, mode: plan.mode, include: plan.include, exclude: plan.exclude, libraries: plan.libraries, root: plan.cwd, cacheDir: plan.cacheDir, baseEnv: base });
}

const POLL_TERMINAL_MS = 300;

/**
 * Suspend/resume by job-control signals, to a process group (negative id) or one process. A
 * terminated program must also be continued, or a pending SIGTERM never takes effect.
 */
function jobControl(target: () => number | undefined, alive: () => boolean): Pick<Debuggee, 'suspend' | 'resume'> & { suspended(): boolean } {
  let suspended = false;
  const signal = (name: NodeJS.Signals): boolean => {
    const id = target();
    if (process.platform === 'win32' || id === undefined || !alive()) return false;
    try { process.kill(id, name); return true; } catch { return false; }
  };
  return {
    suspend: () => (suspended = signal('SIGSTOP')),
    resume: () => { if (suspended) { suspended = false; signal('SIGCONT'); } },
    suspended: () => suspended,
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startDebuggee(plan: RecordPlan, hooks: DebuggeeHooks): Promise<Debuggee> {
  try {
    mkdirSync(path.dirname(plan.recordingPath), { recursive: true });
  } catch (error) {
    throw new AdapterError(ErrorCode.BadAttribute, `Launch configuration: "recordingPath" — the folder ${path.dirname(plan.recordingPath)} cannot be created (${(error as NodeJS.ErrnoException).code}). Choose a writable folder.`);
  }
  let recorder: Recorder;
  try {
    recorder = await startRecorder({ out: plan.recordingPath, log: hooks.log });
  } catch (error) {
    throw new AdapterError(ErrorCode.SpawnFailed, `Cannot start recording: ${(error as Error).message}. Check "recordingPath", or run npm run build if a bundle is missing.`);
  }
  let env: Record<string, string>;
  try {
    env = childEnv(plan, recorder);
  } catch (error) {
    await recorder.finish().catch(() => undefined);
    throw new AdapterError(ErrorCode.RuntimeNotBuilt, `${(error as Error).message}`);
  }
  const command = commandFor(plan);
  const commandLine = command.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ');

  if (plan.console === 'integratedTerminal') {
    const pid = await hooks.runInTerminal({ cwd: plan.cwd, args: command, env, title: `Scope: ${path.basename(plan.program ?? commandLine)}` });
    let done = false;
    const exited = new Promise<DebuggeeExit>((resolve) => {
      // The terminal owns the process: poll it (when the client gave its id), else wait until every
      // recorded connection has closed.
      let sawConnection = false;
      const timer = setInterval(() => {
        const connections = recorder.stats().connections;
        if (connections > 0) sawConnection = true;
        const gone = pid !== undefined ? !processAlive(pid) : sawConnection && connections === 0;
        if (gone) {
          clearInterval(timer);
          done = true;
          resolve({ code: null, signal: null });
        }
      }, POLL_TERMINAL_MS);
    });
    const jobs = jobControl(() => pid, () => !done);
    return {
      recorder,
      commandLine,
      exited,
      running: () => !done,
      kill: () => {
        if (pid !== undefined && !done) { try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ } }
        jobs.resume();
      },
      suspend: jobs.suspend,
      resume: jobs.resume,
    };
  }

  let child: ChildProcess;
  try {
    // Its own process group, so ending the session ends `npx mocha` and the Node processes below it.
    child = spawn(command[0], command.slice(1), { cwd: plan.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
  } catch (error) {
    await recorder.finish().catch(() => undefined);
    throw new AdapterError(ErrorCode.SpawnFailed, `Cannot start ${command[0]}: ${(error as Error).message}. Check "runtimeExecutable".`);
  }
  const spawned = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', (error) => resolve(error));
  });
  if (spawned) {
    await recorder.finish().catch(() => undefined);
    throw new AdapterError(ErrorCode.SpawnFailed, `Launch configuration: "runtimeExecutable" — cannot start ${command[0]} (${(spawned as NodeJS.ErrnoException).code ?? spawned.message}). Install it or give its absolute path.`);
  }
  child.stdout!.setEncoding('utf8').on('data', (text: string) => hooks.output(text, 'stdout'));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => hooks.output(text, 'stderr'));
  let alive = true;
  const exited = new Promise<DebuggeeExit>((resolve) => {
    // 'close' comes after the output streams ended, so no output arrives after the exit is reported.
    child.once('close', (code, signal) => {
      alive = false;
      resolve({ code, signal });
    });
  });
  const jobs = jobControl(() => (child.pid === undefined ? undefined : -child.pid), () => alive);
  return {
    recorder,
    commandLine,
    exited,
    running: () => alive,
    kill: () => {
      if (!alive || child.pid === undefined) return;
      try {
        if (process.platform === 'win32') child.kill();
        else process.kill(-child.pid, 'SIGTERM');
      } catch { /* already gone */ }
      jobs.resume();
    },
    suspend: jobs.suspend,
    resume: jobs.resume,
  };
}
