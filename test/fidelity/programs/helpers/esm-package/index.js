// An ES module in a "type": "module" package, loaded with require() by require-esm.cjs.
import { double } from './double.js';
export const name = 'esm-package';
export function twice(xs) {
  return xs.map(double);
}
export default class Counter {
  #n = 0;
  next() { return ++this.#n; }
}
