/**
 * The debuggee's entry (dist/runtime/bootstrap.js), loaded by `node --require` through NODE_OPTIONS
 * in every Node process of a recorded command and in every worker thread (NODE_OPTIONS reaches
 * them; a worker given an `env` of its own gets `--require` in its execArgv).
 *
 * `--require`, not `--import`: any `--import` makes Node 20 load even a CommonJS entry point
 * through its ES module loader, and the program can tell (`module.id`, `module.parent`,
 * `require.main`, the order of top-level `process.nextTick` and promise callbacks, the
 * `processTicksAndRejections` frame). A preload runs before the entry point is chosen, so Node
 * chooses as without Scope.
 *
 * Per thread, in this order:
 *  1. install the runtime (once: a second load finds it and does nothing);
 *  2. watch exit and uncaught exceptions — BEFORE the channel, whose own listeners flush, so our
 *     ThreadExit/ProcessExit/Uncaught records are written before that flush;
 *  3. open the channel (ring + drainer worker + connection) and point the probes at it;
 *  4. ProcessStart/ThreadStart, console capture, source maps;
 *  5. the CommonJS hook (Module.prototype._compile) and the ESM hooks (module.register);
 *  6. an `.mts` entry point, which Node would load as CommonJS, runs as the ES module it is;
 *  7. make worker threads load this bootstrap too;
 *  8. run the `process.nextTick` callbacks that starting threads queued, before the program's code.
 * Without SCOPE_ENDPOINT (not recording), in the drainer thread, or in Node's own loader-hooks
 * thread (which runs NODE_OPTIONS' `--require` too), it does nothing.
 */
