const source = { a: 1, nested: { b: [2, 3] }, rest1: 'r', rest2: 's' };
const { a, nested: { b: [first, second] }, ...others } = source;
console.log('@state ' + JSON.stringify({ a, first, second, others }));
function area({ w, h }: { w: number; h: number }, [scale]: number[]) {
  const value = w * h * scale;
  console.log('@state ' + JSON.stringify({ w, h, scale, value }));
}
area({ w: 2, h: 3 }, [10]);
let p = 1, q = 2;
[p, q] = [q, p];
console.log('@state ' + JSON.stringify({ p, q }));
