const mk = (a: number) => ({ a, double: a * 2 });
const curry = (a: number) => (b: number) => (c: number) => a + b + c;
const noop = () => {};
const iife = ((n: number) => n * n)(7);
const asyncArrow = async (n: number) => n + 1;
const nestedObj = () => ({ f: () => ({ g: 'deep' }) });
console.log(mk(3), curry(1)(2)(3), noop(), iife, nestedObj().f().g);
asyncArrow(1).then((v) => console.log('async arrow', v));
console.log([3, 1, 2].map((x) => x * 2).filter((x) => x > 2).reduce((s, x) => s + x, 0));
