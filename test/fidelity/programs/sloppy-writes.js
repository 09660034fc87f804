// Sloppy mode: failed writes are silent, writes to primitives are ignored, implicit globals.
const frozen = Object.freeze({ a: 1 });
frozen.a = 2;
frozen.b = 3;
const str = 'text';
str.extra = 1;
implicitGlobal = 'made';
console.log(frozen, str.extra, globalThis.implicitGlobal, delete globalThis.implicitGlobal, typeof implicitGlobal);
var n = 5;
n.prop = 1;
console.log(n.prop, delete frozen.a, frozen.a);
