import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createRing } from '../../src/runtime/ring';
import { bundleForWorker } from './helpers';

const fixture = bundleForWorker(path.join(__dirname, 'fixtures', 'ring-thread.ts'));

function side<T>(ring: SharedArrayBuffer, role: 'producer' | 'consumer', events: number): Promise<T> {
  const worker = new Worker(fixture, { workerData: { ring, role, events } });
  return new Promise<T>((resolve, reject) => {
    worker.once('message', (m: T) => { resolve(m); void worker.terminate(); });
    worker.once('error', reject);
  });
}

describe('ring across two worker threads', () => {
  it('moves 10 M events from a producer thread to a consumer thread: each exactly once, in order, none invented', async () => {
    const events = 10_000_000;
    // A small ring (64 Ki words) so the producer wraps and waits thousands of times.
    const ring = createRing(1 << 16);
    const [consumed, produced] = await Promise.all([
      side<{ read: number; mismatch: number; foreign: number; extra: number }>(ring, 'consumer', events),
      side<{ dropped: number }>(ring, 'producer', events),
    ]);
    assert.equal(produced.dropped, 0);
    assert.equal(consumed.read, events);
    assert.equal(consumed.mismatch, -1, `event ${consumed.mismatch} arrived out of order or altered`);
    assert.equal(consumed.foreign, 0, 'no record of another kind appeared');
    assert.equal(consumed.extra, 0, 'nothing beyond the events written was left in the ring');
  });
});
