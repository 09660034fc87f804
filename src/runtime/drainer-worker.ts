/**
 * The drainer: a worker thread per recorded thread that moves the ring's records to the adapter.
 *
 * It connects (the only asynchronous step), writes the handshake frame, publishes the socket's
 * descriptor, then runs a synchronous loop for the rest of its life: hold the channel for one
 * frame, send it with write(2), give the channel back, sleep a few ms when the ring is empty.
 * It never returns to its event loop while connected; it does not need to (nothing is read from
 * the socket), and a synchronous loop is what lets the exiting thread take over at a frame
 * boundary (see channel.ts).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { workerData } from 'node:worker_threads';
import { encodeHandshake, parseEndpoint } from '../transport/frame';
import { SendError, writeAllSync } from '../transport/sync-socket';
import { ChannelControl, ChannelState, Owner, sendFrameSync, type DrainerData } from './channel';
import { SharedRingReader } from './ring';

/**
 * Poll period when the ring is empty: starts at 1 ms and doubles while the program stays quiet,
 * up to 32 ms — a busy program's events reach the adapter within a few ms, and an idle one costs
 * ~30 wake-ups a second. A writer that finds the ring full wakes the drainer at once.
 */
const MIN_IDLE_POLL_MS = 1;
const MAX_IDLE_POLL_MS = 32;

const data = workerData as DrainerData;
const control = new Int32Array(data.control);
const reader = new SharedRingReader(data.ring);

function fail(reason: string): void {
  const previous = Atomics.compareExchange(control, ChannelControl.STATE, ChannelState.Connecting, ChannelState.Failed);
  const wasConnected = Atomics.compareExchange(control, ChannelControl.STATE, ChannelState.Connected, ChannelState.Failed);
  Atomics.notify(control, ChannelControl.STATE);
  if (previous === ChannelState.Connecting || wasConnected === ChannelState.Connected) {
    reader.markBroken();
    fs.writeSync(2, `scope: recording of thread '${data.handshake.name}' (pid ${data.handshake.pid}) stopped: ${reason}\n`);
  }
}

/** The socket's descriptor. `_handle.fd` is not public API, but it is how Node exposes it on Unix. */
function descriptorOf(socket: net.Socket): number {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('the socket has no file descriptor on this platform');
  return fd;
}

function run(fd: number): void {
  let idlePoll = MIN_IDLE_POLL_MS;
  for (;;) {
    const state = Atomics.load(control, ChannelControl.STATE);
    if (state !== ChannelState.Connected) return;
    // An exiting thread wants the channel or holds it: wait until it gives it back (its release
    // notifies OWNER; the bound covers a flusher that has not taken it yet).
    if (Atomics.load(control, ChannelControl.FLUSH_WAITING) !== 0
      || Atomics.compareExchange(control, ChannelControl.OWNER, Owner.Free, Owner.Drainer) !== Owner.Free) {
      Atomics.wait(control, ChannelControl.OWNER, Atomics.load(control, ChannelControl.OWNER), 20);
      continue;
    }
    let sent = 0;
    try {
      sent = sendFrameSync(fd, reader);
    } catch (error) {
      fail(error instanceof SendError ? error.message : String(error));
    } finally {
      Atomics.store(control, ChannelControl.OWNER, Owner.Free);
      Atomics.notify(control, ChannelControl.OWNER);
    }
    if (sent === 0) {
      reader.waitForData(idlePoll, false);
      idlePoll = Math.min(MAX_IDLE_POLL_MS, idlePoll * 2);
    } else {
      idlePoll = MIN_IDLE_POLL_MS;
    }
  }
}

let endpoint;
try {
  endpoint = parseEndpoint(data.endpoint);
} catch (error) {
  fail((error as Error).message);
}
if (endpoint) {
  const socket = endpoint.kind === 'unix' ? net.createConnection(endpoint.path) : net.createConnection(endpoint.port, endpoint.host);
  socket.on('error', (error) => fail(`cannot reach the adapter at ${data.endpoint}: ${error.message}`));
  socket.on('connect', () => {
    let fd: number;
    try {
      fd = descriptorOf(socket);
      Atomics.store(control, ChannelControl.INODE, fs.fstatSync(fd).ino % 2 ** 31);
      writeAllSync(fd, encodeHandshake(data.handshake));
    } catch (error) {
      fail((error as Error).message);
      socket.destroy();
      return;
    }
    Atomics.store(control, ChannelControl.FD, fd);
    Atomics.store(control, ChannelControl.STATE, ChannelState.Connected);
    Atomics.notify(control, ChannelControl.STATE);
    run(fd);
    // Closing (or failed): everything sent was written with write(2); end the connection.
    socket.end();
  });
}
