// Function names as the language infers them (declarations, assignments, logical assignments,
// destructuring and parameter defaults, object and class members, export default), which
// probes around initialisers must not change, with their source text and length.
const names = [];
const f1 = function () {}; names.push(f1.name);
const f2 = () => {}; names.push(f2.name);
let f3; f3 = function () {}; names.push(f3.name);
let f4; f4 = () => {}; names.push(f4.name);
let f5; f5 ||= () => {}; names.push(f5.name);
let f6 = null; f6 ??= function () {}; names.push(f6.name);
let f7 = 1; f7 &&= class {}; names.push(f7.name);
const { d1 = () => {}, d2: d2x = function () {} } = {}; names.push(d1.name, d2x.name);
const [a1 = () => {}, , a3 = class {}] = []; names.push(a1.name, a3.name);
let g1, g2; ({ g1 = () => {} } = {}); [g2 = function () {}] = []; names.push(g1.name, g2.name);
function withDefault(cb = () => {}, { inner = () => {} } = {}) { return [cb.name, inner.name]; }
names.push(...withDefault());
const obj = { m: () => {}, n: function () {}, ['c' + 'k']: () => {}, [Symbol.iterator]: function () {}, get gg() { return 1; }, 1: () => {}, 'str key': () => {} };
names.push(obj.m.name, obj.n.name, obj.ck.name, obj[Symbol.iterator].name, Object.getOwnPropertyDescriptor(obj, 'gg').get.name, obj[1].name, obj['str key'].name);
class C { field = () => {}; static sfield = function () {}; #priv = () => {}; ['comp' + 1] = () => {}; static [Symbol.for('x')] = () => {}; getPriv() { return this.#priv.name; } }
const c = new C();
names.push(c.field.name, C.sfield.name, c.getPriv(), c.comp1.name, C[Symbol.for('x')].name);
const member = {}; member.prop = function () {}; names.push(JSON.stringify(member.prop.name));
const Cls = class {}; names.push(Cls.name);
const Named = class Inner {}; names.push(Named.name);
const wrapped = (0, function () {}); names.push(JSON.stringify(wrapped.name));
const paren = (function () {}); names.push(paren.name);
const ternary = true ? function () {} : null; names.push(JSON.stringify(ternary.name));
for (const fl = () => {}; ;) { names.push(fl.name); break; }
var vf = async () => {}; names.push(vf.name);
let gen = function* () {}; names.push(gen.name);
let agen = async function* () {}; names.push(agen.name);
names.push((() => {}).name === '', (class {}).name === '');
let counter = 0; let incName = () => {}; incName = () => counter++; names.push(incName.name);
import def, { anon } from './helpers/names-lib.mjs';
names.push(def.name, anon.name);
console.log(names.join(' '));
console.log(String(f2), String(obj.m), String(C.sfield));
console.log(f1.length, withDefault.length, ((a, b = 1, c) => {}).length, ((...r) => {}).length);
