// Legacy decorators and assignment semantics for fields, from ./tsconfig.json ("files" names this
// program): experimentalDecorators, and target ES2017 (no useDefineForClassFields). tsx honours
// them; so must the recorded run. emitDecoratorMetadata is set too, and tsx ignores it: no metadata.
const log: string[] = [];
const meta = new Map<string, unknown>();
(Reflect as any).metadata = (key: string, value: unknown) => (target: object, prop?: string) => {
  meta.set(`${(target as any).name ?? (target as any).constructor.name}.${prop ?? ''}:${key}`, value);
};
function logged(target: any, key: string, desc: PropertyDescriptor) {
  const original = desc.value;
  desc.value = function (this: unknown, ...args: unknown[]) { log.push(`call ${key}(${args.join(',')})`); return original.apply(this, args); };
}
function readonlyProp(target: any, key: string, desc: PropertyDescriptor) { desc.configurable = false; log.push(`accessor ${key} on ${typeof target === 'function' ? 'class' : 'prototype'}`); }
function field(target: any, key: string) { log.push(`field ${key} on ${target.constructor.name}`); }
function param(target: any, key: string | undefined, index: number) { log.push(`param ${key ?? 'constructor'}#${index}`); }
function sealed<T extends new (...args: any[]) => object>(C: T) {
  log.push(`class ${C.name}`);
  return class extends C { sealedBy = 'sealed'; };
}
class Base {
  set label(v: string) { log.push(`Base setter label=${v}`); }
  get label() { return 'from Base getter'; }
}
@sealed
class Service extends Base {
  @field label = 'field value';
  @field count: number = 1;
  declare notEmitted: string;
  constructor(@param public name: string, @param private readonly dep: number) {
    super();
    log.push(`ctor keys ${Object.keys(this).join(',')}`);
  }
  @logged run(@param x: number, y: string) { return `${this.name}:${x}:${y}:${this.dep}`; }
  @logged static create(n: string) { return new Service(n, 7); }
  @readonlyProp get total() { return this.count * 2; }
}
const s = Service.create('svc');
console.log(s.run(3, 'y'), s.total, s.label, Object.keys(s));
console.log(Object.getOwnPropertyDescriptor(Service.prototype, 'total')?.configurable);
console.log(log.join('\n'));
console.log('metadata entries:', meta.size);
class Counter { static created = 0; id = ++Counter.created; double = this.id * 2; }
console.log(new Counter(), new Counter(), Object.keys(new Counter()));
