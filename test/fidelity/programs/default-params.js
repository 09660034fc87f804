// Parameter scope: defaults see earlier params and can close over them; body vars are separate.
var x = 'outer';
function f(a, b = a * 2, getA = () => a, y = x) {
  var a = 'body';
  return [b, getA(), a, y];
}
function g(p = q, q = 1) { return p; }
let err;
try { g(); } catch (e) { err = e.constructor.name; }
console.log(f(3), g(5), err, f.length, ((a, b = 1, c) => 0).length);
function h(arg = this) { return arg === globalThis; }
console.log(h(), h.call(undefined), h.call('x'));
