'use strict';
const path = require('node:path');
const parts = [];
function add(part) {
  parts.push(part);
  const joined = parts.join('/');
  console.log('@state ' + JSON.stringify({ part, joined, parts }));
}
add('a');
add(path.basename('/x/y.txt'));
