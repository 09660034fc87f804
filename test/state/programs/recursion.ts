function fact(n: number): number {
  const here = n;
  if (n <= 1) {
    console.log('@state ' + JSON.stringify({ n, here }));
    return 1;
  }
  const below = fact(n - 1);
  const result = here * below;
  console.log('@state ' + JSON.stringify({ n, below, result }));
  return result;
}
fact(4);
