// require() of an ES module (Node >= 20.19 loads a "type": "module" package this way, e.g. marked
// and uuid): the module must keep its module syntax when recorded.
const esm = require('./helpers/esm-package');
console.log(esm.name, esm.twice([1, 2, 3]), Object.keys(esm).sort().join(','));
const Counter = esm.default;
const c = new Counter();
console.log(c.next(), c.next(), esm.__esModule);
