// Conversion hooks are counted: only the program's own conversions may call them.
let calls = { toJSON: 0, toPrimitive: 0, toString: 0, valueOf: 0 };
class Money {
  constructor(public cents: number) {}
  toJSON() { calls.toJSON++; return { cents: this.cents }; }
  [Symbol.toPrimitive](hint: string) { calls.toPrimitive++; return hint === 'number' ? this.cents / 100 : `$${this.cents / 100}`; }
}
const legacy = { toString() { calls.toString++; return 'legacy'; }, valueOf() { calls.valueOf++; return 7; } };
function keep<T>(x: T): T { return x; }
const m = keep(new Money(250));
const l = keep(legacy);
const both = [m, l];
console.log(JSON.stringify(both.length), `${m}`, +m, l + 1, String(l));
console.log(JSON.stringify({ m }));
console.log(JSON.stringify(calls));
