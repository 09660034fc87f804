// Objects and arrays changed by lodash's own code: the recorded state after each call must be what
// the program sees, whether lodash is recorded with it or is a library (only its writes probed).
// Objects lodash builds are first captured when they are written into `config`, so they stay
// within the snapshot depth (2) from there.
const _ = require('lodash');

const config = { server: { port: 80 }, tags: ['a'] };
_.set(config, 'server.host', 'localhost');
_.set(config, ['limits', 'rate'], 10);
console.log('@state ' + JSON.stringify({ config }));

_.merge(config, { server: { port: 8080 }, tags: ['b', 'c'], extra: { deep: [1, 2], more: { x: 2 } } });
console.log('@state ' + JSON.stringify({ config }));

const list = [1, 2, 3, 4, 5, 6];
const removed = _.remove(list, (n) => n % 2 === 0);
_.pull(list, 5);
console.log('@state ' + JSON.stringify({ list, removed }));

const defaults = _.defaults({ a: 1 }, { a: 2, b: 3 }, { c: 4 });
_.update(defaults, 'b', (b) => b * 10);
_.unset(defaults, 'c');
console.log('@state ' + JSON.stringify({ defaults }));

const filled = _.fill(Array(4), 0, 1, 3);
const grouped = _.groupBy(['one', 'two', 'three'], 'length');
const inverted = _.invert({ a: 'x', b: 'y' });
console.log('@state ' + JSON.stringify({ filled, grouped, inverted }));

const counter = { hits: 0 };
const bump = _.after(2, () => { counter.hits += 1; });
bump(); bump(); bump();
const memo = _.memoize((n) => ({ n, sq: n * n }));
const first = memo(3);
console.log('@state ' + JSON.stringify({ counter, first }));
