const arg = process.argv[2];
if (arg === 'fail') { console.log('failing on purpose'); process.exit(4); }
function factorial(n) { return n <= 1 ? 1 : n * factorial(n - 1); }
console.log(`factorial(${arg}) = ${factorial(Number(arg))}`);
