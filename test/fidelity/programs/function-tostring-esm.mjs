// Function.prototype.toString in an ES module, and of built-ins and bound functions.
export function area(w, h) {
  return w * h; // original comment
}
const lambda = async (x) => { await null; return x; };
console.log(area.toString());
console.log(lambda.toString());
console.log(Math.max.toString(), area.bind(null).toString(), Function.prototype.toString.toString());
console.log(Function.prototype.toString.call(class K { static m() { return 1; } }));
