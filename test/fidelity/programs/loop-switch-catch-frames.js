// A switch or catch inside a loop whose bindings closures capture gets a frame of its own per run
// (a block is put around the switch): labels, break/continue, Annex B functions in case clauses,
// TDZ in a case clause and yield inside such a switch must behave as before.
const out = [];
outer: for (let i = 0; i < 4; i++) {
  inner: switch (i % 3) {
    case 0:
      let zero = 'zero' + i;
      out.push(() => zero);
      if (i > 2) break outer;
      break inner;
    case 1:
      const one = 'one' + i;
      out.push(() => one);
      continue outer;
    default:
      function annexB() { return 'annex ' + i; }
      out.push(annexB);
  }
  out.push(() => 'after switch ' + i);
}
console.log(out.map((f) => f()).join(', '), typeof annexB);
for (const k of [1, 2]) {
  switch (k) {
    case 1:
      try { console.log(late); } catch (e) { console.log('TDZ:', e.constructor.name); }
      break;
    case 2:
      let late = 'set';
      out.push(() => late);
  }
}
function* gen() {
  for (let n = 0; n < 3; n++) {
    switch (n) {
      case 1: { const got = yield n; out.push(() => got); break; }
      default: let d = yield n * 10; out.push(() => d);
    }
  }
}
const g = gen();
let step = g.next();
while (!step.done) step = g.next('sent ' + step.value);
const caught = [];
for (const bad of ['a', 'b']) {
  try { throw new TypeError(bad); } catch ({ message, name }) { caught.push(() => name + ':' + message); }
  try { JSON.parse('{' + bad); } catch (error) { caught.push(() => error.name); }
}
console.log(out.slice(-5).map((f) => f()).join(', '), '|', caught.map((f) => f()).join(', '));
