// CommonJS loading ES modules through dynamic import, and circular requires.
const a = require('./helpers/cycle-a.cjs');
console.log(a.done, a.fromB);
import('./helpers/esm-lib.mjs').then((m) => console.log(m.default(), m.constant));
console.log(typeof require, typeof module, __filename.endsWith('cjs-requires-esm.cjs'));
