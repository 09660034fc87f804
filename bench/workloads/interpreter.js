// A tree-walking interpreter for a tiny language: environments, closures, calls, loops.
const { report } = require('./common');
function tokenize(src) {
  const tokens = [];
  const re = /\s*(?:(\d+)|([A-Za-z_]\w*)|(==|<=|[-+*/%<(){};=,]))/y;
  let m;
  while (re.lastIndex < src.length && (m = re.exec(src))) tokens.push(m[1] ? { t: 'num', v: Number(m[1]) } : m[2] ? { t: 'id', v: m[2] } : { t: 'op', v: m[3] });
  return tokens;
}
function parse(tokens) {
  let i = 0;
  const peek = () => tokens[i], next = () => tokens[i++];
  const expect = (v) => { const t = next(); if (t.v !== v) throw new Error(`expected ${v} got ${t.v}`); };
  function statement() {
    const t = peek();
    if (t.v === 'let') { next(); const name = next().v; expect('='); const e = expr(); expect(';'); return { k: 'let', name, e }; }
    if (t.v === 'while') { next(); expect('('); const c = expr(); expect(')'); return { k: 'while', c, body: block() }; }
    if (t.v === 'if') { next(); expect('('); const c = expr(); expect(')'); const a = block(); let b = null; if (peek() && peek().v === 'else') { next(); b = block(); } return { k: 'if', c, a, b }; }
    if (t.v === 'fn') { next(); const name = next().v; expect('('); const params = []; while (peek().v !== ')') { params.push(next().v); if (peek().v === ',') next(); } next(); return { k: 'fn', name, params, body: block() }; }
    if (t.v === 'return') { next(); const e = expr(); expect(';'); return { k: 'return', e }; }
    if (t.t === 'id' && tokens[i + 1] && tokens[i + 1].v === '=') { next(); next(); const e = expr(); expect(';'); return { k: 'set', name: t.v, e }; }
    const e = expr(); expect(';'); return { k: 'expr', e };
  }
  function block() { expect('{'); const body = []; while (peek().v !== '}') body.push(statement()); next(); return body; }
  const prec = { '==': 1, '<': 2, '<=': 2, '+': 3, '-': 3, '*': 4, '/': 4, '%': 4 };
  function expr(min = 0) {
    let left = primary();
    for (;;) {
      const op = peek() && peek().v;
      if (!(op in prec) || prec[op] < min) return left;
      next();
      left = { k: 'bin', op, a: left, b: expr(prec[op] + 1) };
    }
  }
  function primary() {
    const t = next();
    if (t.t === 'num') return { k: 'num', v: t.v };
    if (t.v === '(') { const e = expr(); expect(')'); return e; }
    if (peek() && peek().v === '(') { next(); const args = []; while (peek().v !== ')') { args.push(expr()); if (peek().v === ',') next(); } next(); return { k: 'call', name: t.v, args }; }
    return { k: 'var', name: t.v };
  }
  const program = [];
  while (i < tokens.length) program.push(statement());
  return program;
}
class Env {
  constructor(parent) { this.vars = new Map(); this.parent = parent; }
  get(n) { for (let e = this; e; e = e.parent) if (e.vars.has(n)) return e.vars.get(n); throw new Error('undefined ' + n); }
  set(n, v) { for (let e = this; e; e = e.parent) if (e.vars.has(n)) { e.vars.set(n, v); return; } throw new Error('undefined ' + n); }
  define(n, v) { this.vars.set(n, v); }
}
const RETURN = Symbol('return');
function run(body, env) {
  for (const s of body) {
    const r = exec(s, env);
    if (r && r[RETURN]) return r;
  }
  return undefined;
}
function exec(s, env) {
  switch (s.k) {
    case 'let': env.define(s.name, evaluate(s.e, env)); return;
    case 'set': env.set(s.name, evaluate(s.e, env)); return;
    case 'expr': evaluate(s.e, env); return;
    case 'fn': env.define(s.name, { params: s.params, body: s.body, env }); return;
    case 'return': return { [RETURN]: true, value: evaluate(s.e, env) };
    case 'if': return evaluate(s.c, env) ? run(s.a, new Env(env)) : s.b ? run(s.b, new Env(env)) : undefined;
    case 'while': while (evaluate(s.c, env)) { const r = run(s.body, new Env(env)); if (r) return r; } return;
  }
}
function evaluate(e, env) {
  switch (e.k) {
    case 'num': return e.v;
    case 'var': return env.get(e.name);
    case 'bin': {
      const a = evaluate(e.a, env), b = evaluate(e.b, env);
      switch (e.op) { case '+': return a + b; case '-': return a - b; case '*': return a * b; case '/': return Math.trunc(a / b); case '%': return a % b; case '<': return a < b ? 1 : 0; case '<=': return a <= b ? 1 : 0; case '==': return a === b ? 1 : 0; }
    }
    case 'call': {
      const f = env.get(e.name);
      const scope = new Env(f.env);
      f.params.forEach((p, i) => scope.define(p, evaluate(e.args[i], env)));
      const r = run(f.body, scope);
      return r ? r.value : 0;
    }
  }
}
const source = `
fn fib(n) { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }
fn collatz(n) { let steps = 0; while (1 < n) { if (n % 2 == 0) { n = n / 2; } else { n = 3 * n + 1; } steps = steps + 1; } return steps; }
let total = 0; let i = 1;
while (i < LIMIT) { total = total + collatz(i); i = i + 1; }
let result = total + fib(FIB);
`;
report('interpreter', (scale) => {
  const program = parse(tokenize(source.replace('LIMIT', String(300 * scale)).replace('FIB', String(16 + Math.round(Math.log2(scale))))));
  const env = new Env(null);
  run(program, env);
  return env.get('result');
});
