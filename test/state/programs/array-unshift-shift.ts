const queue = [2, 3];
queue.unshift(0, 1);
console.log('@state ' + JSON.stringify({ queue }));
const first = queue.shift();
console.log('@state ' + JSON.stringify({ queue, first }));
