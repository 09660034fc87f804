// Programs read their own functions' source text (e.g. for dependency injection).
function add(a, b) {
  // comment kept
  return a + b;
}
const arrow = (x) => x * 2;
class Widget { constructor(name) { this.name = name; } render() { return `<${this.name}>`; } }
const obj = { method(p, q) { return p; }, get prop() { return 1; } };
console.log(add.toString());
console.log(arrow.toString());
console.log(Widget.toString());
console.log(obj.method.toString());
console.log(Object.getOwnPropertyDescriptor(obj, 'prop').get.toString());
function inject(fn) { return fn.toString().match(/\(([^)]*)\)/)[1].split(',').map((s) => s.trim()); }
console.log(inject(function (db, logger) { return db; }), add.length, add.name, arrow.name, Widget.name, Widget.length);
console.log(String(async function named() { await 1; }), String(function* gen() { yield 1; }));
