// import/export in a `.js` file whose package.json has no "type": Node >= 20.19 runs it as an
// ES module (module syntax detection), from require() too.
let count = 0;
count++;
export const topThis = typeof this;
export function evaluations() { return count; }
export class Box {
  constructor(w, h) { this.w = w; this.h = h; }
}
export const area = (box) => box.w * box.h;
