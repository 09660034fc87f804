// Built-in mutators called through `call`, `apply` and `Reflect.apply` (lodash's
// `splice.call(array, i, 1)`, `[].push.apply(a, b)`): the recorded objects must change too.
const list = [3, 1, 2];
Array.prototype.push.apply(list, [9, 8]);
[].splice.call(list, 0, 1);
console.log('@state ' + JSON.stringify({ list }));

const { sort, reverse } = Array.prototype;
sort.call(list);
Reflect.apply(reverse, list, []);
console.log('@state ' + JSON.stringify({ list }));

const index = new Map<string, number>([['a', 1]]);
const seen = new Set<number>();
Map.prototype.set.call(index, 'b', 2);
Map.prototype.delete.call(index, 'a');
Set.prototype.add.call(seen, 42);
console.log('@state ' + JSON.stringify({ index: [...index], seen: [...seen] }));

// Not mutators: the same objects, unchanged, and the program's own function through `call`.
const has = Object.prototype.hasOwnProperty.call(list, 0);
function rename(this: { name: string }, name: string): void { this.name = name; }
const owner = { name: 'ada' };
rename.call(owner, 'grace');
console.log('@state ' + JSON.stringify({ list, has, owner }));
