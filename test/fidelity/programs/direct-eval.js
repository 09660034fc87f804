// Direct eval sees and creates locals; indirect eval runs in the global scope.
function direct(a) {
  var local = 'L';
  const r = eval('a + local');
  eval('var created = 42');
  return [r, typeof created === 'number' ? created : 'none'];
}
var globalName = 'G';
function indirect() {
  var globalName = 'shadow';
  const geval = eval;
  return [geval('typeof globalName'), geval('globalName'), globalName];
}
function strictEval() { 'use strict'; eval('var inner = 1'); return typeof inner; }
console.log(direct(1), indirect(), strictEval());
console.log((0, eval)("1 + 1"), new Function('x', 'return x * 3')(5));
