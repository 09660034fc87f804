exports.done = false;
const b = require('./cycle-b.cjs');
exports.fromB = b.sawAPartial;
exports.done = true;
