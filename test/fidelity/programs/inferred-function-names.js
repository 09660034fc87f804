// Functions without a name of their own get one from V8, inferred from what they are assigned to:
// stack traces print `at o.f`, `at Widget.run`, `at cond`, `at new o.C`. Full mode once passed
// such a function to its write probe as a call's argument, where V8 infers nothing (immer's
// `this.produce = (…) => {…}` printed as `at /…/immer.js:871:9` instead of `at Immer2.produce`).
function frameOf(label, f) {
  try {
    f();
  } catch (e) {
    console.log(label, e.stack.split('\n')[1].trim().replace(/\(.*[\\/]/, '('));
  }
}
function Foo() {}
Foo.prototype.bar = function () { throw new Error(); };
const o = { a: {} };
const p = {};
o.f = () => { throw new Error(); };
o.a.g = function () { throw new Error(); };
o['k' + 1] = () => { throw new Error(); };
o.h ||= () => { throw new Error(); };
o.i ??= function () { throw new Error(); };
o.j = { inner: () => { throw new Error(); } };
const cond = Math.random() < 2 ? () => { throw new Error(); } : 0;
let alt;
alt = null || function () { throw new Error(); };
let lazy;
lazy ??= Math.random() < 2 && (() => { throw new Error(); });
const fallback = o.none || function () { throw new Error(); };
class Widget {
  constructor() {
    this.run = () => { throw new Error(); };
    this.cb = o.none ?? (() => { throw new Error(); });
  }
}
const C = o.C = class { constructor() { throw new Error(); } };
o.E = p.E = () => { throw new Error(); };
module.exports.exported = function () { throw new Error(); };
let viaChain;
viaChain = p.F = Math.random() < 2 ? () => { throw new Error(); } : 0;
frameOf('prototype', () => new Foo().bar());
frameOf('property', () => o.f());
frameOf('nested', () => o.a.g());
frameOf('computed', () => o.k1());
frameOf('||=', () => o.h());
frameOf('??=', () => o.i());
frameOf('literal', () => o.j.inner());
frameOf('conditional', () => cond());
frameOf('or', () => alt());
frameOf('variable ??=', () => lazy());
frameOf('const or', () => fallback());
frameOf('this', () => new Widget().run());
frameOf('this ??', () => new Widget().cb());
frameOf('class chain', () => new C());
frameOf('property chain', () => o.E());
frameOf('variable chain', () => viaChain());
frameOf('module.exports', () => module.exports.exported());
console.log([o.f.name, o.a.g.name, cond.name, alt.name, fallback.name, C.name, new Widget().run.name, Foo.prototype.bar.name].join('|'));
// The probes these writes get are undone in the source text a program reads.
function install(target) {
  target.a.handler = () => 1;
  let local;
  local = target.none || function () { return 2; };
  return local;
}
console.log(install.toString());
