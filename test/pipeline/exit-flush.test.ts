/**
 * Real `node` children recorded through the built runtime channel: however they end, the
 * recording holds every event they wrote, and they end exactly as they would unrecorded.
 * The ring is small (64 KiB) and the children write 300 000 events, so the drainer is always
 * behind when they end and the exit flush does real work.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRecorder } from '../../src/store/recorder';
import { openRecording } from '../../src/store/recording-file';
import { assertAllChildEvents, recordChild, type ChildResult } from './child-helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-exit-'));
const COUNT = 300_000;

async function record(mode: string, count = COUNT) {
  const lines: string[] = [];
  const recorder = await startRecorder({ out: path.join(tmp, `${mode}.scope`), log: (l) => lines.push(l) });
  const child = await recordChild(recorder, mode, count);
  const result = await recorder.finish();
  const { store, complete } = await openRecording(result.path);
  assert.deepEqual(lines, [], 'the recorder logged no problem');
  assert.equal(complete, true);
  return { child, store, result };
}

function assertNoScopeOutput(child: ChildResult): void {
  assert.doesNotMatch(child.stderr, /scope:/, 'the runtime printed nothing of its own');
}

describe('exit flush in a real child process', () => {
  it('keeps every event when the program calls process.exit, and keeps its exit code', async () => {
    const { child, store } = await record('exit');
    assert.equal(child.code, 3);
    assertNoScopeOutput(child);
    assertAllChildEvents(store, COUNT);
  });

  it('keeps every event when the program throws; the error still prints and the exit code is 1', async () => {
    const { child, store } = await record('throw');
    assert.equal(child.code, 1);
    assert.match(child.stderr, /Error: boom from the recorded child/);
    assertAllChildEvents(store, COUNT);
  });

  it('keeps every event when the program is killed by SIGTERM, and the process still dies of SIGTERM', async () => {
    const { child, store } = await record('sigterm');
    assert.equal(child.signal, 'SIGTERM');
    assertNoScopeOutput(child);
    assertAllChildEvents(store, COUNT);
  });

  it('keeps every event on SIGINT, and the process still dies of SIGINT', async () => {
    const { child, store } = await record('sigint');
    assert.equal(child.signal, 'SIGINT');
    assertAllChildEvents(store, COUNT);
  });

  it("leaves a program's own SIGTERM handler in charge, and records what the handler writes", async () => {
    const { child, store } = await record('own-handler');
    assert.equal(child.code, 7, "the program's handler ran and chose the exit code");
    assertAllChildEvents(store, COUNT + 10);
  });

  it('keeps every event when the event loop simply empties', async () => {
    const { child, store } = await record('end');
    assert.equal(child.code, 0);
    assertAllChildEvents(store, COUNT);
  });

  it('close() sends everything first and lets the program end normally', async () => {
    const { child, store, result } = await record('close');
    assert.equal(child.code, 0);
    assert.equal(result.complete, true);
    assertAllChildEvents(store, COUNT);
  });

  it('keeps every event of a worker thread still running when the main thread calls process.exit', async () => {
    const { child, store } = await record('worker-busy', 100_000);
    assert.equal(child.code, 5);
    const worker = store.threads.findIndex((t) => t.threadId !== 0);
    assert.ok(worker >= 0, JSON.stringify(store.threads));
    assertAllChildEvents(store, 100_000, worker);
  });

  it('sends a record bigger than the ring with sendLargeSync, after what the ring held', async () => {
    const { child, store } = await record('large');
    assert.equal(child.code, 0, child.stderr);
    assertAllChildEvents(store, COUNT);
    const big = store.sites.find((s) => s.file === '/fixture/big.ts');
    assert.equal(big?.name?.length, 3_000_000);
    assert.equal(store.dropped, 1, 'the refused reserve was counted as a drop');
  });

  it('records a worker thread on its own connection, beside the main thread', async () => {
    const { child, store } = await record('worker', 100_000);
    assert.equal(child.code, 0);
    assert.equal(store.threads.length, 2);
    const main = store.threads.findIndex((t) => t.threadId === 0);
    const worker = store.threads.findIndex((t) => t.threadId !== 0);
    assert.ok(main >= 0 && worker >= 0, JSON.stringify(store.threads));
    assert.equal(store.threads[worker].name, `worker ${store.threads[worker].threadId}`);
    assertAllChildEvents(store, 100_000, main);
    assertAllChildEvents(store, 100_000, worker);
  });
});
