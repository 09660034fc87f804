import assert from 'node:assert/strict';
import { applyToStack, Indexes, Stack } from './indexes';
import { RecordingBuilder, num } from './synthetic-recording';

describe('Indexes.stackBefore', () => {
  it('answers the same stack whatever order the instants are asked in (forwards, backwards, at random)', () => {
    const b = new RecordingBuilder();
    const fn = b.site({ kind: 'function', line: 1, column: 1, name: 'f', params: [] });
    const st = b.site({ kind: 'statement', line: 2, column: 3 });
    const v = b.site({ kind: 'binding', line: 2, column: 7, name: 'x', decl: 'let' });
    let x = 7;
    const rand = (n: number) => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 8) % n; };
    const open: number[] = [];
    for (let k = 0; k < 6000; k++) {
      const r = rand(10);
      if (r < 3 && open.length < 40) open.push(b.call(fn, open[open.length - 1] ?? 0));
      else if (r < 5 && open.length > 0) b.ret(fn, open.pop()!);
      else if (r < 8) b.stmt(st);
      else if (open.length > 0) b.write(v, open[open.length - 1], num(k));
      else b.stmt(st);
    }
    const store = b.flush();
    // The definition: one replay of every event from the start.
    const expected: Stack[] = [];
    const live = new Stack();
    const out = { owner: 0, depth: 0 };
    for (let i = 0; i <= store.count; i++) {
      expected.push(live.clone());
      if (i < store.count) applyToStack(live, store.kinds[i], store.frameOf[i], i, out);
    }
    const check = (order: number[], what: string) => {
      const indexes = new Indexes(store);
      indexes.sync();
      for (const i of order) assert.deepEqual(indexes.stackBefore(0, i), expected[i], `${what}: stack before instant ${i}`);
    };
    const all = Array.from({ length: store.count + 1 }, (_, i) => i);
    check(all, 'forwards');
    check([...all].reverse(), 'backwards');
    check(all.map((i) => [rand(1 << 20), i]).sort((p, q) => p[0] - q[0]).map(([, i]) => i), 'at random');
    // The stack a caller is given is its own.
    const indexes = new Indexes(store);
    indexes.sync();
    const deep = expected.findIndex((s) => s.size > 3);
    indexes.stackBefore(0, deep).truncate(0);
    assert.deepEqual(indexes.stackBefore(0, deep), expected[deep]);
    assert.deepEqual(indexes.stackBefore(0, deep + 1), expected[deep + 1]);
  });
});
