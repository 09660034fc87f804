const base = { a: 1, b: 2 };
const ext = { ...base, b: 3, ...(null as unknown as object), ...'hi' };
const arr = [...'abc', ...new Set([1, 2]), ...[, 4]]; // eslint-disable-line no-sparse-arrays
function sum(first: number, ...rest: number[]) { return first + rest.reduce((s, n) => s + n, 0); }
const { a, ...others } = ext as Record<string, unknown>;
console.log(ext, arr, sum(1, 2, 3), sum(...[4, 5]), a, others, Math.max(...[1, 9, 3]));
class List { items: number[]; constructor(...items: number[]) { this.items = items; } }
console.log(new List(...[7, 8]).items, [...Array(3).keys()]);
