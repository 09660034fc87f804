const base = { a: 1, b: 2 };
const extended = { ...base, c: 3 };
base.a = 100;
console.log('@state ' + JSON.stringify({ base, extended }));
const arr = [1, 2];
const more = [...arr, 3, ...arr];
arr.push(99);
console.log('@state ' + JSON.stringify({ arr, more }));
