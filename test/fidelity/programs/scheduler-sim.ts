// A small cooperative scheduler using generators: deterministic interleaving.
type Task = Generator<string, void, number>;
function* worker(name: string, steps: number): Task {
  let received = 0;
  for (let i = 0; i < steps; i++) received += yield `${name}${i}(${received})`;
}
const queue: Task[] = [worker('a', 3), worker('b', 2), worker('c', 4)];
const trace: string[] = [];
let tick = 0;
while (queue.length > 0) {
  const task = queue.shift()!;
  const { value, done } = task.next(tick++);
  if (!done) { trace.push(value as string); queue.push(task); }
}
console.log(trace.join(' '));
