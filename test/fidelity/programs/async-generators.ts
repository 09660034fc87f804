async function* src() { yield 1; await null; yield 2; try { yield 3; } finally { console.log('src finally'); } }
async function* mapped<T>(it: AsyncIterable<T>, f: (x: T) => T) { for await (const v of it) yield f(v); }
(async () => {
  const seen: number[] = [];
  for await (const v of mapped(src(), (x) => x * 10)) { seen.push(v); if (v === 30) break; }
  console.log(seen);
  const g = src();
  console.log(await g.next(), await g.return(9), await g.next());
  for await (const x of [Promise.resolve('a'), 'b']) console.log('sync iterable', x);
})();
