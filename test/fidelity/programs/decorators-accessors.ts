// TC39 decorators on fields, accessors (auto-accessor get/set/init), getters, setters and private
// methods, addInitializer, and the order decorators are evaluated and applied in.
const log: string[] = [];
function bound(value: Function, ctx: ClassMethodDecoratorContext) {
  ctx.addInitializer(function (this: any) { this[ctx.name] = this[ctx.name].bind(this); });
}
function getterLog(value: Function, ctx: ClassGetterDecoratorContext) {
  return function (this: any) { log.push('get ' + String(ctx.name)); return value.call(this); };
}
function setterLog(value: Function, ctx: ClassSetterDecoratorContext) {
  return function (this: any, v: unknown) { log.push('set ' + String(ctx.name) + '=' + v); value.call(this, v); };
}
function field(initial: undefined, ctx: ClassFieldDecoratorContext) {
  return (v: number) => { log.push('init field ' + String(ctx.name) + ' ' + v); return v * 10; };
}
function auto(target: ClassAccessorDecoratorTarget<any, number>, ctx: ClassAccessorDecoratorContext) {
  return {
    get(this: any) { const v = target.get.call(this); log.push('auto get ' + v); return v; },
    set(this: any, v: number) { log.push('auto set ' + v); target.set.call(this, v + 1); },
    init(v: number) { log.push('auto init ' + v); return v; },
  };
}
function privMeta(value: Function, ctx: ClassMethodDecoratorContext) { log.push(`priv ${String(ctx.name)} private=${ctx.private} static=${ctx.static}`); }
class Thing {
  @field count = 3;
  @auto accessor level = 1;
  #inner = 'inner';
  constructor(public label: string) {}
  @bound hello() { return 'hello ' + this.label; }
  @getterLog get inner() { return this.#inner; }
  @setterLog set inner(v: string) { this.#inner = v; }
  @privMeta #secret() { return 's'; }
  @privMeta static stat() { return 'st'; }
  callSecret() { return this.#secret(); }
}
const t = new Thing('T');
const h = t.hello;
console.log(h(), t.count, t.level, (t.level = 5, t.level), t.inner, (t.inner = 'new', t.inner), t.callSecret(), Thing.stat());
console.log(log);
function order(name: string) { log.length = 0; return (v: any, c: DecoratorContext) => { console.log('eval/apply', name, c.kind); }; }
function ev(name: string) { console.log('evaluate', name); return order(name); }
@ev('class1') @ev('class2')
class Ordered {
  @ev('m1') @ev('m2') m() {}
  @ev('f') f = 1;
  @ev('s') static s() {}
}
console.log(new Ordered().f);
