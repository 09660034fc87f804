// A recursive-descent parser for arithmetic and JSON-like documents, over generated input.
const { report } = require('./common');
function generate(n, seed) {
  let x = seed;
  const rand = () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  function value(depth) {
    const r = rand();
    if (depth > 3 || r < 0.3) return String(Math.floor(rand() * 1000));
    if (r < 0.5) return `"s${Math.floor(rand() * 100)}"`;
    if (r < 0.75) return `[${Array.from({ length: 1 + Math.floor(rand() * 4) }, () => value(depth + 1)).join(',')}]`;
    return `{${Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, i) => `"k${i}":${value(depth + 1)}`).join(',')}}`;
  }
  return Array.from({ length: n }, () => value(0));
}
class Parser {
  constructor(text) { this.text = text; this.pos = 0; }
  ws() { while (this.text.charCodeAt(this.pos) === 32) this.pos++; }
  value() {
    this.ws();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    return this.number();
  }
  object() {
    this.pos++;
    const out = {};
    while (this.text[this.pos] !== '}') {
      const key = this.string();
      this.pos++; // ':'
      out[key] = this.value();
      if (this.text[this.pos] === ',') this.pos++;
    }
    this.pos++;
    return out;
  }
  array() {
    this.pos++;
    const out = [];
    while (this.text[this.pos] !== ']') {
      out.push(this.value());
      if (this.text[this.pos] === ',') this.pos++;
    }
    this.pos++;
    return out;
  }
  string() {
    const start = ++this.pos;
    while (this.text[this.pos] !== '"') this.pos++;
    return this.text.slice(start, this.pos++);
  }
  number() {
    const start = this.pos;
    while (this.pos < this.text.length && this.text.charCodeAt(this.pos) >= 48 && this.text.charCodeAt(this.pos) <= 57) this.pos++;
    return Number(this.text.slice(start, this.pos));
  }
}
function expression(text) {
  let pos = 0;
  const term = () => { let v = factor(); while (text[pos] === '*' || text[pos] === '/') { const op = text[pos++]; const r = factor(); v = op === '*' ? v * r : v / r; } return v; };
  const factor = () => { if (text[pos] === '(') { pos++; const v = sum(); pos++; return v; } let s = pos; while (text[pos] >= '0' && text[pos] <= '9') pos++; return Number(text.slice(s, pos)); };
  const sum = () => { let v = term(); while (text[pos] === '+' || text[pos] === '-') { const op = text[pos++]; const r = term(); v = op === '+' ? v + r : v - r; } return v; };
  return sum();
}
function count(v) { return v && typeof v === 'object' ? Object.values(v).reduce((s, x) => s + count(x), 1) : 1; }
report('parser', (scale) => {
  let nodes = 0;
  for (const doc of generate(400 * scale, 7)) nodes += count(new Parser(doc).value());
  let sum = 0;
  for (let i = 0; i < 2000 * scale; i++) sum += expression(`(${i}+3)*(${i % 7}+1)-${i}/2`);
  return nodes + Math.round(sum);
});
