// Closures created in loops: each must see ITS iteration's let/const binding (block frames).
const fs: (() => number)[] = [];
for (let i = 0; i < 3; i++) { fs.push(() => i); }
for (const f of fs) {
  const v = f();
  console.log('@state ' + JSON.stringify({ v }));
}
const named: (() => string)[] = [];
for (const name of ['a', 'b']) {
  named.push(() => {
    console.log('@state ' + JSON.stringify({ name }));
    return name;
  });
}
for (const key in { p: 1, q: 2 }) {
  named.push(() => {
    console.log('@state ' + JSON.stringify({ key }));
    return key;
  });
}
let n = 0;
while (n < 2) {
  const inner = n * 10;
  n++;
  named.push(() => {
    console.log('@state ' + JSON.stringify({ inner, n }));
    return String(inner);
  });
}
for (let j = 0; j < 2; j++) {
  const sq = j * j;
  named.push(() => {
    console.log('@state ' + JSON.stringify({ j, sq }));
    return String(j + sq);
  });
  console.log('@state ' + JSON.stringify({ j, sq }));
}
for (const g of named) g();
const ks: (() => number)[] = [];
for (let k = 0; k < 2;) {
  ks.push(() => {
    console.log('@state ' + JSON.stringify({ k }));
    return k;
  });
  k++;
}
for (const g of ks) g();
