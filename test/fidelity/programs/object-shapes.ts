// Prototype chains, Object.create(null), property order, symbols, getters on prototypes.
const bare = Object.create(null) as Record<string, number>;
bare.z = 1; bare.a = 2; bare[2] = 3; bare[1] = 4;
const proto = { inherited: true, get computed() { return 'from proto'; } };
const child = Object.create(proto, { own: { value: 'own', enumerable: true } });
const s = Symbol('hidden');
const withSym = { visible: 1, [s]: 2 };
console.log(Object.keys(bare), 'toString' in bare, child.own, child.inherited, child.computed, Object.keys(child));
console.log(JSON.stringify(withSym), Object.getOwnPropertySymbols(withSym).length, Reflect.ownKeys(withSym).length);
const p = Object.getPrototypeOf(Object.setPrototypeOf({ mine: 1 }, proto)) === proto;
console.log(p, Object.entries({ b: 1, a: 2, 1: 'one' }));
