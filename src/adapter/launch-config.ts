/**
 * The "Scope Debug" launch configuration: its attributes (modelled on VS Code's Node debugger where
 * they mean the same), and their validation into a plan the session carries out. Every error names
 * the attribute and says what to do.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { AdapterError, ErrorCode } from './errors';

export interface ScopeLaunchArguments {
  program?: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string | null>;
  envFile?: string;
  runtimeExecutable?: string;
  runtimeArgs?: string[];
  console?: 'internalConsole' | 'integratedTerminal';
  stopOnEntry?: boolean;
  skipFiles?: string[];
  mode?: 'calls' | 'full';
  include?: string[];
  exclude?: string[];
  /** Code not recorded (node_modules): `writes` records its writes to recorded objects (default), `none` nothing. */
  libraries?: 'writes' | 'none';
  recordingPath?: string;
  /** Pause also suspends the running program (SIGSTOP) until the session moves forward past what is recorded. */
  pauseProgram?: boolean;
  recording?: string;
  /** Instrumentation cache folder (defaults to one under the recording's folder). */
  cacheDir?: string;
  /** VS Code adds these; accepted and ignored. */
  type?: string;
  request?: string;
  name?: string;
  __sessionId?: string;
}

interface Common {
  stopOnEntry: boolean;
  skipFiles: string[];
}

/** Run a program (or a test runner) recording it. */
export interface RecordPlan extends Common {
  kind: 'record';
  /** Absolute program path; undefined when the runtime's own arguments name what to run (`npx mocha`). */
  program?: string;
  args: string[];
  cwd: string;
  /** Variables to add (string) or remove (null) on top of the adapter's environment. */
  env: Record<string, string | null>;
  runtimeExecutable: string;
  runtimeArgs: string[];
  console: 'internalConsole' | 'integratedTerminal';
  mode: 'calls' | 'full';
  include?: string[];
  exclude?: string[];
  libraries: 'writes' | 'none';
  recordingPath: string;
  cacheDir: string;
  pauseProgram: boolean;
}

/** Open an existing recording: nothing runs. */
export interface OpenPlan extends Common {
  kind: 'open';
  recording: string;
}

export type LaunchPlan = RecordPlan | OpenPlan;

function bad(attribute: string, problem: string, fix: string, code: ErrorCode = ErrorCode.BadAttribute): AdapterError {
  return new AdapterError(code, `Launch configuration: "${attribute}" ${problem}. ${fix}`);
}

function optionalString(config: Record<string, unknown>, key: string): string | undefined {
  const v = config[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw bad(key, `must be a non-empty string (it is ${JSON.stringify(v)})`, 'Fix or remove it in launch.json.');
  return v;
}

function stringArray(config: Record<string, unknown>, key: string): string[] | undefined {
  const v = config[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw bad(key, `must be an array of strings (it is ${JSON.stringify(v)})`, `Write it as ["…", "…"].`);
  }
  return v as string[];
}

function optionalBoolean(config: Record<string, unknown>, key: string): boolean {
  const v = config[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw bad(key, `must be true or false (it is ${JSON.stringify(v)})`, 'Fix it in launch.json.');
  return v;
}

function oneOf<T extends string>(config: Record<string, unknown>, key: string, allowed: readonly T[], fallback: T, code: ErrorCode = ErrorCode.BadAttribute): T {
  const v = config[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw bad(key, `is ${JSON.stringify(v)}, which is not one of ${allowed.map((a) => `"${a}"`).join(', ')}`, `Use one of those (default "${fallback}").`, code);
  }
  return v as T;
}

/** Parses a dotenv-style file: KEY=VALUE lines, `#` comments, optional quotes, `export ` prefix. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
      value = value.slice(1, -1);
      if (m[2].startsWith('"')) value = value.replace(/\\n/g, '\n');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    env[m[1]] = value;
  }
  return env;
}

/** Finds an executable on PATH (or checks an explicit path); undefined when it is not there. */
export function findExecutable(command: string, envPath = process.env.PATH ?? ''): string | undefined {
  if (command.includes('/') || command.includes('\\')) return existsSync(command) ? command : undefined;
  const extensions = process.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = path.join(dir, command + ext);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch { /* not in this folder */ }
    }
  }
  return undefined;
}

function timestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

