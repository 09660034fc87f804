let x = (console.log('first'), console.log('second'), 3);
for (let i = 0, j = 10; i < j; i += 4, j -= 4) console.log(i, j);
const f = (a, b) => (a++, b++, a + b);
console.log(x, f(1, 2), (0, Math.max)(1, 2));
const obj = { m() { return this; } };
console.log((0, obj.m)() === undefined || (0, obj.m)() === globalThis, obj.m() === obj);
