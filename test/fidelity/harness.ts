/**
 * Runs programs plain and under `scope record` (the built CLI, real child processes) and collects
 * what a user would compare: stdout, exit status, and the source positions in stack traces.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
const TSX = path.join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const TYPESCRIPT = /\.[cm]?tsx?$/;

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
  signal: NodeJS.Signals | null;
}

export function run(command: string, args: string[], options: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status, signal });
    });
  });
}

/** The plain run a user compares with: tsx for TypeScript, node for JavaScript. */
export function runPlain(file: string, cwd: string): Promise<RunResult> {
  return TYPESCRIPT.test(file) ? run(process.execPath, [TSX, file], { cwd }) : run(process.execPath, [file], { cwd });
}

export interface RecordedRun extends RunResult {
  recording: string;
}

/** `scope record --mode MODE -- node FILE` (TypeScript runs directly: the loader hooks serve it). */
export async function runRecorded(file: string, cwd: string, mode: 'calls' | 'full', extra: string[] = [], command?: string[]): Promise<RecordedRun> {
  const recording = path.join(os.tmpdir(), `scope-fidelity-${process.pid}-${path.basename(file)}-${mode}-${Math.random().toString(36).slice(2)}.scope`);
  const result = await run(process.execPath, [CLI, 'record', '--mode', mode, '--out', recording, ...extra, '--', ...(command ?? [process.execPath, file])], { cwd, timeoutMs: 120_000 });
  return { ...result, recording };
}

/** Runs `fn` over `items` with at most `limit` at a time (the machine is shared: 2). */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** stderr without Scope's own `scope: …` lines. */
export function programStderr(stderr: string): string {
  return stderr.split('\n').filter((line) => !line.startsWith('scope: ')).join('\n');
}

export function scopeLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('scope: '));
}

/**
 * `file:line` of every stack position naming one of `files` (basenames), in order. Columns are
 * left out: the comparison the issue asks for is line numbers.
 */
export function stackLines(text: string, files: Set<string>): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/([\w.-]+\.[cm]?[jt]sx?):(\d+)(?::\d+)?/g)) {
    if (files.has(match[1])) out.push(`${match[1]}:${match[2]}`);
  }
  return out;
}

export function removeQuietly(file: string): void {
  fs.rmSync(file, { force: true });
}
