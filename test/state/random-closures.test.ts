/**
 * Property test through the real path: random nests of loops, blocks, catches, switches and
 * calls, each declaring bindings, with closures created at every level and called only once
 * every loop has finished. Run plain and recorded, the state oracle (oracle.ts) checks that each
 * closure's recorded bindings are those of ITS iteration, catch and switch run — what block frames
 * are for — and that code running in place sees its own.
 */
import fc from 'fast-check';
import { checkGeneratedPrograms, checkProgram } from './oracle';

/** A construct that declares `name` (unique in the program) and runs `body` inside it. */
const CONSTRUCTS = ['for-let', 'for-of', 'for-in', 'for-of-destructured', 'for-var', 'labeled-continue', 'while-block', 'do-while', 'block',
  'reassigned-after', 'catch', 'switch-case', 'switch-braced', 'call', 'function-declaration', 'generator', 'method'] as const;
/**
 * Constructs that await, for code in an async function: tasks running interleaved (each awaits
 * between its marked lines), awaits in a loop, an async function awaited twice.
 */
const ASYNC_CONSTRUCTS = ['interleaved-tasks', 'await-in-loop', 'async-function'] as const;
type Construct = (typeof CONSTRUCTS)[number] | (typeof ASYNC_CONSTRUCTS)[number];
/** Their bodies are not async: an async construct met inside is written as a block. */
const SYNC_FUNCTIONS: Construct[] = ['call', 'function-declaration', 'generator', 'method'];

interface Nest { construct: Construct; inner: Nest[] }

const nestsOf = (constructs: readonly Construct[]): fc.Arbitrary<Nest[]> => fc.letrec((tie) => ({
  nests: fc.array(tie('nest') as fc.Arbitrary<Nest>, { minLength: 1, maxLength: 2 }),
  nest: fc.record({
    construct: fc.constantFrom(...constructs),
    // Depth is bounded by the sizes: three levels of two loops run each closure at most 8 times.
    inner: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant([] as Nest[]), tie('nests') as fc.Arbitrary<Nest[]>),
  }),
})).nests.map((nests) => limitDepth(nests, 3));
const nestArb = nestsOf(CONSTRUCTS);
const asyncNestArb = nestsOf([...CONSTRUCTS, ...ASYNC_CONSTRUCTS, ...ASYNC_CONSTRUCTS]);

function limitDepth(nests: Nest[], depth: number): Nest[] {
  return nests.map((n) => ({ construct: n.construct, inner: depth <= 1 ? [] : limitDepth(n.inner, depth - 1) }));
}

/**
 * The program: one statement per line, as the oracle's marked lines need. `async`: the nests run
 * in an async function, and the closures are called once it is done.
 */
