import { strict as assert } from 'node:assert';
import { inspect, isDeepStrictEqual } from 'node:util';
import { deserialize, serialize, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { IdentityTable } from './private-tables';

describe('identity table', () => {
  it('keeps each object’s value on both sides of the switch from the WeakMap to stamps', () => {
    const table = new IdentityTable<number>(3);
    const objects: object[] = [{}, [], () => 0, Object.freeze({ frozen: true }), Object.seal([1]), new Map(), new Proxy({}, {}), class {}, Object.create(null)];
    objects.forEach((o, i) => table.set(o, i + 1));
    assert.deepEqual(objects.map((o) => table.get(o)), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Updates land where the object's entry is: the first three in the WeakMap, the rest stamped.
    table.set(objects[0], -1);
    table.set(objects[5], -6);
    assert.equal(table.get(objects[0]), -1);
    assert.equal(table.get(objects[5]), -6);
    assert.equal(table.get({}), undefined);
    // Updates are not additions: ten updates of one object leave room for more objects.
    const counting = new IdentityTable<number>(5);
    const [a, b, c] = [{}, {}, {}];
    counting.set(a, 1);
    for (let n = 0; n < 10; n++) counting.set(b, n);
    counting.set(c, 3);
    assert.equal((counting as unknown as { weakAdditions: number }).weakAdditions, 3);
    assert.deepEqual([counting.get(a), counting.get(b), counting.get(c)], [1, 9, 3]);
    // Two tables never see each other's stamps.
    const other = new IdentityTable<number>(0);
    assert.equal(other.get(objects[5]), undefined);
    other.set(objects[5], 60);
    assert.equal(table.get(objects[5]), -6);
  });

  it('leaves nothing the program can observe on a stamped object, and runs no trap', () => {
    let traps = 0;
    const handler = new Proxy({}, { get: () => { traps++; return undefined; } });
    const proxy = new Proxy({ a: 1 }, handler);
    const plain = { b: 2, [Symbol('s')]: 3 };
    const frozen = Object.freeze({ c: 3 });
    const table = new IdentityTable<number>(0);
    for (const o of [proxy, plain, frozen]) table.set(o, 7);
    assert.equal(traps, 0);
    assert.equal(Reflect.ownKeys(plain).length, 2);
    assert.equal(JSON.stringify(plain), '{"b":2}');
    assert.ok(Object.isFrozen(frozen));
    assert.deepEqual(Object.getOwnPropertyNames(frozen), ['c']);
    assert.equal(table.get(proxy), 7);
    // What Node shows or compares of an object: console.log, deepStrictEqual, structured clones.
    const twin = { b: 2, [Object.getOwnPropertySymbols(plain)[0]]: 3 };
    assert.equal(inspect(plain, { showHidden: true }), inspect(twin, { showHidden: true }));
    assert.ok(isDeepStrictEqual(plain, twin));
    assert.equal(table.get(structuredClone(plain)), undefined);
    assert.equal(table.get(deserialize(serialize(frozen)) as object), undefined);
  });

  it('keeps no object alive, whether its entry is in the WeakMap or stamped', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const table = new IdentityTable<number>(1);
    const refs: WeakRef<object>[] = [];
    (() => {
      for (let i = 0; i < 2; i++) {
        const o = { big: new Array(1000).fill(i) };
        table.set(o, i);
        refs.push(new WeakRef(o));
      }
    })();
    for (let i = 0; i < 5 && refs.some((r) => r.deref() !== undefined); i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    assert.deepEqual(refs.map((r) => r.deref()), [undefined, undefined]);
  });
});
