#!/usr/bin/env node
// A script with a hashbang line (every CLI's bin file): the probes must not land in that comment.
// It requires an empty module too, which must still load (its prologue and end share one offset).
require('./helpers/empty.js');
function greet(name) {
  return `hello ${name}`;
}
const o = {};
o.greeting = greet('bin');
console.log(o.greeting, new Error('where').stack.split('\n')[1].trim());
