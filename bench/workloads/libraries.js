// Library-heavy work, most of it inside packages that are not recorded (bench/libraries.bench.ts):
// acorn parses a large file (every node it builds is a property write of its own), lodash clones
// a tree (fresh objects) and merges into objects the program holds (writes the recording keeps).
const fs = require('node:fs');
const acorn = require('acorn');
const _ = require('lodash');
const { report } = require('./common');

const source = fs.readFileSync(require.resolve('lodash/lodash.js'), 'utf8');

function tree(depth, width) {
  if (depth === 0) return { leaf: true, weight: width };
  const node = { depth, children: [] };
  for (let i = 0; i < width; i++) node.children.push(tree(depth - 1, width));
  return node;
}

report('libraries', (scale) => {
  let nodes = 0;
  for (let i = 0; i < scale; i++) nodes += acorn.parse(source, { ecmaVersion: 'latest' }).body.length;
  const settings = { server: { port: 80, hosts: [] }, limits: {} };
  let copies = 0;
  for (let i = 0; i < 200 * scale; i++) {
    _.merge(settings, { server: { port: 8000 + (i % 10), hosts: [`h${i % 7}`] }, limits: { [`k${i % 13}`]: i } });
    _.set(settings, ['limits', 'last'], i);
    copies += _.cloneDeep(tree(3, 4)).children.length;
  }
  return nodes * 1000 + copies + settings.server.port + Object.keys(settings.limits).length;
});
