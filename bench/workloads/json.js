// JSON-heavy code: build documents, stringify, parse with a reviver, transform, re-serialise.
const { report } = require('./common');
report('json', (scale) => {
  let total = 0;
  for (let round = 0; round < 20 * scale; round++) {
    const orders = Array.from({ length: 200 }, (_, i) => ({
      id: `${round}-${i}`,
      customer: { name: 'customer' + (i % 17), tier: i % 3 === 0 ? 'gold' : 'basic' },
      lines: Array.from({ length: 1 + (i % 4) }, (_, j) => ({ sku: 'sku' + j, qty: j + 1, price: 9.99 + j })),
      placed: new Date(Date.UTC(2024, 0, 1 + (i % 28))).toISOString(),
    }));
    const text = JSON.stringify(orders);
    const parsed = JSON.parse(text, (key, value) => (key === 'placed' ? Date.parse(value) : value));
    const summary = parsed.map((o) => ({ id: o.id, total: o.lines.reduce((s, l) => s + l.qty * l.price, 0), gold: o.customer.tier === 'gold' }));
    total += JSON.stringify(summary).length + summary.filter((s) => s.gold).length;
  }
  return total;
});
