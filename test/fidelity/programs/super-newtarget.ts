class Base {
  kind: string;
  constructor() { this.kind = new.target.name; console.log('Base sees', new.target.name); }
  greet() { return 'base greet from ' + this.kind; }
  static make() { return 'static ' + this.name; }
}
class Derived extends Base {
  extra: number;
  constructor(x: number) {
    const before = x + 1;
    super();
    this.extra = before;
  }
  greet() { return 'derived > ' + super.greet(); }
  static make() { return 'derived ' + super.make(); }
}
function F(this: unknown) { return new.target === undefined ? 'called' : 'constructed'; }
console.log(new Derived(1).greet(), Derived.make(), (F as unknown as () => string)(), new (F as unknown as new () => object)() instanceof F);
const obj = { __proto__: { hi() { return 'proto hi'; } }, hi() { return 'own > ' + super.hi(); } } as { hi(): string };
console.log(obj.hi());
class Arrow extends Base { constructor() { const init = () => super(); init(); } }
console.log(new Arrow().kind);
