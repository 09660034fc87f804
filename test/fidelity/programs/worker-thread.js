// A worker thread computes and reports back; the main thread prints (deterministic order).
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
if (isMainThread) {
  const w = new Worker(__filename, { workerData: { n: 25 } });
  w.on('message', (m) => console.log('worker says', m));
  w.on('exit', (code) => console.log('worker exit', code, w instanceof Worker));
} else {
  function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
  parentPort.postMessage(fib(workerData.n));
}
