/**
 * The probes instrumented code calls (docs/ARCHITECTURE.md §2), one `Runtime` per thread,
 * installed on `globalThis[Symbol.for('scope.runtime.v1')]`.
 *
 * Each probe encodes one record straight into the thread's ring: prep values (may emit String /
 * Snapshot metadata first), reserve, write words, commit. Probes return what they are given and
 * never throw into the program.
 *
 * Frames are numbered from 1 per thread in CallEnter order. The runtime keeps a shadow stack of the
 * frames running on this thread so that the stream it writes always nests:
 * - an await or yield suspends its frame (popped, remembered as suspended), the resume pushes it;
 * - a rejected await (or `gen.throw`/`gen.return`) resumes with no `ar`/`yr` probe: the next
 *   probe the frame itself runs (`k`, `u`, `t`, `r`) first writes the missing resume (threw = 1);
 * - a frame that returns or unwinds while frames above it never did (a path the instrumenter did
 *   not cover) first unwinds those, so readers never see a Return that does not match the top.
 */
import { writeSync } from 'node:fs';
import { types as utilTypes } from 'node:util';
import { ARRAY_MUTATORS, COLLECTION_MUTATORS, DATE_SETTERS, OBJECT_LOCKS, TYPED_ARRAY_MUTATORS } from '../protocol/mutators';
import { Kind } from '../protocol/wire';
import { Capture, isArrayQuietly, MAX_SLOTS, MUTATOR_DATE, MUTATOR_LOCK, MUTATOR_OTHER, MUTATOR_POP, MUTATOR_PUSH, NOT_RECORDED, type CaptureBudgets } from './capture';
import { lastAtOrBefore } from '../protocol/sorted';
import { privateMap } from './private-tables';
import type { RingWriter } from './ring';
import type { Site } from '../protocol/sites';

// Local copies: a property read per probe on an imported object is not free everywhere (CommonJS
// interop turns it into a getter call).
const { AwaitResume: K_AwaitResume, AwaitSuspend: K_AwaitSuspend, CallEnter: K_CallEnter, Catch: K_Catch, MutatingCall: K_MutatingCall, PropDelete: K_PropDelete, PropWrite: K_PropWrite, Return: K_Return, SiteTable: K_SiteTable, Statement: K_Statement, Throw: K_Throw, Uncaught: K_Uncaught, Unwind: K_Unwind, VarWrite: K_VarWrite, Yield: K_Yield, YieldResume: K_YieldResume } = Kind;

export const RUNTIME_KEY = Symbol.for('scope.runtime.v1');

const { isDate, isMap, isProxy, isSet, isTypedArray, isWeakMap, isWeakSet } = utilTypes;
const { getOwnPropertyDescriptor, getPrototypeOf } = Reflect;
const ObjectNamespace = Object;
/** The global object, taken before program code could reassign the `globalThis` binding. */
const GLOBAL_OBJECT: unknown = globalThis;
const ReflectNamespace = Reflect;

function mutatorNamed(name: unknown): number {
  if (name === 'push') return MUTATOR_PUSH;
  if (name === 'pop') return MUTATOR_POP;
  if ((OBJECT_LOCKS as readonly unknown[]).includes(name)) return MUTATOR_LOCK;
  return (DATE_SETTERS as readonly unknown[]).includes(name) ? MUTATOR_DATE : MUTATOR_OTHER;
}

/** The built-in mutators themselves, as this module found them (see `mf`). */
const BUILTIN_MUTATORS = builtinMutators();

function builtinMutators(): Map<unknown, number> {
  const found = privateMap<unknown, number>();
  const typedArrayPrototype = Reflect.getPrototypeOf(Uint8Array.prototype) as Record<string, unknown>;
  const take = (prototype: object, names: readonly string[]) => {
    for (const name of names) {
      const fn = (prototype as Record<string, unknown>)[name];
      if (typeof fn === 'function') found.set(fn, mutatorNamed(name));
    }
  };
  take(Array.prototype, ARRAY_MUTATORS);
  take(typedArrayPrototype, TYPED_ARRAY_MUTATORS);
  take(Map.prototype, COLLECTION_MUTATORS);
  take(Set.prototype, COLLECTION_MUTATORS);
  take(Date.prototype, DATE_SETTERS);
  return found;
}

