/**
 * Runs code in a fresh `vm` context, plain or instrumented, and records what the probes saw.
 *
 * The recording runtime here is a FAKE (this is the instrumenter's unit tier): it implements the
 * probe API of docs/ARCHITECTURE.md §2 and turns each probe call into one readable line, e.g.
 * `enter#2 add(1,2)`, `write total=3 #1`, `set n=3`, so specs can list the events they expect.
 * Frame numbers count CallEnters from 1 (the module is frame #1).
 */
import { format } from 'node:util';
import vm from 'node:vm';
import ts from 'typescript';
import { type InstrumentOptions, type TypeScriptSettings, instrument } from '../../src/instrument/index';
import type { Site } from '../../src/protocol/sites';
import { Runtime } from '../../src/runtime/probes';

export interface RunResult {
  /** What the program printed (console.log lines). */
  output: string[];
  /** One line per probe call, in order (instrumented runs only). */
  events: string[];
  /** The error the program threw at its top level, as `Name: message`. */
  error?: string;
  /** `module.exports` of the program (it runs as a CommonJS module). */
  exports: unknown;
}

/** The global object of the context a program runs in (shown as `globalThis`). */
let programGlobal: unknown;

function show(value: unknown): string {
  if (value !== undefined && value === programGlobal) return 'globalThis';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `fn ${value.name}`;
  if (value instanceof Error || (value && typeof value === 'object' && 'message' in value && 'stack' in value)) {
    return `${(value as Error).name}:${(value as Error).message}`;
  }
  if (Array.isArray(value)) return `[${value.map(show).join(',')}]`;
  if (value && typeof value === 'object') {
    const ctor = Object.getPrototypeOf(value)?.constructor?.name;
    return ctor && ctor !== 'Object' ? ctor : '{}';
  }
  return String(value);
}

export class RecordingRuntime {
  readonly events: string[] = [];
  private sites: Site[] = [];
  private base = 0;
  private frames = 0;

  register(file: string, json: string): number {
    this.base = 1000;
    this.sites = (JSON.parse(json) as { sites: Site[] }).sites;
    return this.base;
  }

  private site(id: number): Site {
    return this.sites[id - this.base];
  }

  private name(id: number): string {
    return this.site(id).name ?? '?';
  }

  /** Frames made by `bf`: a function created in one says so (`in block#N`). */
  private readonly blockFrames = new Set<number>();

  private enter(site: number, parent: number, self: unknown, args: unknown[]): number {
    const frame = ++this.frames;
    const s = this.site(site);
    const selfText = self === undefined ? '' : ` this=${show(self)}`;
    const inBlock = this.blockFrames.has(parent) ? ` in block#${parent}` : '';
    this.events.push(s.kind === 'module' ? `enter#${frame} module` : `enter#${frame} ${s.name}(${args.map(show).join(',')})${selfText}${inBlock}`);
    return frame;
  }