function program(nests: Nest[], async = false): string {
  const lines = ["'use strict';", 'const closures = [];'];
  let counter = 0;
  const mark = (names: string[]) => `console.log('@state ' + JSON.stringify({ ${names.join(', ')} }));`;
  const emit = (nest: Nest, visible: string[], indent: string, inAsync: boolean) => {
    const construct = !inAsync && (ASYNC_CONSTRUCTS as readonly Construct[]).includes(nest.construct) ? 'block' : nest.construct;
    const innerAsync = inAsync && !SYNC_FUNCTIONS.includes(construct);
    const n = ++counter;
    const name = `v${n}`;
    // Every construct's value depends on what is visible, so each run's value differs.
    const value = visible.length ? `${visible.map((v) => `String(${v})`).join(' + "/" + ')} + "/${n}"` : `"${n}"`;
    const seen = [...visible, name];
    // The construct's lines before its body, the body's extra indent, and its lines after. The
    // body marks what it sees, in place and from a closure called at the end, then nests.
    const wrap = (open: string[], bodyIndent: string, close: string[]) => {
      for (const line of open) lines.push(indent + line);
      const inner = indent + bodyIndent;
      lines.push(`${inner}${mark(seen)}`, `${inner}closures.push(() => {`, `${inner}  ${mark(seen)}`, `${inner}});`);
      for (const nested of nest.inner) emit(nested, seen, inner, innerAsync);
      for (const line of close) lines.push(indent + line);
    };
    switch (construct) {
      case 'for-let': return wrap([`for (let ${name} = 0; ${name} < 2; ${name}++) {`], '  ', ['}']);
      case 'for-of': return wrap([`for (const ${name} of ['a${n}', 'b${n}']) {`], '  ', ['}']);
      case 'for-in': return wrap([`for (const ${name} in { k${n}a: 1, k${n}b: 2 }) {`], '  ', ['}']);
      case 'for-of-destructured': return wrap([`for (const { x: ${name} } of [{ x: 'p${n}' }, { x: 'q${n}' }]) {`], '  ', ['}']);
      // One binding for the whole function: every closure sees its last value.
      case 'for-var': return wrap([`for (var ${name} = 0; ${name} < 2; ${name}++) {`], '  ', ['}']);
      case 'labeled-continue': return wrap([`l${n}: for (let ${name} = 0; ${name} < 3; ${name}++) {`, `  if (${name} === 1) continue l${n};`], '  ', ['}']);
      case 'while-block':
        return wrap(['{', `  let w${n} = 0;`, `  while (w${n} < 2) {`, `    const ${name} = ${value} + w${n};`, `    w${n}++;`], '    ', ['  }', '}']);
      case 'do-while':
        return wrap(['{', `  let d${n} = 0;`, '  do {', `    const ${name} = ${value} + d${n};`, `    d${n}++;`], '    ', [`  } while (d${n} < 2);`, '}']);
      case 'block': return wrap(['{', `  const ${name} = ${value};`], '  ', ['}']);
      // Closures share the binding: called later, they see what it was set to after them.
      case 'reassigned-after': return wrap(['{', `  let ${name} = ${value};`], '  ', [`  ${name} = ${name} + '!';`, '}']);
      case 'catch': return wrap(['try {', `  throw ${value};`, `} catch (${name}) {`], '  ', ['}']);
      case 'switch-case': return wrap([`switch (${visible.length}) {`, `  case ${visible.length}:`, `    let ${name} = ${value};`], '    ', ['}']);
      case 'switch-braced': return wrap([`switch (${visible.length}) {`, '  default: {', `    const ${name} = ${value};`], '    ', ['  }', '}']);
      case 'call': return wrap([`((${name}) => {`], '  ', [`})(${value});`]);
      case 'function-declaration': return wrap([`function f${n}(${name}) {`], '  ', ['}', `f${n}(${value});`, `f${n}(${value} + '2');`]);
      case 'generator':
        return wrap([`function* g${n}() {`, `  for (let ${name} = 0; ${name} < 2; ${name}++) {`], '    ', [`    yield ${name};`, '  }', '}', `for (const step${n} of g${n}()) void step${n};`]);
      case 'method': return wrap(['new (class {', `  m(${name}) {`], '    ', ['  }', `})().m(${value});`]);
      // Two tasks of one async arrow: each runs its body between awaits, in turn with the other.
      case 'interleaved-tasks':
        return wrap([`await Promise.all([${value} + 'a', ${value} + 'b'].map(async (${name}) => {`, '  await null;'], '  ', ['  await null;', `  ${mark(seen)}`, '}));']);
      case 'await-in-loop':
        return wrap([`for (let ${name} = 0; ${name} < 2; ${name}++) {`, '  await new Promise((resolve) => setTimeout(resolve, 1));'], '  ', ['}']);
      case 'async-function':
        return wrap([`async function a${n}(${name}) {`, '  await null;'], '  ', ['  await null;', '}', `await Promise.all([a${n}(${value}), a${n}(${value} + '2')]);`]);
    }
  };
  if (async) lines.push('(async () => {');
  for (const nest of nests) emit(nest, [], async ? '  ' : '', async);
  lines.push(...(async ? ['  for (const closure of closures) closure();', '})();', ''] : ['for (const closure of closures) closure();', '']));
  return lines.join('\n');
}

describe('state oracle: random nests of closures over loop, catch, switch and async bindings, recorded for real', function () {
  this.timeout(300_000);

  it('each closure sees its own bindings, and so does the code around it', () =>
    checkGeneratedPrograms(nestArb, (nests) => program(nests, false), checkProgram));

  it('the same with awaits: tasks interleaved, awaits in loops, async functions run twice at once', () =>
    checkGeneratedPrograms(asyncNestArb, (nests) => program(nests, true), checkProgram));
});
