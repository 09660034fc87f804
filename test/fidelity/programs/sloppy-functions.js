// Sloppy-mode functions: fn.caller, arguments.callee and fn.arguments, mapped arguments (also past
// three parameters), this coerced to the global object, implicit globals, block functions, var
// over parameters, duplicate parameters, and Reflect.construct's new.target.
console.log(this === module.exports, typeof exports, typeof __filename);
function outer() { return inner(); }
function inner() { return inner.caller === outer ? 'caller ok' : 'caller ' + (inner.caller && inner.caller.name); }
console.log(outer());
function callee() { return arguments.callee === callee; }
console.log(callee());
function argLen() { return inner2.arguments && inner2.arguments.length; }
function inner2(a, b) { return argLen(); }
console.log(inner2(1, 2, 3));
function mapped(a, b) { arguments[0] = 'changed'; b = 'b2'; return [a, arguments[1], arguments.length]; }
console.log(mapped(1, 2), mapped(1));
function many(a, b, c, d, e) { arguments[4] = 'E'; e = 'e2'; return [e, arguments[4], arguments.length]; }
console.log(many(1, 2, 3, 4, 5), many(1));
function argsIdentity(x) { const a1 = arguments; return (function () { return a1 === arguments; })(); }
console.log(argsIdentity());
function argsToString() { return Object.prototype.toString.call(arguments) + arguments.length; }
console.log(argsToString(1, 2));
function countArgsFromProbe(a, b, c, d) { return arguments.length; }
console.log(countArgsFromProbe(), countArgsFromProbe(1, 2, 3, 4, 5, 6));
function sloppyThis() { return this === globalThis; }
console.log(sloppyThis(), sloppyThis.call(null), typeof sloppyThis.call(5));
var topVar = 1;
console.log(globalThis.topVar, 'topVar' in globalThis);
implicitGlobal = 'ig';
console.log(globalThis.implicitGlobal);
function fnDeclInBlock() { { function blockFn() { return 'bf'; } } return typeof blockFn === 'function' ? blockFn() : 'none'; }
console.log(fnDeclInBlock());
function paramShadow(x) { var x; return x; }
console.log(paramShadow(3));
function paramShadow2(x) { var x = x + 1; { let y = x; x = y * 2; } return x; }
console.log(paramShadow2(3));
function hoistedLater() { return typeof later; function later() {} }
console.log(hoistedLater());
function dupParams(a, a) { return a; }
console.log(dupParams(1, 2));
const o = { method() { return typeof this.method.caller; } };
try { console.log(o.method()); } catch (e) { console.log(e.constructor.name); }
console.log(Reflect.construct(function F() { return { nt: new.target && new.target.name }; }, [], function G() {}).nt);
function recursionDepth(n) { try { return recursionDepth(n + 1); } catch (e) { return n; } }
const d1 = recursionDepth(0);
console.log(d1 > 1000);
