// ESM importing CommonJS (default and named exports detected by cjs-module-lexer) and JSON.
import lib, { named, counter } from './helpers/cjs-lib.cjs';
import { createRequire } from 'node:module';
import * as ns from './helpers/esm-lib.mjs';
const require = createRequire(import.meta.url);
const again = require('./helpers/cjs-lib.cjs');
console.log(lib.named(), named(), counter(), counter(), again === lib, again.counter());
console.log(Object.keys(ns).sort(), ns.default(), ns.value, typeof import.meta.url);
const dynamic = await import('./helpers/cjs-lib.cjs');
console.log(dynamic.default === lib, dynamic.named === named);
