/** The timeline's pure parts: the call tree model and the view arithmetic (no browser needed). */
import assert from 'node:assert/strict';
import type { EventRow } from '../../src/protocol/dap-custom';
import { buildCallTree, visibleRows } from '../../webview-ui/src/call-tree-model';
import { clampView, zoomView } from '../../webview-ui/src/view';

const ev = (kind: string, thread: number, name?: string): Omit<EventRow, 'instant'> => ({ kind, thread, depth: 0, name });
function run(...events: Omit<EventRow, 'instant'>[]): EventRow[] {
  return events.map((e, instant) => ({ ...e, instant }));
}

describe('call tree model', () => {
  it('nests calls per thread and knows where each subtree ends', () => {
    const events = run(
      ev('CallEnter', 0, 'main'), ev('CallEnter', 1, 'work'), ev('CallEnter', 0, 'a'), ev('VarWrite', 0, 'x'),
      ev('Return', 0), ev('CallEnter', 0, 'b'), ev('Return', 1), ev('Return', 0), ev('Return', 0),
    );
    const m = buildCallTree(events);
    const names = Array.from(m.eventOf, (i) => events[i].name);
    assert.deepEqual(names, ['main', 'a', 'b', 'work'], 'thread 0 rows, then thread 1 rows');
    assert.deepEqual(Array.from(m.depth), [0, 1, 1, 0]);
    assert.deepEqual(Array.from(m.subtreeEnd), [3, 2, 3, 4]);
    assert.deepEqual(Array.from(m.end), [8, 4, 7, 6]);
  });

  it('ignores Returns of calls that began before the range and leaves open calls open', () => {
    const events = run(ev('Return', 0), ev('CallEnter', 0, 'late'), ev('CallEnter', 0, 'inner'));
    const m = buildCallTree(events);
    assert.deepEqual(Array.from(m.eventOf, (i) => events[i].name), ['late', 'inner']);
    assert.deepEqual(Array.from(m.end), [-1, -1]);
    assert.deepEqual(Array.from(m.subtreeEnd), [2, 2]);
  });

  it('collapsing a row hides exactly its subtree', () => {
    const events = run(ev('CallEnter', 0, 'main'), ev('CallEnter', 0, 'a'), ev('CallEnter', 0, 'a1'), ev('Return', 0), ev('Return', 0),
      ev('CallEnter', 0, 'b'), ev('Return', 0), ev('Return', 0));
    const m = buildCallTree(events);
    const shown = (collapsed: number[]) => Array.from(visibleRows(m, new Set(collapsed)), (r) => events[m.eventOf[r]].name);
    assert.deepEqual(shown([]), ['main', 'a', 'a1', 'b']);
    assert.deepEqual(shown([1]), ['main', 'a', 'b']);
    assert.deepEqual(shown([0]), ['main']);
  });
});

describe('timeline view', () => {
  it('stays inside the run and keeps a minimum span', () => {
    assert.deepEqual(clampView(-50, 50, 1000), { from: 0, to: 100 });
    assert.deepEqual(clampView(950, 1100, 1000), { from: 850, to: 1000 });
    assert.deepEqual(clampView(10, 11, 1000), { from: 10, to: 18 });
    assert.deepEqual(clampView(0, 5000, 1000), { from: 0, to: 1000 });
  });

  it('zooms around the anchor instant', () => {
    const v = zoomView({ from: 0, to: 1000 }, 250, 0.5, 1000);
    assert.deepEqual(v, { from: 125, to: 625 });
    assert.deepEqual(zoomView(v, 250, 2, 1000), { from: 0, to: 1000 });
  });
});
