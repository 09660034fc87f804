// Block-level function declarations in sloppy mode (Annex B) and hoisting through blocks.
console.log(typeof f);
{
  console.log(typeof f, f());
  function f() { return 'block f'; }
}
console.log(typeof f);
if (false) { function g() {} }
console.log(typeof g);
switch (1) { case 1: function h() { return 'h'; } }
console.log(h());
label: function labelled() {}
console.log(typeof labelled);
