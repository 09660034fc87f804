const order: string[] = [];
const note = (s: string) => { order.push(s); return s; };
class A {
  a = note('A.a');
  static sa = note('A.static');
  static { note('A.static block'); }
  constructor() { note('A.ctor'); }
  b = note('A.b');
}
class B extends A {
  c = note('B.c');
  ['computed' + note('B.key')] = note('B.computed');
  constructor() { note('B.ctor before super'); super(); note('B.ctor after super'); }
  static sb = note('B.static');
}
new B();
console.log(order.join('\n'));
console.log(Object.keys(new B()));
