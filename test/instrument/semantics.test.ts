/**
 * Quick semantics corpus: tricky snippets run plain and instrumented (both modes) in `vm`; the
 * program's output (and any error it throws) must be identical. The end-to-end fidelity corpus
 * with real processes lives in test/fidelity/.
 */
import assert from 'node:assert/strict';
import type { TypeScriptSettings } from '../../src/instrument/index';
import { runCode, runInstrumented, runPlain } from './harness';

const corpus: Record<string, string> = {
  'hoisting of functions and var': `
    console.log(typeof later, v, hoisted());
    var v = 1;
    function hoisted() { return 'h' + inner(); function inner() { return 'i' } }
    function later() {}`,
  'temporal dead zone': `
    try { console.log(x); } catch (e) { console.log(e.name) }
    let x = 1;
    function readY() { return y }
    try { readY() } catch (e) { console.log(e.name) }
    const y = 2; console.log(readY());`,
  'closures in loops': `
    const fs = [];
    for (let i = 0; i < 3; i++) fs.push(() => i);
    var gs = [];
    for (var j = 0; j < 3; j++) gs.push(() => j);
    console.log(fs.map((f) => f()), gs.map((g) => g()));`,
  'this in every function form': `
    'use strict';
    function plain() { return this }
    const arrow = () => typeof this;
    const obj = { m() { return this === obj }, get g() { return this === obj }, arrowIn() { return (() => this === obj)() } };
    class K { static s() { return this === K } i() { return this instanceof K } f = () => this instanceof K }
    console.log(plain(), plain.call(5), arrow(), obj.m(), obj.g, obj.arrowIn(), K.s(), new K().i(), new K().f());`,
  'arguments': `
    function f(a) { arguments[0] = 9; return [a, arguments.length, Array.from(arguments)] }
    function g(a) { 'use strict'; arguments[0] = 9; return a }
    function outer() { const inner = () => arguments[1]; return inner() }
    console.log(f(1, 2), g(1), outer('x', 'y'));`,
  'getters and setters': `
    let log = [];
    const o = { _v: 1, get v() { log.push('get'); return this._v }, set v(x) { log.push('set ' + x); this._v = x } };
    o.v = 5; o.v += 1; o.v++; console.log(o.v, log.join());`,
  'generators': `
    function* count(n) { for (let i = 0; i < n; i++) { const r = yield i; if (r) console.log('got', r) } return 'done' }
    const it = count(3);
    console.log(it.next(), it.next('a'), it.next(), it.next(), it.next());
    function* deleg() { const r = yield* count(1); console.log('r', r) }
    console.log([...deleg()]);
    const early = count(5); early.next(); console.log(early.return(7), early.next());`,
  'async ordering': `
    const order = [];
    async function a() { order.push('a1'); await null; order.push('a2'); await b(); order.push('a3') }
    async function b() { order.push('b1'); await Promise.resolve(); order.push('b2') }
    a(); order.push('sync'); Promise.resolve().then(() => order.push('then'));
    setTimeout(() => console.log(order.join()), 5);`,
  'async generators and for await': `
    async function* src() { yield 1; await null; yield 2 }
    (async () => { const seen = []; for await (const v of src()) seen.push(v); console.log(seen) })();`,
  'for await with continue, break, return and single-statement bodies': `
    async function* gen() { try { yield 1; yield 2; yield 3 } finally { console.log('closed') } }
    async function run() {
      const seen = [];
      for await (const v of gen()) { if (v === 1) continue; seen.push(v); if (v === 2) break }
      if (seen.length) for await (const w of [Promise.resolve(7)]) seen.push(w);
      label: for await (const x of gen()) { for (const y of [1]) { if (x === 2) continue label } seen.push(x) }
      for await (const z of gen()) return seen.concat(z);
    }
    run().then((r) => console.log(r.join()));`,
  'labelled break and continue': `
    const out = [];
    outer: for (let i = 0; i < 3; i++) { inner: for (let j = 0; j < 3; j++) { if (j === 1) continue outer; if (i === 2) break outer; out.push(i + '' + j) } }
    block: { out.push('in'); break block; }
    console.log(out.join());`,
  'switch fall-through': `
    function sw(x) { const r = []; switch (x) { case 1: r.push(1); case 2: r.push(2); break; default: r.push('d'); case 3: r.push(3) } return r.join() }
    console.log(sw(1), sw(2), sw(3), sw(9));`,
  'optional chaining and ??=': `
    const o = { a: { b: null, f() { return this === o.a } }, list: null };
    o.a.b ??= 5; o.list ??= []; o.list.push(1); o.c ||= 'c'; o.a.b &&= o.a.b + 1;
    console.log(o.a?.b, o.x?.y, o.a.f?.(), o.nope?.(), o.list, o.c, o.a?.['b']);`,
  'destructuring defaults with side effects': `
    const log = []; const d = (n) => { log.push(n); return n };
    const { a = d('a'), b = d('b') } = { a: 1 };
    const [x = d('x'), , y = d('y')] = [undefined, 0];
    function f({ p = d('p') } = {}, [q] = [d('q')]) { return p + q }
    let m, n; ({ m = d('m'), n } = { n: 2 });
    let r, s, t = {}; for ({ r = d('r'), s: t.s = d('s') } of [{}]) log.push(r + t.s);
    let u; const w = ([u = d('u')] = []);
    console.log(a, b, x, y, f(), m, n, u, w, log.join());`,
  'tagged templates': `
    function tag(strings, ...values) { return strings.raw.join('|') + values.join(',') }
    const same = (s) => s; const first = same\`a\`; const second = same\`a\`;
    console.log(tag\`x\${1}y\${2}\`, first === second);`,
  'private fields and methods': `
    class C { #x = 1; static #count = 0; #inc() { return ++this.#x } get x() { return this.#x } bump() { C.#count++; this.#x += 10; return this.#inc() } static count() { return C.#count } has(o) { return #x in o } }
    const c = new C(); console.log(c.bump(), c.x, C.count(), c.has(c), c.has({}));`,
  'super and new.target': `
    class A { constructor() { this.kind = new.target.name } hello() { return 'A' } static s() { return 'As' } }
    class B extends A { constructor() { super(); this.extra = 1 } hello() { return super.hello() + 'B' } static s() { return super.s() + 'B' } }
    function F() { return new.target === F }
    console.log(new B().kind, new B().hello(), B.s(), new F() instanceof F, F());`,
  'exceptions through finally': `
    function f() { try { return 'try' } finally { console.log('finally') } }
    function g() { try { throw new Error('x') } catch (e) { return 'caught ' + e.message } finally { console.log('g finally') } }
    function h() { for (const i of [1, 2]) { try { if (i === 1) continue; return i } finally { console.log('fin', i) } } }
    function k() { try { try { throw 1 } finally { console.log('inner') } } catch (e) { return e } }
    console.log(f(), g(), h(), k());`,
  'uncaught error keeps its identity': `
    class MyErr extends Error {} const e = new MyErr('boom');
    function thrower() { throw e }
    try { thrower() } catch (x) { console.log(x === e, x instanceof MyErr) }
    throw new TypeError('top');`,
  'Symbol.iterator and spread': `
    const it = { *[Symbol.iterator]() { yield 1; yield 2 } };
    const [p, ...rest] = it; console.log(p, rest, Math.max(...it));`,
  'function names and lengths are unchanged': `
    const f = () => {}; const g = function () {}; let h; h = () => {}; const C = class {};
    const o = { m() {}, ['k' + 1]: () => {} }; class K { field = () => {}; static sf = function () {} }
    function d(a, b = 1, ...c) {}
    console.log(f.name, g.name, h.name, C.name, o.m.name, o.k1.name, new K().field.name, K.sf.name, d.length);`,
  'compound assignments and updates on many targets': `
    let n = 1; const o = { v: 1, arr: [1, 2] }; let big = 1n;
    n += 2; n **= 2; n >>>= 1; o.v -= 5; o.arr[1] *= 10; o['v']++; big++; ++o.arr[0];
    const k = 'v'; o[k] %= 3; let s = 'a'; s += 'b';
    console.log(n, o.v, o.arr, big, s);`,
  'comma, sequences and return values': `
    function f() { return 1, 2 } function g(x) { return x ? (x, 'yes') : void 0 }
    let a, b; a = (b = 3, b + 1); console.log(f(), g(1), g(0), a, b);`,
  'class fields, static blocks and accessors order': `
    const log = []; const note = (s) => (log.push(s), s);
    class A { a = note('a'); static s = note('s'); static { note('block') } b = note('b'); constructor() { note('ctor') } }
    class B extends A { c = note('c'); constructor() { note('before'); super(); note('after') } }
    new B(); console.log(log.join());`,
  'typescript: enums, namespaces, parameter properties, decorators': `
    enum Dir { Up = 1, Down, Left = Up * 10 }
    namespace Geo { export const origin = { x: 0 }; export function move(d: number) { origin.x += d; return origin.x } }
    class Point { constructor(public x: number, private readonly y = 2) {} sum(): number { return this.x + this.y } }
    class P3 extends Point { constructor(x: number, public z: number) { super(x); } }
    function logged(value: any, ctx: ClassMethodDecoratorContext) { return function (this: any, ...a: any[]) { return 'dec:' + value.apply(this, a) } }
    class Svc { @logged run(n: number) { return n * 2 } }
    const p: Point = new P3(1, 3);
    console.log(Dir.Down, Dir.Left, Dir[2], Geo.move(5), p.sum(), (p as P3).z, new Svc().run(4));`,
  'mutators on user classes named like built-ins still work': `
    class Bag { items = []; add(x) { this.items.push(x); return this } delete(x) { return x } }
    const b = new Bag(); b.add(1).add(2); console.log(b.items, b.delete('d'));`,
  'functions returned, passed and nested where wraps close at the same offset': `
    const make = (cmp) => (a, b) => cmp(a, b);
    function sorter(cmp) { return (a, b) => cmp(b, a) }
    const o = { list: [] };
    const adder = (x) => o.list.push(x);
    const nested = () => () => () => (o.last = 3);
    adder(1); adder(2);
    console.log([3, 1, 2].sort(make((a, b) => a - b)), [3, 1, 2].sort(sorter((a, b) => a - b)), nested()()()(), o);`,
  'closures in parameter lists write earlier parameters (the function\'s frame is not in scope there)': `
    function set(x, f = () => { x = 'set by f' }) { f(); return x }
    function nested(a, g = function (b = () => { a += 'A' }) { b(); return () => { a += '!' } }) { g()(); return a }
    class K { m(x, f = () => { x = 1; return class { n() { x++ } } }) { new (f())().n(); return x } }
    const arrow = (v, bump = () => v++) => (bump(), bump(), v);
    console.log(set('orig'), nested('a'), new K().m(0), arrow(1));`,
  'getter on a receiver is read once by mutator calls': `
    let reads = 0; const holder = { get list() { reads++; return this._l ??= [] } };
    holder.list.push(1); holder.list.push(2); console.log(reads, holder.list.length);`,
};

