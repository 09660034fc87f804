/**
 * Property test of the Call Stack through the real path: random programs of functions calling
 * later ones in every way code calls code — directly, from a built-in (forEach, sort), through a
 * method, a getter, a constructor, a generator — with exceptions thrown through frames and caught
 * or passed through `finally`. At marked lines the program prints the lines of its own stack
 * frames; the recording's stack at each hit must have the same lines (oracle.ts, checkStacks).
 */
import fc from 'fast-check';
import { checkGeneratedPrograms, checkStacks } from './oracle';

const CALLS = ['direct', 'for-each', 'sort-comparator', 'method', 'getter', 'constructor', 'generator', 'caught-throw', 'finally', 'rethrown'] as const;
type Call = (typeof CALLS)[number];
/** A function's body: marks and calls of later functions (by offset, so the graph stays acyclic). */
type Step = { mark: true } | { call: Call; offset: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ mark: true as const }),
  fc.record({ call: fc.constantFrom(...CALLS), offset: fc.integer({ min: 1, max: 2 }) }),
);
/** Each function calls the next one somehow (so every function runs, stacks get deep), then more steps. */
const programArb = fc.array(
  fc.tuple(fc.constantFrom(...CALLS), fc.array(stepArb, { minLength: 1, maxLength: 3 }))
    .map(([next, steps]): Step[] => [{ call: next, offset: 1 }, ...steps]),
  { minLength: 2, maxLength: 5 },
);

/** A statement (one line each, so a frame's line is its call's line) that calls `f${j}`. */
function callOf(call: Call, j: number): string {
  switch (call) {
    case 'direct': return `f${j}(false);`;
    case 'for-each': return `[0].forEach(() => f${j}(false));`;
    case 'sort-comparator': return `[2, 1].sort((a, b) => (f${j}(false), a - b));`;
    case 'method': return `via.call(() => f${j}(false));`;
    case 'getter': return `void via.get${j};`;
    case 'constructor': return `new Via${j}();`;
    case 'generator': return `for (const step of gen${j}()) void step;`;
    case 'caught-throw': return `try { f${j}(true); } catch (error) { mark(); }`;
    case 'finally': return `try { f${j}(false); } finally { mark(); }`;
    case 'rethrown': return `try { try { f${j}(true); } finally { mark(); } } catch (error) { mark(); }`;
  }
}

function program(bodies: Step[][]): string {
  const count = bodies.length;
  const lines = [
    "'use strict';",
    'Error.stackTraceLimit = 200;',
    // The lines of this file's frames, innermost first, without where() itself.
    `function where() { return new Error().stack.split('\\n').slice(2).filter((l) => l.includes(__filename)).map((l) => Number(/:(\\d+):\\d+\\)?$/.exec(l)[1])); }`,
    "function mark() { console.log('@stack ' + JSON.stringify(where())); }",
    'const via = {',
    '  call(f) { return f(); },',
  ];
  for (let j = 1; j <= count; j++) lines.push(`  get get${j}() { return f${j}(false); },`);
  lines.push('};');
  for (let j = 1; j <= count; j++) {
    lines.push(`class Via${j} { constructor() { f${j}(false); } }`);
    lines.push(`function* gen${j}() { yield f${j}(false); }`);
  }
  bodies.forEach((steps, k) => {
    const i = k + 1;
    lines.push(`function f${i}(boom) {`);
    for (const step of steps) {
      if ('mark' in step) lines.push("  console.log('@stack ' + JSON.stringify(where()));");
      else if (i + step.offset <= count) lines.push(`  ${callOf(step.call, i + step.offset)}`);
    }
    lines.push("  if (boom) throw new Error('boom');");
    lines.push('}');
  });
  lines.push("console.log('@stack ' + JSON.stringify(where()));", 'f1(false);', 'try { f1(true); } catch (error) { mark(); }', '');
  return lines.join('\n');
}

describe('stack oracle: random call graphs, the recorded Call Stack against the real one', function () {
  this.timeout(300_000);

  it('every marked line has the frames, and the lines, that the running program had', () =>
    checkGeneratedPrograms(programArb, program, checkStacks));
});
