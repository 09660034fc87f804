// Getter/setter calls are counted: recording must not add any.
const log: string[] = [];
const o = {
  _v: 1,
  get v() { log.push('get'); return this._v; },
  set v(x) { log.push('set ' + x); this._v = x; },
};
o.v = 5;
o.v += 1;
o.v++;
const { v } = o;
function takes(x: typeof o) { return x._v; }
takes(o);
console.log(o.v, v, log.join());
class Temp {
  #c = 0;
  static reads = 0;
  get celsius() { Temp.reads++; return this.#c; }
  set celsius(value: number) { this.#c = value; }
}
const t = new Temp();
t.celsius = 21;
const copy = [t, t];
console.log(copy.length, t.celsius, Temp.reads);
