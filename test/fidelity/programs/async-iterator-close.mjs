// for await over custom async iterables and async generators closed early (break, throw, labelled
// continue: `return` runs and its finally awaits), generator return()/throw() with yields in
// finally, yield* delegation, and iterators closed by destructuring.
const log = (...a) => console.log(...a);
function makeIterable(name, n) {
  return {
    [Symbol.asyncIterator]() {
      let i = 0;
      return {
        next: async () => { log(name, 'next', i); return i < n ? { value: i++, done: false } : { value: undefined, done: true }; },
        return: async (v) => { log(name, 'return called', v); return { value: v, done: true }; },
      };
    },
  };
}
async function* gen(name) {
  try {
    for (let i = 0; ; i++) { log(name, 'yield', i); yield i; }
  } finally {
    log(name, 'gen finally');
    await null;
    log(name, 'gen finally after await');
  }
}
async function main() {
  for await (const v of makeIterable('A', 5)) { if (v === 2) break; log('A got', v); }
  for await (const v of gen('G')) { if (v === 1) break; log('G got', v); }
  try { for await (const v of gen('H')) { if (v === 1) throw new Error('boom'); } } catch (e) { log('caught', e.message); }
  label: for (const x of [1, 2]) { for await (const v of gen('L' + x)) { if (v === 1) continue label; } }
  for await (const v of [Promise.resolve('p1'), 'plain', Promise.resolve('p3')]) log('arr', v);
  const g = gen('R');
  log(await g.next(), await g.return('early'), await g.next());
  const g2 = gen('T');
  await g2.next();
  try { await g2.throw(new Error('thrown in')); } catch (e) { log('T threw', e.message); }
  // sync generator return/throw in finally
  function* sg() {
    try { yield 1; yield 2; } finally { log('sg finally'); yield 'from finally'; log('after finally yield'); }
  }
  const s = sg();
  log(s.next(), s.return('r'), s.next(), s.next());
  const s2 = sg();
  s2.next();
  log(s2.throw(new Error('x')) );
  try { s2.next(); } catch (e) { log('s2', e.message); }
  function* delegating() { const r = yield* sg(); log('delegated result', r); return 'd'; }
  const d = delegating();
  log(d.next(), d.return('dr'), d.next(), d.next());
  // async iterator closed early by destructuring
  function* counted() { try { yield 'a'; yield 'b'; yield 'c'; } finally { log('counted closed'); } }
  const [first] = counted();
  log('first', first);
  const [, ...rest] = counted();
  log('rest', rest);
}
main().then(() => log('done'));
