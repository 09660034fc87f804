const seen = new Set<TemplateStringsArray>();
function tag(strings: TemplateStringsArray, ...values: unknown[]) {
  seen.add(strings);
  return strings.raw.join('|') + ' :: ' + values.join(',') + ' frozen=' + Object.isFrozen(strings);
}
function run(v: number) { return tag`a${v}b\n${v * 2}c`; }
console.log(run(1));
console.log(run(2));
console.log('same strings object per site:', seen.size);
console.log(tag`other`, seen.size);
console.log(String.raw`x\ty${1 + 1}`);
const nested = (s: TemplateStringsArray, ...v: unknown[]) => s.length + v.length;
console.log(nested`${nested`${1}`}${2}`);
