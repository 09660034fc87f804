// Functions Scope puts in place of Node's own (the Worker class, Module.prototype._compile,
// process.kill, Node's Error.prepareStackTrace) read as the originals: name, length, source text.
const { Worker } = require('node:worker_threads');
const Module = require('node:module');
const describe = (label, f) => {
  const text = Function.prototype.toString.call(f);
  console.log(label, JSON.stringify(f.name), f.length, text.slice(0, text.indexOf('{') + 1), Object.getOwnPropertyNames(f).sort().join());
};
describe('Worker', Worker);
describe('_compile', Module.prototype._compile);
describe('kill', process.kill);
if (typeof Error.prepareStackTrace === 'function') describe('prepareStackTrace', Error.prepareStackTrace);
class Sub extends Worker {}
console.log(Object.getPrototypeOf(Sub) === Worker, Sub.name, String(Worker) === Function.prototype.toString.call(Worker));
