/**
 * The `.scope` recording file.
 *
 *   header   16 bytes   "SCOPEREC" | u32 file format version | u32 wire schema version
 *   chunk*              u32 payloadBytes | u32 type | u32 connection | u32 crc32 | payload, zero-padded to 4
 *   trailer  16 bytes   u32 footer offset (low) | u32 (high) | "SCOPEEND"
 *
 * Chunks are appended as the recording grows; the last one is the Footer, then the trailer.
 * The CRC covers the first 12 header bytes and the padded payload, so a flipped bit anywhere in a
 * chunk (length and type included) is caught. Chunk types:
 *   Open   JSON {pid, threadId, name, at}: a connection (one recorded thread) starts
 *   Words  that connection's wire words: whole records, exactly one socket frame
 *   Close  JSON {at, clean, reason?}: the connection ended
 *   Footer JSON {events, dropped, connections, chunks, startedAt, finishedAt}: written by finish()
 * A type with the BROTLI bit (0x200) holds its payload brotli-compressed; format 1 files may have
 * the DEFLATED bit (0x100, raw deflate) instead. The CRC covers the stored bytes. Words chunks
 * are compressed by the writers in chunk-file.ts (brotli quality 0: as small as deflate level 1
 * on recordings, at 2.5× its speed).
 *
 * Reading is a forward scan; it stops at the first chunk that is cut off or fails its checksum
 * and keeps everything before it. Only a footer followed by a valid trailer at the very end makes
 * the file `complete`. A file is read chunk by chunk, never whole: a recording of a compiler's run
 * grows past what one Buffer holds (2 GiB).
 */
import * as fs from 'node:fs';
import { brotliDecompressSync, inflateRawSync } from 'node:zlib';
import { SCHEMA_VERSION } from '../protocol/wire';
import { crc32 } from '../transport/crc32';
import { EventStore } from './event-store';
import { StoreFullError } from './spill';

export const FILE_MAGIC = 'SCOPEREC';
export const TRAILER_MAGIC = 'SCOPEEND';
/** Format 2 added the BROTLI flag; this reader reads formats 1 and 2. */
export const FILE_FORMAT_VERSION = 2;
const OLDEST_FORMAT_VERSION = 1;
export const FILE_HEADER_BYTES = 16;
export const CHUNK_HEADER_BYTES = 16;
export const TRAILER_BYTES = 16;

export const ChunkType = { Open: 1, Words: 2, Close: 3, Footer: 4 } as const;
export type ChunkType = (typeof ChunkType)[keyof typeof ChunkType];
/** Flags on a chunk type: the payload is stored deflated (format 1 writers), brotli-compressed (format 2). */
export const DEFLATED = 0x100;
export const BROTLI = 0x200;

export interface OpenInfo { pid: number; threadId: number; name?: string; at: number }
export interface CloseInfo { at: number; clean: boolean; reason?: string }
export interface FooterInfo { events: number; dropped: number; connections: number; chunks: number; startedAt: number; finishedAt: number }

export class RecordingFileError extends Error {}

export function fileHeader(): Buffer {
  const b = Buffer.alloc(FILE_HEADER_BYTES);
  b.write(FILE_MAGIC, 0, 'latin1');
  b.writeUInt32LE(FILE_FORMAT_VERSION, 8);
  b.writeUInt32LE(SCHEMA_VERSION, 12);
  return b;
}

export function paddedLength(bytes: number): number {
  return (bytes + 3) & ~3;
}

/** The 16-byte header of a chunk whose (zero-padded) payload is `padded`, `payloadBytes` of it real. */
export function chunkHeader(type: number, connection: number, payloadBytes: number, padded: Uint8Array): Buffer {
  const h = Buffer.alloc(CHUNK_HEADER_BYTES);
  h.writeUInt32LE(payloadBytes, 0);
  h.writeUInt32LE(type, 4);
  h.writeUInt32LE(connection, 8);
  h.writeUInt32LE(crc32(padded, crc32(h.subarray(0, 12))), 12);
  return h;
}

export function trailer(footerOffset: number): Buffer {
  const b = Buffer.alloc(TRAILER_BYTES);
  b.writeUInt32LE(footerOffset % 2 ** 32, 0);
  b.writeUInt32LE(Math.floor(footerOffset / 2 ** 32), 4);
  b.write(TRAILER_MAGIC, 8, 'latin1');
  return b;
}

