// Integer-like keys are listed first, ascending, whatever the order they were written in.
const o: Record<string, unknown> = { b: 1 };
o[10] = 'ten';
o.a = 2;
o[2] = 'two';
console.log('@state ' + JSON.stringify({ o }));
delete o.b;
o.b = 3;
console.log('@state ' + JSON.stringify({ o }));