/** Validates a launch request's arguments; throws an AdapterError naming the attribute at fault. */
export function validateLaunchConfig(input: unknown, now = new Date()): LaunchPlan {
  // A launch request without arguments is a configuration with no attributes at all.
  if (input === undefined) input = {};
  if (typeof input !== 'object' || input === null) throw new AdapterError(ErrorCode.BadAttribute, 'Launch configuration: the arguments must be an object.');
  const config = input as Record<string, unknown>;
  const common: Common = {
    stopOnEntry: optionalBoolean(config, 'stopOnEntry'),
    skipFiles: stringArray(config, 'skipFiles') ?? [],
  };

  const recording = optionalString(config, 'recording');
  const program = optionalString(config, 'program');
  if (recording !== undefined) {
    if (program !== undefined) {
      throw bad('recording', 'and "program" are both set', 'Use "program" to record a new run, or "recording" to open an existing .scope file — not both.', ErrorCode.ProgramAndRecording);
    }
    const cwd = optionalString(config, 'cwd');
    const file = path.resolve(cwd ?? process.cwd(), recording);
    if (!existsSync(file)) throw bad('recording', `names ${file}, which does not exist`, 'Give the path of a .scope file written by a Scope Debug session or `scope record`.', ErrorCode.RecordingNotFound);
    if (!statSync(file).isFile()) throw bad('recording', `names ${file}, which is a folder`, 'Give the path of a .scope file inside it.', ErrorCode.NotARecording);
    return { kind: 'open', recording: file, ...common };
  }

  const runtimeArgs = stringArray(config, 'runtimeArgs') ?? [];
  const runtimeExecutableSet = config.runtimeExecutable !== undefined && config.runtimeExecutable !== null;
  const runtimeExecutable = optionalString(config, 'runtimeExecutable') ?? 'node';
  const cwdAttribute = optionalString(config, 'cwd');
  if (cwdAttribute !== undefined && !(existsSync(cwdAttribute) && statSync(cwdAttribute).isDirectory())) {
    throw bad('cwd', `is ${cwdAttribute}, which is not an existing folder`, 'Set it to the folder the program should run in (usually "${workspaceFolder}").', ErrorCode.CwdNotFound);
  }
  if (program === undefined && !(runtimeExecutableSet && runtimeArgs.length > 0)) {
    throw bad('program', 'is missing', 'Set "program" to the file to record (for example "${workspaceFolder}/src/index.ts"), or set "runtimeExecutable" and "runtimeArgs" to run a command such as npx mocha, or set "recording" to open a .scope file.', ErrorCode.MissingProgram);
  }
  let programPath: string | undefined;
  if (program !== undefined) {
    programPath = path.resolve(cwdAttribute ?? process.cwd(), program);
    if (!existsSync(programPath)) throw bad('program', `names ${programPath}, which does not exist`, 'Check the path; relative paths are resolved against "cwd".', ErrorCode.ProgramNotFound);
    if (!statSync(programPath).isFile()) throw bad('program', `names ${programPath}, which is a folder`, 'Name the entry file inside it.', ErrorCode.ProgramNotFound);
  }
  const cwd = path.resolve(cwdAttribute ?? (programPath ? path.dirname(programPath) : process.cwd()));

  const env: Record<string, string | null> = {};
  const envFile = optionalString(config, 'envFile');
  if (envFile !== undefined) {
    const file = path.resolve(cwd, envFile);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw bad('envFile', `names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'Fix the path or remove the attribute.', ErrorCode.EnvFileUnreadable);
    }
    Object.assign(env, parseEnvFile(text));
  }
  const envAttribute = config.env;
  if (envAttribute !== undefined && envAttribute !== null) {
    if (typeof envAttribute !== 'object' || Array.isArray(envAttribute)) throw bad('env', 'must be an object of variable names to string values', 'Write it as { "NAME": "value" }.');
    for (const [key, value] of Object.entries(envAttribute)) {
      if (value !== null && typeof value !== 'string') throw bad('env', `has ${key} = ${JSON.stringify(value)}, which is not a string`, 'Quote the value (or use null to remove the variable).');
      env[key] = value;
    }
  }

  if (runtimeExecutableSet && !findExecutable(runtimeExecutable, typeof env.PATH === 'string' ? env.PATH : process.env.PATH)) {
    throw bad('runtimeExecutable', `is "${runtimeExecutable}", which was not found on PATH`, 'Install it or give its absolute path.', ErrorCode.SpawnFailed);
  }

  const mode = oneOf(config, 'mode', ['calls', 'full'] as const, 'full', ErrorCode.UnknownMode);
  const consoleKind = oneOf(config, 'console', ['internalConsole', 'integratedTerminal'] as const, 'internalConsole');
  const name = programPath ? path.basename(programPath).replace(/\.[^.]+$/, '') : path.basename(runtimeArgs[0] ?? runtimeExecutable);
  const recordingPath = path.resolve(cwd, optionalString(config, 'recordingPath') ?? path.join('.scope', `${name}-${timestamp(now)}.scope`));
  const cacheDir = path.resolve(cwd, optionalString(config, 'cacheDir') ?? path.join(path.dirname(recordingPath), 'cache'));

  return {
    kind: 'record',
    ...common,
    program: programPath,
    args: stringArray(config, 'args') ?? [],
    cwd,
    env,
    runtimeExecutable,
    runtimeArgs,
    console: consoleKind,
    mode,
    include: stringArray(config, 'include'),
    exclude: stringArray(config, 'exclude'),
    libraries: oneOf(config, 'libraries', ['writes', 'none'] as const, 'writes'),
    recordingPath,
    cacheDir,
    pauseProgram: optionalBoolean(config, 'pauseProgram'),
  };
}