describe('instrument: semantics corpus (plain vs instrumented output)', () => {
  for (const [name, code] of Object.entries(corpus)) {
    it(name, async () => {
      const plain = await runPlain(code);
      assert.ok(plain.output.length > 0 || plain.error, 'the snippet prints something');
      for (const mode of ['calls', 'full'] as const) {
        const instrumented = await runInstrumented(code, { mode });
        assert.deepEqual(instrumented.output, plain.output, `${mode}: output differs`);
        assert.equal(instrumented.error, plain.error, `${mode}: error differs`);
        assert.deepEqual(instrumented.warnings, []);
      }
    });
  }
});

describe('instrument: sloppy-mode JavaScript that TypeScript\'s parser rejects', () => {
  it('legacy octal literals and escapes run as before', async () => {
    const code = 'var octal = 010, escaped = "\\101\\8", leading = 08;\nconsole.log(octal, escaped, leading);';
    const plain = await runCode(code, '/virtual/sloppy.js');
    assert.deepEqual(plain.output, ['8 A8 8']);
    const instrumented = await runInstrumented(code, { filename: '/virtual/sloppy.js', mode: 'full' });
    assert.deepEqual(instrumented.output, plain.output);
  });
});

describe('instrument: the project\'s TypeScript settings', () => {
  const legacyDecorators = `
    const calls: string[] = [];
    function log(target: any, key: string, descriptor: PropertyDescriptor) {
      const original = descriptor.value;
      descriptor.value = function (this: any, ...args: any[]) { calls.push(key); return original.apply(this, args) };
    }
    function tag(target: any, key: string | undefined, index: number) { calls.push('param ' + index) }
    class Service { constructor(@tag readonly name: string) {} @log greet(who: string) { return this.name + ' greets ' + who } }
    console.log(new Service('svc').greet('you'), calls.join());`;
  const fieldsOverSetters = `
    class Base { set value(v: number) { console.log('setter', v) } }
    class Derived extends Base { value = 1; other: number | undefined }
    const d = new Derived();
    console.log(Object.keys(d).join(), Object.getOwnPropertyDescriptor(d, 'value') ? 'own' : 'inherited');`;
  const fieldsWithFrames = `
    function make(n: number) { return n * 7 }
    class A { x = make(1); constructor() { console.log('ctor', this.x) } }
    class B extends A { y = make(2) + 1; constructor(public z: number) { super(); console.log(this.y, this.z) } }
    new B(3);`;
  const cases: [string, string, TypeScriptSettings][] = [
    ['useDefineForClassFields: false with initialisers that are frames, moved into constructors', fieldsWithFrames, { useDefineForClassFields: false }],
    ['experimentalDecorators (legacy, with parameter decorators)', legacyDecorators, { experimentalDecorators: true }],
    ['useDefineForClassFields: false (fields assigned, setters run)', fieldsOverSetters, { useDefineForClassFields: false }],
    ['useDefineForClassFields default (fields defined)', fieldsOverSetters, {}],
  ];
  for (const [name, code, settings] of cases) {
    it(name, async () => {
      const plain = await runPlain(code, '/virtual/settings.ts', settings);
      assert.equal(plain.error, undefined);
      for (const mode of ['calls', 'full'] as const) {
        const instrumented = await runInstrumented(code, { mode, filename: '/virtual/settings.ts', typescript: settings });
        assert.deepEqual(instrumented.output, plain.output, mode);
      }
    });
  }
});
