function* counter(limit: number) {
  let produced = 0;
  for (let n = 1; n <= limit; n++) {
    produced++;
    const received: unknown = yield n * 10;
    console.log('@state ' + JSON.stringify({ n, produced, received }));
  }
}
const gen = counter(3);
const first = gen.next();
const second = gen.next('hello');
const third = gen.next('again');
console.log('@state ' + JSON.stringify({ first, second, third }));
