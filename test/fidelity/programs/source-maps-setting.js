// Node's source-map setting is the program's own: Scope turns Node's source maps on for its
// stack translation, but `process.sourceMapsEnabled` once read true in a program that never
// enabled them, and a program turning them on (as tsx does) changed nothing Scope printed.
console.log(process.sourceMapsEnabled);
const setter = process.setSourceMapsEnabled;
console.log(setter.name, setter.length, String(setter).startsWith('function setSourceMapsEnabled(val)'));
const property = Object.getOwnPropertyDescriptor(process, 'sourceMapsEnabled');
console.log(typeof property.get, property.get.name, property.set, property.enumerable, property.configurable, String(property.get).replace(/\s+/g, ' '));
try {
  process.setSourceMapsEnabled('yes');
} catch (e) {
  console.log(e.code, e.message);
}
console.log(process.sourceMapsEnabled, process.setSourceMapsEnabled(true), process.sourceMapsEnabled);
function thrower() { throw new Error('after turning them on'); }
try { thrower(); } catch (e) { console.log(e.stack.split('\n')[1].replace(/\(.*[\\/]/, '(')); }
process.setSourceMapsEnabled(false);
console.log(process.sourceMapsEnabled);
