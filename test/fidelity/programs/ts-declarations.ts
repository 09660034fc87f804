// TypeScript constructs with runtime meaning or none: const, declared and merged enums, merged
// namespaces (with functions and classes), abstract classes, overloads, satisfies, definite
// assignment, declare fields against initialised ones, parameter properties, generics and casts.
const enum Dir { Up = 1, Down = Up * 2, Left = 'L'.length + 10 }
enum Color { Red, Green = 5, Blue }
enum Str { A = 'a', B = `b${'x'}`.length }
declare enum Ambient { X }
declare const declaredVar: number;
console.log(Dir.Up, Dir.Down, Dir.Left, Color.Red, Color[5], Color.Blue, Str.A, Str.B, typeof declaredVar === 'undefined' ? 'declared-only' : 'x');
namespace NS { export const a = 1; export function f() { return a + b; } const b = 10; }
namespace NS { export const c = NS.a + 2; export namespace Inner { export let v = c * 2; } }
namespace NS.Deep.Er { export const z = 'deep'; }
console.log(NS.f(), NS.c, NS.Inner.v, NS.Deep.Er.z);
function merged() { return 'fn'; }
namespace merged { export const extra = 'extra'; }
console.log(merged(), merged.extra);
class Merge { static x = 1; }
namespace Merge { export const y = 2; }
console.log(Merge.x, Merge.y);
enum Color { Purple = 100 }
console.log(Color.Purple, Color[100]);
abstract class Shape {
  abstract area(): number;
  abstract name: string;
  describe() { return `${this.name} ${this.area().toFixed(2)}`; }
}
class Circle extends Shape { name = 'circle'; constructor(private r: number) { super(); } area() { return Math.PI * this.r ** 2; } }
console.log(new Circle(2).describe());
function over(x: string): string;
function over(x: number): number;
function over(x: any) { return typeof x === 'string' ? x + '!' : x * 2; }
console.log(over('a'), over(2));
const conf = { port: 8080, host: 'h' } satisfies Record<string, string | number>;
console.log(conf.port + 1, conf);
let definite!: number;
function init() { definite = 42; }
init();
console.log(definite);
class WithDeclare { declare d: number; e!: string; f?: number; constructor() { console.log('own keys', Object.keys(this), 'd' in this, 'e' in this, 'f' in this); } }
new WithDeclare();
class BaseD { x = 'base'; constructor() { console.log('base sees', (this as any).y); } }
class DerivedD extends BaseD { declare x: string; y = 'derived'; }
console.log(new DerivedD().x);
class Redecl extends BaseD { x: string = 'over'; }
console.log(new Redecl().x);
const tuple = [1, 'a'] as const;
const asserted = <number>(<unknown>'5');
console.log(tuple, asserted, (null as any)!?.x);
type T = { a: number };
const nonNull = ({ a: 1 } as T | undefined)!.a;
console.log(nonNull);
function thisParam(this: { v: number }, k: number) { return this.v * k; }
console.log(thisParam.call({ v: 3 }, 2), thisParam.length);
class Gen<T> { constructor(public value: T, protected readonly other = 'o') {} get<U extends T>(): U { return this.value as U; } }
console.log(new Gen<number>(5).get(), Object.keys(new Gen('x')));
const arrowGeneric = <T,>(x: T): T => x;
console.log(arrowGeneric<string>('g'));
let u: unknown = 'x';
console.log((u as string).length, u satisfies unknown);
