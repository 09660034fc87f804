import assert from 'node:assert/strict';
import { Kind, WireEncoder } from '../protocol/wire';
import { EventStore } from '../store/event-store';
import { chromeTraceEvents } from './export';

type Trace = Parameters<Parameters<typeof chromeTraceEvents>[1]>[0];

function traceOf(build: (enc: WireEncoder) => void, threads = 1): Trace[] {
  const store = new EventStore();
  for (let t = 0; t < threads; t++) {
    const enc = new WireEncoder();
    const sites = [
      { kind: 'function', line: 1, column: 1, endLine: 5, endColumn: 2, name: 'load', fn: -1, async: true },
      { kind: 'await', line: 2, column: 3, endLine: 2, endColumn: 20, fn: 0 },
      { kind: 'function', line: 6, column: 1, endLine: 6, endColumn: 30, name: 'tick', fn: -1 },
      { kind: 'function', line: 7, column: 1, endLine: 7, endColumn: 30, name: 'inner', fn: -1 },
    ];
    enc.record(Kind.SiteTable, [0, sites.length, enc.string('/a.ts'), enc.string(JSON.stringify({ file: '/a.ts', sites }))]);
    build(enc);
    store.ingest(store.openConnection({ pid: 9, threadId: t }), enc.take());
  }
  const out: Trace[] = [];
  chromeTraceEvents(store, (e) => out.push(e));
  return out;
}

const enter = (enc: WireEncoder, site: number, frame: number) => enc.record(Kind.CallEnter, [site, frame, 0], [], [...enc.encodeValue({ t: 'undefined' }), 0]);
const leave = (enc: WireEncoder, site: number, frame: number) => enc.record(Kind.Return, [site, frame], [{ t: 'undefined' }]);

/** Every track's B/E events must nest like a stack, and end empty. */
function assertNested(trace: Trace[]): void {
  const stacks = new Map<string, string[]>();
  for (const e of trace) {
    const key = `${e.pid}/${e.tid}`;
    const stack = stacks.get(key) ?? [];
    stacks.set(key, stack);
    if (e.ph === 'B') stack.push(e.name);
    if (e.ph === 'E') assert.equal(stack.pop(), e.name, `E ${e.name} at ${e.ts} closes the slice on top`);
  }
  for (const [key, stack] of stacks) assert.deepEqual(stack, [], `track ${key} ends with every slice closed`);
}

describe('chrome trace export', () => {
  it('splits an async function at its awaits so slices nest while other calls run in between', () => {
    const trace = traceOf((enc) => {
      enter(enc, 0, 1); // load()
      enc.record(Kind.AwaitSuspend, [1, 1], [{ t: 'undefined' }]);
      enter(enc, 2, 2); // tick() runs while load is suspended
      enc.record(Kind.AwaitResume, [1, 1], [{ t: 'number', v: 1 }], [0]);
      leave(enc, 0, 1); // load returns, inside tick's time
      leave(enc, 2, 2);
    });
    assertNested(trace);
    const slices = trace.filter((e) => e.ph === 'B' || e.ph === 'E').map((e) => `${e.ph} ${e.name}`);
    assert.deepEqual(slices, ['B load', 'E load', 'B tick', 'B load (resumed)', 'E load (resumed)', 'E tick']);
  });

  it('closes frames left by an exception and frames still open at the end', () => {
    const trace = traceOf((enc) => {
      enter(enc, 0, 1);
      enter(enc, 2, 2);
      enter(enc, 3, 3);
      enc.record(Kind.Unwind, [0, 1], [{ t: 'string', v: 'boom' }]); // frames 2 and 3 left without a probe
      enter(enc, 2, 4); // never returns: the recording ends
    });
    assertNested(trace);
    const ends = trace.filter((e) => e.ph === 'E').map((e) => `${e.name}@${e.ts}`);
    assert.deepEqual(ends, ['inner@3', 'tick@3', 'load@3', 'tick@5']);
    assert.deepEqual(trace.find((e) => e.ph === 'E' && e.name === 'load')?.args, { threw: '"boom"' });
  });

  it('names what a frame left with when its Unwind came from a finally without the value: the Catch after it says', () => {
    const trace = traceOf((enc) => {
      enter(enc, 0, 1);
      enter(enc, 2, 2);
      enc.record(Kind.Unwind, [2, 2], [{ t: 'notRecorded' }]);
      enc.record(Kind.Catch, [0, 1], [{ t: 'string', v: 'boom' }]);
      leave(enc, 0, 1);
    });
    assertNested(trace);
    assert.deepEqual(trace.find((e) => e.ph === 'E' && e.name === 'tick')?.args, { threw: '"boom"' });
  });

  it('puts each thread on its own track', () => {
    const trace = traceOf((enc) => { enter(enc, 2, 1); leave(enc, 2, 1); }, 2);
    assertNested(trace);
    assert.deepEqual(trace.filter((e) => e.ph === 'B').map((e) => e.tid), [0, 1]);
    assert.deepEqual(trace.filter((e) => e.ph === 'M').map((e) => e.tid), [0, 1]);
  });
});
