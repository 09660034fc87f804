const seen = new Set<number>();
for (const n of [3, 1, 3, 2, 1]) {
  seen.add(n);
  console.log('@state ' + JSON.stringify({ seen: [...seen], n }));
}
seen.delete(3);
console.log('@state ' + JSON.stringify({ seen: [...seen] }));
