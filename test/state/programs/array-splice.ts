const letters = ['a', 'b', 'c', 'd', 'e'];
const removed = letters.splice(1, 2, 'X', 'Y', 'Z');
console.log('@state ' + JSON.stringify({ letters, removed }));
letters.splice(0, 1);
console.log('@state ' + JSON.stringify({ letters }));
