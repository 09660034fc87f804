// immer (immutable updates through Proxy drafts, from npm): patches, Map/Set drafts, classes marked
// immerable, curried and async producers, and writes to drafts once revoked. Recorded with its code
// included, a revoked draft's write once failed with Scope's "Cannot perform 'IsArray'" instead of
// the engine's 'set', and immer's `this.produce = (…) => {}` lost the name V8 infers for it (its
// stack frame read `at …/immer.cjs.development.js:871:9` instead of `at Immer2.produce`).
const { produce, enablePatches, enableMapSet, applyPatches, freeze, original, current, isDraft, createDraft, finishDraft, nothing, setAutoFreeze, immerable, produceWithPatches } = require('immer');
enablePatches(); enableMapSet();
let h = 0; const mix = (s) => { for (const c of String(s)) h = (h * 31 + c.charCodeAt(0)) >>> 0; };
const base = { users: [], index: new Map(), tags: new Set(), meta: { count: 0, nested: { deep: [1, 2, 3] } } };
let state = base;
const allPatches = [];
for (let i = 0; i < 300; i++) {
  const [next, patches, inverse] = produceWithPatches(state, (d) => {
    d.users.push({ id: i, name: 'u' + i, scores: [i % 7, i % 11] });
    d.index.set('u' + i, i);
    if (i % 3 === 0) d.tags.add('t' + (i % 17));
    d.meta.count++;
    if (i % 10 === 0) d.meta.nested.deep.push(i);
    if (i % 25 === 0 && d.users.length > 5) d.users.splice(1, 2);
    if (i % 7 === 0) { d.users[0].scores.reverse(); }
  });
  allPatches.push(...patches);
  mix(JSON.stringify(patches)); mix(JSON.stringify(inverse));
  state = next;
}
console.log('users', state.users.length, 'index', state.index.size, 'tags', state.tags.size, 'count', state.meta.count, 'hash', h);
console.log('frozen', Object.isFrozen(state), Object.isFrozen(state.users[3]), base.users.length);
const replay = applyPatches(base, allPatches);
console.log('replay equal', JSON.stringify(replay.users) === JSON.stringify(state.users), replay.index.size);
class Point { constructor(x, y) { this.x = x; this.y = y; } get len() { return Math.hypot(this.x, this.y); } }
Point[immerable] = true;
const p1 = new Point(3, 4);
const p2 = produce(p1, (d) => { d.x = 6; d.y = 8; console.log('isDraft', isDraft(d), 'orig', original(d).x, 'cur', JSON.stringify(current(d)), d instanceof Point); });
console.log(p2.len, p1.len, p2 instanceof Point, Object.keys(p2));
const dr = createDraft({ a: [1, 2], b: { c: 1 } });
dr.a.push(3); dr.b.c = 9; delete dr.b.x;
console.log(JSON.stringify(finishDraft(dr)));
console.log(produce({ a: 1 }, () => nothing), produce(5, (d) => d + 1));
try { produce({ a: 1 }, (d) => { d.a = 2; return { b: 1 }; }); } catch (e) { console.log('err1', e.message.slice(0, 80)); }
try { const f = produce({ a: { b: 1 } }, (d) => d); f.a.b = 2; console.log('no throw', f.a.b); } catch (e) { console.log('err2', e.constructor.name, e.message); }
let leaked; produce({ a: { b: 1 } }, (d) => { leaked = d.a; });
try { leaked.b = 3; } catch (e) { console.log('err3', e.message.slice(0, 90)); console.log(e.stack.split('\n')[1].replace(/\(.*[\\/]/, '(')); }
const curried = produce((d, n) => { d.v += n; });
console.log(curried({ v: 1 }, 41).v);
// keys order and getters after produce
const withGetter = { get g() { return 42; }, z: 1, a: 2, [Symbol('s')]: 3, 10: 'ten', 2: 'two' };
const r = produce(withGetter, (d) => { d.b = 4; });
console.log(Object.keys(r), Reflect.ownKeys(r).length, Object.getOwnPropertyDescriptor(r, 'g').value);
setAutoFreeze(false);
const unf = produce({ x: [1] }, (d) => { d.x.push(2); });
console.log(Object.isFrozen(unf), unf.x);
// Proxy trap observation via user proxy inside immer
let traps = 0;
const spied = new Proxy({ q: 1 }, { get(t, k, r) { traps++; return Reflect.get(t, k, r); } });
const out = produce({ s: spied }, (d) => { d.n = d.s === spied; });
console.log('traps', traps, out.n);
async function later() {
  try { produce(Promise.resolve({ a: 1 }), (d) => d); } catch (e) { console.log('err4', e.message.slice(0, 60), e.stack.split('\n').slice(1, 3).map((l) => l.trim().split(' (')[0]).join(' < ')); }
  try {
    const res = await produce({ a: 1 }, async (d) => { await null; d.a = 2; });
    console.log('async', res.a, Object.isFrozen(res));
  } catch (e) { console.log('async err', e.constructor.name, e.message); }
}
later().then(() => { console.log('done', h); });