  c0 = (site: number, parent: number, self: unknown) => this.enter(site, parent, self, []);
  c1 = (site: number, parent: number, self: unknown, a: unknown) => this.enter(site, parent, self, [a]);
  c2 = (site: number, parent: number, self: unknown, a: unknown, b: unknown) => this.enter(site, parent, self, [a, b]);
  c3 = (site: number, parent: number, self: unknown, a: unknown, b: unknown, c: unknown) => this.enter(site, parent, self, [a, b, c]);
  cn = (site: number, parent: number, self: unknown, args: ArrayLike<unknown>) => this.enter(site, parent, self, Array.from(args));
  bf = (_site: number, parent: number) => {
    const frame = ++this.frames;
    this.blockFrames.add(frame);
    this.events.push(`block#${frame} in #${parent}`);
    return frame;
  };
  r = (site: number, frame: number, value: unknown) => { this.events.push(`return#${frame} ${this.name(site)} ${show(value)}`); return value; };
  u = (site: number, frame: number, error: unknown) => { this.events.push(`unwind#${frame} ${this.name(site)} ${show(error)}`); };
  /** An exception leaving a function, seen from its `finally`: no value there. */
  x = (site: number, frame: number) => { this.events.push(`unwind#${frame} ${this.name(site)}`); };
  t = (_site: number, frame: number, value: unknown) => { this.events.push(`throw#${frame} ${show(value)}`); return value; };
  k = (_site: number, frame: number, value: unknown) => { this.events.push(`catch#${frame} ${show(value)}`); };
  s = (site: number) => { const s = this.site(site); this.events.push(`stmt ${s.line}:${s.column}`); };
  w = (site: number, frame: number, value: unknown) => { this.events.push(`write ${this.name(site)}=${show(value)} #${frame}`); return value; };
  wa = (site: number, frame: number, old: unknown, value: unknown) => { this.events.push(`write ${this.name(site)}=${show(value)} (was ${show(old)}) #${frame}`); return value; };
  wp = (site: number, frame: number, result: unknown, value: unknown) => { this.events.push(`write ${this.name(site)}=${show(value)} #${frame}`); return result; };
  pa = (_site: number, object: unknown, key: unknown, old: unknown, value: unknown) => { this.events.push(`set ${show(object)}.${String(key)}=${show(value)} (was ${show(old)})`); return value; };
  pv = (_site: number, object: unknown, key: unknown, value: unknown) => { this.events.push(`set ${show(object)}.${String(key)}=${show(value)}`); return value; };
  pd = (_site: number, object: unknown, key: unknown, result: unknown) => { this.events.push(`delete ${show(object)}.${String(key)} ${show(result)}`); return result; };
  lw = (_site: number, object: unknown, key: unknown, value: unknown) => { this.events.push(`library set ${show(object)}.${String(key)}=${show(value)}`); return value; };
  /** The `new` forms (a value that may hold an unnamed function): the same events. */
  wn = namedForm(this.w);
  pvn = namedForm(this.pv);
  lwn = namedForm(this.lw);
  /** The runtime's own (it reads without running code: a spec can tell). */
  pk = (object: unknown, key: unknown) => Runtime.prototype.pk.call(undefined, object, key);
  ld = (_site: number, object: unknown, key: unknown, result: unknown) => { this.events.push(`library delete ${show(object)}.${String(key)} ${show(result)}`); return result; };
  mc = (site: number, receiver: unknown, result: unknown) => { this.events.push(`mutate ${show(receiver)}.${this.name(site)} ${show(result)}`); return result; };
  mf = (site: number, fn: unknown, receiver: unknown, result: unknown) => { this.events.push(`${this.name(site)} ${show(fn)} on ${show(receiver)} ${show(result)}`); return result; };
  ms = (site: number, namespace: unknown, changed: unknown, result: unknown) => { this.events.push(`changed ${JSON.stringify(changed)} by ${show(namespace)}.${this.name(site)}`); return result; };
  as = (_site: number, frame: number, value: unknown) => { this.events.push(`await#${frame} ${show(value)}`); return value; };
  ar = (_site: number, frame: number, value: unknown) => { this.events.push(`resume#${frame} ${show(value)}`); return value; };
  y = (_site: number, frame: number, value: unknown) => { this.events.push(`yield#${frame} ${show(value)}`); return value; };
  yr = (_site: number, frame: number, value: unknown) => { this.events.push(`next#${frame} ${show(value)}`); return value; };
}

/** A probe as the instrumented code calls it with `new` (`new ($$s.wn)(…).v`): a constructor. */
function namedForm(probe: (...args: never[]) => unknown): new (...args: unknown[]) => { v: unknown } {
  return function (this: { v: unknown }, ...args: unknown[]) {
    this.v = probe(...(args as never[]));
  } as unknown as new (...args: unknown[]) => { v: unknown };
}

/** Lets pending promise jobs and short timers of the program run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

/** Runs CommonJS-shaped `code` in a new context; `runtime` is installed as Scope's runtime if given. */
export async function runCode(code: string, filename: string, runtime?: RecordingRuntime): Promise<RunResult> {
  const output: string[] = [];
  const sandbox: Record<string, unknown> = {
    console: { log: (...args: unknown[]) => output.push(format(...args)) },
    setTimeout, setImmediate, queueMicrotask,
  };
  const context = vm.createContext(sandbox);
  programGlobal = vm.runInContext('globalThis', context);
  if (runtime) (programGlobal as Record<symbol, unknown>)[Symbol.for('scope.runtime.v1')] = runtime;
  const module: { exports: unknown } = { exports: {} };
  let error: string | undefined;
  try {
    const wrapper = vm.runInContext(`(function (exports, require, module) {${code}\n})`, context, { filename });
    wrapper.call(module.exports, module.exports, () => ({}), module);
    await settle();
  } catch (e) {
    error = show(e);
  }
  return { output, events: runtime?.events ?? [], exports: module.exports, ...(error === undefined ? {} : { error }) };
}

/** The program as Node would run it without Scope (TypeScript is transpiled like tsx would). */
export function runPlain(source: string, filename = '/virtual/test.ts', settings: TypeScriptSettings = {}): Promise<RunResult> {
  const { jsx: _jsx, ...compilerSettings } = settings;
  const code = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, ...compilerSettings },
  }).outputText;
  return runCode(code, filename);
}

export async function runInstrumented(source: string, options: Partial<InstrumentOptions> = {}): Promise<RunResult & { warnings: string[] }> {
  const filename = options.filename ?? '/virtual/test.ts';
  const result = instrument(source, { mode: options.mode ?? 'full', filename, moduleKind: 'cjs', typescript: options.typescript });
  const run = await runCode(result.code, filename, new RecordingRuntime());
  return { ...run, warnings: result.warnings };
}