/** Arguments recorded per call by `cn`; `this` takes slot 0. */
const MAX_ARGS = MAX_SLOTS - 2;

/** A writer that accepts nothing: the runtime before its channel is open, or without one. */
export const NULL_WRITER: RingWriter = { words: new Int32Array(0), reserve: () => -1, commit: () => {} };

const SUSPENDED_BY_YIELD = 1;

export class Runtime {
  readonly capture: Capture;
  private nextFrame = 1;
  private nextSiteBase = 1;
  /** Shadow stack: frames running on this thread, innermost last, with their function sites. */
  private stackFrames = new Int32Array(256);
  private stackSites = new Int32Array(256);
  private depth = 0;
  /** Registered files → their site table JSON, in registration order (see source-text.ts). */
  readonly siteTables = privateMap<string, string>();
  /** Suspended frame → suspending site * 2 (+1 when by a yield). */
  private readonly suspended = privateMap<number, number>();
  /** Suspended frame → its function site (to push it back on resume). */
  private readonly suspendedFunction = privateMap<number, number>();
  /** Global site id → MUTATOR_* for the `call` sites (0 elsewhere). */
  private siteMutators = new Uint8Array(256);
  /** The method name of each `call` site (the calls `mc` follows). */
  private readonly mutatorCallNames = privateMap<number, string>();
  /**
   * Libraries' site tables not written yet, by base site id (ascending): a library's table goes to
   * the recording with its first recorded write. Most library files never change a recorded
   * object (Jest loads 405 files: 285 KB of tables, where its run records 9 KB).
   */
  private readonly pendingBases: number[] = [];
  private readonly pendingTables = privateMap<number, { file: string; json: string; count: number }>();
  /** `suspended.size`, kept as a field: every return checks it. */
  private suspendedCount = 0;
  /**
   * Function sites of calls-mode files (1): a `this` they see for the first time gets an id and no
   * snapshot; its first capture after that takes one. Calls mode records no writes, and an object
   * built by a constructor is first seen as its `this`, before anything is assigned: snapshotted
   * there, it would show that empty state wherever it is passed later.
   */
  private defersThis = new Uint8Array(256);

  /**
   * `new ($$s.wn)(site, frame, value).v`, and `pvn`/`lwn` likewise for `pv`/`lw`: the same probe,
   * called with `new` where the value may hold a function without a name of its own
   * (`o.f = () => {}`, `x = y || function () {}`). V8 gives such a function the name of what it is
   * assigned to (stack traces print `at o.f`, not `at Object.f`), unless it stands in the
   * arguments of a call; those of a `new` keep it.
   */
  readonly wn: new (site: number, frame: number, value: unknown) => { v: unknown };
  readonly pvn: new (site: number, object: unknown, key: unknown, value: unknown) => { v: unknown };
  readonly lwn: new (site: number, object: unknown, key: unknown, value: unknown) => { v: unknown };

  constructor(writer: RingWriter = NULL_WRITER, budgets: Partial<CaptureBudgets> = {}) {
    this.capture = new Capture(writer, budgets);
    const rt = this;
    this.wn = function (this: { v: unknown }, site: number, frame: number, value: unknown) {
      this.v = rt.w(site, frame, value);
    } as unknown as Runtime['wn'];
    this.pvn = function (this: { v: unknown }, site: number, object: unknown, key: unknown, value: unknown) {
      this.v = rt.pv(site, object, key, value);
    } as unknown as Runtime['pvn'];
    this.lwn = function (this: { v: unknown }, site: number, object: unknown, key: unknown, value: unknown) {
      this.v = rt.lw(site, object, key, value);
    } as unknown as Runtime['lwn'];
  }

  /**
   * Adds to a site table what only the running process knows (where the project's tsconfig aliases
   * take its imports: module-resolution.ts noteAliasTargets); true when it changed the table. Set
   * by the bootstrap.
   */
  annotateSites: ((file: string, sites: Site[]) => boolean) | undefined;

  /** Points the runtime at the thread's ring (the channel opens after the runtime is installed). */
  attach(writer: RingWriter): void {
    this.capture.writer = writer;
  }

  // --- module registration ---------------------------------------------------------------------

