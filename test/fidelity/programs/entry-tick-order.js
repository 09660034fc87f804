// The order of process.nextTick, promise and queueMicrotask callbacks queued by the entry point's
// top level: when Node runs a CommonJS entry through its CommonJS loader, the ticks run first;
// through its ES module loader (any `--import`), the promise callbacks did. A 'worker' listener
// hears only the program's own threads.
const order = [];
process.on('worker', (w) => order.push(`worker event ${w.threadId > 0}`));
process.nextTick(() => order.push('tick1'));
Promise.resolve().then(() => order.push('promise1'));
queueMicrotask(() => order.push('microtask1'));
process.nextTick(() => {
  order.push('tick2');
  Promise.resolve().then(() => order.push('promise from tick'));
  process.nextTick(() => order.push('tick from tick'));
});
Promise.resolve().then(() => {
  order.push('promise2');
  process.nextTick(() => order.push('tick from promise'));
});
(async () => {
  order.push('async start');
  await null;
  order.push('after await');
})();
setImmediate(() => {
  order.push('immediate');
  setTimeout(() => console.log(order.join('\n')), 1);
});
