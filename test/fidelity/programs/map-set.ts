const m = new Map<unknown, string>();
const key = { id: 1 };
m.set(key, 'object key').set('s', 'string key').set(NaN, 'nan');
m.delete('s');
console.log(m.size, m.get(key), m.get(NaN), [...m.values()]);
const s = new Set([3, 1, 3, 2]);
s.add(1).add(4);
s.delete(3);
console.log([...s], s.has(2));
const wm = new WeakMap<object, number>();
const ws = new WeakSet<object>();
wm.set(key, 5);
ws.add(key);
console.log(wm.get(key), ws.has(key), wm.has({}));
const grouped = new Map<string, number[]>();
for (const n of [1, 2, 3, 4, 5, 6]) {
  const k = n % 2 ? 'odd' : 'even';
  if (!grouped.has(k)) grouped.set(k, []);
  grouped.get(k)!.push(n);
}
console.log(JSON.stringify([...grouped]));
m.clear();
console.log(m.size);