  /** Registers a file's site table; returns the id of its site 0. */
  register(file: string, siteTable: string | { sites: unknown[] }): number {
    const base = this.nextSiteBase;
    try {
      const table = (typeof siteTable === 'string' ? JSON.parse(siteTable) : siteTable) as { sites: Site[]; mode?: unknown };
      const json = typeof siteTable !== 'string' || this.annotateSites?.(file, table.sites) ? JSON.stringify(table) : siteTable;
      const count = table.sites.length;
      this.nextSiteBase += count;
      this.noteSiteFlags(base, table.sites, table.mode === 'calls');
      this.siteTables.set(file, json);
      if (table.mode === 'writes') {
        this.pendingBases[this.pendingBases.length] = base;
        this.pendingTables.set(base, { file, json, count });
      } else {
        this.writeSiteTable(file, json, base, count);
      }
    } catch {
      // A malformed table: the file's events will name unknown sites, the program is unaffected.
    }
    return base;
  }

  private writeSiteTable(file: string, json: string, base: number, count: number): void {
    const cap = this.capture;
    const fileId = cap.internString(file);
    const jsonId = cap.emitString(json);
    if (jsonId === 0) {
      this.say(`scope: the site table of ${file} (${Math.round(json.length / 1024)} KiB) could not be written to the recording (the ring dropped it); its events have no source positions\n`);
      return;
    }
    const at = cap.reserve(5);
    if (at >= 0) {
      const w = cap.writer.words;
      w[at] = K_SiteTable | (5 << 8);
      w[at + 1] = base;
      w[at + 2] = count;
      w[at + 3] = fileId;
      w[at + 4] = jsonId;
      cap.publish();
    }
  }

  /** Writes the pending library table holding `site`, if there is one (before an event names the site). */
  private writePendingTable(site: number): void {
    const bases = this.pendingBases;
    const lo = lastAtOrBefore(bases, site);
    const base = bases[lo];
    const table = base <= site ? this.pendingTables.get(base) : undefined;
    if (table === undefined || site >= base + table.count) return;
    // No `splice`: the program may have replaced Array.prototype's methods.
    for (let i = lo; i < bases.length - 1; i++) bases[i] = bases[i + 1];
    bases.length--;
    this.pendingTables.delete(base);
    this.writeSiteTable(table.file, table.json, base, table.count);
  }

