// Function and var hoisting, function declarations in blocks (sloppy mode, Annex B).
console.log(typeof later, v, hoisted());
var v = 1;
function hoisted() { return 'h' + inner(); function inner() { return 'i'; } }
function later() {}
{
  function inBlock() { return 'block'; }
}
console.log(inBlock(), typeof notYet);
if (true) { function notYet() { return 1; } }
console.log(typeof notYet, v);
var v = 2;
console.log(v);
