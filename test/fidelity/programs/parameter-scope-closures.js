// Parameter lists: closures in defaults that read and write earlier parameters (no frame variable
// of the function is in scope there), optional calls keeping `this`, new.target and arguments in
// arrows, and one strings object per tagged template site.
'use strict';
const a = { name: 'a', b: { name: 'b', m() { return this && this.name; } }, m() { return this && this.name; } };
console.log(a.b?.m(), a.b.m?.(), a?.m(), a.m?.(), a?.b?.m?.(), (a.b).m(), (a?.b).m());
const n = null;
console.log(n?.m(), n?.b.m(), a.x?.(), a.b?.["m"](), a.b?.["m"]?.());
const k = 'm';
console.log(a[k]?.(), a?.[k]?.());
console.log((0, a.m)?.());
function Outer() {
  const f = () => new.target;
  const g = () => (() => new.target)();
  return { nt: f() === Outer, nt2: g() === Outer };
}
console.log(new Outer(), Outer.call({}));
function defaults(a, b = a + 1, c = () => a + b, d = c(), e = arguments.length) {
  a = 100;
  return [a, b, c(), d, e];
}
console.log(defaults(1), defaults(1, 2), defaults(1, undefined, () => 'x'));
function paramScope(x, f = () => x) { var x = 'inner'; return [x, f()]; }
console.log(paramScope('outer'));
function paramScope2(x, f = () => { x = 'set by f'; }) { f(); return x; }
console.log(paramScope2('orig'));
function args() { const arrow = () => arguments[0] + arguments.length; return arrow('ignored'); }
console.log(args(5, 6, 7));
function args2() { const arrow = (...r) => [...arguments, ...r]; return arrow(9); }
console.log(args2(1, 2));
function sloppyArgs(a) { a = 2; return arguments[0]; }
console.log(sloppyArgs(1));
const seen = [];
function tag(s) { seen.push(s); return s; }
function site() { return tag`x${1}y`; }
for (let i = 0; i < 3; i++) site();
console.log(seen[0] === seen[1], seen[1] === seen[2], seen[0] === tag`x${1}y`);
const seen2 = [];
const arrowSite = (v) => { seen2.push(((s) => s)`a${v}`); };
arrowSite(1); arrowSite(2);
console.log(seen2[0] === seen2[1]);
// this in callbacks via optional call on method chain
class K { constructor() { this.v = 7; } get() { return this.v; } }
const kk = new K();
console.log(kk.get?.(), kk?.get(), (kk?.get)());
const maybe = { fn: undefined };
console.log(maybe.fn?.(console.log('never')));
// super property optional call
class P { hi() { return 'P.hi ' + this.tag; } }
class Q extends P { constructor() { super(); this.tag = 'q'; } hi() { return super.hi?.() + ' via Q'; } }
console.log(new Q().hi());
// eval-free indirect call forms
const obj2 = { f() { return this === obj2; } };
console.log((obj2.f)(), (obj2?.f)(), obj2.f``);
function nested(a, g = function (b = () => { a = 'A'; }) { b(); return () => { a += '!'; }; }) { g()(); return a; }
console.log(nested('a'));
class ParamClass { m(x, f = () => { x = 1; return class { n() { x++; } }; }) { new (f())().n(); return x; } }
console.log(new ParamClass().m(0));
function pf(x, C = class { y = (x = 5); static z = (x += 1); m() { x++; return x; } }) { const c = new C(); return [x, c.y, c.m(), x]; }
console.log(pf(1));
const pg = (a, b = { get v() { a = 'got'; return a; } }) => [b.v, a];
console.log(pg('orig'));
function ph(a, b = function* () { a = yield a; }) { const it = b(); it.next(); it.next('sent'); return a; }
console.log(ph('first'));
async function pk(a, b = async () => { a = await Promise.resolve('awaited'); }) { await b(); return a; }
pk("x").then(console.log);
