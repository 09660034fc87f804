function* count(n: number): Generator<number, string, string | undefined> {
  for (let i = 0; i < n; i++) {
    const r = yield i;
    if (r) console.log('got', r);
  }
  return 'done';
}
const it = count(3);
console.log(it.next(), it.next('a'), it.next(), it.next(), it.next());
function* deleg() { const r = yield* count(1); console.log('r', r); }
console.log([...deleg()]);
const early = count(5);
early.next();
console.log(early.return('x'), early.next());
function* guarded() {
  try { yield 1; yield 2; } finally { console.log('cleanup'); }
}
for (const v of guarded()) { console.log('v', v); break; }
const thrower = guarded();
thrower.next();
try { thrower.throw(new Error('into generator')); } catch (e) { console.log('caught', (e as Error).message); }
function* fib() { let [a, b] = [0, 1]; for (;;) { yield a; [a, b] = [b, a + b]; } }
const first: number[] = [];
for (const x of fib()) { if (x > 50) break; first.push(x); }
console.log(first.join(' '));
