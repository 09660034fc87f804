// lodash (a utility library from npm): collections, objects, strings, templates, memoize.
const _ = require('lodash');
const people = _.times(40, (i) => ({ id: i, name: `person${i}`, age: 20 + ((i * 7) % 30), team: ['red', 'blue', 'green'][i % 3] }));
const byTeam = _.groupBy(people, 'team');
console.log(_.mapValues(byTeam, (members) => _.meanBy(members, 'age').toFixed(2)));
console.log(_.chain(people).filter((p) => p.age > 35).sortBy(['age', 'name']).map('name').take(5).value());
const deep = { a: [{ b: { c: 1 } }], d: new Map([[1, 2]]), e: new Date(0) };
const clone = _.cloneDeep(deep);
clone.a[0].b.c = 2;
console.log(deep.a[0].b.c, clone.a[0].b.c, _.isEqual(deep, _.cloneDeep(deep)), _.merge({ x: { y: 1 } }, { x: { z: 2 } }));
console.log(_.camelCase('Foo Bar-baz'), _.kebabCase('fooBarBaz'), _.template('hello <%= user %>!')({ user: 'lodash' }), _.padStart('7', 3, '0'));
const fib = _.memoize((n) => (n < 2 ? n : fib(n - 1) + fib(n - 2)));
console.log(fib(60), _.chunk(_.range(10), 3), _.uniqBy([2.1, 1.2, 2.3], Math.floor), _.zipObject(['a', 'b'], [1, 2]));
console.log(_.debounce.name, _.get(deep, 'a[0].b.c'), _.set({}, 'x.y[1]', 'v'), _.difference([1, 2, 3], [2]), _.intersection([1, 2], [2, 3]));
// A package function's source, read by the program: the original text, whether lodash is recorded, a library or neither.
console.log(_.memoize.toString());
