/**
 * A ring consumer that frees everything committed as fast as it can: stands in for the drainer
 * when a benchmark measures what the probes cost without the transport behind them.
 */
import { Worker } from 'node:worker_threads';
import { Control } from '../../src/runtime/ring';

export function startDiscardConsumer(ring: SharedArrayBuffer): Worker {
  const source = `
    const { workerData } = require('node:worker_threads');
    const control = new Int32Array(workerData.ring, 0, 8);
    const { WRITE, READ, PRODUCER_WAITING } = workerData;
    for (;;) {
      const write = Atomics.load(control, WRITE);
      Atomics.store(control, READ, write);
      if (Atomics.load(control, PRODUCER_WAITING) !== 0) { Atomics.store(control, PRODUCER_WAITING, 0); Atomics.notify(control, READ); }
      Atomics.wait(control, WRITE, write, 1);
    }`;
  const worker = new Worker(source, { eval: true, workerData: { ring, WRITE: Control.WRITE, READ: Control.READ, PRODUCER_WAITING: Control.PRODUCER_WAITING } });
  worker.unref();
  return worker;
}
