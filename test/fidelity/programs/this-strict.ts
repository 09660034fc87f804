'use strict';
// `this` in every function form under strict mode.
function plain(this: unknown) { return this; }
const arrow = () => typeof this;
const obj = {
  m() { return this === obj; },
  get g() { return this === obj; },
  set s(_v: number) { console.log('setter this ok', this === obj); },
  arrowIn() { return (() => this === obj)(); },
  nested() { return [1].map(function (this: unknown) { return this; }, 'thisArg'); },
};
class K {
  static s() { return this === K; }
  i() { return this instanceof K; }
  f = () => this instanceof K;
  static { console.log('static block this', this === K); }
}
obj.s = 1;
console.log(plain(), plain.call(5), arrow(), obj.m(), obj.g, obj.arrowIn(), obj.nested(), K.s(), new K().i(), new K().f());
const bound = plain.bind('b');
console.log(bound(), bound.call('c'));
