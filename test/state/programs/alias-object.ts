// Objects mutated through aliases: every name for the object sees every write.
const a: Record<string, unknown> = { x: 1 };
const b = a;
b.y = 2;
const holder = { inner: a };
holder.inner.x = 10;
console.log('@state ' + JSON.stringify({ a, b, holder }));
function touch(o: Record<string, unknown>) {
  o.z = 'via param';
  console.log('@state ' + JSON.stringify({ o }));
}
touch(b);
console.log('@state ' + JSON.stringify({ a }));
