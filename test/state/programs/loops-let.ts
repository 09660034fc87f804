const fns: (() => number)[] = [];
let total = 0;
for (let i = 0; i < 3; i++) {
  const doubled = i * 2;
  total += doubled;
  fns.push(() => i);
  console.log('@state ' + JSON.stringify({ i, doubled, total }));
}
let k = 0;
while (k < 2) {
  let inner = k + 100;
  k++;
  console.log('@state ' + JSON.stringify({ k, inner }));
}
