// Objects with counting getters are passed, returned, stored and thrown: counts stay unchanged.
let reads = 0;
const watched = Object.defineProperty({ plain: 1 }, 'expensive', { get() { reads++; return 42; }, enumerable: true });
class Lazy { get value() { reads++; return 'lazy'; } }
function identity<T>(x: T): T { return x; }
const stored: unknown[] = [];
for (let i = 0; i < 3; i++) stored.push(identity(watched), identity(new Lazy()));
const holder = { watched };
holder.watched = identity(watched);
try { throw watched; } catch (e) { stored.push(e); }
console.log(stored.length, reads);
console.log(watched.expensive, reads);
