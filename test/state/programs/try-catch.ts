function risky(v: number) {
  if (v > 1) throw { code: v, reason: 'too big' };
  return v;
}
let outcome = 'none';
try {
  risky(5);
} catch (err) {
  outcome = 'caught';
  console.log('@state ' + JSON.stringify({ err, outcome }));
}
try {
  JSON.parse('{');
} catch (e) {
  const message = (e as Error).name;
  console.log('@state ' + JSON.stringify({ message }));
} finally {
  outcome = 'finally';
}
console.log('@state ' + JSON.stringify({ outcome }));
