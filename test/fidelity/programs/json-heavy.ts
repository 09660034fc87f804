const records = Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item${i}`, tags: i % 3 ? ['x'] : ['y', 'z'], nested: { value: i * 1.5 } }));
const text = JSON.stringify(records);
const parsed = JSON.parse(text, (k, v) => (k === 'value' ? Math.round(v) : v)) as typeof records;
const byTag = parsed.reduce<Record<string, number>>((acc, r) => { for (const t of r.tags) acc[t] = (acc[t] ?? 0) + 1; return acc; }, {});
console.log(text.length, parsed[199].nested.value, byTag, JSON.stringify(parsed[5], null, 2));
console.log(JSON.stringify({ date: new Date(0), undef: undefined, fn() {}, nan: NaN, inf: -Infinity, big: [1, [2, [3]]] }));
