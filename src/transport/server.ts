/**
 * The adapter's listening socket: accepts recorded threads, checks each handshake, splits frames.
 *
 * Security: a Unix socket inside a fresh 0700 directory (only this user can connect), and a
 * per-session random secret every connection must present; loopback TCP (`tcp`) relies on the
 * secret alone. A connection that fails a check is closed with one log line; the others go on.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { FrameParser, MAX_FRAME_BYTES, MAX_HANDSHAKE_BYTES, formatEndpoint, parseHandshake, type Handshake } from './frame';

export interface ConnectionEnd {
  /** The peer closed at a frame boundary and no frame was rejected. */
  clean: boolean;
  reason?: string;
}

export interface AcceptedConnection {
  /** A verified frame. `payload` is valid only during the call. */
  onFrame(payload: Buffer): void;
  onEnd(end: ConnectionEnd): void;
}

export interface FrameServerOptions {
  transport: 'unix' | 'tcp';
  secret: string;
  log: (line: string) => void;
  accept: (handshake: Handshake) => AcceptedConnection;
  /** Largest frame accepted (default MAX_FRAME_BYTES). */
  maxFrameBytes?: number;
}

export class FrameServer {
  private readonly sockets = new Set<net.Socket>();
  private paused = false;
  private idleWaiters: (() => void)[] = [];

  private constructor(
    private readonly server: net.Server,
    readonly endpoint: string,
    private readonly directory: string | undefined,
  ) {}

  static async listen(options: FrameServerOptions): Promise<FrameServer> {
    let directory: string | undefined;
    const server = net.createServer((socket) => holder.adopt(socket, options));
    let endpoint: string;
    if (options.transport === 'unix') {
      directory = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-'));
      fs.chmodSync(directory, 0o700);
      const socketPath = path.join(directory, 'rec.sock');
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socketPath, () => resolve()));
      endpoint = formatEndpoint({ kind: 'unix', path: socketPath });
    } else {
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
      endpoint = formatEndpoint({ kind: 'tcp', host: '127.0.0.1', port: (server.address() as net.AddressInfo).port });
    }
    const holder = new FrameServer(server, endpoint, directory);
    return holder;
  }

  /** Connections open now. */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Stops reading every connection (backpressure: their senders then wait). */
  pause(): void {
    this.paused = true;
    for (const s of this.sockets) s.pause();
  }

  resume(): void {
    this.paused = false;
    for (const s of this.sockets) s.resume();
  }

  /** Resolves true once every connection has closed, false if some are still open after `timeoutMs` (those are then cut). */
  async whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.sockets.size === 0) return true;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
    const result = await Promise.race([idle, timeout]);
    clearTimeout(timer);
    if (!result) for (const s of this.sockets) s.destroy();
    return result;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.directory) fs.rmSync(this.directory, { recursive: true, force: true });
  }

  private adopt(socket: net.Socket, options: FrameServerOptions): void {
    this.sockets.add(socket);
    if (this.paused) socket.pause();
    const parser = new FrameParser(options.maxFrameBytes ?? MAX_FRAME_BYTES, MAX_HANDSHAKE_BYTES);
    let connection: AcceptedConnection | undefined;
    let who = 'a connection';
    let rejected: string | undefined;

    const reject = (reason: string) => {
      rejected = reason;
      options.log(`scope: rejected ${who}: ${reason}`);
      socket.destroy();
    };

    socket.on('data', (chunk: Buffer) => {
      if (rejected) return;
      for (const event of parser.push(chunk)) {
        if (!event.ok) return reject(event.reason);
        if (connection) {
          connection.onFrame(event.payload);
          continue;
        }
        const handshake = parseHandshake(event.payload, options.secret);
        if (typeof handshake === 'string') return reject(handshake);
        who = `thread '${handshake.name ?? handshake.threadId}' of pid ${handshake.pid}`;
        connection = options.accept(handshake);
      }
    });
    // A peer that dies (killed mid-frame, reset) is an ordinary end: what it sent before is kept.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (connection) {
        const partial = parser.buffered;
        const reason = rejected ?? (partial > 0 ? `ended inside a frame (${partial} bytes of an incomplete frame discarded)` : undefined);
        if (partial > 0 && !rejected) options.log(`scope: ${who} ${reason}`);
        connection.onEnd({ clean: reason === undefined, reason });
      } else if (!rejected && parser.buffered > 0) {
        options.log(`scope: ${who} closed before completing its handshake`);
      }
      if (this.sockets.size === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      }
    });
  }
}
