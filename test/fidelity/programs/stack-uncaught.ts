// An uncaught exception: exit status 1, and the stack printed on stderr points at these lines.
function level3(): never {
  throw new RangeError('deep failure');
}
function level2() { return level3(); }
const level1 = () => level2();
console.log('before');
level1();
console.log('never printed');
