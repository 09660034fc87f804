// `this` in sloppy mode: the global object for plain calls, boxed primitives for call(5).
function plain() { return this === globalThis; }
function boxed() { return typeof this; }
const obj = { m() { return this === obj; }, arrow: () => this === module.exports };
const detached = obj.m;
console.log(plain(), boxed.call(5), boxed.call('s'), obj.m(), detached(), obj.arrow());
console.log(this === module.exports, typeof this);
function Ctor() { this.made = true; }
console.log(new Ctor().made, Reflect.apply(plain, undefined, []));
