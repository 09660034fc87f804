const stack: number[] = [];
const alias = stack;
for (let i = 0; i < 4; i++) {
  alias.push(i * 10);
  console.log('@state ' + JSON.stringify({ stack, i }));
}
const top = stack.pop();
console.log('@state ' + JSON.stringify({ stack, top }));
