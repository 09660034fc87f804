function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
function ackermann(m, n) { return m === 0 ? n + 1 : n === 0 ? ackermann(m - 1, 1) : ackermann(m - 1, ackermann(m, n - 1)); }
const isEven = (n) => (n === 0 ? true : isOdd(n - 1));
const isOdd = (n) => (n === 0 ? false : isEven(n - 1));
console.log(fib(20), depth(3000), ackermann(2, 3), isEven(101));
