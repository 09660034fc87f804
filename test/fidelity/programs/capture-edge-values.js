// Values the recording captures must not be disturbed: revoked proxies, proxies whose traps log,
// objects of another realm, throwing getters and toStringTag, huge and sparse arrays, deep and
// cyclic objects, detached buffers, weak collections, symbols, bigints and -0.
const vm = require('vm');
const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
revoke();
function take(x) { return typeof x; }
console.log(take(proxy));
const holder = { p: proxy };
holder.q = proxy;
function ret() { return proxy; }
console.log(typeof ret());
try { throw proxy; } catch (e) { console.log('caught revoked', typeof e); }
const arr = [proxy]; arr.push(proxy);
console.log(arr.length);
const m = new Map([[proxy, proxy]]); m.set('k', proxy);
console.log(m.size);
// proxy whose traps log: capture must not trigger them
const logs = [];
const handler = {};
for (const t of ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'defineProperty', 'set', 'deleteProperty', 'isExtensible', 'preventExtensions', 'apply', 'construct']) handler[t] = (...a) => { logs.push(t); return Reflect[t](...a); };
const spy = new Proxy(function target() {}, handler);
function useSpy(s) { return 1; }
useSpy(spy); const box = { s: spy }; box.s2 = spy; [spy].push(spy);
async function aw() { return await spy; }
aw().then(() => console.log('traps after await:', logs.join(',')));
console.log('traps:', logs.join(','));
// objects from another realm
const other = vm.runInNewContext('({ arr: [1, 2], fn() { return 1; }, d: new Date(0), re: /x/g, map: new Map([[1, 2]]) })');
function cross(o) { return Object.keys(o).length; }
console.log(cross(other), cross(other.arr), other.fn());
other.arr.push(3); other.map.set(3, 4);
console.log(other.arr, other.map.size, other.re.lastIndex);
// throwing getters, toStringTag, constructor
const nasty = { get boom() { throw new Error('getter ran'); }, get [Symbol.toStringTag]() { throw new Error('tag ran'); } };
Object.defineProperty(nasty, 'constructor', { get() { throw new Error('ctor ran'); } });
function takeNasty(n) { return 'ok'; }
console.log(takeNasty(nasty));
const nasty2 = Object.create(null); nasty2.x = 1;
console.log(takeNasty(nasty2));
class WithToJSON { toJSON() { throw new Error('toJSON ran'); } valueOf() { throw new Error('valueOf ran'); } toString() { throw new Error('toString ran'); } }
console.log(takeNasty(new WithToJSON()));
const big = new Array(1e6); big[999999] = 1;
console.log(takeNasty(big));
const sparse = []; sparse[2 ** 32 - 2] = 'last';
console.log(takeNasty(sparse), sparse.length);
const deep = {}; let cur = deep; for (let i = 0; i < 10000; i++) { cur.next = {}; cur = cur.next; }
console.log(takeNasty(deep));
const cyc = {}; cyc.self = cyc;
console.log(takeNasty(cyc));
const ab = new ArrayBuffer(8); const detached = ab.transfer ? ab.transfer() : structuredClone(ab, { transfer: [ab] });
console.log(takeNasty(ab), ab.byteLength);
const ta = new Uint8Array(new ArrayBuffer(4)); structuredClone(ta.buffer, { transfer: [ta.buffer] });
console.log(takeNasty(ta), ta.length);
const wm = new WeakMap(); const ws = new WeakSet(); const key = {}; wm.set(key, 1); ws.add(key);
console.log(takeNasty(wm), takeNasty(ws));
console.log(takeNasty(Symbol('s')), takeNasty(10n ** 30n), takeNasty(-0), Object.is(ret2(-0), -0), takeNasty(NaN));
function ret2(v) { return v; }
const frozenArgs = Object.freeze([1, 2]); frozenArgs.forEach(takeNasty);
console.log(takeNasty(globalThis), takeNasty(process), takeNasty(require('fs')));
