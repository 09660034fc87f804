// Writes to members: getters and setters under compound, update and logical assignment (each
// read and written once, key and object expressions evaluated once), assignment values, strict
// mode failures (frozen, read-only, null bases), Proxy set traps and setters on the prototype.
'use strict';
// getters/setters with side effects under compound assignment & update on member expressions
let reads = 0, writes = 0;
const o = { _v: 1, get v() { reads++; return this._v; }, set v(x) { writes++; this._v = x; } };
o.v += 2; o.v++; ++o.v; o.v **= 2; o.v ||= 5; o.v &&= 7; o.v ??= 9;
console.log(o._v, reads, writes);
let keyEvals = 0;
const key = () => { keyEvals++; return 'v'; };
o[key()] += 1; o[key()]++; o[key()] ??= 0;
console.log(o._v, keyEvals, reads, writes);
let objEvals = 0;
const getO = () => { objEvals++; return o; };
getO().v -= 1; getO()[key()] *= 3; getO().v--;
console.log(o._v, objEvals, keyEvals);
// assignment expression values
let a, b, c;
a = b = c = 5;
console.log(a, b, c, (a += 1) + (b -= 1), [c] = [9], c);
const arr = [1, 2, 3];
let i = 0;
arr[i++] = arr[i++] + 10;
console.log(arr, i);
// frozen object writes in strict mode must throw
const frozen = Object.freeze({ x: 1 });
try { frozen.x = 2; } catch (e) { console.log(e.constructor.name); }
try { frozen.x++; } catch (e) { console.log(e.constructor.name); }
try { delete frozen.x; } catch (e) { console.log(e.constructor.name); }
const nonWritable = Object.defineProperty({}, 'y', { value: 1, writable: false });
try { nonWritable.y += 1; } catch (e) { console.log(e.constructor.name, nonWritable.y); }
try { undefined.x = 1; } catch (e) { console.log(e.constructor.name); }
try { null[key()] = 1; } catch (e) { console.log(e.constructor.name, keyEvals); }
// string primitives
try { 'str'.length = 1; } catch (e) { console.log(e.constructor.name); }
// Proxy set trap with receiver
const target = {};
const p = new Proxy(target, { set(t, k, v, r) { console.log('trap', k, v, r === p); t[k] = v * 2; return true; } });
p.z = 1; p.z += 1;
console.log(target.z);
const child = Object.create(p);
child.w = 3;
console.log(Object.keys(child), target.w);
// setter on prototype chain
const protoWithSetter = { set q(v) { this._q = v + '!'; } };
const inst = Object.create(protoWithSetter);
inst.q = 'hi';
console.log(inst._q, Object.keys(inst));
// Symbol keys & computed writes
const sym = Symbol('s');
const so = {}; so[sym] = 1; so[sym] += 1;
console.log(so[sym]);
// Array length writes
const arr2 = [1, 2, 3, 4]; arr2.length = 2; arr2[5] = 6;
console.log(arr2, arr2.length);
// typed array OOB write
const ta = new Uint8Array(2); ta[5] = 1; ta[0] = 300;
console.log(ta, Object.keys(ta));
// delete returns
const d = { x: 1 };
console.log(delete d.x, delete d.nothing, delete d[key()], d);
// chained optional writes
const maybe = null;
console.log(maybe?.x, (maybe?.y)?.z);
