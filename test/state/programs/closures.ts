function makeCounter(start: number) {
  let count = start;
  const step = 2;
  return function increment() {
    count += step;
    console.log('@state ' + JSON.stringify({ count, step, start }));
    return count;
  };
}
const c1 = makeCounter(0);
const c2 = makeCounter(100);
c1();
c2();
c1();
