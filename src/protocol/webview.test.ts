import assert from 'node:assert/strict';
import { checkResult, parseHostToWebview, parseWebviewToHost, shownText } from './webview';

describe('webview message protocol', () => {
  it('accepts every well-formed message the timeline sends', () => {
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'request', id: 1, method: 'info' },
      { type: 'request', id: 2, method: 'summary', args: { from: 0, to: 1000, buckets: 500 } },
      { type: 'request', id: 3, method: 'events', args: { from: 5, to: 9, limit: 10, kinds: ['VarWrite'], text: 'x', file: 'a.ts' } },
      { type: 'request', id: 4, method: 'seek', args: { instant: 42 } },
      { type: 'request', id: 5, method: 'history', args: { expression: 'order.total', instant: 3 } },
      { type: 'request', id: 6, method: 'lastWrite', args: { expression: 'x', frameId: 1000 } },
      { type: 'step', direction: 'backward' },
      { type: 'reveal', position: { file: '/a.ts', line: 3, column: 1 } },
    ];
    for (const m of good) assert.equal(parseWebviewToHost(m).ok, true, JSON.stringify(m));
  });

  it('rejects malformed messages with a reason that names the problem', () => {
    const bad: [unknown, RegExp][] = [
      [null, /not a message object/],
      [{ type: 'launch' }, /unknown message type "launch"/],
      [{ type: 'request', id: 1, method: 'evaluate', args: {} }, /unknown request method "evaluate"/],
      [{ type: 'request', id: -1, method: 'info' }, /integer id/],
      [{ type: 'request', id: 1, method: 'seek', args: { instant: '5' } }, /seek needs an integer instant/],
      [{ type: 'request', id: 1, method: 'summary', args: { from: 0, to: 10, buckets: 0 } }, /buckets/],
      [{ type: 'request', id: 1, method: 'events', args: { from: 0, to: 10, kinds: 'Throw' } }, /kinds/],
      [{ type: 'request', id: 1, method: 'history', args: { expression: '' } }, /non-empty expression/],
      [{ type: 'request', id: 1, method: 'history', args: { expression: 'x', limit: 1 } }, /limit must be an integer of at least 2/],
      [{ type: 'request', id: 1, method: '__proto__', args: {} }, /unknown request method/],
      [{ type: 'step', direction: 'sideways' }, /direction/],
      [{ type: 'reveal', position: { file: 3 } }, /position/],
    ];
    for (const [m, reason] of bad) {
      const r = parseWebviewToHost(m);
      assert.equal(r.ok, false, JSON.stringify(m));
      if (!r.ok) assert.match(r.reason, reason);
    }
  });

  it('validates what the extension sends', () => {
    assert.equal(parseHostToWebview({ type: 'moved', instant: 7 }).ok, true);
    assert.equal(parseHostToWebview({ type: 'response', id: 1, ok: false, error: 'no session' }).ok, true);
    assert.equal(parseHostToWebview({ type: 'session', state: { active: true, info: { events: 3, lanes: [], current: 0, complete: true, dropped: 0 } } }).ok, true);
    assert.equal(parseHostToWebview({ type: 'moved', instant: -1 }).ok, false);
    assert.equal(parseHostToWebview({ type: 'response', id: 1, ok: false }).ok, false);
    assert.equal(parseHostToWebview({ type: 'session', state: { active: true, info: { events: 'many' } } }).ok, false);
    assert.equal(parseHostToWebview({ type: 'grew', body: { events: 1, dropped: 0, bytes: 4 } }).ok, false);
  });

  it('checks request results before the timeline uses them', () => {
    assert.equal(checkResult('seek', { instant: 4 }).ok, true);
    assert.equal(checkResult('events', { events: [], total: 0, truncated: false }).ok, true);
    const r = checkResult('summary', { from: 0, to: 1 });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /^summary: result needs/);
  });

  it('shows recorded values as one line of text', () => {
    assert.equal(shownText({ kind: 'primitive', type: 'string', text: '<img src=x>' }), '"<img src=x>"');
    assert.equal(shownText({ kind: 'primitive', type: 'number', text: '3', cut: false }), '3');
    assert.equal(shownText({ kind: 'primitive', type: 'string', text: 'abc', cut: true }), '"abc"… (cut)');
    assert.equal(shownText({ kind: 'object', id: 1, type: 'object', preview: '{a: 1}' }), '{a: 1}');
    assert.equal(shownText({ kind: 'special', type: 'uninitialized', text: '<uninitialized>' }), '<uninitialized>');
  });
});
