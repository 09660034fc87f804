// Stack traces as V8 prints them for JavaScript run by plain node (no source maps): anonymous
// functions without a name in front (`at file:line:col`), static methods and getters named by
// their class, `[as alias]` for a method called by another name, `new` for constructors. Under
// Scope, Node's formatter must not print these frames in its source-mapped form.
const show = (label, e, count = 2) => console.log(label.padEnd(9), e.stack.split('\n').slice(1, 1 + count).map((l) => l.trim()).join(' | '));
class Foo {
  constructor() { show('ctor', new Error()); }
  method() { show('method', new Error()); }
  static st() { show('static', new Error()); }
  get g() { show('getter', new Error()); return 1; }
  set s(v) { show('setter', new Error()); }
}
new Foo();
new Foo().method();
Foo.st();
void new Foo().g;
new Foo().s = 1;
const obj = { m() { show('objm', new Error()); } };
obj.alias = obj.m;
obj.alias();
[1].map(function () { show('anonfn', new Error()); });
[1].forEach(() => show('arrow', new Error()));
show('toplevel', new Error(), 1);
function Named() { show('fnctor', new Error()); }
new Named();
(function () { show('iife', new Error()); })();
const bound = function b() { show('bound', new Error()); }.bind(null);
bound();
function* gf() { show('gen', new Error()); yield; }
gf().next();
async function af() { show('async', new Error(), 1); await null; show('resumed', new Error(), 1); }
af();
Promise.resolve().then(() => show('then', new Error(), 1));
setTimeout(function timerFn() { show('timer', new Error(), 1); }, 1);
setTimeout(() => show('timerArrow', new Error(), 1), 2);
