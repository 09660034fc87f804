// A module with a `Symbol` of its own, hoisted and undefined when the module starts (lodash-es's
// _Symbol.js: `var Symbol = root.Symbol`): recording must not read it.
var Symbol = globalThis.Symbol;
const key = Symbol('k');
const tagged = { [key]: 1, [Symbol.iterator]: function* () { yield 'it'; } };
console.log(typeof Symbol, key.toString(), [...tagged], tagged[key]);
export default Symbol;
