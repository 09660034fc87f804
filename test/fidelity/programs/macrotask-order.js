// Timers, immediates, nextTick and microtasks in their Node order. Started from a timer: at the
// main module's top level, the order of nextTick and promise callbacks depends on whether Node
// ran the entry point through its ESM loader (any `--import`, tsx's included) or not.
const fs = require('fs');
const order = [];
function done() {
  console.log(order.join(','));
}
function inIo() {
  fs.readFile(__filename, () => {
    setTimeout(() => { order.push('timeout in io'); setTimeout(done, 10); }, 0);
    setImmediate(() => order.push('immediate in io'));
  });
}
setTimeout(() => {
  setTimeout(() => { order.push('timeout 0'); inIo(); }, 0);
  setImmediate(() => order.push('immediate'));
  process.nextTick(() => order.push('nextTick'));
  Promise.resolve().then(() => { order.push('promise'); process.nextTick(() => order.push('nextTick in promise')); });
}, 0);
