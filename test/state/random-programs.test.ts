/**
 * Property test through the real path: random programs of writes through random aliases are
 * generated as JavaScript, run plain and recorded, and the state oracle (oracle.ts) checks that
 * the recorded objects equal the real ones at every marked line. Objects only point "forward"
 * (o1 → o2 → o3 → arr), so JSON.stringify never meets a cycle.
 */
import fc from 'fast-check';
import { checkGeneratedPrograms, checkProgram } from './oracle';

const OBJECTS = ['o1', 'o2', 'o3'];
const ALIASES = ['p', 'q', 'r'];
const OBJECTS_MARK = "console.log('@state ' + JSON.stringify({ o1, o2, o3, arr }));";

const statementArb = fc.oneof(
  // Re-point an alias at an object.
  fc.tuple(fc.constantFrom(...ALIASES), fc.constantFrom(...OBJECTS)).map(([alias, o]) => `${alias} = ${o};`),
  // Write a number or a string through an alias (which object it reaches depends on the run).
  fc.tuple(fc.constantFrom(...ALIASES), fc.constantFrom('a', 'b', 'c'), fc.integer({ min: -9, max: 99 })).map(([alias, k, v]) => `${alias}.${k} = ${v};`),
  fc.tuple(fc.constantFrom(...ALIASES), fc.constantFrom('a', 'b'), fc.string({ maxLength: 4, unit: 'grapheme-ascii' })).map(([alias, k, v]) => `${alias}[${JSON.stringify(k)}] = ${JSON.stringify(v)};`),
  fc.tuple(fc.constantFrom(...ALIASES), fc.constantFrom('a', 'b', 'c')).map(([alias, k]) => `delete ${alias}.${k};`),
  // Nested writes and forward links.
  fc.integer({ min: 0, max: 50 }).map((v) => `o1.next = o2; o1.next.v = ${v};`),
  fc.integer({ min: 0, max: 50 }).map((v) => `o2.list = arr; o2.list.push(${v});`),
  fc.constantFrom('arr.pop();', 'arr.reverse();', 'arr.sort((x, y) => x - y);', 'arr.splice(0, 1);', 'arr.unshift(7);', 'arr[arr.length] = 3;', 'arr.length = 1;'),
  fc.integer({ min: 0, max: 9 }).map((v) => `o3.n = (o3.n ?? 0) + ${v}; o3.n++;`),
  fc.constant(OBJECTS_MARK),
);

/** A program: its declarations, the statements, and a last marked line (what `mark` prints). */
function programOf(declarations: string[], mark: string): (statements: string[]) => string {
  return (statements) => ["'use strict';", ...declarations, ...statements, mark, ''].join('\n');
}

const program = programOf(['const o1 = {}, o2 = {}, o3 = {};', 'const arr = [1, 2];', 'let p = o1, q = o2, r = o3;'], OBJECTS_MARK);

const COLLECTIONS_MARK = "console.log('@state ' + JSON.stringify({ m1: [...m1], m2: [...m2], s1: [...s1], s2: [...s2], box }));";

/**
 * Maps and Sets changed by their built-in methods (which the runtime cannot see run) through
 * aliases, also from inside functions they are passed to, and holding objects written later.
 */
const collectionStatementArb = fc.oneof(
  fc.tuple(fc.constantFrom('mp', 'mq'), fc.constantFrom('m1', 'm2')).map(([alias, m]) => `${alias} = ${m};`),
  fc.tuple(fc.constantFrom('sp', 'sq'), fc.constantFrom('s1', 's2')).map(([alias, set]) => `${alias} = ${set};`),
  fc.tuple(fc.constantFrom('mp', 'mq'), fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 99 })).map(([m, k, v]) => `${m}.set('${k}', ${v});`),
  fc.tuple(fc.constantFrom('mp', 'mq'), fc.constantFrom('a', 'b', 'c')).map(([m, k]) => `${m}.delete('${k}');`),
  fc.tuple(fc.constantFrom('sp', 'sq'), fc.integer({ min: 0, max: 5 })).map(([set, v]) => `${set}.add(${v});`),
  fc.tuple(fc.constantFrom('sp', 'sq'), fc.integer({ min: 0, max: 5 })).map(([set, v]) => `${set}.delete(${v});`),
  fc.constantFrom('mp.clear();', 'sq.clear();', "mp.set('obj', box);", "box.n = (box.n ?? 0) + 1;", 'fill(mq, sp);'),
  fc.constant(COLLECTIONS_MARK),
);

const collectionProgram = programOf([
  "const m1 = new Map([['a', 1]]), m2 = new Map(), s1 = new Set([1]), s2 = new Set();",
  'const box = {};',
  'let mp = m1, mq = m2, sp = s1, sq = s2;',
  "function fill(m, set) { m.set('filled', set.size); set.add(m.size); }",
], COLLECTIONS_MARK);

describe('state oracle: random alias programs, recorded for real', function () {
  this.timeout(300_000);

  it('objects equal the real ones at every marked line', () =>
    checkGeneratedPrograms(fc.array(statementArb, { minLength: 3, maxLength: 30 }), program, checkProgram, 4));

  it('Maps and Sets changed by their methods equal the real ones at every marked line', () =>
    checkGeneratedPrograms(fc.array(collectionStatementArb, { minLength: 3, maxLength: 30 }), collectionProgram, checkProgram, 4));
});
