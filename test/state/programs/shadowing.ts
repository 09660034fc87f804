const x = 'outer';
let y = 1;
function f() {
  const x = 'inner';
  y = 2;
  {
    const x = 'block';
    console.log('@state ' + JSON.stringify({ x, y }));
  }
  console.log('@state ' + JSON.stringify({ x, y }));
}
f();
console.log('@state ' + JSON.stringify({ x, y }));
