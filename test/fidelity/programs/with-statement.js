// Sloppy-mode `with`: the instrumenter leaves this function uninstrumented (and says so once).
function lookup(scope) {
  with (scope) {
    return [a, typeof b, c];
  }
}
var c = 'global c';
console.log(lookup({ a: 1, c: 'scoped c' }), lookup({ a: 2 }));
const unscopables = { x: 'scoped', [Symbol.unscopables]: { x: true } };
var x = 'outer x';
function useUnscopables() { with (unscopables) { return x; } }
console.log(useUnscopables());
function plainNeighbour(n) { return n * 2; }
console.log(plainNeighbour(21));
