/**
 * The names a statement's right-hand side reads, from its source text: the approximation behind
 * "where did this value come from" (the runtime does not record reads). For `x = a + b.c` or
 * `const x = f(a)` that is `a`, `b`, `f`; property names after a dot, keywords, and the text in
 * strings and comments are not names.
 */
const KEYWORDS = new Set(('break case catch class const continue debugger default delete do else export extends false finally for function if '
  + 'import in instanceof let new null of return super switch this throw true try typeof undefined var void while with yield await async '
  + 'static get set as').split(' '));

export function extractReadNames(statement: string): string[] {
  // Blank out strings, template literals' text and comments, keeping positions.
  const code = statement.replace(/\/\/.*$|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/gm, (m) => ' '.repeat(m.length));
  // The right-hand side: after the first assignment operator, when there is one.
  const assign = /(^|[^=!<>])(=|\+=|-=|\*=|\/=|%=|\*\*=|<<=|>>=|>>>=|&=|\|=|\^=|&&=|\|\|=|\?\?=)(?![=>])/.exec(code);
  const rhs = assign ? code.slice(assign.index + assign[0].length) : code;
  // Compound assignments and updates read the target too: keep it then.
  const keepTarget = assign ? assign[2] !== '=' : true;
  const target = assign ? /([A-Za-z_$][\w$]*)\s*$/.exec(code.slice(0, assign.index + assign[1].length))?.[1] : undefined;
  const names: string[] = [];
  if (keepTarget && target) names.push(target);
  for (const m of rhs.matchAll(/(\.\s*)?(#?[A-Za-z_$][\w$]*)/g)) {
    const name = m[2];
    if (m[1] || name.startsWith('#') || KEYWORDS.has(name) || names.includes(name)) continue;
    // An object-literal key (`{ k: v }`) is not a read.
    const after = rhs.slice((m.index ?? 0) + m[0].length);
    if (/^\s*:/.test(after) && !/\?\s*$/.test(rhs.slice(0, m.index))) continue;
    names.push(name);
  }
  return names;
}
