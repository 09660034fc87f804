const fine: number = 1;
function broken(a: number, {
  return a + fine;
}
