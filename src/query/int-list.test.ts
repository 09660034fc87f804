import assert from 'node:assert/strict';
import { DenseIntLists } from './int-list';

describe('DenseIntLists', () => {
  it('keeps each id\'s values in order, whether they fit the shared column or moved to a list of their own', () => {
    const lists = new DenseIntLists();
    const expected = new Map<number, number[]>();
    // Ids with 1…9 values, interleaved as events of different objects are.
    for (let value = 0; value < 200; value++) {
      const id = 1 + ((value * 7) % 9);
      if ((expected.get(id)?.length ?? 0) >= id) continue;
      lists.push(id, value);
      expected.set(id, [...(expected.get(id) ?? []), value]);
    }
    for (const [id, values] of expected) {
      const got = lists.get(id)!;
      assert.deepEqual([...got.data.subarray(0, got.length)], values, `id ${id}`);
      assert.equal(got.lowerBound(values[values.length - 1]), values.length - 1);
      assert.equal(got.lowerBound(values[values.length - 1] + 1), values.length);
    }
    assert.equal(lists.has(0), false);
    assert.equal(lists.get(0), undefined);
    assert.equal(lists.has(10_000), false, 'an id past any pushed one');
  });
});