export interface ScannedRecording {
  store: EventStore;
  complete: boolean;
  problems: string[];
  footer?: FooterInfo;
  /** Per store connection: its Open and Close chunks. */
  connections: { open: OpenInfo; close?: CloseInfo }[];
  fileBytes: number;
  chunks: number;
}

export async function openRecording(path: string, options: ScanOptions = {}): Promise<{ store: EventStore; complete: boolean; problems: string[] }> {
  const { store, complete, problems } = await scanRecording(path, options);
  return { store, complete, problems };
}

/**
 * Reads a recording with everything `scope info` needs besides the store. It lets the event loop
 * run while it reads (see scanFile), reports progress and stops when told to (`options`).
 */
export async function scanRecording(path: string, options: ScanOptions = {}): Promise<ScannedRecording> {
  return withRecordingBytesAsync(path, (bytes) => scanFile(path, bytes, options));
}

/**
 * A recording's bytes, read where they are needed: `read` returns a Buffer of its own, 4-byte
 * aligned (payloads are read as Int32Array views), that the caller may keep.
 */
export interface RecordingBytes {
  readonly length: number;
  read(at: number, bytes: number): Buffer;
}

/** Bytes already in memory (a test's, or a recording sent whole). */
export function bytesInMemory(file: Buffer): RecordingBytes {
  return {
    length: file.length,
    read: (at, bytes) => {
      const part = file.subarray(at, at + bytes);
      const out = Buffer.allocUnsafeSlow(part.length); // its own ArrayBuffer: aligned, as readAt's
      part.copy(out);
      return out;
    },
  };
}

/**
 * Opens `path` for reading and runs `use` over its bytes, read from the file as needed; a file
 * that cannot be opened is a RecordingFileError that says why.
 */
export function withRecordingBytes<T>(path: string, use: (bytes: RecordingBytes) => T): T {
  const file = openRecordingBytes(path);
  try {
    return use(file.bytes);
  } finally {
    file.close();
  }
}

/** withRecordingBytes for work that yields to the event loop: the file stays open until `use` settles. */
export async function withRecordingBytesAsync<T>(path: string, use: (bytes: RecordingBytes) => Promise<T>): Promise<T> {
  const file = openRecordingBytes(path);
  try {
    return await use(file.bytes);
  } finally {
    file.close();
  }
}

function openRecordingBytes(path: string): { bytes: RecordingBytes; close(): void } {
  let fd: number;
  let length: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (error) {
    throw new RecordingFileError(cannotRead(path, error));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('a directory'), { code: 'EISDIR' });
    length = stat.size;
  } catch (error) {
    fs.closeSync(fd);
    throw new RecordingFileError(cannotRead(path, error));
  }
  return { bytes: { length, read: (at, bytes) => readAt(fd, at, bytes) }, close: () => fs.closeSync(fd) };
}

function cannotRead(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? `${path}: no such file` : code === 'EISDIR' ? `${path} is a directory, not a recording` : `${path}: cannot read (${code ?? String(error)})`;
}

/** `bytes` bytes of the file from `at` (fewer at the end of the file), in a Buffer of their own. */
function readAt(fd: number, at: number, bytes: number): Buffer {
  // allocUnsafeSlow: an ArrayBuffer of its own, so offset 0 and aligned (pooled Buffers are not).
  const out = Buffer.allocUnsafeSlow(bytes);
  let filled = 0;
  while (filled < bytes) {
    const n = fs.readSync(fd, out, filled, bytes - filled, at + filled);
    if (n === 0) break;
    filled += n;
  }
  return filled === bytes ? out : out.subarray(0, filled);
}

/** One chunk as stored: its payload is still compressed if `storedType` says so. */
export interface StoredChunk {
  /** Byte offset of the chunk header in the file. */
  at: number;
  /** The chunk type without the compression flags. */
  type: number;
  storedType: number;
  connection: number;
  /** The stored payload bytes (without the padding to whole words). */
  stored: Buffer;
  /** The stored payload with its zero padding to whole words, as the chunk's checksum covers it. */
  padded: Buffer;
}

/** A stored payload as written by the recorder: inflated when it was compressed. */
export function chunkContent(chunk: StoredChunk): Buffer {
  return chunk.storedType & BROTLI ? aligned(brotliDecompressSync(chunk.stored)) : chunk.storedType & DEFLATED ? aligned(inflateRawSync(chunk.stored)) : chunk.stored;
}

/**
 * Walks the chunks of a recording's bytes in order, checking each one's checksum, and calls
 * `visit` for each intact one, the footer included. Stops at the first damage or cut (said in
 * `problems`), or when `visit` throws (said too: "cannot be read"). `complete`: the footer is
 * followed by a valid trailer at the end of the file.
 */
