// The stack of callbacks the entry point's top level queued, Node's own frames included (by name).
// With a tick queued, Node runs the ticks and then the promise callbacks from
// processTicksAndRejections (a frame of the stack); when Node ran a CommonJS entry through its ES
// module loader (any `--import`), the promise callbacks ran first, without that frame.
function frames(label) {
  const names = new Error('here').stack.split('\n').slice(1).map((line) => line.trim().replace(/^at /, '').replace(/ \(.*\)$/, '').replace(/^node:.*$/, '<node>'));
  console.log(label, names.join(' < '));
}
process.nextTick(function onTopTick() { frames('top-level tick'); });
Promise.resolve().then(function onPromise() { frames('promise'); });
(async function awaiting() { await null; frames('after await'); })();
setTimeout(() => {
  process.nextTick(function onTick() { frames('tick'); });
  Promise.resolve().then(function promiseAfterTick() { frames('promise after tick'); });
}, 1);
