// A `.js` file with import/export is an ES module to Node >= 20.19 when its package.json has no
// "type", and a SyntaxError where the package says "commonjs" or in a `.cjs` file. Recorded, such
// a file must not turn into CommonJS (mocha's `import('../src/x.js')` of one then found no exports).
const lib = require('./helpers/typeless-esm.js');
console.log(Object.keys(lib).sort().join(','), lib.area(new lib.Box(2, 3)), lib.topThis, lib.evaluations());
for (const file of ['./helpers/commonjs-package/export-syntax.js', './helpers/export-syntax.cjs']) {
  try {
    const m = require(file);
    console.log('loaded', file, Object.keys(m));
  } catch (e) {
    console.log(file, e.name, e.message);
  }
}
import('./helpers/typeless-esm.js')
  .then((ns) => {
    console.log('imported again:', ns.evaluations(), ns.area === lib.area);
    return import('./helpers/commonjs-package/export-syntax.js');
  })
  .then((ns) => console.log('imported', Object.keys(ns)), (e) => console.log('import:', e.name, e.message));
