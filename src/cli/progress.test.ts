import assert from 'node:assert/strict';
import { progressLine, readingProgress, SHOW_FROM_BYTES, StderrProgress } from './progress';

const GB = 2 ** 30;

function recorder(isTTY: boolean) {
  const written: string[] = [];
  let now = 0;
  const progress = new StderrProgress({ isTTY, write: (t) => written.push(t) }, 1 << 20, () => now);
  return { progress, written, at: (ms: number) => { now = ms; } };
}

describe('progress on stderr (scope record after the run)', () => {
  it('a line says the share done, the bytes, and the time left once it can be estimated', () => {
    assert.equal(progressLine('compressing the recording', 0, 13 * GB, 0), 'scope: compressing the recording: 0% (0.0 of 13.0 GB)');
    assert.equal(progressLine('compressing the recording', 6.5 * GB, 13 * GB, 1_000), 'scope: compressing the recording: 50% (6.5 of 13.0 GB)');
    assert.equal(progressLine('compressing the recording', 6.5 * GB, 13 * GB, 20_000), 'scope: compressing the recording: 50% (6.5 of 13.0 GB, 20 s left)');
    assert.equal(progressLine('x', 1 * GB, 13 * GB, 30_000), 'scope: x: 7% (1.0 of 13.0 GB, 6 min left)');
    assert.equal(progressLine('x', 57.3 * 2 ** 20, 1.1 * GB, 0), 'scope: x: 5% (0.1 of 1.1 GB)', 'done in the unit of the total');
  });

  it('a terminal gets one line rewritten in place at most every 200 ms, erased at the end', () => {
    const { progress, written, at } = recorder(true);
    progress.start('compressing the recording', 100 * 2 ** 20, 'unused in a terminal', ' (hint)');
    for (let ms = 0; ms <= 1_000; ms += 50) {
      at(ms);
      progress.update(ms * 2 ** 14);
    }
    progress.end();
    assert.ok(written.every((t) => t.startsWith('\r\x1b[K')), 'every write replaces the line');
    assert.ok(written.every((t) => !t.includes('\n')), 'no new lines');
    assert.equal(written.length, 1 + 5 + 1, 'start, one per 200 ms, the erase');
    assert.equal(written[written.length - 1], '\r\x1b[K');
    assert.match(written[3], /^\r\x1b\[Kscope: compressing the recording: 9% \(9\.4 of 100\.0 MB\) \(hint\)$/);
  });

  it('work too small to be noticed shows nothing', () => {
    for (const isTTY of [true, false]) {
      const { progress, written, at } = recorder(isTTY);
      progress.start('compressing the recording', (1 << 20) - 1, 'scope: compressing');
      at(60_000);
      progress.update(1 << 19);
      progress.end();
      assert.deepEqual(written, []);
    }
  });

  it('a log gets the announcement, then a line every 10 s, and nothing to erase', () => {
    const { progress, written, at } = recorder(false);
    progress.start('compressing the recording', 13 * GB, 'scope: compressing the recording (13.0 GB)');
    for (let s = 0; s <= 35; s++) {
      at(s * 1000);
      progress.update((s / 40) * 13 * GB);
    }
    progress.end();
    assert.deepEqual(written, [
      'scope: compressing the recording (13.0 GB)\n',
      'scope: compressing the recording: 25% (3.3 of 13.0 GB, 30 s left)\n',
      'scope: compressing the recording: 50% (6.5 of 13.0 GB, 20 s left)\n',
      'scope: compressing the recording: 75% (9.8 of 13.0 GB, 10 s left)\n',
    ]);
  });

  it('reading a recording shows the file and its size in a log, once it is big enough to take a while', () => {
    for (const [total, expected] of [[SHOW_FROM_BYTES - 1, []], [300 * 2 ** 20, ['scope: reading /r/big.scope (300.0 MB)\n']]] as const) {
      const written: string[] = [];
      const reading = readingProgress('/r/big.scope', { isTTY: false, write: (t) => written.push(t) });
      for (let done = 0; done <= total; done += 2 ** 24) reading.onProgress(done, total);
      reading.done();
      assert.deepEqual(written, expected);
    }
  });
});
