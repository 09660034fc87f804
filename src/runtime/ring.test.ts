import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { Kind, header, headerKind, headerLength } from '../protocol/wire';
import { Control, createRing, isPad, ringControl, SharedRingReader, SharedRingWriter } from './ring';

/** Reads every committed record (skipping pads) as [kind, ...words] arrays, releasing them. */
function drain(reader: SharedRingReader): number[][] {
  const out: number[][] = [];
  for (;;) {
    const span = reader.peek();
    if (span.length === 0) return out;
    let n = 0;
    while (n < span.length) {
      const at = span.start + n;
      const len = headerLength(reader.words[at]);
      if (!isPad(reader.words[at])) out.push([headerKind(reader.words[at]), ...reader.words.subarray(at + 1, at + len)]);
      n += len;
    }
    reader.release(n);
  }
}

function writeStatement(writer: SharedRingWriter, site: number): boolean {
  const at = writer.reserve(2);
  if (at < 0) return false;
  writer.words[at] = header(Kind.Statement, 2);
  writer.words[at + 1] = site;
  writer.commit();
  return true;
}

describe('SPSC ring', () => {
  it('wraps around with a pad record and hands every record back in order', () => {
    const ring = createRing(64);
    const writer = new SharedRingWriter(ring);
    const reader = new SharedRingReader(ring);
    const seen: number[][] = [];
    let next = 0;
    let previousEnd = 0;
    let padded = 0;
    // 3-word records do not divide 64, so the writer must pad at the end many times over.
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < 7; k++, next++) {
        const at = writer.reserve(3);
        assert.ok(at >= 0 && at + 3 <= 64, `record ${next} at ${at} must lie inside the data area`);
        if (at === 0 && previousEnd !== 64 && previousEnd !== 0) padded++;
        previousEnd = at + 3;
        writer.words[at] = header(Kind.VarWrite, 3);
        writer.words[at + 1] = next;
        writer.words[at + 2] = -next;
      }
      writer.commit();
      seen.push(...drain(reader));
    }
    assert.equal(seen.length, next);
    assert.ok(padded > 0, 'some records would have straddled the end and were placed at 0, after a pad');
    seen.forEach((r, i) => assert.deepEqual(r, [Kind.VarWrite, i, -i | 0]));
    assert.ok(Atomics.load(ringControl(ring), Control.WRITE) > 64 * 5, 'the write index went around the ring several times');
  });

  it('keeps working when the free-running indices wrap past 2^32', () => {
    const ring = createRing(64);
    const control = ringControl(ring);
    const start = 0xffffffd0 | 0; // 48 words before the 32-bit counters wrap
    Atomics.store(control, Control.WRITE, start);
    Atomics.store(control, Control.READ, start);
    const writer = new SharedRingWriter(ring);
    const reader = new SharedRingReader(ring);
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) {
      assert.ok(writeStatement(writer, i));
      seen.push(...drain(reader).map((r) => r[1]));
    }
    assert.deepEqual(seen, Array.from({ length: 200 }, (_, i) => i));
  });

  it("policy 'drop' refuses records when full, counts them, and reports the count in a Dropped record", () => {
    const ring = createRing(64);
    const writer = new SharedRingWriter(ring, 'drop');
    const reader = new SharedRingReader(ring);
    let accepted = 0;
    for (let i = 0; i < 100; i++) if (writeStatement(writer, i)) accepted++;
    assert.equal(accepted, 32, '64 words hold 32 two-word records');
    assert.equal(writer.dropped(), 68);
    assert.equal(Atomics.load(ringControl(ring), Control.DROPPED), 68);
    const first = drain(reader);
    assert.deepEqual(first.map((r) => r[1]), Array.from({ length: 32 }, (_, i) => i));
    assert.ok(writeStatement(writer, 1000));
    assert.deepEqual(drain(reader), [[Kind.Dropped, 68], [Kind.Statement, 1000]], 'the drop count precedes the next record');
  });

  it("policy 'wait' blocks the writer until the consumer frees space, losing nothing", async () => {
    const ring = createRing(64);
    const writer = new SharedRingWriter(ring, 'wait');
    for (let i = 0; i < 32; i++) assert.ok(writeStatement(writer, i));
    // A consumer thread that first waits until the writer says it is waiting (PRODUCER_WAITING),
    // then drains everything that arrives.
    const consumer = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const ctl = new Int32Array(workerData, 0, 8), data = new Int32Array(workerData, 32);
       const deadline = Date.now() + 10000;
       while (Atomics.load(ctl, ${Control.PRODUCER_WAITING}) === 0 && Date.now() < deadline) Atomics.wait(ctl, ${Control.PRODUCER_WAITING}, 0, 10);
       const sawWriterWaiting = Atomics.load(ctl, ${Control.PRODUCER_WAITING}) === 1;
       const sites = []; let read = Atomics.load(ctl, 1);
       while (sites.length < 40) {
         const write = Atomics.load(ctl, 0);
         while (read !== write) {
           const at = read & 63, h = data[at], len = h >>> 8;
           if ((h & 255) !== 0) sites.push(data[at + 1]);
           read = (read + len) | 0;
         }
         Atomics.store(ctl, 1, read); Atomics.notify(ctl, 1);
         Atomics.wait(ctl, 0, write, 20);
       }
       parentPort.postMessage({ sites, sawWriterWaiting });`,
      { eval: true, workerData: ring },
    );
    const result = new Promise<{ sites: number[]; sawWriterWaiting: boolean }>((resolve, reject) => consumer.once('message', resolve).once('error', reject));
    for (let i = 32; i < 40; i++) assert.ok(writeStatement(writer, i), 'a waiting writer never drops');
    assert.equal(writer.dropped(), 0);
    const { sites, sawWriterWaiting } = await result;
    assert.ok(sawWriterWaiting, 'the writer announced that it was waiting for space');
    assert.deepEqual(sites, Array.from({ length: 40 }, (_, i) => i));
    await consumer.terminate();
  });

  it('drops and counts a record larger than half the ring instead of throwing into the program', () => {
    const ring = createRing(64);
    const writer = new SharedRingWriter(ring, 'wait');
    assert.equal(writer.maxRecordWords, 32);
    assert.equal(writer.reserve(33), -1);
    assert.equal(writer.dropped(), 1);
    assert.ok(writeStatement(writer, 1), 'the ring still works afterwards');
  });

  it("a 'wait' writer drops and counts once the consumer is marked broken, instead of hanging", () => {
    const ring = createRing(64);
    const writer = new SharedRingWriter(ring, 'wait');
    const reader = new SharedRingReader(ring);
    for (let i = 0; i < 32; i++) assert.ok(writeStatement(writer, i));
    reader.markBroken();
    assert.equal(writeStatement(writer, 99), false);
    assert.equal(writer.dropped(), 1);
  });
});
