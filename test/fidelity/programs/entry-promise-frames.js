// With no tick queued, promise callbacks the entry point's top level queued run from V8's
// microtask checkpoint: no Node frame below them (Scope's threads queue ticks as they start; those
// must have run before the program's code).
function frames(label) {
  const names = new Error('here').stack.split('\n').slice(1).map((line) => line.trim().replace(/^at /, '').replace(/ \(.*\)$/, '').replace(/^node:.*$/, '<node>'));
  console.log(label, names.join(' < '));
}
Promise.resolve().then(function onPromise() { frames('promise'); });
(async function awaiting() { await null; frames('after await'); })();
