console.log('never printed: the file does not parse');
function broken(a, {
  return a;
}
