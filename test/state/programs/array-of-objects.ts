// Objects reached through an array (todos → todo) are within the capture's snapshot depth.
type Todo = { id: number; done: boolean; tag: string };
const todos: Todo[] = [];
for (let id = 1; id <= 3; id++) todos.push({ id, done: false, tag: '' });
const second = todos.find((t) => t.id === 2)!;
second.done = true;
second.tag += 'urgent';
console.log('@state ' + JSON.stringify({ todos, second }));
const copy = todos.map((t) => ({ ...t }));
copy[0].done = true;
console.log('@state ' + JSON.stringify({ todos, copy }));
