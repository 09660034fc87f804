function greet(name = 'world', punct = '!', times = name.length) {
  const text = `hi ${name}${punct}`;
  console.log('@state ' + JSON.stringify({ name, punct, times, text }));
}
greet();
greet('ann');
greet('bob', '?', 5);
function many(a: number, b: number, c: number, d: number, e: number) {
  console.log('@state ' + JSON.stringify({ a, b, c, d, e }));
}
many(1, 2, 3, 4, 5);
