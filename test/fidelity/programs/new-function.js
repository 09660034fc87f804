// Code created at run time (new Function, vm) runs uninstrumented next to instrumented code.
const vm = require('node:vm');
const add = new Function('a', 'b', 'return a + b');
const ctx = vm.createContext({ x: 2 });
console.log(add(2, 3), add.toString().replace(/\s+/g, ' '), vm.runInContext('x * 21', ctx));
const script = new vm.Script('typeof require');
console.log(script.runInThisContext(), vm.runInNewContext('[1,2].map(n => n * y)', { y: 3 }));
const AsyncFunction = (async () => {}).constructor;
new AsyncFunction('return 7')().then((v) => console.log('async fn', v));
