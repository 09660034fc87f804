// Derived constructors: super() in an arrow and in branches, this before super, constructors
// returning objects or primitives, missing and repeated super(), field order around super,
// mixins, extends null and class expressions, and subclasses of Error, Array and Promise.
class Base { tag: string; constructor(tag: string) { this.tag = tag; console.log('Base ctor', new.target.name); } }
class ArrowSuper extends Base {
  field = 'f:' + this.tag;
  constructor(flag: boolean) {
    const callSuper = () => super(flag ? 'yes' : 'no');
    if (flag) callSuper(); else { callSuper(); }
    console.log('after super', this.field);
  }
}
new ArrowSuper(true); new ArrowSuper(false);
class ThisBefore extends Base { constructor() { try { (this as any).x = 1; } catch (e) { console.log('TDZ this', (e as Error).constructor.name); } super('late'); } }
new ThisBefore();
class ReturnsObject extends Base { constructor() { super('r'); return { custom: true } as any; } }
console.log(new ReturnsObject());
class ReturnsPrimitiveBase { constructor() { return 5 as any; } }
console.log(new ReturnsPrimitiveBase() instanceof ReturnsPrimitiveBase);
class NoSuper extends Base { constructor() { return Object.create(NoSuper.prototype); } }
console.log(new NoSuper() instanceof NoSuper);
class MissingSuper extends Base { constructor() { if (Math.random() > 2) super('never'); } }
try { new MissingSuper(); } catch (e) { console.log('missing super', (e as Error).constructor.name); }
class TwiceSuper extends Base { constructor() { super('1'); try { super('2'); } catch (e) { console.log('twice', (e as Error).constructor.name); } } }
new TwiceSuper();
class ParamProps extends Base { extra = this.p * 2; constructor(public p: number, private q = p + 1) { super('pp' + p); console.log('pp', this.extra, this.q); } }
new ParamProps(4);
class SuperInArgs extends Base { constructor(public v = 1) { super(((): string => 'computed')()); } }
console.log(new SuperInArgs().tag);
class EvalOrder extends Base {
  a = console.log('field a init');
  constructor() { console.log('before super'); super((console.log('super arg'), 'x')); console.log('after super'); }
  b = console.log('field b init');
}
new EvalOrder();
const Mixin = <T extends new (...a: any[]) => object>(B: T) => class extends B { mixed = true; };
class Mixed extends Mixin(Base) { constructor() { super('mix'); } }
console.log(new Mixed());
function OldStyle(this: any, v: number) { if (!(this instanceof OldStyle)) return new (OldStyle as any)(v); this.v = v; }
console.log((OldStyle as any)(3).v, new (OldStyle as any)(4).v);
class ExtendsNull extends (null as any) { constructor() { return Object.create(ExtendsNull.prototype); } }
console.log(Object.getPrototypeOf(ExtendsNull.prototype));
class ExtendsExpr extends (class { x = 1; }) {}
console.log(new ExtendsExpr().x);
class Err extends Error { constructor(msg: string, public code = 42) { super(msg); this.name = 'Err'; } }
const err = new Err('m');
console.log(err instanceof Err, err.code, String(err), err.stack?.split('\n')[0]);
class Arr extends Array<number> { sum() { return this.reduce((a, b) => a + b, 0); } }
const arr = Arr.from([1, 2, 3]) as Arr;
console.log(arr.sum(), arr.map((x) => x * 2) instanceof Arr, arr.length);
class P2 extends Promise<number> {}
console.log(P2.resolve(1) instanceof P2, (P2.resolve(1).then(() => 2)) instanceof P2);
