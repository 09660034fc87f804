/**
 * Socket framing between a recorded thread and the adapter: `u32 length | u32 crc32(payload) |
 * payload`, little-endian. The first frame of a connection is the handshake (UTF-8 JSON); every
 * later frame carries whole wire records (never a partial record, never a pad record), so the
 * receiver can hand each payload to `EventStore.ingest` as it is.
 */
import { SCHEMA_VERSION } from '../protocol/wire';
import { crc32 } from './crc32';

export const FRAME_HEADER_BYTES = 8;
/** Largest payload the adapter accepts. The drainer cuts frames at ≤ 1 MiB unless one record is bigger. */
export const MAX_FRAME_BYTES = 16 << 20;
export const MAX_HANDSHAKE_BYTES = 4096;
/** The drainer's target payload per frame. */
export const TARGET_FRAME_BYTES = 1 << 20;

export interface Handshake {
  schemaVersion: number;
  pid: number;
  threadId: number;
  secret: string;
  name?: string;
}

export function frameHeader(payload: Uint8Array): Buffer {
  const head = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  head.writeUInt32LE(payload.byteLength, 0);
  head.writeUInt32LE(crc32(payload), 4);
  return head;
}

/** A whole frame (header and payload) in one buffer. */
export function encodeFrame(payload: Uint8Array): Buffer {
  return Buffer.concat([frameHeader(payload), payload]);
}

export function encodeHandshake(h: Handshake): Buffer {
  return encodeFrame(Buffer.from(JSON.stringify(h), 'utf8'));
}

/** Checks a handshake payload; returns the handshake or the reason to reject the connection. */
export function parseHandshake(payload: Buffer, secret: string): Handshake | string {
  let h: Partial<Handshake>;
  try {
    h = JSON.parse(payload.toString('utf8')) as Partial<Handshake>;
  } catch {
    return 'the handshake is not JSON (is this a Scope runtime?)';
  }
  if (typeof h !== 'object' || h === null) return 'the handshake is not an object';
  if (h.schemaVersion !== SCHEMA_VERSION) {
    return `schema version ${String(h.schemaVersion)} is not supported (this adapter reads version ${SCHEMA_VERSION}); use the runtime that ships with this adapter`;
  }
  if (typeof h.secret !== 'string' || !sameSecret(h.secret, secret)) return 'wrong session secret';
  if (typeof h.pid !== 'number' || typeof h.threadId !== 'number') return 'the handshake lacks pid or threadId';
  return { schemaVersion: h.schemaVersion, pid: h.pid, threadId: h.threadId, secret: h.secret, name: typeof h.name === 'string' ? h.name : undefined };
}

/** Compares in time independent of where the strings differ. */
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export type FrameEvent = { ok: true; payload: Buffer } | { ok: false; reason: string };

/**
 * Splits a byte stream into frames. `push` returns the frames completed by `chunk`, then at most
 * one error, after which the stream is unusable (the caller drops the connection).
 * Payloads are VIEWS into the parser's buffer, valid until the next `push`: the caller copies
 * them (the recorder copies straight into its aligned ring, so no extra copy is made here).
 */
export class FrameParser {
  /** Received bytes not yet parsed, in arrival order; joined only once a whole frame is there. */
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes needed before another frame can complete (a header, or a header and its payload). */
  private needed = FRAME_HEADER_BYTES;
  private failed = false;
  private frames = 0;

  /** `firstMaxPayload` limits the first frame (the handshake), `maxPayload` every later one. */
  constructor(private readonly maxPayload: number, private readonly firstMaxPayload = maxPayload) {}

  /** Bytes of an incomplete frame held back. */
  get buffered(): number {
    return this.size;
  }

  push(chunk: Buffer): FrameEvent[] {
    if (this.failed) return [];
    this.chunks.push(chunk);
    this.size += chunk.length;
    // A 1 MiB frame arrives in 64 KiB reads: join them once, not at every read.
    if (this.size < this.needed) return [];
    const data = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    const out: FrameEvent[] = [];
    let at = 0;
    this.needed = FRAME_HEADER_BYTES;
    while (data.length - at >= FRAME_HEADER_BYTES) {
      const length = data.readUInt32LE(at);
      const expected = data.readUInt32LE(at + 4);
      const limit = this.frames === 0 ? this.firstMaxPayload : this.maxPayload;
      if (length > limit) {
        this.failed = true;
        out.push({ ok: false, reason: `oversize frame: ${length} bytes (limit ${limit})` });
        return out;
      }
      if (data.length - at - FRAME_HEADER_BYTES < length) {
        this.needed = FRAME_HEADER_BYTES + length;
        break;
      }
      const start = at + FRAME_HEADER_BYTES;
      const payload = data.subarray(start, start + length);
      if (crc32(payload) !== expected) {
        this.failed = true;
        out.push({ ok: false, reason: `corrupt frame: CRC mismatch in a ${length}-byte frame` });
        return out;
      }
      out.push({ ok: true, payload });
      this.frames++;
      at = start + length;
    }
    const rest = data.subarray(at);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.size = rest.length;
    return out;
  }
}

/** Endpoints are `unix:<path>` or `tcp:<host>:<port>`. */
export type Endpoint = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

export function parseEndpoint(text: string): Endpoint {
  if (text.startsWith('unix:')) return { kind: 'unix', path: text.slice(5) };
  const m = /^tcp:(.+):(\d+)$/.exec(text);
  if (m) return { kind: 'tcp', host: m[1], port: Number(m[2]) };
  throw new Error(`SCOPE_ENDPOINT '${text}' is neither unix:<path> nor tcp:<host>:<port>`);
}

export function formatEndpoint(e: Endpoint): string {
  return e.kind === 'unix' ? `unix:${e.path}` : `tcp:${e.host}:${e.port}`;
}
