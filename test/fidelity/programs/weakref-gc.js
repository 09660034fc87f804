// Recording must never keep alive an object the program let go: objects passed to and returned
// from recorded functions, written to properties, pushed, thrown, awaited, yielded and captured
// by closures are collected once the program drops them (WeakRef.deref() is then undefined and
// the FinalizationRegistry callback runs). gc is reached through V8's flag, as `node` runs it plain.
const v8 = require('node:v8');
const vm = require('node:vm');
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const refs = new Map();
const finalized = [];
const registry = new FinalizationRegistry((label) => finalized.push(label));
function track(label, object) {
  refs.set(label, new WeakRef(object));
  registry.register(object, label);
  return object;
}

function inspect(obj) { return Object.keys(obj).length; }
function identity(obj) { return obj; }
class Box { constructor(v) { this.v = v; } get value() { return this.v; } }
function* yielder(obj) { yield obj; }
async function awaiter(obj) { return await obj; }

const keptAlive = track('kept', { name: 'kept' });

async function makeGarbage() {
  for (let i = 0; i < 3; i++) {
    const passed = track('passed' + i, { i, payload: new Array(50).fill(i) });
    inspect(passed);
    identity(passed).touched = true;
    const box = track('box' + i, new Box(passed));
    box.value;
  }
  const holder = { slot: track('property', { p: 1 }) };
  holder.slot = null;
  const list = [];
  list.push(track('pushed', { q: 1 }));
  list.pop();
  const map = new Map();
  map.set('k', track('map value', { m: 1 }));
  map.delete('k');
  try { throw track('thrown', new Error('dropped')); } catch (e) { inspect(e); }
  for (const y of yielder(track('yielded', { y: 1 }))) inspect(y);
  await awaiter(track('awaited', { a: 1 }));
  const closure = ((captured) => () => captured)(track('captured', { c: 1 }));
  closure();
  inspect(keptAlive);
}

async function main() {
  await makeGarbage();
  for (let round = 0; round < 4; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  const alive = [...refs].filter(([, ref]) => ref.deref() !== undefined).map(([label]) => label);
  console.log('still reachable:', alive.join(', '));
  console.log('kept is the same object:', refs.get('kept').deref() === keptAlive);
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
  console.log('finalized:', finalized.sort().join(', '));
}
main();
