// Temporal dead zone: let/const/class read before initialisation throw ReferenceError.
function tryRead(f: () => unknown): string {
  try { return String(f()); } catch (e) { return (e as Error).name + ': ' + (e as Error).message; }
}
console.log(tryRead(() => x));
let x = 1;
console.log(tryRead(() => x));
console.log(tryRead(() => K));
class K {}
console.log(tryRead(() => typeof K));
function readY() { return y; }
console.log(tryRead(readY));
const y = 2;
console.log(tryRead(readY));
{
  console.log(tryRead(() => z));
  let z = 3;
  console.log(z);
}
