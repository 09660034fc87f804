// Interleaving of async functions, promise reactions and awaits of thenables.
const order: string[] = [];
async function a() { order.push('a1'); await null; order.push('a2'); await b(); order.push('a3'); }
async function b() { order.push('b1'); await Promise.resolve(); order.push('b2'); }
const thenable = { then(resolve: (v: string) => void) { order.push('thenable.then'); resolve('t'); } };
async function c() { order.push('c1'); const v = await thenable; order.push('c2 ' + v); }
a();
c();
order.push('sync');
Promise.resolve().then(() => order.push('then1')).then(() => order.push('then2'));
queueMicrotask(() => order.push('microtask'));
(async () => { order.push('iife'); await undefined; order.push('iife2'); return 'r'; })().then((v) => order.push('iife-then ' + v));
setTimeout(() => console.log(order.join('\n')), 5);