export function walkChunks(path: string, file: RecordingBytes, problems: string[], visit: (chunk: StoredChunk) => void): { complete: boolean; chunks: number } {
  const chunks = storedChunks(path, file, problems);
  for (let next = chunks.next(); ; next = chunks.next()) {
    if (next.done) return next.value;
    if (!visitChunk(next.value, problems, visit)) return { complete: false, chunks: chunks.counted() };
  }
}

/** Calls `visit` on a chunk; false (and said in `problems`) when it throws: the walk stops there. */
export function visitChunk(chunk: StoredChunk, problems: string[], visit: (chunk: StoredChunk) => void): boolean {
  try {
    visit(chunk);
    return true;
  } catch (error) {
    problems.push(`the chunk at byte ${chunk.at} cannot be read (${(error as Error).message}); everything before it was read`);
    return false;
  }
}

/** The intact chunks of a recording in order (see walkChunks); `counted()`: how many so far. */
export interface ChunkWalk extends Iterator<StoredChunk, { complete: boolean; chunks: number }> {
  counted(): number;
}

/** walkChunks as an iterator, for a reader that stops between chunks (to yield, or when told to). */
export function storedChunks(path: string, file: RecordingBytes, problems: string[]): ChunkWalk {
  const head = file.read(0, FILE_HEADER_BYTES);
  if (head.length < FILE_HEADER_BYTES || head.toString('latin1', 0, 8) !== FILE_MAGIC) {
    throw new RecordingFileError(`${path} is not a Scope recording (it does not start with the ${FILE_MAGIC} signature); record one with the Scope debugger or 'scope record'`);
  }
  const format = head.readUInt32LE(8);
  const schema = head.readUInt32LE(12);
  if (format < OLDEST_FORMAT_VERSION || format > FILE_FORMAT_VERSION || schema !== SCHEMA_VERSION) {
    throw new RecordingFileError(`${path} is a Scope recording of an unknown version (file format ${format}, schema ${schema}; this Scope reads formats ${OLDEST_FORMAT_VERSION}–${FILE_FORMAT_VERSION}, schema ${SCHEMA_VERSION}); open it with the Scope version that recorded it`);
  }
  let complete = false;
  let chunks = 0;
  let at = FILE_HEADER_BYTES;
  let ended = false;
  const end = () => {
    ended = true;
    return { done: true as const, value: { complete, chunks } };
  };
  return {
    counted: () => chunks,
    next() {
      if (ended || at >= file.length) return end();
      if (file.length - at < CHUNK_HEADER_BYTES) {
        problems.push(`the file ends inside a chunk header at byte ${at} (the recording was cut off); everything before it was read`);
        return end();
      }
      const chunkHead = file.read(at, CHUNK_HEADER_BYTES);
      const bytes = chunkHead.readUInt32LE(0);
      const storedType = chunkHead.readUInt32LE(4);
      const type = storedType & ~(DEFLATED | BROTLI);
      const connection = chunkHead.readUInt32LE(8);
      const expected = chunkHead.readUInt32LE(12);
      const padded = paddedLength(bytes);
      const start = at + CHUNK_HEADER_BYTES;
      if (padded > file.length - start) {
        problems.push(`the file ends inside the chunk at byte ${at} (the recording was cut off); everything before it was read`);
        return end();
      }
      const payload = file.read(start, padded);
      if (crc32(payload, crc32(chunkHead.subarray(0, 12))) !== expected) {
        problems.push(`the chunk at byte ${at} fails its checksum (the file is damaged); the ${at} bytes before it were read, nothing after`);
        return end();
      }
      chunks++;
      const chunk: StoredChunk = { at, type, storedType, connection, stored: payload.subarray(0, bytes), padded: payload };
      at = start + padded;
      if (type === ChunkType.Footer) {
        // The footer is the last chunk: what follows it decides `complete` before it is visited.
        ended = true;
        complete = file.length - at === TRAILER_BYTES && file.read(at, TRAILER_BYTES).toString('latin1', 8, 16) === TRAILER_MAGIC;
        if (!complete) problems.push(`the footer at byte ${chunk.at} is not followed by a valid trailer at the end of the file`);
      }
      return { done: false, value: chunk };
    },
  };
}

/** Reads a recording's chunks into a fresh EventStore. */
export function scanBytes(path: string, file: RecordingBytes): ScannedRecording {
  const scan = new RecordingScan(path, file);
  return scan.result(walkChunks(path, file, scan.problems, scan.visit));
}

