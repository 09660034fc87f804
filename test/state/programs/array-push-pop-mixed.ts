// push/pop recorded as element writes, mixed with everything that changes an array's length
// another way: index writes, `length =`, other mutators, several arguments, push through apply.
const items: number[] = [];
items.push(1);
items.push(2, 3);
console.log('@state ' + JSON.stringify({ items }));
items[items.length] = 4;
items.push(5);
console.log('@state ' + JSON.stringify({ items }));
items.length = 2;
items.push(6);
console.log('@state ' + JSON.stringify({ items }));
items.pop();
items.pop();
items.pop();
items.pop();
console.log('@state ' + JSON.stringify({ items }));
items.push(7, 8, 9);
Array.prototype.push.apply(items, [10, 11]);
items.push(12);
console.log('@state ' + JSON.stringify({ items }));
items.shift();
items.unshift(0);
items.push(13);
items.splice(1, 2);
items.push(14);
console.log('@state ' + JSON.stringify({ items }));
items.reverse();
items.pop();
items[0] = 99;
items.push(15);
console.log('@state ' + JSON.stringify({ items }));
const big: number[] = [];
for (let i = 0; i < 100; i++) big.push(i);
big.pop();
// Past the snapshot budget (64 entries): element writes keep every element.
console.log('@state ' + JSON.stringify({ big }));
