// acorn (a JavaScript parser from npm): parse a program, walk the tree, print a summary.
const acorn = require('acorn');
const source = `
  import { a } from './a.js';
  export default class Parser extends Base {
    #state = 0;
    static create(...args) { return new Parser(...args); }
    async *tokens(input = '') { for await (const t of lex(input)) { if (t?.kind ?? false) yield t; } }
    parse() { const { x = 1, ...rest } = this; return x ** 2 + rest.length || (this.#state >>>= 1); }
  }
  label: for (let i = 0; i < 10; i++) { switch (i) { case 1: continue label; default: break label; } }
  const re = /(?<word>\\w+)/gu, tpl = tag\`x\${1 + 2}y\`;
`;
const ast = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
const counts = {};
(function walk(node) {
  if (!node || typeof node.type !== 'string') return;
  counts[node.type] = (counts[node.type] || 0) + 1;
  for (const key of Object.keys(node)) {
    const child = node[key];
    if (Array.isArray(child)) child.forEach(walk);
    else if (child && typeof child === 'object') walk(child);
  }
})(ast);
console.log(Object.keys(counts).length, JSON.stringify(Object.entries(counts).sort()));
console.log(ast.body.length, ast.loc.end.line, ast.body[1].declaration.body.body.map((m) => m.key.name ?? m.key.type));
try { acorn.parse('let x = ;', { ecmaVersion: 2022 }); } catch (e) { console.log(e.name, e.message, e.pos); }
const tokens = [...acorn.tokenizer('a + b * (c - 1)', { ecmaVersion: 2022 })].map((t) => t.type.label);
console.log(tokens.join(' '));
