const start = await Promise.resolve('resolved at top level');
console.log(start);
const results = [];
for await (const x of (async function* () { yield 1; yield 2; })()) results.push(x);
console.log(results);
try { await Promise.reject(new Error('rejected at top level')); } catch (e) { console.log('caught', e.message); }
await new Promise((r) => setTimeout(r, 5));
console.log('after timer');