import { readFileSync, realpathSync, writeSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import * as workerThreads from 'node:worker_threads';
import { CallSiteTranslator } from './call-sites';
import { channelConfigFromEnv, openChannel, type ChannelConfig } from './channel';
import { preloadOption, settingsFromEnv, type LoadSettings } from './env';
import { installCommonJsResolution, noteAliasTargets } from './module-resolution';
import { TYPESCRIPT_EXTENSIONS } from './files';
import { recordConsole, recordExit, recordUncaught, writeStartEvents } from './lifecycle';
import type { SiteTableJson } from '../protocol/sites';
import { installRuntime, RUNTIME_KEY, type Runtime } from './probes';
import { installOriginalSourceText, standIn, type InstrumentedFile } from './source-text';
import {
  createFileTransformer, instrumentationModes, instrumentFile, instrumentOptions, type FileTransformer, type HooksData, type InstrumentationMode, type InstrumenterApi,
} from './transform-file';

const LIVE_FLUSH_MS = 5;

/** dist/ — never instrumented; the instrumenter bundle and the hooks live there. */
const distDir = path.join(__dirname, '..');
/** This bundle's folder: frames of its files are Scope's, hidden from the program's stack traces. */
const scopeDir = __dirname + path.sep;

function start(config: ChannelConfig): void {
  const settings = settingsFromEnv(process.env);
  const runtime = installRuntime();
  runtime.annotateSites = noteAliasTargets;
  const thread = { isMainThread: workerThreads.isMainThread, threadId: workerThreads.threadId, name: config.threadName };
  recordExit(runtime, thread);
  recordUncaught(runtime);
  let channel;
  try {
    channel = openChannel({ ...config, ringBytes: ringBytes(process.env) });
  } catch (error) {
    writeSync(2, `scope: this process is not recorded: ${error instanceof Error ? error.message : String(error)}\n`);
    return;
  }
  runtime.attach(channel.writer);
  // Probes publish in batches; this keeps the adapter's live view at most a few ms behind.
  setInterval(() => runtime.capture.flush(), LIVE_FLUSH_MS).unref();
  writeStartEvents(runtime, thread);
  recordConsole(runtime);
  // Whether the program's own run has Node's source maps: see CallSiteTranslator.
  const programSourceMaps = programSourceMapsState();
  const instrumented = new Map<string, InstrumentedFile>();
  const modeOf = instrumentationModes(settings, [distDir]);
  const transform = createFileTransformer(settings, modeOf, loadInstrumenter, (file, code, map) => instrumented.set(file, { code, map }));
  installCommonJsHook(transform);
  // ES modules were instrumented in the hooks thread: the cache gives the same output here.
  const instrumentedOutput = (file: string) => instrumented.get(file) ?? esmOutput(file, settings, modeOf);
  const installToString = installOriginalSourceText({
    files: () => runtime.siteTables.keys(),
    sites: (file) => {
      const table = JSON.parse(runtime.siteTables.get(file) ?? '{"sites":[]}') as SiteTableJson;
      return table.mapped ? undefined : table.sites;
    },
    instrumented: instrumentedOutput,
  });
  // The CommonJS hook is a frame below every module's top level: stack traces leave Scope's out.
  const callSites = new CallSiteTranslator((file) => instrumentedOutput(file.startsWith('file:') ? fileURLToPath(file) : file), scopeDir, () => !programSourceMaps());
  const nodeFormatter = callSites.install(Error);
  if (nodeFormatter) runtime.capture.trustPrepareStackTrace(nodeFormatter);
  installVmHooks(transform, runtime, installToString, callSites);
  registerEsmHooks(settings);
  if (!workerThreads.isMainThread || /\.mts$/i.test(process.argv[1] ?? '')) runModuleEntryAsModule();
  recordWorkers();
  runQueuedTicks();
}

/**
 * Scope turns Node's source maps on (Node's formatter maps positions through the instrumented
 * outputs' maps); the program keeps its own setting: `process.sourceMapsEnabled` reads it, and
 * `process.setSourceMapsEnabled(v)` changes it, not Node's. tsx calls it with true as it starts:
 * its run prints a package's frames through the package's own source maps, a plain node run does
 * not (and a program reading the property saw true). Returns the program's setting (at first
 * --enable-source-maps, or a TypeScript entry point's), asked at each stack trace.
 */
function programSourceMapsState(): () => boolean {
  // A TypeScript entry point Scope runs itself stands for `tsx app.ts`, which turns them on.
  let enabled = process.sourceMapsEnabled === true || TYPESCRIPT_EXTENSIONS.has(path.extname(process.argv[1] ?? '').toLowerCase());
  const set = process.setSourceMapsEnabled;
  Reflect.apply(set, process, [true]);
  const property = Object.getOwnPropertyDescriptor(process, 'sourceMapsEnabled');
  if (property?.get !== undefined && property.configurable === true) {
    const get = standIn({ get() { return enabled; } }.get, property.get);
    Object.defineProperty(process, 'sourceMapsEnabled', { ...property, get });
  }
  process.setSourceMapsEnabled = standIn(function (this: unknown, value: boolean) {
    // Anything but a boolean: Node's own error, from Node's own check.
    if (typeof value !== 'boolean') return Reflect.apply(set, this, [value]) as void;
    enabled = value;
  }, set);
  return () => enabled;
}

/**
 * Starting a Worker (the drainer; Node's hooks thread, for `module.register`) queues
 * `process.nextTick` callbacks: its stdio piping and the process's 'worker' event. Left queued they
 * would run once the entry point's top level has run, where the program could tell: its
 * `process.on('worker')` listener would hear Scope's threads, and the promise callbacks its top
 * level queued would run from `processTicksAndRejections` (an extra stack frame) after those ticks
 * instead of from V8's microtask checkpoint. So they run now, before any of the program's code
 * (the bootstrap is the first preload). `process._tickCallback` is Node's `runNextTicks`; under
 * `--pending-deprecation` it is a wrapper that warns, and is left alone.
 */
function runQueuedTicks(): void {
  const tick = (process as unknown as { _tickCallback?: () => void })._tickCallback;
  if (typeof tick === 'function' && tick.name === 'runNextTicks') Reflect.apply(tick, process, []);
}

/**
 * Ring size per recorded thread. A record must fit in half the ring, and a file's site table is
 * one String record: a large bundle (prettier's index.mjs: 2 MB of site JSON) needs a big ring.
 * The memory is touched only as the ring fills. SCOPE_RING_BYTES overrides.
 */
const DEFAULT_RING_BYTES = 16 << 20;
function ringBytes(env: NodeJS.ProcessEnv): number {
  const requested = Number(env.SCOPE_RING_BYTES);
  return Number.isInteger(requested) && requested >= 1 << 16 ? requested : DEFAULT_RING_BYTES;
}

function esmOutput(file: string, settings: LoadSettings, modeOf: (file: string) => InstrumentationMode | undefined): InstrumentedFile | undefined {
  const mode = modeOf(file);
  if (mode === undefined) return undefined;
  try {
    return instrumentFile(readFileSync(file, 'utf8'), instrumentOptions(mode, file, 'esm'), settings.cacheDir, loadInstrumenter);
  } catch {
    return undefined;
  }
}

function loadInstrumenter(): InstrumenterApi {
  // Required lazily, by absolute path: it carries TypeScript (~9 MB) and only a cache miss needs it.
  return Module.createRequire(__filename)(path.join(distDir, 'instrumenter.js')) as InstrumenterApi;
}

interface CompilingModule {
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
}

/**
 * CommonJS: every module's source passes through `Module.prototype._compile` after Node's own
 * checks (ERR_REQUIRE_ESM and the like) — the one place to rewrite it. TypeScript extensions are
 * registered with the `.js` loader so `require('./x')` finds `x.ts` and compiles it through here.
 *
 * `require()` of an ES module (Node ≥ 20.19: a `.js` file of a `"type": "module"` package, say)
 * comes through here too, with a third argument `format` of 'module' (or 'module-typescript'):
 * Node then compiles the text as an ES module, so it must keep its module syntax.
 */
function installCommonJsHook(transform: FileTransformer): void {
  const proto = (Module as unknown as { prototype: CompilingModule }).prototype;
  const compile = proto._compile;
  proto._compile = standIn(function (this: CompilingModule, content: string, filename: string, ...rest: unknown[]) {
    const format = rest[0];
    const kind = typeof format === 'string' && format.startsWith('module') ? 'esm' : 'cjs';
    return Reflect.apply(compile, this, [transform(content, filename, kind), filename, ...rest]);
  }, compile);
  const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
  for (const ext of TYPESCRIPT_EXTENSIONS) {
    if (ext !== '.mts' && extensions[ext] === undefined) extensions[ext] = extensions['.js'];
  }
  installCommonJsResolution();
}

/**
 * Test runners that load modules themselves (Jest: `vm.compileFunction` in a context of its own
 * per test file) bypass `_compile`. Code compiled with a filename goes through the same
 * transformer (include/exclude decide), and every new context gets the runtime on its global, where
 * instrumented code looks for it.
 */
function installVmHooks(transform: FileTransformer, runtime: Runtime, installToString: (functionPrototype: object) => void, callSites: CallSiteTranslator): void {
  // Taken now: the program may patch them before it creates a context.
  const { defineProperty, hasOwn } = Object;
  const { compileFunction, createContext, runInContext, runInThisContext } = vm;
  const expose = (context: unknown) => {
    if ((typeof context !== 'object' || context === null) || hasOwn(context, RUNTIME_KEY)) return;
    try {
      defineProperty(context, RUNTIME_KEY, { value: runtime, enumerable: false, writable: false, configurable: true });
      // The context's functions have a Function.prototype of their own: toString there too.
      installToString(Reflect.apply(runInContext, vm, ['Function.prototype', context]) as object);
      callSites.install(Reflect.apply(runInContext, vm, ['Error', context]) as ErrorConstructor);
    } catch {
      // A frozen sandbox: its code runs with the no-op runtime of the prologue, unrecorded.
    }
  };
  const hooked = vm as { -readonly [K in keyof typeof vm]: (typeof vm)[K] };
  hooked.compileFunction = function (this: unknown, code: string, params?: readonly string[], options?: vm.CompileFunctionOptions) {
    const filename = options?.filename;
    if (options?.parsingContext) expose(options.parsingContext);
    const source = typeof code === 'string' && typeof filename === 'string' && path.isAbsolute(filename) ? transform(code, filename, 'cjs') : code;
    return Reflect.apply(compileFunction, this, [source, params, options]);
  } as typeof vm.compileFunction;
  hooked.createContext = function (this: unknown, ...args: unknown[]) {
    const context = Reflect.apply(createContext, this, args) as vm.Context;
    expose(context);
    return context;
  } as typeof vm.createContext;
  // Vitest runs each module as `'use strict';async (…)=>{{<module>\n}}` (its module runner): the
  // module inside is instrumented; any other script runs as given.
  const moduleInScript = (code: unknown, options: unknown) => {
    const filename = typeof options === 'object' && options !== null ? (options as { filename?: unknown }).filename : undefined;
    const wrapped = typeof code === 'string' && typeof filename === 'string' && path.isAbsolute(filename) ? VITEST_MODULE.exec(code) : null;
    return wrapped ? `${wrapped[1]}${transform(wrapped[2], filename as string, 'esm')}${wrapped[3]}` : code;
  };
  hooked.runInThisContext = function (this: unknown, code: string, options?: vm.RunningScriptOptions | string) {
    return Reflect.apply(runInThisContext, this, [moduleInScript(code, options), options]);
  } as typeof vm.runInThisContext;
  hooked.runInContext = function (this: unknown, code: string, context: vm.Context, options?: vm.RunningScriptOptions | string) {
    return Reflect.apply(runInContext, this, [moduleInScript(code, options), context, options]);
  } as typeof vm.runInContext;
  hookSourceTextModule(transform, expose);
}

/** `vm.SourceTextModule`'s options, as far as the hook reads them (the rest pass through). */
interface SourceTextModuleOptions {
  identifier?: unknown;
  context?: unknown;
}
type SourceTextModuleClass = new (code: string, options?: SourceTextModuleOptions) => object;

/**
 * Jest's ES module mode (`node --experimental-vm-modules`) compiles each module as a
 * `vm.SourceTextModule` whose identifier is its path: that text is instrumented as an ES module,
 * and its context gets the runtime. The class exists only under that flag. A subclass keeps
 * `instanceof vm.SourceTextModule` and `vm.Module` true for the modules a runner links.
 */
function hookSourceTextModule(transform: FileTransformer, expose: (context: unknown) => void): void {
  const vmModules = vm as unknown as { SourceTextModule?: SourceTextModuleClass };
  const Original = vmModules.SourceTextModule;
  if (typeof Original !== 'function') return;
  // Named as the original (standIn): a program may print the class's name.
  vmModules.SourceTextModule = standIn(class SourceTextModule extends Original {
    constructor(code: string, options?: SourceTextModuleOptions) {
      const identifier = options?.identifier;
      if (options?.context !== undefined) expose(options.context);
      const instrumentable = typeof code === 'string' && typeof identifier === 'string' && path.isAbsolute(identifier);
      super(instrumentable ? transform(code, identifier, 'esm') : code, options);
    }
  }, Original);
}

const VITEST_MODULE = /^('use strict';async \([\w$,]*\)=>\{\{)([\s\S]*)(\n\}\})$/;

function registerEsmHooks(settings: LoadSettings): void {
  const data: HooksData = { ...settings, distDir };
  Module.register(pathToFileURL(path.join(__dirname, 'hooks.mjs')).href, { data });
}

/** Exit code of an entry point whose top-level await never settled (Node's kUnfinishedTopLevelAwait). */
const UNFINISHED_TOP_LEVEL_AWAIT = 13;

interface EntryLoader {
  runMain(this: unknown, ...args: unknown[]): unknown;
  _load(this: unknown, request: unknown, parent: unknown, isMain?: unknown): unknown;
  _resolveFilename(request: string, parent: unknown, isMain?: boolean): string;
}

/**
 * Node runs an entry point through its ES module loader for `.mjs`, a `"type": "module"` package,
 * or any `--import`/`--loader`; otherwise its CommonJS loader gets it (`Module._load(main, null,
 * true)` from `Module.runMain`). An `.mts` file outside a module package is an ES module to the
 * loader hooks (as to tsx) but would reach the CommonJS loader: that one call is turned into an
 * import through the ES module loader, as Node's own ES module entry point runs (an unsettled
 * top-level await exits with 13, an error is uncaught from a promise). `Module._load` is replaced
 * only during `runMain`, up to its first call, so the program never sees the stand-in. Installed in
 * the main thread for an `.mts` argv[1], and in worker threads (their file is not known yet).
 */
function runModuleEntryAsModule(): void {
  const loader = Module as unknown as EntryLoader;
  const runMain = loader.runMain;
  if (typeof runMain !== 'function') return;
  loader.runMain = standIn(function (this: unknown, ...args: unknown[]) {
    const load = loader._load;
    const entryLoad = function (this: unknown, request: unknown, parent: unknown, isMain?: unknown) {
      loader._load = load;
      const file = isMain === true && parent === null ? moduleEntry(loader, request) : undefined;
      if (file === undefined) return Reflect.apply(load, this, [request, parent, isMain]);
      importEntry(file);
      return undefined;
    };
    loader._load = entryLoad;
    try {
      return Reflect.apply(runMain, this, args);
    } finally {
      if (loader._load === entryLoad) loader._load = load;
    }
  }, runMain);
}

/**
 * The entry's file when it is an `.mts` file (outside a module package, or Node would not ask).
 * `.mts` is no extension of the CommonJS loader's: the entry names it.
 */
function moduleEntry(loader: EntryLoader, request: unknown): string | undefined {
  if (typeof request !== 'string' || !/\.mts$/i.test(request)) return undefined;
  try {
    const file = realpathSync(loader._resolveFilename(request, null, true));
    return /\.mts$/i.test(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

function importEntry(file: string): void {
  const unsettled = () => { process.exitCode ??= UNFINISHED_TOP_LEVEL_AWAIT; };
  process.on('exit', unsettled);
  // The chained promise rejects unhandled: Node reports the error as uncaught, from a promise.
  void import(pathToFileURL(file).href).finally(() => process.off('exit', unsettled));
}

/**
 * A worker thread gets the bootstrap from NODE_OPTIONS (the process's, or the one in the `env` it
 * is given). A Worker given an `env` without it gets `--require=<this file>` in its execArgv too:
 * Node loads a preload named twice once. (The Worker class is replaced by a subclass that stands
 * in for it: `instanceof`, `.name`, `.length` and its source text are unchanged.)
 */
function recordWorkers(): void {
  // The module's real exports object (a namespace import may be a copy after bundling).
  const exports = Module.createRequire(__filename)('node:worker_threads') as { Worker: typeof workerThreads.Worker };
  const Original = exports.Worker;
  const flag = `--require=${__filename}`;
  const inNodeOptions = preloadOption(__filename);
  // Without an `env` (or with SHARE_ENV) the worker parses the process's NODE_OPTIONS, which has it.
  const reachedByEnv = (env: unknown) => typeof env !== 'object' || env === null
    || String((env as Record<string, unknown>).NODE_OPTIONS ?? '').includes(inNodeOptions);
  class Worker extends Original {
    constructor(filename: string | URL, options: workerThreads.WorkerOptions = {}) {
      const execArgv = options?.execArgv ?? process.execArgv;
      const needed = !reachedByEnv(options?.env) && !execArgv.includes(flag);
      super(filename, needed ? { ...options, execArgv: [...execArgv, flag] } : options);
    }
  }
  exports.Worker = standIn(Worker, Original);
  Module.syncBuiltinESMExports();
}

/**
 * Node's loader-hooks thread (started by `module.register`) runs NODE_OPTIONS' `--require` as any
 * thread does, but it runs no program code: it is not recorded. Every Worker of the program has a
 * `parentPort`; that thread has none (Node ≥ 22.14 also says `isInternalThread`).
 */
function inLoaderHooksThread(): boolean {
  const threads = workerThreads as typeof workerThreads & { isInternalThread?: boolean };
  return threads.isInternalThread === true || (!threads.isMainThread && threads.parentPort === null);
}

if ((globalThis as Record<symbol, unknown>)[RUNTIME_KEY] === undefined && !inLoaderHooksThread()) {
  const config = channelConfigFromEnv(process.env);
  if (config) start(config);
}
// Not one of the program's modules: out of the require.cache it may list or clear.
delete Module.createRequire(__filename).cache[__filename];
