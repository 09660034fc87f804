/**
 * Probe code templates: the only place that spells the text the instrumenter inserts.
 * The probe API itself is specified in docs/ARCHITECTURE.md §2.
 *
 * Invariants every template keeps:
 * - no newline, so the instrumented file keeps the original line structure (stack-trace lines);
 * - only `$$`-prefixed names are introduced (TypeScript's transpile keeps them as they are);
 * - a template that starts a statement starts with an identifier, never `(` or `[`, so it cannot
 *   be glued to a previous line that ends without a semicolon.
 */

/** The site id expression: sites are numbered from the file's base id `$$b` (site 0 = the module). */
export function siteRef(site: number): string {
  return site === 0 ? '$$b' : `$$b+${site}`;
}

export function frameVar(depth: number): string {
  return `$$f${depth}`;
}

/** A no-op runtime with the probe API, used when the file runs without Scope's runtime loaded:
 * every probe returns the value it was given, so the program runs unchanged. */
const NO_OP_RUNTIME =
  '(function(){var z=function(){return 0},v=function(s,f,x){return x},p=function(s,o,k,x){return x},q=function(s,o,k,a,x){return x},' +
  'n=function(){this.v=arguments[arguments.length-1]};' +
  'return{register:z,bf:z,c0:z,c1:z,c2:z,c3:z,cn:z,r:v,u:z,x:z,t:v,k:z,s:z,w:v,wa:p,wp:v,pv:p,pa:q,pd:p,lw:p,ld:p,mc:v,mf:p,ms:p,as:v,ar:v,y:v,yr:v,wn:n,pvn:n,lwn:n,pk:z}})()';

/**
 * The module prologue. `$$i` is a hoisted function declaration so that a hoisted function of this
 * module called before the module body runs (an ESM import cycle) can still register the file:
 * such functions enter through `($$s||$$i())` (see `runtimeRef`). All three names are `var`, so
 * they exist (undefined) from instantiation on, never in a TDZ.
 *
 * `Symbol` is read off `globalThis`: a module may declare a `Symbol` of its own (lodash-es's
 * `_Symbol.js` has `var Symbol = root.Symbol`), hoisted and still undefined when this runs.
 */
export function prologue(file: string, siteTableJson: string, writesOnly: boolean): string {
  const register =
    `function $$i(){$$s=globalThis[globalThis.Symbol.for('scope.runtime.v1')]||${NO_OP_RUNTIME};` +
    `$$b=$$s.register(${JSON.stringify(file)},${jsonStringLiteral(siteTableJson)});return $$s}`;
  // A library's writes-only code has no frames: the module registers its sites and that is all.
  return (writesOnly ? 'var $$s=$$s||$$i(),$$b;' : 'var $$s,$$b,$$f0=($$s||$$i()).c0($$b,0,this);') + register;
}

/**
 * `json` as a single-quoted JavaScript string literal. JSON text is full of `"` and has no raw line
 * breaks, so only `\`, `'` and the two JavaScript-only line terminators need escaping; the
 * literal is much shorter than `JSON.stringify(json)`.
 */
function jsonStringLiteral(json: string): string {
  return `'${json.replace(/[\\'\u2028\u2029]/g, (c) => (c === '\\' ? '\\\\' : c === "'" ? "\\'" : c === '\u2028' ? '\\u2028' : '\\u2029'))}'`;
}

