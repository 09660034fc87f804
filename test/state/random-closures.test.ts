/**
 * Property test through the real path: random nests of loops, blocks, catches, switches and
 * calls, each declaring bindings, with closures created at every level and called only once
 * every loop has finished. Run plain and recorded, the state oracle (oracle.ts) checks that each
 * closure's recorded bindings are those of ITS iteration, catch and switch run — what block frames
 * are for — and that code running in place sees its own.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { checkProgram, CLI } from './oracle';

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
    const body = (names: string[], innerIndent: string) => {
      lines.push(`${innerIndent}${mark(names)}`);
      lines.push(`${innerIndent}closures.push(() => {`);
      lines.push(`${innerIndent}  ${mark(names)}`);
      lines.push(`${innerIndent}});`);
      for (const inner of nest.inner) emit(inner, names, innerIndent, innerAsync);
    };
    const seen = [...visible, name];
    switch (construct) {
      case 'for-let':
        lines.push(`${indent}for (let ${name} = 0; ${name} < 2; ${name}++) {`);
        body(seen, indent + '  ');
        lines.push(`${indent}}`);
        break;
      case 'for-of':
        lines.push(`${indent}for (const ${name} of ['a${n}', 'b${n}']) {`);
        body(seen, indent + '  ');
        lines.push(`${indent}}`);
        break;
      case 'while-block':
        lines.push(`${indent}{`);
        lines.push(`${indent}  let w${n} = 0;`);
        lines.push(`${indent}  while (w${n} < 2) {`);
        lines.push(`${indent}    const ${name} = ${value} + w${n};`);
        lines.push(`${indent}    w${n}++;`);
        body(seen, indent + '    ');
        lines.push(`${indent}  }`);
        lines.push(`${indent}}`);
        break;
      case 'block':
        lines.push(`${indent}{`);
        lines.push(`${indent}  const ${name} = ${value};`);
        body(seen, indent + '  ');
        lines.push(`${indent}}`);
        break;
      case 'catch':
        lines.push(`${indent}try {`);
        lines.push(`${indent}  throw ${value};`);
        lines.push(`${indent}} catch (${name}) {`);
        body(seen, indent + '  ');
        lines.push(`${indent}}`);
        break;
      case 'switch-case':
        lines.push(`${indent}switch (${visible.length}) {`);
        lines.push(`${indent}  case ${visible.length}:`);
        lines.push(`${indent}    let ${name} = ${value};`);
        body(seen, indent + '    ');
        lines.push(`${indent}}`);
        break;
      case 'switch-braced':
        lines.push(`${indent}switch (${visible.length}) {`);
        lines.push(`${indent}  default: {`);
        lines.push(`${indent}    const ${name} = ${value};`);
        body(seen, indent + '    ');
        lines.push(`${indent}  }`);
        lines.push(`${indent}}`);
        break;
      case 'call':
        lines.push(`${indent}((${name}) => {`);
        body(seen, indent + '  ');
        lines.push(`${indent}})(${value});`);
        break;
      case 'for-in':
        lines.push(`${indent}for (const ${name} in { k${n}a: 1, k${n}b: 2 }) {`);
        body(seen, indent + '  ');
        lines.push(`${indent}}`);
        break;
      case 'for-of-destructured':
        lines.push(`${indent}for (const { x: ${name} } of [{ x: 'p${n}' }, { x: 'q${n}' }]) {`);
        body(seen, indent + '  ');
        lines.push(`${indent}}`);
        break;
      case 'for-var':
        // One binding for the whole function: every closure sees its last value.
        lines.push(`${indent}for (var ${name} = 0; ${name} < 2; ${name}++) {`);
        body(seen, indent + '  ');
        lines.push(`${indent}}`);
        break;
      case 'labeled-continue':
        lines.push(`${indent}l${n}: for (let ${name} = 0; ${name} < 3; ${name}++) {`);
        lines.push(`${indent}  if (${name} === 1) continue l${n};`);
        body(seen, indent + '  ');
        lines.push(`${indent}}`);
        break;
      case 'do-while':
        lines.push(`${indent}{`);
        lines.push(`${indent}  let d${n} = 0;`);
        lines.push(`${indent}  do {`);
        lines.push(`${indent}    const ${name} = ${value} + d${n};`);
        lines.push(`${indent}    d${n}++;`);
        body(seen, indent + '    ');
        lines.push(`${indent}  } while (d${n} < 2);`);
        lines.push(`${indent}}`);
        break;
      case 'reassigned-after':
        // Closures share the binding: called later, they see what it was set to after them.
        lines.push(`${indent}{`);
        lines.push(`${indent}  let ${name} = ${value};`);
        body(seen, indent + '  ');
        lines.push(`${indent}  ${name} = ${name} + '!';`);
        lines.push(`${indent}}`);
        break;
      case 'function-declaration':
        lines.push(`${indent}function f${n}(${name}) {`);
        body(seen, indent + '  ');
        lines.push(`${indent}}`);
        lines.push(`${indent}f${n}(${value});`);
        lines.push(`${indent}f${n}(${value} + '2');`);
        break;
      case 'generator':
        lines.push(`${indent}function* g${n}() {`);
        lines.push(`${indent}  for (let ${name} = 0; ${name} < 2; ${name}++) {`);
        body(seen, indent + '    ');
        lines.push(`${indent}    yield ${name};`);
        lines.push(`${indent}  }`);
        lines.push(`${indent}}`);
        lines.push(`${indent}for (const step${n} of g${n}()) void step${n};`);
        break;
      case 'method':
        lines.push(`${indent}new (class {`);
        lines.push(`${indent}  m(${name}) {`);
        body(seen, indent + '    ');
        lines.push(`${indent}  }`);
        lines.push(`${indent}})().m(${value});`);
        break;
      case 'interleaved-tasks':
        // Two tasks of one async arrow: each runs its body between awaits, in turn with the other.
        lines.push(`${indent}await Promise.all([${value} + 'a', ${value} + 'b'].map(async (${name}) => {`);
        lines.push(`${indent}  await null;`);
        body(seen, indent + '  ');
        lines.push(`${indent}  await null;`);
        lines.push(`${indent}  ${mark(seen)}`);
        lines.push(`${indent}}));`);
        break;
      case 'await-in-loop':
        lines.push(`${indent}for (let ${name} = 0; ${name} < 2; ${name}++) {`);
        lines.push(`${indent}  await new Promise((resolve) => setTimeout(resolve, 1));`);
        body(seen, indent + '  ');
        lines.push(`${indent}}`);
        break;
      case 'async-function':
        lines.push(`${indent}async function a${n}(${name}) {`);
        lines.push(`${indent}  await null;`);
        body(seen, indent + '  ');
        lines.push(`${indent}  await null;`);
        lines.push(`${indent}}`);
        lines.push(`${indent}await Promise.all([a${n}(${value}), a${n}(${value} + '2')]);`);
        break;
    }
  };
  if (async) lines.push('(async () => {');
  for (const nest of nests) emit(nest, [], async ? '  ' : '', async);
  lines.push(...(async ? ['  for (const closure of closures) closure();', '})();', ''] : ['for (const closure of closures) closure();', '']));
  return lines.join('\n');
}

describe('state oracle: random nests of closures over loop, catch, switch and async bindings, recorded for real', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
    dir = mkdtempSync(path.join(tmpdir(), 'scope-closures-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  let run = 0;
  /** Each run records a real process: a handful of runs, reproducible by seed. */
  const check = (nests: fc.Arbitrary<Nest[]>, async: boolean) => fc.assert(
    fc.asyncProperty(nests, async (generated) => {
      const file = path.join(dir, `closures${run++}.js`);
      writeFileSync(file, program(generated, async));
      await checkProgram(file, dir);
    }),
    { numRuns: Number(process.env.SCOPE_RANDOM_PROGRAMS ?? 6), seed: Number(process.env.SCOPE_RANDOM_SEED ?? 20261124), endOnFailure: true },
  );

  it('each closure sees its own bindings, and so does the code around it', () => check(nestArb, false));

  it('the same with awaits: tasks interleaved, awaits in loops, async functions run twice at once', () => check(asyncNestArb, true));
});
