// An error thrown two calls deep inside a timer callback, never caught: Node's header names the
// line and column where it was thrown (a probe that caught and rethrew it would move them to the
// function's end).
function parse(text) {
  return JSON.parse(text).items.length;
}
function load(texts) {
  return texts.map(parse);
}
setTimeout(() => {
  console.log('loading');
  console.log(load(['{"items":[1]}', '{}']));
}, 1);