  /**
   * Remembers which `call` sites (built-in mutator calls, `mc`) call `push`, `pop` or a Date
   * setter, and, in a calls-mode file, which sites are functions (see `defersThis`).
   */
  private noteSiteFlags(base: number, sites: unknown[], callsMode: boolean): void {
    this.siteMutators = withRoom(this.siteMutators, base + sites.length);
    this.defersThis = withRoom(this.defersThis, base + sites.length);
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i] as { kind?: unknown; name?: unknown } | null;
      if (site === null || typeof site !== 'object') continue;
      if (site.kind === 'call') {
        this.siteMutators[base + i] = mutatorNamed(site.name);
        if (typeof site.name === 'string') this.mutatorCallNames.set(base + i, site.name);
      }
      else if (site.kind === 'function' && callsMode) this.defersThis[base + i] = 1;
    }
  }

  /** Writes a `scope:` line to stderr (console.error would be recorded and could be patched). */
  private say(message: string): void {
    try {
      writeSync(2, message);
    } catch {
      // stderr closed: nothing to tell
    }
  }

  // --- calls -----------------------------------------------------------------------------------

  c0(site: number, parentFrame: number, self: unknown): number {
    const frame = this.nextFrame++;
    const cap = this.capture;
    const n = 6 + this.prepThis(self, site);
    const at = cap.writer.reserve(n);
    if (at >= 0) {
      const w = cap.writer.words;
      this.callHeader(w, at, n, site, frame, parentFrame);
      w[cap.put(w, at + 4, 0)] = 0;
      cap.publish();
    }
    this.push(frame, site);
    return frame;
  }

  c1(site: number, parentFrame: number, self: unknown, a: unknown): number {
    const frame = this.nextFrame++;
    const cap = this.capture;
    const n = 6 + this.prepThis(self, site) + cap.prep(a, 1);
    const at = cap.writer.reserve(n);
    if (at >= 0) {
      const w = cap.writer.words;
      this.callHeader(w, at, n, site, frame, parentFrame);
      const p = cap.put(w, at + 4, 0);
      w[p] = 1;
      cap.put(w, p + 1, 1);
      cap.publish();
    }
    this.push(frame, site);
    return frame;
  }

  c2(site: number, parentFrame: number, self: unknown, a: unknown, b: unknown): number {
    const frame = this.nextFrame++;
    const cap = this.capture;
    const n = 6 + this.prepThis(self, site) + cap.prep(a, 1) + cap.prep(b, 2);
    const at = cap.writer.reserve(n);
    if (at >= 0) {
      const w = cap.writer.words;
      this.callHeader(w, at, n, site, frame, parentFrame);
      const p = cap.put(w, at + 4, 0);
      w[p] = 2;
      cap.put(w, cap.put(w, p + 1, 1), 2);
      cap.publish();
    }
    this.push(frame, site);
    return frame;
  }

  c3(site: number, parentFrame: number, self: unknown, a: unknown, b: unknown, c: unknown): number {
    const frame = this.nextFrame++;
    const cap = this.capture;
    const n = 6 + this.prepThis(self, site) + cap.prep(a, 1) + cap.prep(b, 2) + cap.prep(c, 3);
    const at = cap.writer.reserve(n);
    if (at >= 0) {
      const w = cap.writer.words;
      this.callHeader(w, at, n, site, frame, parentFrame);
      const p = cap.put(w, at + 4, 0);
      w[p] = 3;
      cap.put(w, cap.put(w, cap.put(w, p + 1, 1), 2), 3);
      cap.publish();
    }
    this.push(frame, site);
    return frame;
  }

  /** Any arity: `args` is the function's `arguments` (or an array); past MAX_ARGS are not recorded. */
  cn(site: number, parentFrame: number, self: unknown, args: ArrayLike<unknown>): number {
    const frame = this.nextFrame++;
    const cap = this.capture;
    const argc = args.length < MAX_ARGS ? args.length : MAX_ARGS;
    let n = 6 + this.prepThis(self, site);
    for (let i = 0; i < argc; i++) n += cap.prep(args[i], i + 1);
    const at = cap.writer.reserve(n);
    if (at >= 0) {
      const w = cap.writer.words;
      this.callHeader(w, at, n, site, frame, parentFrame);
      let p = cap.put(w, at + 4, 0);
      w[p++] = argc;
      for (let i = 0; i < argc; i++) p = cap.put(w, p, i + 1);
      cap.publish();
    }
    this.push(frame, site);
    return frame;
  }

  /** `prep` of a call's `this` (slot 0): in a calls-mode function, a first sight takes no snapshot (see `defersThis`). */
  private prepThis(self: unknown, site: number): number {
    // The global object (a sloppy function's `this`) is no object being built.
    const defer = site < this.defersThis.length && this.defersThis[site] === 1 && self !== GLOBAL_OBJECT;
    return defer ? this.capture.prepWithoutSnapshot(self, 0) : this.capture.prep(self, 0);
  }

  private callHeader(w: Int32Array, at: number, n: number, site: number, frame: number, parentFrame: number): void {
    w[at] = K_CallEnter | (n << 8);
    w[at + 1] = site;
    w[at + 2] = frame;
    w[at + 3] = parentFrame;
  }

  r(site: number, frame: number, value: unknown): unknown {
    if (this.suspendedCount !== 0) this.resumeIfSuspended(frame, value);
    this.popTo(frame);
    this.siteFrameValue(K_Return, site, frame, value);
    return value;
  }

  /**
   * A function left by an exception, reported from its body's `finally` (see tryClose in
   * src/instrument/templates.ts): the exception itself is not at hand there, so the Unwind carries
   * NotRecorded; readers take its value from the Throw that started it or the Catch or Uncaught
   * that ended it (src/adapter/exception-stops.ts).
   */
  x(site: number, frame: number): void {
    this.u(site, frame, NOT_RECORDED);
  }

  u(site: number, frame: number, error: unknown): void {
    if (this.suspendedCount !== 0) this.resumeIfSuspended(frame, error);
    this.popTo(frame);
    this.siteFrameValue(K_Unwind, site, frame, error);
  }

  t(site: number, frame: number, value: unknown): unknown {
    if (this.suspendedCount !== 0) this.resumeIfSuspended(frame, value);
    this.siteFrameValue(K_Throw, site, frame, value);
    return value;
  }

  k(site: number, frame: number, error: unknown): void {
    if (this.suspendedCount !== 0) this.resumeIfSuspended(frame, error);
    this.unwindAbove(frame);
    this.siteFrameValue(K_Catch, site, frame, error);
  }

  // --- statements and writes (full mode) -------------------------------------------------------

  s(site: number): void {
    const writer = this.capture.writer;
    const at = writer.reserve(2);
    if (at < 0) return;
    const w = writer.words;
    w[at] = K_Statement | (2 << 8);
    w[at + 1] = site;
    this.capture.publish();
  }

  /**
   * A new per-iteration scope of a loop whose let/const bindings closures capture (full mode): a
   * fresh frame id from the thread's counter, NOT pushed on the shadow stack (the code keeps
   * running in its function's frame). Writes to the iteration's bindings and closures created in
   * it name this frame, so each closure keeps its own iteration's bindings.
   */
  bf(site: number, parentFrame: number): number {
    const frame = this.nextFrame++;
    const writer = this.capture.writer;
    const at = writer.reserve(4);
    if (at >= 0) {
      const w = writer.words;
      w[at] = Kind.BlockEnter | (4 << 8);
      w[at + 1] = site;
      w[at + 2] = frame;
      w[at + 3] = parentFrame;
      this.capture.publish();
    }
    return frame;
  }

  w(site: number, frame: number, value: unknown): unknown {
    this.siteFrameValue(K_VarWrite, site, frame, value);
    return value;
  }

  /** `x += y`: `old` is the value `x` had (a long string's first units are read from it). */
  wa(site: number, frame: number, old: unknown, value: unknown): unknown {
    const cap = this.capture;
    if (typeof old !== 'string' || typeof value !== 'string' || old.length <= cap.budgets.stringUnits) {
      this.siteFrameValue(K_VarWrite, site, frame, value);
      return value;
    }
    cap.prepAppended(site, old, value, 0);
    this.siteFrameSlot(K_VarWrite, site, frame, 2);
    return value;
  }

  /** Postfix `x++`: the expression's result is the old value, the binding gets `newValue`. */
  wp(site: number, frame: number, result: unknown, newValue: unknown): unknown {
    this.siteFrameValue(K_VarWrite, site, frame, newValue);
    return result;
  }

  /**
   * `object[key]` read again without running any code of the program's: the value of a data
   * property found up the prototype chain; undefined at an accessor, a Proxy, a primitive or an
   * uninitialised module binding. For `a.b.f = () => {}`, whose object `a.b` the instrumenter
   * cannot put in a temporary without changing the name V8 gives the function (see `wn`).
   */
  pk(object: unknown, key: unknown): unknown {
    try {
      for (let o = object; (typeof o === 'object' && o !== null) || typeof o === 'function'; o = getPrototypeOf(o)) {
        if (isProxy(o)) return undefined;
        const descriptor = getOwnPropertyDescriptor(o, key as PropertyKey);
        if (descriptor !== undefined) return 'value' in descriptor ? descriptor.value : undefined;
      }
    } catch {
      // A module namespace's binding not initialised yet.
    }
    return undefined;
  }

  /** A property write about to happen: the object is snapshotted first if never seen. */
  pv(site: number, object: unknown, key: unknown, value: unknown): unknown {
    this.propertyRecord(K_PropWrite, site, object, key, value, true, false);
    return value;
  }

  /** `object[key] += …` in a recorded file: `old` is the value before (see `wa`). */
  pa(site: number, object: unknown, key: unknown, old: unknown, value: unknown): unknown {
    const appended = typeof old === 'string' && typeof value === 'string' && old.length > this.capture.budgets.stringUnits;
    this.propertyRecord(K_PropWrite, site, object, key, value, true, false, appended ? old : undefined);
    return value;
  }

  /** After `delete object[key]`; `result` is the delete expression's value. */
  pd(site: number, object: unknown, key: unknown, result: unknown): unknown {
    this.propertyRecord(K_PropDelete, site, object, key, undefined, false, false);
    return result;
  }

  /**
   * A property write in a library's code (writes mode, see src/instrument/transform.ts `Mode`):
   * recorded only when the object has a snapshot in the recording. Any other object is the
   * library's own business, and if the program ever sees it, its first snapshot shows it as it is.
   */
  lw(site: number, object: unknown, key: unknown, value: unknown): unknown {
    this.propertyRecord(K_PropWrite, site, object, key, value, true, true);
    return value;
  }

  /** After `delete object[key]` in a library's code: as `lw`. */
  ld(site: number, object: unknown, key: unknown, result: unknown): unknown {
    this.propertyRecord(K_PropDelete, site, object, key, undefined, false, true);
    return result;
  }

  /**
   * PropWrite (`site, object, key, value`) or PropDelete (`site, object, key`); primitives are
   * skipped. Recorded code snapshots an object at its first write; a library's (`libraryCode`)
   * writes only to an object the recording holds, its site table going first if not yet written.
   */
  private propertyRecord(kind: number, site: number, object: unknown, key: unknown, value: unknown, withValue: boolean, libraryCode: boolean, appendedTo?: string): void {
    if ((typeof object !== 'object' || object === null) && typeof object !== 'function') return;
    const cap = this.capture;
    // The identity first: most of a library's writes are to its own objects, which end it there.
    const id = libraryCode ? cap.snapshottedId(object) : cap.objectId(object, 0);
    if (id === 0) return;
    if (kind === K_PropWrite && (!cap.storesOwnData(object, key) || !cap.writeTakesEffect(object, key))) return;
    if (libraryCode && this.pendingBases.length !== 0) this.writePendingTable(site);
    cap.writeProperty(kind, site, object, id, key, value, withValue, appendedTo);
  }



  /**
   * After a built-in mutator (`push`, `splice`, `sort`, `set`, …) ran on `receiver`. A receiver
   * already in the recording gets records of what changed (see `Capture.recordMutation`: element
   * writes for an array's push/pop, a fresh Snapshot otherwise), then a MutatingCall event. A
   * receiver never recorded needs nothing: its first snapshot will show the state after the call.
   */
  mc(site: number, receiver: unknown, result: unknown): unknown {
    const mutator = site < this.siteMutators.length ? this.siteMutators[site] : MUTATOR_OTHER;
    // `setHours` of a program's own class: its code records its own writes.
    if (mutator === MUTATOR_DATE && !isDate(receiver)) return result;
    if (!this.mayHaveCalledBuiltin(site, receiver)) return result;
    return this.mutated(site, receiver, result, mutator);
  }

  /**
   * Whether the method `mc`'s site called on `receiver` may have been a built-in mutator: the
   * receiver is an array, a typed array, a Map, a Set, a Date (or a Proxy: not looked into), or the
   * method it finds by that name is one. A program's own `push` or `add` (markdown-it's
   * `state.push`, any `list.add`) records its own writes; re-snapshotting its object at every
   * call cost as much as the object (and read every long string in it again).
   */
  private mayHaveCalledBuiltin(site: number, receiver: unknown): boolean {
    if ((typeof receiver !== 'object' || receiver === null) && typeof receiver !== 'function') return false;
    // A Proxy (revoked ones included, on which Array.isArray throws) last: arrays are the usual receiver.
    if (isArrayQuietly(receiver) || isTypedArray(receiver) || isMap(receiver) || isSet(receiver) || isWeakMap(receiver) || isWeakSet(receiver) || isDate(receiver) || isProxy(receiver)) return true;
    const name = this.mutatorCallNames.get(site);
    if (name === undefined) return true;
    for (let o: object | null = receiver; o !== null; o = getPrototypeOf(o)) {
      if (isProxy(o)) return true;
      const descriptor = getOwnPropertyDescriptor(o, name);
      if (descriptor !== undefined) return !('get' in descriptor) ? BUILTIN_MUTATORS.has(descriptor.value) : true;
    }
    return false;
  }

  /**
   * After `fn.call(receiver, …)`, `fn.apply(receiver, …)` or `Reflect.apply(fn, receiver, …)`:
   * when `fn` is one of the built-in mutators, as `mc`.
   */
  mf(site: number, fn: unknown, receiver: unknown, result: unknown): unknown {
    if (typeof fn !== 'function') return result;
    const mutator = BUILTIN_MUTATORS.get(fn);
    return mutator === undefined ? result : this.mutated(site, receiver, result, mutator);
  }

  /**
   * After `namespace.assign(changed, …)` and the like: recorded when `namespace` is `Object` or
   * `Reflect`. After one that may make a property read-only or close the object (OBJECT_LOCKS),
   * later writes to it are checked (see `propertyRecord`); `assign` and the others cost them nothing.
   */
  ms(site: number, namespace: unknown, changed: unknown, result: unknown): unknown {
    if (namespace !== ObjectNamespace && namespace !== ReflectNamespace) return result;
    const locks = site < this.siteMutators.length && this.siteMutators[site] === MUTATOR_LOCK;
    if (locks && ((typeof changed === 'object' && changed !== null) || typeof changed === 'function')) this.capture.guardWrites(changed);
    return this.mutated(site, changed, result, MUTATOR_OTHER);
  }

  private mutated(site: number, receiver: unknown, result: unknown, mutator: number): unknown {
    if ((typeof receiver !== 'object' || receiver === null) && typeof receiver !== 'function') return result;
    const cap = this.capture;
    const snapshotted = cap.snapshottedId(receiver);
    if (snapshotted === 0) return result;
    if (this.pendingBases.length !== 0) this.writePendingTable(site);
    const id = cap.recordMutation(receiver, snapshotted, site, mutator, result);
    if (id === 0) return result;
    const at = cap.writer.reserve(3);
    if (at >= 0) {
      const w = cap.writer.words;
      w[at] = K_MutatingCall | (3 << 8);
      w[at + 1] = site;
      w[at + 2] = id;
      cap.publish();
    }
    return result;
  }

  // --- await and yield -------------------------------------------------------------------------

  as(site: number, frame: number, value: unknown): unknown {
    this.siteFrameValue(K_AwaitSuspend, site, frame, value);
    this.suspend(frame, site * 2);
    return value;
  }

  ar(site: number, frame: number, value: unknown): unknown {
    this.resume(frame);
    this.awaitResume(site, frame, value, 0);
    return value;
  }

  y(site: number, frame: number, value: unknown): unknown {
    this.siteFrameValue(K_Yield, site, frame, value);
    this.suspend(frame, site * 2 + SUSPENDED_BY_YIELD);
    return value;
  }

  yr(site: number, frame: number, received: unknown): unknown {
    this.resume(frame);
    this.siteFrameValue(K_YieldResume, site, frame, received);
    return received;
  }

  // --- process and thread events (written by the lifecycle code, not by instrumented code) ------

  /** Writes an event made of plain words (ThreadStart, ProcessExit, Console, …). */
  plainEvent(kind: number, a: number, b?: number, c?: number): void {
    const n = b === undefined ? 2 : c === undefined ? 3 : 4;
    const writer = this.capture.writer;
    const at = writer.reserve(n);
    if (at < 0) return;
    const w = writer.words;
    w[at] = kind | (n << 8);
    w[at + 1] = a;
    if (b !== undefined) w[at + 2] = b;
    if (c !== undefined) w[at + 3] = c;
    this.capture.publish();
  }

  /**
   * An exception nobody caught: the Uncaught event carries its value, and an Error's snapshot gets
   * its `stack` only now. Reading `stack` earlier (at the throw, or in a catch that rethrows)
   * formats it and drops the structured trace V8 keeps on the error; Node then cannot place the
   * uncaught error's header (`file:line`, the source line and the caret) and prints a line of its
   * own internals instead. Node has computed the header when uncaughtExceptionMonitor runs.
   */
  uncaught(error: unknown): void {
    const cap = this.capture;
    const n = 1 + cap.prepUncaught(error, 0);
    const at = cap.writer.reserve(n);
    if (at < 0) return;
    const w = cap.writer.words;
    w[at] = K_Uncaught | (n << 8);
    cap.put(w, at + 1, 0);
    cap.publish();
  }

  // --- internals -------------------------------------------------------------------------------

  /**
   * The common record shape `kind, site, frame, value`. An exception's value (Throw, Unwind, Catch)
   * is prepared like any other: its `stack` is read only once it is uncaught (see `uncaught`).
   */
  private siteFrameValue(kind: number, site: number, frame: number, value: unknown): void {
    this.siteFrameSlot(kind, site, frame, this.capture.prep(value, 0));
  }

  /** `kind, site, frame` and the value prepared in slot 0 (`valueWords` long). */
  private siteFrameSlot(kind: number, site: number, frame: number, valueWords: number): void {
    const cap = this.capture;
    const n = 3 + valueWords;
    const at = cap.writer.reserve(n);
    if (at < 0) return;
    const w = cap.writer.words;
    w[at] = kind | (n << 8);
    w[at + 1] = site;
    w[at + 2] = frame;
    cap.put(w, at + 3, 0);
    cap.publish();
  }

  private awaitResume(site: number, frame: number, value: unknown, threw: number): void {
    const cap = this.capture;
    const n = 4 + cap.prep(value, 0);
    const at = cap.writer.reserve(n);
    if (at < 0) return;
    const w = cap.writer.words;
    w[at] = K_AwaitResume | (n << 8);
    w[at + 1] = site;
    w[at + 2] = frame;
    w[cap.put(w, at + 3, 0)] = threw;
    cap.publish();
  }

  private push(frame: number, site: number): void {
    const depth = this.depth;
    if (depth === this.stackFrames.length) this.growStack();
    this.stackFrames[depth] = frame;
    this.stackSites[depth] = site;
    this.depth = depth + 1;
  }

  private growStack(): void {
    const frames = new Int32Array(this.depth * 2);
    const sites = new Int32Array(this.depth * 2);
    frames.set(this.stackFrames);
    sites.set(this.stackSites);
    this.stackFrames = frames;
    this.stackSites = sites;
  }

  /** Pops `frame` off the shadow stack, first unwinding any frame above it. */
  private popTo(frame: number): void {
    const depth = this.depth;
    if (depth > 0 && this.stackFrames[depth - 1] === frame) this.depth = depth - 1;
    else if (this.unwindAbove(frame)) this.depth--;
  }

  /**
   * Writes an Unwind for every frame above `frame` (they left without a Return or Unwind probe).
   * Returns whether `frame` is on the stack; when it is not, the stack is left as it is.
   */
  private unwindAbove(frame: number): boolean {
    let i = this.depth - 1;
    while (i >= 0 && this.stackFrames[i] !== frame) i--;
    if (i < 0) return false;
    while (this.depth - 1 > i) {
      this.depth--;
      this.siteFrameValue(K_Unwind, this.stackSites[this.depth], this.stackFrames[this.depth], NOT_RECORDED);
    }
    return true;
  }

  private suspend(frame: number, code: number): void {
    let i = this.depth - 1;
    while (i >= 0 && this.stackFrames[i] !== frame) i--;
    if (i < 0) return; // not on the stack (a module's top-level await): nothing to pop
    this.unwindAbove(frame);
    if (!this.suspended.has(frame)) this.suspendedCount++;
    this.suspendedFunction.set(frame, this.stackSites[i]);
    this.suspended.set(frame, code);
    this.depth--;
  }

  private resume(frame: number): void {
    const fnSite = this.suspendedFunction.get(frame);
    if (fnSite === undefined) return;
    this.suspendedCount--;
    this.suspended.delete(frame);
    this.suspendedFunction.delete(frame);
    this.push(frame, fnSite);
  }

  /** The frame runs again although no resume probe ran (rejected await, `gen.throw`, `gen.return`). */
  private resumeIfSuspended(frame: number, value: unknown): void {
    const code = this.suspended.get(frame);
    if (code === undefined) return;
    this.resume(frame);
    const site = code >>> 1;
    if ((code & SUSPENDED_BY_YIELD) !== 0) this.siteFrameValue(K_YieldResume, site, frame, value);
    else this.awaitResume(site, frame, value, 1);
  }
}

/** `flags`, grown (doubling) to hold at least `length` entries. */
function withRoom(flags: Uint8Array<ArrayBuffer>, length: number): Uint8Array<ArrayBuffer> {
  if (flags.length >= length) return flags;
  const grown = new Uint8Array(Math.max(length, flags.length * 2));
  grown.set(flags);
  return grown;
}

/**
 * Installs the thread's runtime on `globalThis[RUNTIME_KEY]` (non-enumerable) unless one is there;
 * returns the installed one. Safe to call twice (the bootstrap may be loaded twice).
 */
export function installRuntime(budgets: Partial<CaptureBudgets> = {}): Runtime {
  const existing = (globalThis as Record<symbol, unknown>)[RUNTIME_KEY];
  if (existing !== undefined) return existing as Runtime;
  const runtime = new Runtime(NULL_WRITER, budgets);
  Object.defineProperty(globalThis, RUNTIME_KEY, { value: runtime, enumerable: false, writable: false, configurable: false });
  return runtime;
}
