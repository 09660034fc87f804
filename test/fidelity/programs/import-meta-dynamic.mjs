// import.meta (url, resolve, filename, dirname), JSON modules by import attributes, by dynamic
// import and by require (one cached object), dynamic import of a module and of the same file
// under another URL (a second instance), and a missing module's error code.
import { createRequire } from 'node:module';
import data from './helpers/data.json' with { type: 'json' };
const require = createRequire(import.meta.url);
console.log(import.meta.url.split('/').pop(), typeof import.meta.resolve, import.meta.filename?.split('/').pop(), import.meta.dirname === undefined ? 'nodir' : 'dir');
console.log(import.meta.resolve('./helpers/dynamic-lib.mjs').split('/').pop());
console.log(data, require('./helpers/data.json') === require('./helpers/data.json'), require('./helpers/data.json').list.length);
const lib = await import('./helpers/dynamic-lib.mjs');
console.log(lib.where, lib.default(3), lib.counter);
lib.bump(); lib.bump();
console.log(lib.counter, Object.keys(lib), lib[Symbol.toStringTag]);
const again = await import('./helpers/dynamic-lib.mjs?x=1');
console.log(again.counter, again === lib);
try { await import('./helpers/missing.mjs'); } catch (e) { console.log(e.code); }
const json2 = await import('./helpers/data.json', { with: { type: 'json' } });
console.log(json2.default === data);
function f() { return import.meta.url === new URL(import.meta.url).href; }
console.log(f());
