class Range {
  constructor(private from: number, private to: number) {}
  *[Symbol.iterator]() { for (let i = this.from; i <= this.to; i++) yield i; }
}
const manual = {
  [Symbol.iterator]() {
    let n = 0;
    return { next: () => ({ value: n, done: n++ >= 3 }), return: () => { console.log('return called'); return { value: undefined, done: true }; } };
  },
};
console.log([...new Range(1, 4)], Array.from(manual));
for (const v of manual) { if (v === 1) break; }
const [p, q] = manual;
console.log(p, q, Math.max(...new Range(3, 7)));
const tagObj = { get [Symbol.toStringTag]() { return 'Tagged'; } };
console.log(Object.prototype.toString.call(tagObj), Symbol.iterator in manual, typeof Symbol.asyncIterator);
