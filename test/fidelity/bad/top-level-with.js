// A `with` at the top level: the whole file is left uninstrumented, and runs as written.
var config = { name: 'top', size: 3 };
with (config) {
  console.log(name, size * 2);
}
function helper(n) { return n + 1; }
console.log(helper(41));
