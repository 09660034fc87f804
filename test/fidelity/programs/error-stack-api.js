// The stack trace API: Error.captureStackTrace (with a constructor to hide), Error.stackTraceLimit,
// Error.prepareStackTrace over call sites (names, lines, type and method names), error causes and
// AggregateError. (Frames of Node's own module loading differ under any --import: left out.)
function MyError(message) {
  this.message = message;
  Error.captureStackTrace(this, MyError);
}
MyError.prototype = Object.create(Error.prototype);
MyError.prototype.name = 'MyError';
function thrower() { throw new MyError('custom'); }
function caller() { thrower(); }
try { caller(); } catch (e) {
  const frames = e.stack.split('\n').slice(1, 3).map((l) => l.trim().split(' (')[0]);
  console.log(e.name, e.message, frames);
}
function hideMe() { const o = {}; Error.captureStackTrace(o, hideMe); return o.stack; }
function outer() { return hideMe(); }
console.log(outer().split('\n').slice(1, 2).map((l) => l.trim().split(' (')[0]));
function depth(n) { if (n === 0) return new Error('deep'); return depth(n - 1); }
Error.stackTraceLimit = 3;
console.log(depth(10).stack.split('\n').length);
Error.stackTraceLimit = 0;
console.log(JSON.stringify(depth(2).stack));
Error.stackTraceLimit = 10;
const prev = Error.prepareStackTrace;
Error.prepareStackTrace = (err, sites) => sites.slice(0, 4).map((s) => `${s.getFunctionName()}@${s.getLineNumber()}:${s.isNative()}`).join('|');
function a1() { return b1(); }
function b1() { return new Error('x').stack; }
console.log(a1());
class Cls { method() { return new Error('m').stack; } static sm() { return new Cls().method(); } }
console.log(Cls.sm());
const arrow = () => new Error().stack;
console.log([1].map(arrow)[0]);
function getThis() { return (function () { 'use strict'; return new Error().stack; })(); }
console.log(getThis());
Error.prepareStackTrace = (err, sites) => sites.slice(0, 2).map((s) => `${s.getTypeName()}.${s.getMethodName()}`).join('|');
const objx = { meth() { return new Error().stack; } };
console.log(objx.meth(), new Cls().method());
Error.prepareStackTrace = prev;
function withCause() { try { JSON.parse('{'); } catch (e) { return new Error('wrapped', { cause: e }); } }
const wc = withCause();
console.log(wc.cause.name, wc.message);
const ae = new AggregateError([new Error('1'), new TypeError('2')], 'agg');
console.log(ae.errors.map((e) => e.name), ae.message);
console.log(Object.prototype.toString.call(new MyError('z')), new MyError('q') instanceof Error);