/** A scan stopped by its AbortSignal (the store read so far is closed). */
export class ScanCancelled extends Error {
  constructor(path: string) {
    super(`reading ${path} was cancelled`);
  }
}

export interface ScanOptions {
  /** Called after each chunk read: the bytes of the file read so far, and its size. */
  onProgress?: (done: number, total: number) => void;
  /** Looked at between chunks: once aborted, the scan stops and rejects with ScanCancelled. */
  signal?: AbortSignal;
}

/** How long a scan works before it lets the event loop run (progress events, a cancel request). */
const SCAN_SLICE_MS = 50;

/**
 * scanBytes over a file, chunk by chunk, letting the event loop run every SCAN_SLICE_MS: a
 * recording of a compiler's run takes a minute to read, and whoever opens it (the debug adapter)
 * must be able to report progress and hear a cancellation meanwhile.
 */
async function scanFile(path: string, file: RecordingBytes, options: ScanOptions): Promise<ScannedRecording> {
  const scan = new RecordingScan(path, file);
  const chunks = storedChunks(path, file, scan.problems);
  let sliceStart = performance.now();
  try {
    for (let next = chunks.next(); ; next = chunks.next()) {
      if (next.done) return scan.result(next.value);
      if (!visitChunk(next.value, scan.problems, scan.visit)) return scan.result({ complete: false, chunks: chunks.counted() });
      options.onProgress?.(next.value.at + CHUNK_HEADER_BYTES + next.value.padded.length, file.length);
      if (performance.now() - sliceStart >= SCAN_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
      if (options.signal?.aborted) throw new ScanCancelled(path);
    }
  } catch (error) {
    scan.store.close();
    throw error;
  }
}

/** The state of reading one recording into a store, one chunk at a time. */
class RecordingScan {
  // Past its memory budget the store spills beside the recording (the OS temp dir if read-only).
  readonly store: EventStore;
  readonly problems: string[] = [];
  private readonly connections: ScannedRecording['connections'] = [];
  private readonly byFileConnection = new Map<number, number>();
  private footer: FooterInfo | undefined;

  constructor(path: string, private readonly file: RecordingBytes) {
    this.store = new EventStore({ spillPath: `${path}.spill` });
  }

  readonly visit = (chunk: StoredChunk): void => {
    const { store, connections, byFileConnection } = this;
    const content = chunkContent(chunk);
    const json = () => JSON.parse(content.toString('utf8')) as unknown;
    switch (chunk.type) {
      case ChunkType.Open: {
        const info = json() as OpenInfo;
        byFileConnection.set(chunk.connection, store.openConnection(info));
        connections.push({ open: info });
        break;
      }
      case ChunkType.Words: {
        const id = byFileConnection.get(chunk.connection);
        if (id === undefined) throw new Error(`words for connection ${chunk.connection}, which was never opened`);
        try {
          store.ingest(id, new Int32Array(content.buffer, content.byteOffset, content.length >>> 2));
        } catch (error) {
          // Full: no later chunk fits either; the walk stops here, saying why (visitChunk).
          if (error instanceof StoreFullError) throw error;
          // The chunk arrived intact but holds a malformed record (a runtime bug): the records
          // before it are kept, and the other chunks are still worth reading.
          this.problems.push(`the chunk at byte ${chunk.at} holds a malformed record (${(error as Error).message}); the rest of that chunk was skipped`);
        }
        break;
      }
      case ChunkType.Close: {
        const id = byFileConnection.get(chunk.connection);
        if (id !== undefined) connections[id].close = json() as CloseInfo;
        break;
      }
      case ChunkType.Footer:
        this.footer = json() as FooterInfo;
        break;
      default:
        break; // a chunk type from a newer format: skipped by its length
    }
  };

  result({ complete, chunks }: { complete: boolean; chunks: number }): ScannedRecording {
    const { store, problems, footer } = this;
    if (!footer && problems.length === 0) problems.push('the recording has no footer (the adapter did not finish it); every chunk was read');
    return { store, complete, problems, footer, connections: this.connections, fileBytes: this.file.length, chunks };
  }
}

/**
 * Int32Array views need a 4-byte aligned offset; a Buffer may sit anywhere in Node's shared pool
 * (zlib output, small files), so an unaligned one is copied into its own ArrayBuffer.
 */
function aligned(b: Buffer): Buffer {
  if (b.byteOffset % 4 === 0) return b;
  const copy = new Uint8Array(b.length);
  copy.set(b);
  return Buffer.from(copy.buffer, 0, b.length);
}
