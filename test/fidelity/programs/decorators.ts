// TC39 decorators (TypeScript 5): method and class decorators, applied in order.
const log: string[] = [];
function logged(value: (...args: any[]) => any, context: ClassMethodDecoratorContext) {
  log.push('decorate ' + String(context.name));
  return function (this: unknown, ...args: any[]) { log.push('call ' + String(context.name)); return value.apply(this, args); };
}
function tagged(value: Function, context: ClassDecoratorContext) { log.push("class " + String(context.name)); context.addInitializer(() => log.push("initialised " + value.name)); }
@tagged
class Service {
  @logged greet(name: string) { return 'hi ' + name; }
  @logged static version() { return 2; }
}
console.log(new Service().greet('x'), Service.version(), typeof Service);
console.log(log.join(', '));
