/**
 * Synchronous sending of frames over a connected socket's file descriptor.
 *
 * Why synchronous: the debuggee must be able to hand everything it recorded to the kernel from an
 * 'exit' listener, where no callback will ever run again. Node 20 has no public synchronous socket
 * API, but a connected socket is a file descriptor, and `fs.writeSync(fd, …)` on it is a plain
 * write(2). libuv made the descriptor non-blocking, so a full kernel buffer answers EAGAIN: we
 * sleep briefly (Atomics.wait, allowed in Node on every thread) and retry. This is the
 * backpressure path: a slow adapter keeps the kernel buffer full, the drainer stops consuming, the
 * ring fills, and the program's writer waits.
 *
 * Since every byte is written by write(2), "sent" means "in the kernel": no bytes sit in a
 * userland socket queue that would die with the thread — which is what makes the exit flush sound.
 */
import * as fs from 'node:fs';
import { frameHeader } from './frame';

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
/** How long to keep retrying a socket the adapter does not drain before giving up on it. */
const STALL_LIMIT_MS = 60_000;
/**
 * Retry delay on EAGAIN: FIRST_RETRY_MS, doubling up to MAX_RETRY_MS while the socket stays full.
 * A Unix socket's kernel buffer (~200 KiB) is emptied by the adapter in well under a millisecond,
 * so a flat 1 ms sleep per full buffer capped the drain near 200 MB/s and left the adapter idle
 * while the recorded program waited for ring space (nbody, full mode: 1.00–1.12 s → 0.84–0.90 s with a
 * 0.1 ms retry, bench/overhead.bench.ts). The doubling keeps a paused adapter (backpressure) at
 * one retry per millisecond, as before.
 */
const FIRST_RETRY_MS = 0.1;
const MAX_RETRY_MS = 1;

export class SendError extends Error {}

function sleep(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/** Writes every byte of `data` to `fd`, waiting out EAGAIN. Throws SendError when the peer is gone. */
export function writeAllSync(fd: number, data: Uint8Array): void {
  let offset = 0;
  let stalledSince = 0;
  let retryMs = FIRST_RETRY_MS;
  while (offset < data.byteLength) {
    try {
      offset += fs.writeSync(fd, data, offset, data.byteLength - offset);
      stalledSince = 0;
      retryMs = FIRST_RETRY_MS;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw new SendError(`socket write failed: ${code ?? String(error)}`);
      const now = Date.now();
      if (stalledSince === 0) stalledSince = now;
      else if (now - stalledSince > STALL_LIMIT_MS) throw new SendError('the adapter has not read for a minute');
      sleep(retryMs);
      retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
    }
  }
}

/** Writes one frame (header, then `payload`) with write(2); see writeAllSync. */
export function writeFrameSync(fd: number, payload: Uint8Array): void {
  writeAllSync(fd, frameHeader(payload));
  writeAllSync(fd, payload);
}
