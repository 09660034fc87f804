// Strings past the capture budget: the program's own strings are intact.
const long = 'abcdefghij'.repeat(500);
function length(s: string) { return s.length; }
let built = '';
for (let i = 0; i < 200; i++) built += String.fromCharCode(65 + (i % 26));
const unicode = '😀'.repeat(700);
console.log(length(long), long.slice(-5), length(built), built.slice(0, 30), unicode.length, unicode.codePointAt(1398)?.toString(16));
const json = JSON.stringify({ data: long });
console.log(json.length, JSON.parse(json).data === long);
