// The generator protocol: yield in expression positions, return overridden in finally, throw()
// swallowed, return()/throw() before the first next(), yield* results, generator methods,
// arguments and this in generators, infinite generators closed by destructuring.
function* g1(): Generator<number, string, string> {
  const a = yield 1;
  const b = (yield 2) + (yield 3);
  const obj = { [yield 4]: yield 5 };
  console.log('g1 got', a, b, JSON.stringify(obj));
  try { return 'ret'; } finally { console.log('g1 finally'); }
}
const it = g1();
console.log(it.next('ignored'), it.next('A'), it.next('B'), it.next('C'), it.next('K'), it.next('V'), it.next('end'));
function* overrideReturn() { try { yield 1; return 'try'; } finally { return 'finally'; } }
const o = overrideReturn();
console.log(o.next(), o.next(), o.next());
const o2 = overrideReturn(); o2.next();
console.log(o2.return('external'));
function* swallowThrow() { while (true) { try { yield 'waiting'; } catch (e) { console.log('swallowed', (e as Error).message); } } }
const s = swallowThrow(); s.next();
console.log(s.throw(new Error('one')), s.throw(new Error('two')), s.return('bye'));
function* notStarted() { try { yield 1; } finally { console.log('never printed'); } }
const ns = notStarted();
console.log(ns.return('early'), ns.next());
try { notStarted().throw(new Error('before start')); } catch (e) { console.log('thrown out', (e as Error).message); }
class Tree { constructor(public v: number, public kids: Tree[] = []) {} *[Symbol.iterator](): Generator<number> { yield this.v; for (const k of this.kids) yield* k; } }
console.log([...new Tree(1, [new Tree(2, [new Tree(3)]), new Tree(4)])]);
function* inner() { const x = yield 'i1'; return 'inner-ret-' + x; }
function* outer() { const r = yield* inner(); yield r; }
const ou = outer();
console.log(ou.next(), ou.next('X'), ou.next());
const genObj = { *m() { yield this === genObj; } };
console.log(genObj.m().next().value);
function* genArgs(this: any) { yield arguments.length; yield this; }
const ga = genArgs.call('t' as any, 1, 2);
console.log(ga.next().value, typeof ga.next().value);
function* infinite() { let i = 0; while (true) yield i++; }
const [x0, x1, x2] = infinite();
console.log(x0, x1, x2);
const itr = infinite();
console.log(itr[Symbol.iterator]() === itr, Object.prototype.toString.call(itr), Object.getPrototypeOf(infinite).constructor.name);
async function* ag() { yield* [1, 2]; yield await Promise.resolve(3); }
(async () => { const out: number[] = []; for await (const v of ag()) out.push(v); console.log(out); const a2 = ag(); console.log(await a2.return(9), await a2.next()); })();
