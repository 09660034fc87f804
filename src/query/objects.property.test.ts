/**
 * Property test: for random programs of writes through random aliases, `objectAt` equals the real
 * object at every marked instant.
 *
 * Each generated program runs for real on JS objects while the matching event stream is written
 * the way the runtime writes it: a snapshot when an object is first captured, PropWrite just
 * before a property assignment, PropDelete after a delete, and a fresh snapshot followed by a
 * MutatingCall after a built-in mutator (push, pop, reverse, splice). At each mark (a Statement)
 * the real objects are remembered; the engine must rebuild exactly them.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ObjectType, type WireValue } from '../protocol/wire';
import { createQueryEngine } from './engine';
import { RecordingBuilder, num, obj, str } from './synthetic-recording';

type Op =
  | { op: 'set'; via: number; key: string; value: number | { ref: number } }
  | { op: 'delete'; via: number; key: string }
  | { op: 'alias'; variable: number; target: number }
  | { op: 'push'; via: number; value: number }
  | { op: 'pop' | 'reverse'; via: number }
  | { op: 'splice'; via: number; start: number; remove: number; insert: number[] }
  | { op: 'index'; via: number; index: number; value: number }
  | { op: 'truncate'; via: number; length: number }
  | { op: 'mark' };

const OBJECTS = 3; // objects 1..3 are plain objects, 4..5 arrays
const ARRAYS = 2;
const VARIABLES = 4;
const keyArb = fc.constantFrom('a', 'b', 'c', 'd');
const variableArb = fc.integer({ min: 0, max: VARIABLES - 1 });
const small = fc.integer({ min: -5, max: 100 });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), via: variableArb, key: keyArb, value: fc.oneof(small, fc.record({ ref: fc.integer({ min: 1, max: OBJECTS + ARRAYS }) })) }),
  fc.record({ op: fc.constant('delete' as const), via: variableArb, key: keyArb }),
  fc.record({ op: fc.constant('alias' as const), variable: variableArb, target: fc.integer({ min: 1, max: OBJECTS + ARRAYS }) }),
  fc.record({ op: fc.constant('push' as const), via: variableArb, value: small }),
  fc.record({ op: fc.constantFrom('pop' as const, 'reverse' as const), via: variableArb }),
  fc.record({ op: fc.constant('splice' as const), via: variableArb, start: fc.integer({ min: 0, max: 4 }), remove: fc.integer({ min: 0, max: 2 }), insert: fc.array(small, { maxLength: 2 }) }),
  fc.record({ op: fc.constant('index' as const), via: variableArb, index: fc.integer({ min: 0, max: 6 }), value: small }),
  fc.record({ op: fc.constant('truncate' as const), via: variableArb, length: fc.integer({ min: 0, max: 3 }) }),
  fc.constant({ op: 'mark' as const }),
);

type Real = Record<string, unknown> | unknown[];

/** What a property value looks like in the engine's answer: a primitive's text or `#id`. */
function expectedText(v: unknown, idOf: Map<unknown, number>): string {
  if (typeof v === 'object' && v !== null) return `#${idOf.get(v)}`;
  if (v === undefined) return 'empty';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function runProgram(ops: Op[]) {
  const b = new RecordingBuilder('/w/prop.ts');
  const mod = b.site({ kind: 'module', line: 1, column: 1, endLine: 99, endColumn: 1 });
  const stmt = b.site({ kind: 'statement', line: 2, column: 1, fn: mod });
  const write = b.site({ kind: 'write', line: 3, column: 1, fn: mod, name: 'p' });
  const call = b.site({ kind: 'call', line: 4, column: 1, fn: mod, name: 'push' });
  b.call(mod);

  const real = new Map<number, Real>();
  const idOf = new Map<unknown, number>();
  const value = (v: unknown): WireValue => (typeof v === 'object' && v !== null ? obj(idOf.get(v)!) : typeof v === 'string' ? str(v) : num(v as number));
  const snapshot = (id: number) => {
    const o = real.get(id)!;
    if (Array.isArray(o)) {
      b.snapshot(id, ObjectType.Array, o.map((v, k) => [num(k), k in o ? value(v) : { t: 'hole' }] as [WireValue, WireValue]), { size: o.length });
    } else {
      b.snapshot(id, ObjectType.Object, Object.entries(o).map(([k, v]) => [str(k), value(v)] as [WireValue, WireValue]));
    }
  };
  for (let id = 1; id <= OBJECTS + ARRAYS; id++) {
    const o: Real = id <= OBJECTS ? {} : [];
    real.set(id, o);
    idOf.set(o, id);
    snapshot(id);
  }
  const variables = Array.from({ length: VARIABLES }, (_, k) => 1 + (k % (OBJECTS + ARRAYS)));
  const marks: { instant: number; expected: Map<number, [string, string][]> }[] = [];

  for (const op of ops) {
    if (op.op === 'mark') {
      const instant = b.nextInstant;
      b.stmt(stmt);
      const expected = new Map<number, [string, string][]>();
      for (const [id, o] of real) {
        // Arrays: every index (holes as 'empty'), then their other properties.
        expected.set(id, Array.isArray(o)
          ? [
            ...Array.from({ length: o.length }, (_, k): [string, string] => [String(k), k in o ? expectedText(o[k], idOf) : 'empty']),
            ...Object.entries(o).filter(([k]) => !/^\d+$/.test(k)).map(([k, v]): [string, string] => [k, expectedText(v, idOf)]),
          ]
          : Object.entries(o).map(([k, v]) => [k, expectedText(v, idOf)]));
      }
      marks.push({ instant, expected });
      continue;
    }
    if (op.op === 'alias') { variables[op.variable] = op.target; continue; }
    const id = variables[op.via];
    const target = real.get(id)!;
    const isArray = Array.isArray(target);
    switch (op.op) {
      case 'set': {
        // Named properties on arrays are left out: array snapshots carry elements only (capture.ts).
        if (isArray) break;
        const v = typeof op.value === 'number' ? op.value : real.get(op.value.ref)!;
        b.propWrite(write, id, str(op.key), value(v));
        (target as Record<string, unknown>)[op.key] = v;
        break;
      }
      case 'delete':
        if (isArray) break;
        delete (target as Record<string, unknown>)[op.key];
        b.propDelete(write, id, str(op.key));
        break;
      case 'index':
        if (!isArray) break;
        b.propWrite(write, id, num(op.index), num(op.value));
        target[op.index] = op.value;
        break;
      case 'truncate':
        if (!isArray) break;
        b.propWrite(write, id, str('length'), num(op.length));
        target.length = op.length;
        break;
      default: {
        if (!isArray) break;
        if (op.op === 'push') target.push(op.value);
        else if (op.op === 'pop') target.pop();
        else if (op.op === 'reverse') target.reverse();
        else if (op.op === 'splice') target.splice(op.start, op.remove, ...op.insert);
        snapshot(id);
        b.mutatingCall(call, id);
      }
    }
  }
  return { store: b.flush(), marks };
}

describe('objectAt (property)', () => {
  it('equals the real object at every marked instant, whatever alias the writes went through', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
        const { store, marks } = runProgram([...ops, { op: 'mark' }]);
        const engine = createQueryEngine(store);
        for (const { instant, expected } of marks) {
          for (const [id, props] of expected) {
            const r = engine.objectAt(id, instant);
            assert.ok(r.ok);
            const got = r.object.properties.map((p): [string, string] => [p.key, p.value.kind === 'object' ? `#${p.value.id}` : p.value.text]);
            assert.deepEqual(got, props, `object ${id} at instant ${instant}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
