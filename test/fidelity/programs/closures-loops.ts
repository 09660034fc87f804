// let creates a binding per iteration; var shares one.
const fs: Array<() => number> = [];
for (let i = 0; i < 3; i++) fs.push(() => i);
var gs: Array<() => number> = [];
for (var j = 0; j < 3; j++) gs.push(() => j);
const hs: Array<() => string> = [];
for (const k of ['a', 'b']) hs.push(() => k);
const ws: Array<() => number> = [];
let n = 0;
while (n < 3) { const m = n * 10; ws.push(() => m); n++; }
console.log(fs.map((f) => f()), gs.map((g) => g()), hs.map((h) => h()), ws.map((w) => w()));
for (let i = 0, first = () => i; i < 3; i++) console.log("i", i, first());
