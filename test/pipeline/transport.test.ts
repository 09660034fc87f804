/**
 * The recorder's socket, for real: a Unix socket in a private directory, bad peers, dying peers,
 * and peers at the same time. Every case ends with the recording file read back.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kind, SCHEMA_VERSION, Tag, header } from '../../src/protocol/wire';
import { startRecorder, type Recorder } from '../../src/store/recorder';
import { openRecording } from '../../src/store/recording-file';
import { encodeFrame, parseEndpoint } from '../../src/transport/frame';
import { assertAllChildEvents, frameNumbers, recordChild } from './child-helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-transport-'));
let n = 0;
const outFile = () => path.join(tmp, `t${n++}.scope`);

/** A frame, optionally damaged: a wrong CRC, or a length field that claims another size. */
function frame(payload: Uint8Array, { badCrc = false, claimedLength }: { badCrc?: boolean; claimedLength?: number } = {}): Buffer {
  const bytes = encodeFrame(payload);
  if (claimedLength !== undefined) bytes.writeUInt32LE(claimedLength, 0);
  if (badCrc) bytes[4] ^= 1;
  return bytes;
}

function handshake(recorder: Recorder, overrides: Record<string, unknown> = {}): Buffer {
  return frame(Buffer.from(JSON.stringify({ schemaVersion: SCHEMA_VERSION, pid: 4242, threadId: 0, secret: recorder.env.SCOPE_SECRET, name: 'raw', ...overrides })));
}

/** VarWrite records numbered from..from+count-1 in their frame word. */
function events(from: number, count: number): Buffer {
  const words = new Int32Array(count * 5);
  for (let i = 0; i < count; i++) words.set([header(Kind.VarWrite, 5), 0, from + i, Tag.Int, i], 5 * i);
  return Buffer.from(words.buffer);
}

