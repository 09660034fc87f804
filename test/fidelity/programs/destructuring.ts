const log: string[] = [];
const d = (name: string, v: unknown) => { log.push(name); return v; };
const { a = d('a', 1), b = d('b', 2), ...rest } = { b: undefined, c: 3, e: 4 } as Record<string, unknown>;
const [x = d('x', 10), , y = d('y', 20), ...tail] = [undefined, 'skip', 0, 1, 2];
function params({ p = d('p', 'P') } = {}, [q = d('q', 'Q')] = []) { return p + q; }
console.log(a, b, rest, x, y, tail, params(), params({ p: 'p' }, ['q']));
let m = 1, n = 2;
[m, n] = [n, m];
const target: Record<string, number> = {};
({ one: target.first, two: target['second'] = d('second', 22) } = { one: 1 } as { one: number; two?: number });
const iterable = { *[Symbol.iterator]() { log.push('iter start'); yield 1; yield 2; log.push('iter end?'); } };
const [firstOnly] = iterable;
console.log(m, n, target, firstOnly, log.join(','));
for (const [k, v = 'dv'] of [['k1'], ['k2', 'v2']]) console.log(k, v);
