/**
 * Specs as data: code in → the probe calls the instrumented code makes, plus the program's own output.
 * `events` lists the expected probe lines in order (see harness.ts for their format); when `only`
 * is given, just the events starting with one of those prefixes are compared.
 */
import assert from 'node:assert/strict';
import { runInstrumented } from './harness';

interface ProbeSpec {
  name: string;
  mode?: 'calls' | 'full' | 'writes';
  code: string;
  output?: string[];
  only?: string[];
  events: string[];
}

const specs: ProbeSpec[] = [
  {
    name: 'function entry with arguments and this, return value',
    mode: 'calls',
    code: `function add(a, b) { return a + b }\nconst o = { twice(x) { return x * 2 } };\nconsole.log(add(1, 2), o.twice(4));`,
    output: ['3 8'],
    events: ['enter#1 module', 'enter#2 add(1,2) this=globalThis', 'return#2 add 3', 'enter#3 twice(4) this={}', 'return#3 twice 8', 'return#1 a.ts undefined'],
  },
  {
    name: 'arrow with expression body has no this; implicit return at the end',
    mode: 'calls',
    code: `const sq = (x) => x * x;\nfunction noop() {}\nsq(3); noop();`,
    only: ['enter#2', 'return#2', 'enter#3', 'return#3'],
    events: ['enter#2 sq(3)', 'return#2 sq 9', 'enter#3 noop() this=globalThis', 'return#3 noop undefined'],
  },
  {
    name: 'more than three parameters, rest and destructuring use cn',
    mode: 'calls',
    code: `function four(a, b, c, d) {}\nfunction rest(a, ...r) {}\nconst arrow = ({ x }, ...r) => x;\nfour(1, 2, 3, 4); rest(1, 2, 3); arrow({ x: 5 }, 6);`,
    only: ['enter#'],
    events: ['enter#1 module', 'enter#2 four(1,2,3,4) this=globalThis', 'enter#3 rest(1,2,3) this=globalThis', 'enter#4 arrow(undefined,[6])'],
  },
  {
    name: 'exception leaving a function: throw, unwind, catch',
    mode: 'calls',
    code: `function boom() { throw new Error('bad') }\nfunction outer() { try { boom() } catch (e) { console.log('caught', e.message) } }\nouter();`,
    output: ['caught bad'],
    only: ['throw', 'unwind', 'catch', 'enter#3', 'return#2'],
    events: ['enter#3 boom() this=globalThis', 'throw#3 Error:bad', 'unwind#3 boom', 'catch#2 Error:bad', 'return#2 outer undefined'],
  },
  {
    name: 'an engine error unwinding two frames, caught by a third: each frame reports its exit from its finally',
    mode: 'calls',
    code: `function read(o) { return o.x.y }\nfunction load(o) { return read(o) }\nfunction main() { try { load({}) } catch (e) { console.log(e.constructor.name) } }\nmain();`,
    output: ['TypeError'],
    only: ['unwind', 'catch', 'return'],
    events: ['unwind#4 read', 'unwind#3 load', 'catch#2 TypeError:Cannot read properties of undefined (reading \'y\')', 'return#2 main undefined', 'return#1 a.ts undefined'],
  },
  {
    name: 'a generator left by an exception still reports it with its value (caught and rethrown: a finally cannot tell it from return())',
    mode: 'calls',
    code: `function* g() { yield 1; throw new Error('late') }\ntry { for (const v of g()) console.log(v) } catch (e) { console.log(e.message) }`,
    output: ['1', 'late'],
    only: ['unwind'],
    events: ['unwind#2 g Error:late'],
  },
  {
    name: 'catch without a binding still reports the exception',
    mode: 'calls',
    code: `try { null.x } catch { console.log('no binding') }`,
    output: ['no binding'],
    only: ['catch'],
    events: ["catch#1 TypeError:Cannot read properties of null (reading 'x')"],
  },
  {
    name: 'statements and variable writes, the frame being the declaring function',
    mode: 'full',
    code: `let total = 0;\nfunction add(n) {\n  total += n;\n  let local = n * 2;\n  return local;\n}\nadd(5);`,
    events: [
      'enter#1 module', 'stmt 1:1', 'write total=0 #1', 'stmt 7:1', 'enter#2 add(5) this=globalThis',
      'stmt 3:3', 'write total=5 (was 0) #1', 'stmt 4:3', 'write local=10 #2', 'stmt 5:3', 'return#2 add 10', 'return#1 a.ts undefined',
    ],
  },
  {
    name: '`+=` on a variable hands the probe the value before too (evaluated once, errors as without the probe)',
    mode: 'full',
    code: `let s = 'a';\nlet n = 0;\nfunction piece() { n++; return 'b' }\ns += piece();\n(s) += 1;\nconst k = 1;\ntry { k += piece() } catch (e) { console.log(e.name, n) }\ntry { late += 1 } catch (e) { console.log(e.name) }\nlet late = 'z';\nconsole.log(s, n);`,
    output: ['TypeError 2', 'ReferenceError', 'ab1 2'],
    only: ['write'],
    events: ['write s="a" #1', 'write n=0 #1', 'write n=1 #1', 'write s="ab" (was "a") #1', 'write s="ab1" (was "ab") #1', 'write k=1 #1', 'write n=2 #1', 'write late="z" #1'],
  },
  {
    name: '`+=` on a property hands the probe the value before too; object, key and value evaluated once each',
    mode: 'full',
    code: `const o = { s: 'a', n: 1 };\nlet reads = 0;\nfunction get() { reads++; return o }\nfunction key() { reads++; return 's' }\nget()[key()] += 'b';\no.n += 2;\no.n -= 1;\nconsole.log(o.s, o.n, reads);`,
    output: ['ab 2 2'],
    only: ['set'],
    events: ['set {}.s="ab" (was "a")', 'set {}.n=3 (was 1)', 'set {}.n=2'],
  },
  {
    name: 'a function without a name of its own keeps the name V8 infers from what it is assigned to (its stack frame `at o.f`)',
    mode: 'full',
    code: `const o = {}; const p = {}; let x;\nconst frame = (f) => { try { f() } catch (e) { return e.stack.split('\\n')[1].trim().split(' (')[0] } };\n` +
      `o.f = () => { throw new Error() };\nx = null || function () { throw new Error() };\nconst c = o ? () => { throw new Error() } : 0;\n` +
      `o.g ||= function () { throw new Error() };\nconst C = o.C = class { constructor() { throw new Error() } };\no.E = p.E = () => { throw new Error() };\n` +
      `console.log(frame(() => o.f()), frame(() => x()), frame(() => c()), frame(() => o.g()), frame(() => new C()), frame(() => o.E()));`,
    output: ['at o.f at x at c at o.g at new o.C at o.E.p.E'],
    only: ['set', 'write x', 'write c', 'write C'],
    events: ['set {}.f=fn ', 'write x=fn  #1', 'write c=fn  #1', 'set {}.g=fn ', 'set {}.C=fn ', 'write C=fn  #1', 'set {}.E=fn ', 'set {}.E=fn '],
  },
  {
    name: '`a.b.f = () => {}` hands the probe `a.b` read again without running code (a temporary would change the name V8 infers)',
    mode: 'full',
    code: `let reads = 0;\nconst inner = {};\nconst o = { a: { b: {} }, get g() { reads++; return inner } };\n` +
      `o.a.b.f = () => { throw new Error() };\no.g.h = function () { throw new Error() };\no['a'].k = () => 0;\n` +
      `const frame = (f) => { try { f() } catch (e) { return e.stack.split('\\n')[1].trim().split(' (')[0] } };\n` +
      `console.log(frame(() => o.a.b.f()), frame(() => inner.h()), reads);`,
    output: ['at o.a.b.f at o.g.h 1'],
    only: ['set'],
    events: ['set {}.f=fn ', 'set undefined.h=fn ', 'set {}.k=fn '],
  },
  {
    name: "a library's unnamed function keeps its inferred name too (`exports.f = function () {}` is `at exports.f`)",
    mode: 'writes',
    code: `exports.f = function () { throw new Error() };\nconst o = {};\no.g = exports.h = () => { throw new Error() };\n` +
      `const frame = (f) => { try { f() } catch (e) { return e.stack.split('\\n')[1].trim().split(' (')[0] } };\nconsole.log(frame(() => exports.f()), frame(() => o.g()));`,
    output: ['at exports.f at o.g.exports.h [as g]'],
    only: ['library set'],
    events: ['library set {}.f=fn ', 'library set {}.h=fn ', 'library set {}.g=fn '],
  },
  {
    name: 'update expressions: prefix writes the new value, postfix returns the old one',
    mode: 'full',
    code: `let i = 1;\nconst a = i++;\nconst b = ++i;\nconsole.log(a, b, i);`,
    output: ['1 3 3'],
    only: ['write'],
    events: ['write i=1 #1', 'write i=2 #1', 'write a=1 #1', 'write i=3 #1', 'write b=3 #1'],
  },
  {
    name: 'logical assignment writes only when it assigns',
    mode: 'full',
    code: `let a = null, b = 1;\na ??= 5;\nb ??= 6;\nlet c = 0;\nc ||= 7;\nconsole.log(a, b, c);`,
    output: ['5 1 7'],
    only: ['write'],
    events: ['write a=null #1', 'write b=1 #1', 'write a=5 #1', 'write c=0 #1', 'write c=7 #1'],
  },
  {
    name: 'destructuring declarations and assignments write every bound name after',
    mode: 'full',
    code: `const { a, b: [c, d = 4] } = { a: 1, b: [3] };\nlet x = 1, y = 2;\n[x, y] = [y, x];\nconst r = ([x] = [9]);\nconsole.log(a, c, d, x, y, r);`,
    output: ['1 3 4 9 1 [ 9 ]'],
    only: ['write'],
    events: ['write a=1 #1', 'write c=3 #1', 'write d=4 #1', 'write x=1 #1', 'write y=2 #1', 'write x=2 #1', 'write y=1 #1', 'write x=9 #1', 'write r=[9] #1'],
  },
  {
    name: 'parameters with defaults or destructuring are written at entry; plain ones are not',
    mode: 'full',
    code: `function f(a, b = a + 1, { c } = { c: 3 }) { return a + b + c }\nf(1);`,
    only: ['write', 'enter#2'],
    events: ['enter#2 f(1) this=globalThis', 'write b=2 #2', 'write c=3 #2'],
  },
  {
    name: 'closures write with the frame of the function that declared the variable',
    mode: 'full',
    code: `function counter() {\n  let n = 0;\n  return () => { n++; return n; };\n}\nconst next = counter();\nnext(); next();`,
    only: ['write n=', 'enter#'],
    events: ['enter#1 module', 'enter#2 counter() this=globalThis', 'write n=0 #2', 'enter#3 <anonymous>()', 'write n=1 #2', 'enter#4 <anonymous>()', 'write n=2 #2'],
  },
  {
    name: 'for-of and for-in loop variables are written each iteration',
    mode: 'full',
    code: `for (const [k, v] of [['a', 1], ['b', 2]]) {}\nfor (const key in { p: 1 }) console.log(key);`,
    output: ['p'],
    only: ['write'],
    events: ['write k="a" #1', 'write v=1 #1', 'write k="b" #1', 'write v=2 #1', 'write key="p" #1'],
  },
  {
    name: 'property writes: plain, computed, compound, private, update and delete',
    mode: 'full',
    code: [
      'class P { #secret = 0; bump() { this.#secret += 2; return this.#secret } }',
      'const o = { n: 1, list: [] };',
      "const key = 'm';",
      'o.n = 2; o[key] = 3; o.n *= 5; o.n++; --o.n;',
      'const holder = { inner: { v: 1 } };',
      'holder.inner.v = 7;',
      'delete o.m;',
      'console.log(new P().bump(), o.n, o.m, holder.inner.v);',
    ].join('\n'),
    output: ['2 10 undefined 7'],
    only: ['set', 'delete'],
    events: ['set {}.n=2', 'set {}.m=3', 'set {}.n=10', 'set {}.n=11', 'set {}.n=10', 'set {}.v=7', 'delete {}.m true', 'set P.#secret=2 (was 0)'],
  },
  {
    name: 'the object of a property write is evaluated once',
    mode: 'full',
    code: `let calls = 0;\nconst target = { x: 1 };\nfunction get() { calls++; return target }\nget().x = 5; get().x += 1; get().x++; get()['x'] -= 1;\nconsole.log(calls, target.x);`,
    output: ['4 6'],
    only: ['set'],
    events: ['set {}.x=5', 'set {}.x=6 (was 5)', 'set {}.x=7', 'set {}.x=6'],
  },
  {
    name: 'built-in mutator calls report their receiver after the call',
    mode: 'full',
    code: `const a = [3, 1, 2];\na.push(4); a.sort();\nconst m = new Map(); m.set('k', 1);\nconst holder = { s: new Set(), list: [] };\nholder.s.add(1); holder.list.push('x');\nconsole.log(a.join(), m.size, holder.s.size);`,
    output: ['1,2,3,4 1 1'],
    only: ['mutate'],
    events: ['mutate [3,1,2,4].push 4', 'mutate [1,2,3,4].sort [1,2,3,4]', 'mutate Map.set Map', 'mutate Set.add Set', 'mutate ["x"].push 1'],
  },
  {
    name: 'call, apply and Reflect.apply report the function and the receiver after the call, evaluated once each',
    mode: 'full',
    code: `let reads = 0;\nconst a = [3, 1];\nconst get = () => { reads++; return a };\nArray.prototype.push.call(get(), 2); [].splice.apply(a, [0, 1]);\nReflect.apply(Array.prototype.reverse, a, []);\nfunction named(x) { return this.length + x }\nconsole.log(a.join(), reads, named.call(a, 1));`,
    output: ['2,1 1 3'],
    only: ['call', 'apply'],
    events: ['call fn push on [3,1,2] 3', 'apply fn splice on [1,2] [3]', 'apply fn reverse on [2,1] [2,1]', 'call fn named on [2,1] 3'],
  },
  {
    name: 'Object and Reflect functions that change their first argument report it after the call',
    mode: 'full',
    code: `const o = { a: 1 };\nObject.assign(o, { b: 2 }); Reflect.set(o, 'c', 3); Object.defineProperty(o, 'd', { value: 4, enumerable: true });\nconst m = new Map(); m.set('k', o);\nconsole.log(JSON.stringify(o), m.size);`,
    output: ['{"a":1,"b":2,"c":3,"d":4} 1'],
    only: ['changed', 'mutate'],
    events: ['changed {"a":1,"b":2} by fn Object.assign', 'changed {"a":1,"b":2,"c":3} by {}.set', 'changed {"a":1,"b":2,"c":3,"d":4} by fn Object.defineProperty', 'mutate Map.set Map'],
  },
  {
    name: 'Object.freeze, seal and preventExtensions report the object after the call',
    mode: 'full',
    code: `const o = Object.freeze({ a: 1 });\nconst s = Object.seal({ b: 2 });\nReflect.preventExtensions(s);\nconsole.log(Object.isFrozen(o), Object.isSealed(s));`,
    output: ['true true'],
    only: ['changed'],
    events: ['changed {"a":1} by fn Object.freeze', 'changed {"b":2} by fn Object.seal', 'changed {"b":2} by {}.preventExtensions'],
  },
  {
    name: 'await suspends and resumes in the frame of the async function',
    mode: 'calls',
    code: `async function f() { const v = await Promise.resolve(41); return v + 1 }\nf().then((r) => console.log(r));`,
    output: ['42'],
    only: ['await', 'resume', 'return#2'],
    events: ['await#2 Promise', 'resume#2 41', 'return#2 f 42'],
  },
  {
    name: 'a generator left by return() (a for-of that breaks) reports its exit once',
    mode: 'calls',
    code: `function* nums() { try { yield 1; yield 2 } finally { console.log('cleanup') } }\nfor (const n of nums()) { if (n === 1) break }\nfunction* once() { return 5 }\nconsole.log(once().next().value);`,
    output: ['cleanup', '5'],
    only: ['enter#2', 'return#2', 'enter#3', 'return#3', 'yield', 'next'],
    events: ['enter#2 nums() this=globalThis', 'yield#2 1', 'return#2 nums undefined', 'enter#3 once() this=globalThis', 'return#3 once 5'],
  },
  {
    name: 'for await suspends before each step and resumes in each iteration and after the loop',
    mode: 'calls',
    code: `async function* two() { yield 1; yield 2 }\nasync function main() {\n  outer: for await (const v of two()) { if (v === 1) continue outer; console.log('v', v) }\n  console.log('after');\n}\nmain();`,
    output: ['v 2', 'after'],
    only: ['await#2', 'resume#2'],
    events: ['await#2 {}', 'resume#2 undefined', 'await#2 undefined', 'resume#2 undefined', 'await#2 undefined', 'resume#2 undefined'],
  },
  {
    name: 'yield and yield* report the value sent out and the value received',
    mode: 'calls',
    code: `function* g() { const got = yield 1; yield* [got]; }\nconst it = g(); it.next(); console.log(it.next('in').value);`,
    output: ['in'],
    only: ['yield', 'next'],
    events: ['yield#2 1', 'next#2 "in"', 'yield#2 ["in"]'],
  },
  {
    name: 'class constructors, fields, static blocks, getters and setters are frames',
    mode: 'calls',
    code: [
      'class A { constructor(x) { this.x = x } }',
      'class B extends A {',
      '  y = String(this.x);',
      '  static { console.log("static") }',
      '  constructor() { super(1) }',
      '  get double() { return this.x * 2 }',
      '  set double(v) { this.x = v / 2 }',
      '}',
      'const b = new B(); b.double = 8; console.log(b.double, b.y);',
    ].join('\n'),
    output: ['static', '8 1'],
    only: ['enter#'],
    events: ['enter#1 module', 'enter#2 B.<static>() this=fn B', 'enter#3 B()', 'enter#4 A(1) this=B', 'enter#5 B.y() this=B', 'enter#6 set B.double(8) this=B', 'enter#7 get B.double() this=B'],
  },
  {
    name: 'a for-let loop creating closures: one block frame per iteration, the update runs in the new one',
    mode: 'full',
    code: `const fs = [];\nfor (let i = 0; i < 2; i++) { fs.push(() => i); }\nfor (const f of fs) console.log(f());`,
    output: ['0', '1'],
    only: ['block', 'write i', 'enter#'],
    events: [
      'enter#1 module', 'block#2 in #1', 'write i=0 #2', 'block#3 in #1', 'write i=0 #3', 'write i=1 #3',
      'block#4 in #1', 'write i=1 #4', 'write i=2 #4', 'enter#5 <anonymous>() in block#2', 'enter#6 <anonymous>() in block#3',
    ],
  },
  {
    name: 'for-of, for-in and a while body with a captured let: a block frame at each body start',
    mode: 'full',
    code: `const fs = [];\nfor (const x of ['a']) fs.push(() => x);\nfor (const k in { p: 1 }) { fs.push(() => k); }\n`
      + `let n = 0;\nwhile (n < 1) { const v = n++; fs.push(() => v); }\nfor (const f of fs) console.log(f());`,
    output: ['a', 'p', '0'],
    only: ['block', 'write x', 'write k', 'write v', 'enter#'],
    events: [
      'enter#1 module', 'block#2 in #1', 'write x="a" #2', 'block#3 in #1', 'write k="p" #3', 'block#4 in #1', 'write v=0 #4',
      'enter#5 <anonymous>() in block#2', 'enter#6 <anonymous>() in block#3', 'enter#7 <anonymous>() in block#4',
    ],
  },
  {
    name: 'loops that create no closures, and for-const heads, get no block frame',
    mode: 'full',
    code: `let t = 0;\nfor (let i = 0; i < 2; i++) { let d = i * 2; t += d; }\nfor (const c = 1; t < 3; t++) {}\nfor (const x of [1]) t += x;`,
    only: ['block', 'write i', 'write d'],
    events: ['write i=0 #1', 'write d=0 #1', 'write i=1 #1', 'write d=2 #1', 'write i=2 #1'],
  },
  {
    name: 'writes mode (a library, not recorded) probes property writes, deletes and built-in mutators, and nothing else',
    mode: 'writes',
    code: `function merge(target, src) { for (const k in src) target[k] = src[k]; target.n++; delete target.tmp; target.list.push(3); return target }\n`
      + `const t = merge({ n: 1, tmp: 0, list: [] }, { a: 1 }); let x = 1; x = 2;\nObject.assign(t, { b: 2 });\n`
      + `const set = (o) => o.inner.k = 5; set({ inner: {} });\nclass C { static { this.made = 1 } constructor() { this.y = 2 } }\nnew C();\n`
      + `async function later() { await null; try { throw new Error('e') } catch { return 1 } }\nlater().then(() => console.log(JSON.stringify(t), x));`,
    output: ['{"n":2,"list":[3],"a":1,"b":2} 2'],
    events: [
      'library set {}.a=1', 'library set {}.n=2', 'library delete {}.tmp true', 'mutate [3].push 1', 'changed {"n":2,"list":[3],"a":1,"b":2} by fn Object.assign',
      'library set {}.k=5', 'library set fn C.made=1', 'library set C.y=2',
    ],
  },
  {
    name: 'writes mode: a probed statement after a line relying on ASI does not continue that line (semver)',
    mode: 'writes',
    code: `const cache = new Map(), m = new Map([[1, 2]])\nfunction parse(key) {\n  const result = [...m.values()]\n  cache.set(key, result)\n  const o = { a: { b: 1 } }\n  o.a.b++\n  o.a.b = 3\n  return [result, o.a.b]\n}\nconsole.log(JSON.stringify(parse('k')), cache.size)`,
    output: ['[[2],3] 1'],
    events: ['mutate Map.set Map', 'library set {}.b=2', 'library set {}.b=3'],
  },
  {
    name: 'calls mode records no statements and no writes',
    mode: 'calls',
    code: `let x = 1; x = 2; const o = {}; o.p = 1; [].push(1);`,
    events: ['enter#1 module', 'return#1 a.ts undefined'],
  },
];

describe('instrument: probes (specs as data, run in vm with a recording runtime)', () => {
  for (const spec of specs) {
    it(spec.name, async () => {
      const run = await runInstrumented(spec.code, { mode: spec.mode ?? 'full', filename: '/virtual/a.ts' });
      assert.equal(run.error, undefined, `program threw: ${run.error}`);
      if (spec.output) assert.deepEqual(run.output, spec.output);
      const events = spec.only ? run.events.filter((e) => spec.only!.some((p) => e.startsWith(p))) : run.events;
      assert.deepEqual(events, spec.events);
    });
  }
});