async function connect(recorder: Recorder): Promise<net.Socket> {
  const endpoint = parseEndpoint(recorder.env.SCOPE_ENDPOINT);
  assert.equal(endpoint.kind, 'unix');
  const socket = net.createConnection((endpoint as { path: string }).path);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

/** Sends `bytes`, then waits until the server has closed the connection (or we close it). */
async function sendAndClose(socket: net.Socket, bytes: Buffer, closeOurselves: boolean): Promise<void> {
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.on('error', () => undefined);
  socket.write(bytes);
  if (closeOurselves) socket.end();
  await closed;
}

describe('transport over a real Unix socket', () => {
  it('says which recording file it cannot create', async () => {
    await assert.rejects(startRecorder({ out: path.join(tmp, 'no-such-dir', 'x.scope') }), /cannot create the recording file .*no-such-dir\/x\.scope: ENOENT/);
  });

  it('listens in a private 0700 directory', async () => {
    const recorder = await startRecorder({ out: outFile(), log: () => undefined });
    const endpoint = parseEndpoint(recorder.env.SCOPE_ENDPOINT) as { path: string };
    assert.equal(fs.statSync(path.dirname(endpoint.path)).mode & 0o777, 0o700);
    assert.match(recorder.env.SCOPE_SECRET, /^[0-9a-f]{32,}$/);
    await recorder.finish();
    assert.equal(fs.existsSync(path.dirname(endpoint.path)), false, 'the socket directory is removed at the end');
  });

  for (const bad of [
    { name: 'a wrong secret', bytes: (r: Recorder) => handshake(r, { secret: 'not-the-secret' }), log: /rejected a connection: wrong session secret/ },
    { name: 'a wrong schema version', bytes: (r: Recorder) => handshake(r, { schemaVersion: 99 }), log: /rejected a connection: schema version 99 is not supported/ },
    { name: 'an oversize handshake', bytes: () => frame(Buffer.alloc(16), { claimedLength: 1 << 20 }), log: /rejected a connection: oversize frame/ },
  ]) {
    it(`rejects ${bad.name} with one log line and keeps recording the other connections`, async () => {
      const lines: string[] = [];
      const recorder = await startRecorder({ out: outFile(), log: (l) => lines.push(l) });
      const good = await connect(recorder);
      good.write(handshake(recorder));
      good.write(frame(events(0, 10)));
      await sendAndClose(await connect(recorder), bad.bytes(recorder), false);
      good.write(frame(events(10, 10)));
      await sendAndClose(good, Buffer.alloc(0), true);
      const result = await recorder.finish();
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0], bad.log);
      const { store, complete } = await openRecording(result.path);
      assert.equal(complete, true);
      assert.equal(store.threads.length, 1, 'the rejected peer left no thread');
      assert.deepEqual(frameNumbers(store), Array.from({ length: 20 }, (_, i) => i));
    });
  }

  it('drops a connection at an oversize frame or a corrupt CRC, keeping the frames before it', async () => {
    const lines: string[] = [];
    const recorder = await startRecorder({ out: outFile(), log: (l) => lines.push(l) });
    const oversize = await connect(recorder);
    await sendAndClose(oversize, Buffer.concat([handshake(recorder, { threadId: 1 }), frame(events(0, 5)), frame(Buffer.alloc(8), { claimedLength: 64 << 20 })]), false);
    const corrupt = await connect(recorder);
    await sendAndClose(corrupt, Buffer.concat([handshake(recorder, { threadId: 2 }), frame(events(100, 5)), frame(events(105, 5), { badCrc: true }), frame(events(110, 5))]), false);
    const result = await recorder.finish();
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0], /rejected thread 'raw' of pid 4242: oversize frame: 67108864 bytes/);
    assert.match(lines[1], /rejected thread 'raw' of pid 4242: corrupt frame: CRC mismatch/);
    assert.equal(result.complete, false, 'a rejected frame makes the recording incomplete');
    const { store } = await openRecording(result.path);
    assert.deepEqual(frameNumbers(store), [0, 1, 2, 3, 4, 100, 101, 102, 103, 104]);
  });

  it('keeps every whole frame of a producer killed in the middle of a frame', async () => {
    const lines: string[] = [];
    const recorder = await startRecorder({ out: outFile(), log: (l) => lines.push(l) });
    const endpoint = (parseEndpoint(recorder.env.SCOPE_ENDPOINT) as { path: string }).path;
    const whole = Buffer.concat([handshake(recorder), frame(events(0, 1000))]);
    const partial = frame(events(1000, 1000)).subarray(0, 3000);
    // A real process: writes one whole frame and part of the next, then waits to be killed.
    const child = spawn(process.execPath, ['-e', `
      const s = require('net').createConnection(${JSON.stringify(endpoint)}, () => {
        s.write(Buffer.from('${whole.toString('base64')}', 'base64'));
        s.write(Buffer.from('${partial.toString('base64')}', 'base64'), () => process.stdout.write('sent\\n'));
      });
      setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d) => { if (String(d).includes('sent')) resolve(); }));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const result = await recorder.finish();
    assert.equal(result.complete, false);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /ended inside a frame \(\d+ bytes of an incomplete frame discarded\)/);
    const { store } = await openRecording(result.path);
    assert.deepEqual(frameNumbers(store), Array.from({ length: 1000 }, (_, i) => i));
  });

  it('reports its growth while the program runs, and final stats', async () => {
    const recorder = await startRecorder({ out: outFile(), log: (l) => assert.fail(l) });
    const seen: number[] = [];
    recorder.onGrow((s) => seen.push(s.events));
    await recordChild(recorder, 'end', 100_000);
    const result = await recorder.finish();
    assert.ok(seen.length >= 1, 'onGrow was called');
    assert.ok(seen.every((n, i) => i === 0 || n >= seen[i - 1]), 'the counts only grow');
    assert.equal(seen[seen.length - 1], 100_000, 'the last report has every event');
    assert.deepEqual({ ...recorder.stats(), bytes: 0 }, { events: 100_000, dropped: 0, bytes: 0, connections: 1 });
    assert.ok(recorder.stats().bytes > 100_000 * 8, 'bytes counts the wire payload received');
    assert.equal(result.events, 100_000);
  });

  it('backpressure: while the adapter does not read, the program waits; nothing is dropped', async () => {
    const recorder = await startRecorder({ out: outFile(), log: (l) => assert.fail(l) });
    // 2 M events are about 18 MB: far more than the child's 64 KiB ring plus the socket's kernel
    // buffers. While this thread is blocked the child can only wait (or drop, or buffer without
    // bound — which is what this test would catch).
    const child = recordChild(recorder, 'end', 2_000_000);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
    const result = await child;
    assert.equal(result.code, 0, result.stderr);
    const finished = await recorder.finish();
    assert.equal(finished.dropped, 0);
    const { store } = await openRecording(finished.path);
    assertAllChildEvents(store, 2_000_000);
  });

  it("SCOPE_DROP_POLICY=drop: while the adapter does not read, the program drops and the recording counts every drop", async () => {
    const recorder = await startRecorder({ out: outFile(), log: (l) => assert.fail(l) });
    const total = 2_000_000;
    const child = recordChild(recorder, 'end', total, { SCOPE_DROP_POLICY: 'drop' });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
    assert.equal((await child).code, 0);
    const finished = await recorder.finish();
    assert.ok(finished.dropped > 0, 'the child had to drop');
    assert.equal(finished.events + finished.dropped, total, 'every event is either recorded or counted as dropped');
    const { store } = await openRecording(finished.path);
    assert.equal(store.dropped, finished.dropped);
    const numbered = frameNumbers(store).filter((_, i) => store.kinds[i] === Kind.VarWrite);
    assert.ok(numbered.every((k, i) => i === 0 || k > numbered[i - 1]), 'what was kept is in order');
  });

  it('records a child over loopback TCP when asked to', async () => {
    const recorder = await startRecorder({ out: outFile(), transport: 'tcp', log: (l) => assert.fail(l) });
    assert.match(recorder.env.SCOPE_ENDPOINT, /^tcp:127\.0\.0\.1:\d+$/);
    const child = await recordChild(recorder, 'exit', 50_000);
    assert.equal(child.code, 3);
    const { store, complete } = await openRecording((await recorder.finish()).path);
    assert.equal(complete, true);
    assertAllChildEvents(store, 50_000);
  });

  it('records two producer processes at once, each thread complete and in order', async () => {
    const recorder = await startRecorder({ out: outFile(), log: (l) => assert.fail(l) });
    const count = 200_000;
    const [a, b] = await Promise.all([recordChild(recorder, 'end', count), recordChild(recorder, 'end', count)]);
    assert.equal(a.code, 0);
    assert.equal(b.code, 0);
    const result = await recorder.finish();
    assert.equal(result.complete, true);
    const { store } = await openRecording(result.path);
    assert.equal(store.threads.length, 2);
    assert.notEqual(store.threads[0].pid, store.threads[1].pid);
    for (const thread of [0, 1]) assertAllChildEvents(store, count, thread);
  });
});
