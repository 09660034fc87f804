// Closures created in a switch case block or a catch block inside a loop: each must see its own
// iteration's bindings.
const fromCases: (() => string)[] = [];
for (const word of ['one', 'two']) {
  switch (word.length) {
    case 3: {
      const tag = word + '!';
      fromCases.push(() => {
        console.log('@state ' + JSON.stringify({ tag }));
        return tag;
      });
      break;
    }
    default:
      break;
  }
}
const fromBareCases: (() => string)[] = [];
for (let i = 0; i < 2; i++) {
  switch (i) {
    case 0:
    case 1:
      let label = 'case ' + i;
      fromBareCases.push(() => {
        console.log('@state ' + JSON.stringify({ label }));
        return label;
      });
  }
}
const fromCatches: (() => string)[] = [];
for (const bad of ['x', 'y']) {
  try {
    throw new Error(bad);
  } catch (error) {
    const why = (error as Error).message;
    fromCatches.push(() => {
      console.log('@state ' + JSON.stringify({ why }));
      return why;
    });
  }
}
for (const f of [...fromCases, ...fromBareCases, ...fromCatches]) f();
