function memoize<A extends unknown[], R>(fn: (...args: A) => R) {
  const cache = new Map<string, R>();
  let hits = 0;
  const wrapped = (...args: A): R => {
    const key = JSON.stringify(args);
    if (cache.has(key)) { hits++; return cache.get(key)!; }
    const value = fn(...args);
    cache.set(key, value);
    return value;
  };
  return Object.assign(wrapped, { stats: () => ({ hits, size: cache.size }) });
}
const slowSquare = memoize((n: number) => n * n);
const fib: (n: number) => number = memoize((n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2)));
console.log(slowSquare(4), slowSquare(4), slowSquare.stats(), fib(80), (fib as unknown as { stats(): unknown }).stats());
let counter = 0;
const makeCounter = () => { let c = 0; return { inc: () => ++c + counter++, get: () => c }; };
const c1 = makeCounter(), c2 = makeCounter();
c1.inc(); c1.inc(); c2.inc();
console.log(c1.get(), c2.get(), counter);
