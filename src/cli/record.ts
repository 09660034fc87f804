/**
 * `scope record [--mode calls|full] [--out FILE] [--include GLOB]… [--exclude GLOB]… [--libraries writes|none] -- COMMAND [ARGS…]`
 *
 * Starts a recorder, runs COMMAND with the recording environment (every Node process it starts
 * records: NODE_OPTIONS carries the bootstrap), waits for it, finishes the recording and prints
 * its path on stderr. The program's stdin, stdout, stderr and exit status pass through untouched:
 * stdio is inherited, and the exit code (or the signal that killed it) is returned as is.
 *
 * After the run, what was written uncompressed while the program flooded the recorder is
 * compressed (compact.ts): seconds to a minute for a big run, with progress on stderr (progress.ts).
 * Ctrl-C then stops that work and keeps the recording as written (valid, uncompressed); `scope`
 * says so and dies of the signal, as a shell expects of an interrupted command.
 *
 * `--libraries` says what happens to code not recorded (node_modules, files outside --include) in
 * full mode: `writes` (default) records its writes to objects the recording holds, `none` leaves
 * it as written.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordingEnv, type LibraryTreatment, type RecordingMode } from '../runtime/env';
import { startFileRecorder, type RecordingResult } from '../store/recorder';
import { formatBytes, SHOW_FROM_BYTES, StderrProgress } from './progress';

const USAGE = 'usage: scope record [--mode calls|full] [--out FILE] [--include GLOB]… [--exclude GLOB]… [--libraries writes|none] -- COMMAND [ARGS…]';

export interface RecordOptions {
  mode: RecordingMode;
  out?: string;
  include: string[];
  exclude: string[];
  libraries: LibraryTreatment;
  command: string[];
}

/** Parses the arguments; throws an Error whose message says what to fix. */
export function parseRecordArgs(argv: string[]): RecordOptions {
  const options: RecordOptions = { mode: 'full', include: [], exclude: [], libraries: 'writes', command: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      options.command = argv.slice(i + 1);
      break;
    }
    if (!arg.startsWith('-')) {
      options.command = argv.slice(i);
      break;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value\n${USAGE}`);
      return v;
    };
    switch (name) {
      case '--mode': {
        const mode = value();
        if (mode !== 'calls' && mode !== 'full') throw new Error(`--mode is 'calls' or 'full', not '${mode}'`);
        options.mode = mode;
        break;
      }
      case '--libraries': {
        const libraries = value();
        if (libraries !== 'writes' && libraries !== 'none') throw new Error(`--libraries is 'writes' or 'none', not '${libraries}'`);
        options.libraries = libraries;
        break;
      }
      case '--out': options.out = value(); break;
      case '--include': options.include.push(value()); break;
      case '--exclude': options.exclude.push(value()); break;
      default: throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  if (options.command.length === 0) throw new Error(`record needs a command to run, e.g. scope record -- node app.ts\n${USAGE}`);
  return options;
}

function defaultRecordingPath(cwd: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return path.join(cwd, '.scope', 'recordings', `${stamp}.scope`);
}

export async function run(argv: string[]): Promise<number> {
  const options = parseRecordArgs(argv);
  const cwd = process.cwd();
  const out = path.resolve(options.out ?? defaultRecordingPath(cwd));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // File only: nothing queries the run while it is recorded (scope info/query index the file later).
  const recorder = await startFileRecorder({ out });
  const env = recordingEnv({ recorderEnv: recorder.env, mode: options.mode, include: options.include, exclude: options.exclude, libraries: options.libraries, root: cwd });

  const [command, ...args] = options.command;
  const child = spawn(command, args, { stdio: 'inherit', env });
  // Ctrl-C reaches the whole terminal process group: the program decides what SIGINT does, and
  // we stay alive to finish the recording. A SIGTERM sent to us alone is passed on.
  const ignoreInterrupt = () => {};
  const forwardTerminate = () => child.kill('SIGTERM');
  process.on('SIGINT', ignoreInterrupt);
  process.on('SIGTERM', forwardTerminate);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  // The program has ended: Ctrl-C (or SIGTERM) now stops Scope's own work after the run — the
  // compression of what was written raw — and leaves the recording valid, as written. The
  // listeners replace the ones above without a gap, so a signal never kills us half-way.
  const afterRun = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => () => {
    stoppedBy ??= signal;
    afterRun.abort();
  };
  const stopOnInterrupt = stop('SIGINT');
  const stopOnTerminate = stop('SIGTERM');
  process.on('SIGINT', stopOnInterrupt);
  process.on('SIGTERM', stopOnTerminate);
  process.removeListener('SIGINT', ignoreInterrupt);
  process.removeListener('SIGTERM', forwardTerminate);

  const progress = new StderrProgress(process.stderr, SHOW_FROM_BYTES);
  let result: RecordingResult;
  try {
    result = await recorder.finish({
      signal: afterRun.signal,
      onCompactionStart: (bytes) => progress.start('compressing the recording', bytes,
        `scope: compressing the recording (${formatBytes(bytes)}, written as it came while the program ran); Ctrl-C leaves it uncompressed`, ' — Ctrl-C leaves it uncompressed'),
      onCompactionProgress: (done) => progress.update(done),
    });
  } finally {
    progress.end();
    process.removeListener('SIGINT', stopOnInterrupt);
    process.removeListener('SIGTERM', stopOnTerminate);
  }
  if (exit.error) {
    const notFound = (exit.error as NodeJS.ErrnoException).code === 'ENOENT';
    process.stderr.write(`scope: cannot run '${command}': ${notFound ? 'command not found (is it on PATH?)' : exit.error.message}\n`);
    return notFound ? 127 : 126;
  }
  if (result.compaction?.outcome === 'interrupted') {
    const size = formatBytes(result.compaction.bytesBefore);
    process.stderr.write(`scope: ${stoppedBy ?? 'stopped'}: the recording was not compressed; it is kept as written (${size}) and opens as it is\n`);
  }
  const dropped = result.dropped > 0 ? `, ${result.dropped} dropped` : '';
  process.stderr.write(`scope: recording written to ${result.path} (${result.events} events${dropped}${result.complete ? '' : ', incomplete'})\n`);
  // Die of the program's signal, so the shell sees the program's exit status; or of the one that
  // stopped us after the run, so that a shell script or loop interrupted by Ctrl-C stops too.
  const signal = exit.signal ?? stoppedBy;
  if (signal) {
    process.kill(process.pid, signal);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return 128;
  }
  return exit.code ?? 1;
}
