enum Color { Red = 1, Green, Blue = 'blue' as unknown as number }
const enum Flags { None = 0, A = 1 << 0, B = 1 << 1 }
namespace Geometry {
  export const unit = 1;
  export function scale(n: number) { return n * unit * 2; }
  export namespace Inner { export const deep = 'deep'; }
}
namespace Geometry { export const merged = true; }
declare const declaredOnly: number;
console.log(Color.Red, Color[2], Color.Blue, Flags.A | Flags.B, Geometry.scale(4), Geometry.Inner.deep, Geometry.merged, typeof declaredOnly === 'undefined' ? 'no value' : 'value');
