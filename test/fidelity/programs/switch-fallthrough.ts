function classify(x: unknown): string[] {
  const seen: string[] = [];
  switch (typeof x) {
    case 'number':
      seen.push('number');
      if (x === 0) { seen.push('zero'); break; }
    // falls through
    case 'bigint':
      seen.push('numeric');
    case 'string': {
      seen.push('primitive-ish');
      break;
    }
    default:
      seen.push('other');
    case 'symbol':
      seen.push('after default');
  }
  return seen;
}
for (const v of [0, 1, 1n, 's', {}, Symbol('q')]) console.log(String(typeof v), classify(v).join('>'));
let hits = 0;
const key = () => { hits++; return 2; };
switch (key()) { case 1: case key() - 0: console.log('matched two'); }
console.log('case expressions evaluated', hits);
