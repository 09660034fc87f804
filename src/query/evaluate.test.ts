import assert from 'node:assert/strict';
import type { ShownValue } from '../protocol/dap-custom';
import { evaluateExpression, showPrimitive, type RecordedState } from './evaluate';

// A unit-tier fake of recorded state: two objects, `order` and its `customer`, and a few bindings.
const objects: Record<number, { cut: boolean; props: Record<string, ShownValue> }> = {
  1: { cut: false, props: { id: showPrimitive(7), customer: { kind: 'object', id: 2, type: 'Object', preview: '{name: "Ada"}' }, total: showPrimitive(12.5), 'line items': showPrimitive(3), price: { kind: 'special', type: 'accessor', text: '<getter>' } } },
  2: { cut: true, props: { name: showPrimitive('Ada') } },
  3: { cut: false, props: { 0: showPrimitive('a'), 1: showPrimitive('b'), length: showPrimitive(2) } },
};
const bindings: Record<string, ShownValue> = {
  order: { kind: 'object', id: 1, type: 'Object', preview: '{id: 7, …}' },
  alias: { kind: 'object', id: 1, type: 'Object', preview: '{id: 7, …}' },
  list: { kind: 'object', id: 3, type: 'Array', preview: '["a", "b"]' },
  count: showPrimitive(3),
  name: showPrimitive('scope'),
  missing: { kind: 'special', type: 'notRecorded', text: '<not recorded>' },
  tdz: { kind: 'special', type: 'uninitialized', text: '<uninitialized>' },
  nothing: showPrimitive(null),
  big: showPrimitive(10n),
};
const state: RecordedState = {
  binding: (name) => bindings[name],
  property: (id, key) => {
    const o = objects[id];
    const value = o?.props[key];
    return value ? { found: true, value } : { found: false, cut: o?.cut ?? false };
  },
};

function text(expression: string): string {
  const r = evaluateExpression(expression, state);
  if (!r.ok) throw new Error(`expected a value for ${expression}, got: ${r.reason}`);
  return r.value.kind === 'object' ? `object#${r.value.id}` : r.value.text;
}
function reason(expression: string): string {
  const r = evaluateExpression(expression, state);
  if (r.ok) throw new Error(`expected ${expression} to be refused, got ${JSON.stringify(r.value)}`);
  return r.reason;
}

describe('evaluate over recorded state', () => {
  it('reads names, member paths and indexes', () => {
    assert.equal(text('count'), '3');
    assert.equal(text('order.id'), '7');
    assert.equal(text('order.customer.name'), '"Ada"');
    assert.equal(text("order['line items']"), '3');
    assert.equal(text('list[1]'), '"b"');
    assert.equal(text('list[count - 2]'), '"b"');
    assert.equal(text('list.length'), '2');
    assert.equal(text('name.length'), '5');
    assert.equal(text('name[0]'), '"s"');
    assert.equal(text('order.customer'), 'object#2');
    assert.equal(text('order.nope'), 'undefined');
  });

  it('computes arithmetic with JavaScript precedence and associativity', () => {
    assert.equal(text('1 + 2 * 3'), '7');
    assert.equal(text('(1 + 2) * 3'), '9');
    assert.equal(text('2 ** 3 ** 2'), '512');
    assert.equal(text('10 - 4 - 3'), '3');
    assert.equal(text('-count + 1'), '-2');
    assert.equal(text('order.total * 2'), '25');
    assert.equal(text('7 % 4'), '3');
    assert.equal(text('name + "!" + count'), '"scope!3"');
    assert.equal(text('big * 2n'), '20n');
    assert.equal(text('0x10 + 1_000'), '1016');
    assert.equal(text('.5 + 1e1'), '10.5');
  });

  it('compares and combines with logical operators and the ternary', () => {
    assert.equal(text('count > 2 && order.id === 7'), 'true');
    assert.equal(text('count >= 4 || name'), '"scope"');
    assert.equal(text('nothing ?? "fallback"'), '"fallback"');
    assert.equal(text('count == "3"'), 'true');
    assert.equal(text('count === "3"'), 'false');
    assert.equal(text('alias === order'), 'true');
    assert.equal(text('alias === list'), 'false');
    assert.equal(text('count > 2 ? "many" : "few"'), '"many"');
    assert.equal(text('count > 5 ? 1 : count > 2 ? 2 : 3'), '2');
    assert.equal(text('!nothing'), 'true');
    assert.equal(text('typeof order'), '"object"');
    assert.equal(text('typeof name'), '"string"');
    assert.equal(text('nothing?.x'), 'undefined');
    assert.equal(text('count?.5:1'), '0.5');
  });

  it('says plainly when a value was not recorded', () => {
    assert.match(reason('missing'), /missing was not recorded/);
    assert.match(reason('order.customer.email'), /order\.customer\.email was not recorded \(.*cut by the capture budget\)/);
    assert.match(reason('order.price + 1'), /<getter>: the value was not recorded/);
    assert.match(reason('tdz + 1'), /not recorded/);
    assert.match(reason('globalThis'), /globalThis is not a recorded variable visible here/);
    assert.match(reason('nothing.x'), /cannot be read: the object is null/);
  });

  it('never runs program code: calls, assignments, new and object conversions are refused', () => {
    assert.match(reason('order.toString()'), /calls are not evaluated/);
    assert.match(reason('order?.()'), /calls are not evaluated/);
    assert.match(reason('count = 4'), /assignments are not evaluated/);
    assert.match(reason('new Date'), /`new` is not evaluated/);
    assert.match(reason('delete order.id'), /`delete` is not evaluated/);
    assert.match(reason('order + 1'), /valueOf\/toString, which Scope never does/);
    assert.match(reason('order == "x"'), /would convert the object/);
  });

  it('reports syntax errors with their column', () => {
    assert.match(reason('order.'), /expected a property name at column 7/);
    assert.match(reason('(1 + 2'), /expected '\)' at column 7/);
    assert.match(reason("'open"), /not closed/);
    assert.match(reason('1 +'), /incomplete/);
    assert.match(reason('a b'), /unexpected 'b' at column 3/);
    assert.match(reason('x # y'), /unexpected character|private fields/);
  });
});