/** Matches the prologue, as emitted or as reprinted by TypeScript: the file is already instrumented. */
export const INSTRUMENTED_MARK = /function \$\$i\(\)\s*\{\s*\$\$s\s*=\s*globalThis\[(?:globalThis\.)?Symbol\.for\('scope\.runtime\.v1'\)\]/;

/** The runtime reference at a function entry; `hoisted` for functions callable before the prologue ran. */
export function runtimeRef(hoisted: boolean): string {
  return hoisted ? '($$s||$$i())' : '$$s';
}

/** `const $$fN = $$s.cK(site, parentFrame, this, args…);` */
/** `$$s.cK(site, parentFrame, this, args…)` (parentFrame: a frame variable); `args` as one expression is passed to `cn`. */
export function enterCall(runtime: string, site: number, parentFrame: string, self: string, args: string[] | string): string {
  return typeof args === 'string'
    ? `${runtime}.cn(${siteRef(site)},${parentFrame},${self},${args})`
    : `${runtime}.c${args.length}(${[siteRef(site), parentFrame, self, ...args].join(',')})`;
}

export function enter(runtime: string, site: number, depth: number, parentFrame: string, self: string, args: string[] | string): string {
  return `const ${frameVar(depth)}=${enterCall(runtime, site, parentFrame, self, args)};`;
}

export function tryOpen(): string {
  return 'try{';
}

/**
 * Every frame carries a flag `$$d{depth}`, set by every exit the probes see (a return's extra
 * argument, evaluated after the value; a generator's catch); the body's `finally` reports the
 * exit nobody saw.
 */
function doneFlag(depth: number): string {
  return `$$d${depth}`;
}

export function doneFlagDeclaration(depth: number): string {
  return `let ${doneFlag(depth)}=0;`;
}

/**
 * Closes the body's try block. A function reports an exception leaving it from a `finally`
 * (`x`): the exception is never caught and thrown again, so V8 and Node still place it where it
 * was thrown (the header of an uncaught error names that line; a rethrow would name the
 * wrapper's). A generator can also be left from a `yield` by `return()` (a `for…of` that breaks),
 * which a `finally` cannot tell from an exception: it catches the exception to report it (and
 * rethrows), and its `finally` reports the `return()`.
 */
export function tryClose(site: number, depth: number, generator: boolean): string {
  const frame = frameVar(depth);
  return generator
    ? `}catch($$e){${doneFlag(depth)}=1;$$s.u(${siteRef(site)},${frame},$$e);throw $$e}finally{${doneFlag(depth)}||$$s.r(${siteRef(site)},${frame},void 0)}`
    : `}finally{${doneFlag(depth)}||$$s.x(${siteRef(site)},${frame})}`;
}

/** `r(site, frame, ` — the value and `returnClose` follow. */
export function returnOpen(site: number, depth: number): string {
  return `$$s.r(${siteRef(site)},${frameVar(depth)},`;
}

/** A return also sets its frame's done flag (an extra argument, evaluated after the value). */
export function returnClose(depth: number): string {
  return `,${doneFlag(depth)}=1)`;
}

export function implicitReturn(site: number, depth: number, isStatementOnly: boolean): string {
  return `;${isStatementOnly ? '' : 'return '}${returnOpen(site, depth)}void 0${returnClose(depth)};`;
}

export function moduleEnd(): string {
  return `\n$$s.r($$b,$$f0,void 0);`;
}

export function declareTemps(temps: string[]): string {
  return temps.length === 0 ? '' : `var ${temps.join(',')};`;
}

/** `$$s.probe(site, frame, ` — `frame` is a function's depth or a block frame variable. */
export function probeOpen(probe: string, site: number, frame?: number | string): string {
  if (frame === undefined) return `$$s.${probe}(${siteRef(site)},`;
  return `$$s.${probe}(${siteRef(site)},${typeof frame === 'number' ? frameVar(frame) : frame},`;
}

/** `$$s.bf(site, parentFrame)`: a loop iteration's block frame (parentFrame: a frame variable). */
export function blockEnter(site: number, parentFrame: string): string {
  return `$$s.bf(${siteRef(site)},${parentFrame})`;
}

export function statement(site: number): string {
  return `$$s.s(${siteRef(site)});`;
}

export function write(site: number, frame: string, value: string): string {
  return `$$s.w(${siteRef(site)},${frame},${value})`;
}

export function catchProbe(site: number, depth: number, value: string): string {
  return `$$s.k(${siteRef(site)},${frameVar(depth)},${value});`;
}

/**
 * How the property-write probes are spelled. In recorded code (`full`): `pv`/`pd`, which snapshot an
 * object at its first write. In a library's writes-only code: `lw`/`ld`, which record a write only
 * to an object the recording already holds, and reach the runtime through `($$s||$$i())` because
 * their code has no function entry that would have set `$$s` (a hoisted function of the module can
 * run before its prologue, in an import cycle).
 */
export interface WriteProbes {
  runtime: string;
  write: string;
  remove: string;
}

export const RECORDED_WRITES: WriteProbes = { runtime: '$$s', write: 'pv', remove: 'pd' };
export const LIBRARY_WRITES: WriteProbes = { runtime: '($$s||$$i())', write: 'lw', remove: 'ld' };

/** `pv(site, object, key, ` — the value and `)` follow. */
export function propertyWriteOpen(p: WriteProbes, site: number, object: string, key: string): string {
  return `${p.runtime}.${p.write}(${siteRef(site)},${object},${key},`;
}

/**
 * `new (pvn)(site, object, key, ` (or `lwn`), closed by `NAMED_CLOSE`: for a value that may hold a
 * function without a name of its own. V8 names such a function after what it is assigned to
 * (`at o.f` in stack traces), but not when it stands among a call's arguments; among a `new`'s it
 * does. The constructor is in parentheses: V8 builds the name from the member names around it
 * (`a.f = b.g = () => {}` is `a.f.b.g`), and a `$$s.pvn` outside them would join in.
 */
export function propertyWriteNamedOpen(p: WriteProbes, site: number, object: string, key: string): string {
  return `new (${p.runtime}.${p.write}n)(${siteRef(site)},${object},${key},`;
}

/** `$$s.pk(object, key)`: `object[key]` read again without running code (see Runtime.pk). */
export function peek(p: WriteProbes, object: string, key: string): string {
  return `${p.runtime}.pk(${object},${key})`;
}

/** `new $$s.wn(site, frame, ` — as propertyWriteNamedOpen, for `w`. */
export function writeNamedOpen(site: number, frame: string): string {
  return `new ($$s.wn)(${siteRef(site)},${frame},`;
}

/** Closes a `new …n(` probe: its object holds the value as `v`. */
export const NAMED_CLOSE = ').v';

/** `pa(site, object, key, ` — for `+=` in a recorded file: the value before, the new value and `)` follow. */
export function propertyAppendOpen(site: number, object: string, key: string): string {
  return `$$s.pa(${siteRef(site)},${object},${key},`;
}

/** `pd(site, object, key, ` — the delete's result and `)` follow. */
export function propertyDeleteOpen(p: WriteProbes, site: number, object: string, key: string): string {
  return `${p.runtime}.${p.remove}(${siteRef(site)},${object},${key},`;
}

export function propertyDelete(p: WriteProbes, site: number, object: string, key: string, result: string): string {
  return `${propertyDeleteOpen(p, site, object, key)}${result})`;
}

/** `mc(site, receiver, ` — the call's result and `)` follow. */
export function mutatorCallOpen(p: WriteProbes, site: number, receiver: string): string {
  return `${p.runtime}.mc(${siteRef(site)},${receiver},`;
}

export function mutatorCall(p: WriteProbes, site: number, receiver: string, result: string): string {
  return `${mutatorCallOpen(p, site, receiver)}${result})`;
}

/** `$$s.mf(site, fn, receiver, result)`: after `fn.call(receiver, …)` and the like. */
export function indirectMutatorCall(p: WriteProbes, site: number, fn: string, receiver: string, result: string): string {
  return `${p.runtime}.mf(${siteRef(site)},${fn},${receiver},${result})`;
}

/** `$$s.ms(site, namespace, changed, result)`: after `Object.assign(changed, …)` and the like. */
export function staticMutatorCall(p: WriteProbes, site: number, namespace: string, changed: string, result: string): string {
  return `${p.runtime}.ms(${siteRef(site)},${namespace},${changed},${result})`;
}

// Every piece of text the probes add is enclosed in marker comments, and text they replace is kept
// in the opening marker: INSERTED becomes  /*$[*/INSERTED/*$]*/  and a replaced `+=` becomes
// /*$[+=*/=/*$]*/ . So the original text of an instrumented function is its `toString()` with the
// marked pieces undone: what the runtime serves when the program reads a function's source
// (exact for JavaScript, whose text is otherwise kept as it is).
export function marked(inserted: string, replaced = ''): string {
  return `/*$[${replaced}*/${inserted}/*$]*/`;
}

// A function's text can end inside a marked piece (an arrow's expression body ends with the `}`
// the probes added): the last piece is then undone up to the end of the text.
const MARKED = /\/\*\$\[(.*?)\*\/[\s\S]*?(?:\/\*\$\]\*\/|$)/g;

/** The original text of instrumented source text (a function's `toString()`): see the markers above. */
export function originalText(instrumented: string): string {
  return instrumented.includes('/*$[') ? instrumented.replace(MARKED, '$1') : instrumented;
}
