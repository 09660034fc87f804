// Class static blocks (order with static fields, `this` and `super` in them), private static
// methods, `#x in obj`, `accessor` fields, and `super` in object-literal methods and accessors.
class A {
  static log: string[] = [];
  static #count = 0;
  static { A.log.push('static block 1'); A.#count = 10; }
  static x = A.log.push('field x');
  static { A.log.push('static block 2 ' + A.#count + ' ' + this.x); }
  static #priv() { return 'priv ' + this.#count; }
  static callPriv() { return A.#priv(); }
  #v = 1;
  static has(o: object) { return #v in o; }
  accessor acc = 5;
  static accessor sacc = 'static';
}
console.log(A.log, A.callPriv(), A.has(new A()), A.has({}));
const a = new A();
console.log(a.acc, (a.acc = 7), a.acc, A.sacc, Object.keys(a), Object.getOwnPropertyNames(A.prototype));

const base = {
  greet() { return 'base greet ' + this.name; },
  get title() { return 'base title'; },
};
const obj = {
  __proto__: base,
  name: 'obj',
  greet() { return 'child > ' + super.greet(); },
  get title() { return 'child > ' + super.title; },
  set title(v: string) { this.name = v; },
  arrow() { const f = () => super.greet(); return f(); },
  ['comp' + 'uted']() { return super.greet(); },
};
console.log(obj.greet(), obj.title);
obj.title = 'renamed';
console.log(obj.greet(), obj.arrow(), obj.computed());
const m = obj.greet;
try { m.call({ name: 'other' }); console.log(m.call({ name: 'other' })); } catch (e) { console.log('err', (e as Error).message); }

class B { static who() { return 'B'; } static create() { return new this(); } }
class C extends B {
  static who() { return 'C<' + super.who(); }
  static { console.log('C static block', this.who(), super.who()); }
}
console.log(C.create() instanceof C);
class D {
  static #secret = 42;
  static read(o: any) { try { return o.#secret; } catch (e) { return (e as Error).constructor.name; } }
}
console.log(D.read(D), D.read(class {}));
// getter on class with same-name static
class E { get v() { return 1; } static get v() { return 2; } }
console.log(new E().v, E.v);
