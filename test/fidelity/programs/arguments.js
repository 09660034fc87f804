// Mapped arguments in sloppy functions, unmapped in strict, arrows see the outer arguments.
function f(a) { arguments[0] = 9; return [a, arguments.length, Array.from(arguments)]; }
function g(a) { 'use strict'; arguments[0] = 9; return a; }
function outer() { const inner = () => arguments[1]; return inner(); }
function h(a) { a = 5; return arguments[0]; }
function rest(...xs) { return arguments.length + xs.length; }
function defaults(a, b = 2) { a = 7; return [arguments[0], arguments.length]; }
function callee() { return typeof arguments.callee; }
console.log(f(1, 2), g(1), outer('x', 'y'), h(1), rest(1, 2, 3), defaults(1), callee());
console.log(Object.prototype.toString.call((function () { return arguments; })()));
