// What the entry module sees of itself and of the module system: Node's CommonJS loader makes its
// id '.', its parent null and it require.main; through the ES module loader (any `--import`) the
// id was its path and its parent undefined.
const path = require('node:path');
console.log('id', JSON.stringify(module.id));
console.log('parent', module.parent);
console.log('require.main === module', require.main === module);
console.log('process.mainModule === module', process.mainModule === module);
console.log('require.main.id', JSON.stringify(require.main.id));
console.log('require.cache has it', require.cache[__filename] === module);
console.log('loaded while running', module.loaded);
console.log('filename', path.basename(module.filename), module.filename === __filename);
console.log('this is exports', this === module.exports);
const child = require('./helpers/entry-child.js');
console.log('child', JSON.stringify(child.identity()));
console.log('children', module.children.map((m) => path.basename(m.id)));
setTimeout(() => console.log('loaded later', module.loaded, require.main.loaded), 1);
if (require.main === module) console.log('run as the main module');
