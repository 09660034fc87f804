/**
 * The .scope file, written by the real recorder from a real socket, then damaged on purpose.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { Kind, SCHEMA_VERSION, Tag, header } from '../../src/protocol/wire';
import { compactRecording } from '../../src/store/compact';
import { startRecorder } from '../../src/store/recorder';
import { BROTLI, CHUNK_HEADER_BYTES, chunkHeader, ChunkType, DEFLATED, FILE_HEADER_BYTES, openRecording, paddedLength, RecordingFileError, scanBytes, bytesInMemory, trailer } from '../../src/store/recording-file';
import { crc32 } from '../../src/transport/crc32';
import { frameNumbers } from './child-helpers';
import { rawConnection } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-file-'));

/** Frame sizes in events: each frame becomes one Words chunk. */
const FRAMES = [30, 50, 20, 40, 60];

/** A real recording: one raw connection sending FRAMES, events numbered 0.. in their frame word. */
async function makeRecording(compress: boolean): Promise<Buffer> {
  const recorder = await startRecorder({ out: path.join(tmp, `base-${compress}.scope`), compress, log: (l) => assert.fail(l) });
  const producer = await rawConnection(recorder);
  let next = 0;
  for (const size of FRAMES) {
    const words = new Int32Array(size * 5);
    for (let i = 0; i < size; i++, next++) words.set([header(Kind.VarWrite, 5), 0, next, Tag.Int, next], i * 5);
    producer.send(words);
  }
  await producer.end();
  const result = await recorder.finish();
  return fs.readFileSync(result.path);
}

interface ChunkAt { start: number; end: number; type: number; compressed: boolean; events: number }

/** The file's chunks, found from the layout alone. */
function chunksOf(file: Buffer): ChunkAt[] {
  const out: ChunkAt[] = [];
  let words = 0;
  for (let at = FILE_HEADER_BYTES; at + CHUNK_HEADER_BYTES <= file.length;) {
    const stored = file.readUInt32LE(at + 4);
    const type = stored & ~BROTLI;
    const end = at + CHUNK_HEADER_BYTES + paddedLength(file.readUInt32LE(at));
    if (type === ChunkType.Words) words = FRAMES[out.filter((c) => c.type === ChunkType.Words).length];
    out.push({ start: at, end, type, compressed: (stored & BROTLI) !== 0, events: type === ChunkType.Words ? words : 0 });
    at = end;
    if (type === ChunkType.Footer) break;
  }
  return out;
}

const eventsBefore = (chunks: ChunkAt[], offset: number) => chunks.filter((c) => c.end <= offset).reduce((n, c) => n + c.events, 0);
const TOTAL = FRAMES.reduce((a, b) => a + b, 0);

for (const compress of [true, false]) describe(`.scope recording file (event chunks ${compress ? 'compressed' : 'as sent'})`, () => {
  let file: Buffer;
  let chunks: ChunkAt[];
  before(async () => {
    file = await makeRecording(compress);
    chunks = chunksOf(file);
  });

  it('reads back a finished recording whole and complete', () => {
    assert.deepEqual(chunks.map((c) => c.type), [ChunkType.Open, ...FRAMES.map(() => ChunkType.Words), ChunkType.Close, ChunkType.Footer]);
    assert.equal(chunks.some((c) => c.compressed), compress);
    const scanned = scanBytes('base.scope', bytesInMemory(file));
    assert.equal(scanned.complete, true);
    assert.deepEqual(scanned.problems, []);
    assert.deepEqual(frameNumbers(scanned.store), Array.from({ length: TOTAL }, (_, i) => i));
    assert.equal(scanned.footer?.events, TOTAL);
  });

  it('cut at every byte offset of the last chunks, recovers every complete chunk and says it is incomplete', () => {
    const words = chunks.filter((c) => c.type === ChunkType.Words);
    const from = words[words.length - 2].start;
    for (let cut = from; cut < file.length; cut++) {
      const scanned = scanBytes(`cut-${cut}.scope`, bytesInMemory(file.subarray(0, cut)));
      assert.equal(scanned.complete, false, `cut at ${cut}`);
      assert.equal(scanned.problems.length, 1, `cut at ${cut}: ${scanned.problems.join('; ')}`);
      const expected = eventsBefore(chunks, cut);
      assert.deepEqual(frameNumbers(scanned.store), Array.from({ length: expected }, (_, i) => i), `cut at ${cut}`);
    }
  });

  it('detects a flipped byte anywhere in a chunk and keeps the chunks before it', () => {
    const target = chunks.filter((c) => c.type === ChunkType.Words)[2];
    for (let at = target.start; at < target.end; at++) {
      const damaged = Buffer.from(file);
      damaged[at] ^= 0x10;
      const scanned = scanBytes('flipped.scope', bytesInMemory(damaged));
      assert.equal(scanned.complete, false, `flip at ${at}`);
      assert.match(scanned.problems[0] ?? '', new RegExp(`chunk at byte ${target.start}\\b`), `flip at ${at}`);
      assert.equal(scanned.store.count, eventsBefore(chunks, target.start), `flip at ${at}`);
    }
  });

  if (!compress) it('skips a malformed record inside an intact chunk and reads the chunks after it', () => {
    const target = chunks.filter((c) => c.type === ChunkType.Words)[1];
    const damaged = Buffer.from(file);
    // Make the chunk's first record claim 1000 words, then fix the chunk's CRC: intact chunk, bad content.
    const first = target.start + CHUNK_HEADER_BYTES;
    damaged.writeInt32LE(header(Kind.VarWrite, 1000), first);
    const padded = damaged.subarray(first, target.end);
    damaged.writeUInt32LE(crc32(padded, crc32(damaged.subarray(target.start, target.start + 12))), target.start + 12);
    const scanned = scanBytes('malformed.scope', bytesInMemory(damaged));
    assert.equal(scanned.problems.length, 1);
    assert.match(scanned.problems[0], new RegExp(`chunk at byte ${target.start} holds a malformed record`));
    assert.equal(scanned.store.count, TOTAL - target.events, 'only that chunk is lost');
  });

  if (compress) it('stops at an intact chunk whose payload cannot be decompressed, keeping the chunks before it', () => {
    const target = chunks.filter((c) => c.type === ChunkType.Words && c.compressed)[1];
    assert.ok(target, 'the recording has compressed event chunks');
    const damaged = Buffer.from(file);
    // Garbage in place of the brotli stream, with a checksum that matches it: the chunk is intact.
    const first = target.start + CHUNK_HEADER_BYTES;
    damaged.fill(0xa5, first, first + damaged.readUInt32LE(target.start));
    damaged.writeUInt32LE(crc32(damaged.subarray(first, target.end), crc32(damaged.subarray(target.start, target.start + 12))), target.start + 12);
    // And cut the file short: that damage lies past the stop, so it is not reported.
    const scanned = scanBytes('undecompressible.scope', bytesInMemory(damaged.subarray(0, damaged.length - 8)));
    assert.equal(scanned.complete, false);
    assert.equal(scanned.problems.length, 1, scanned.problems.join('; '));
    assert.match(scanned.problems[0], new RegExp(`chunk at byte ${target.start} cannot be read`));
    assert.deepEqual(frameNumbers(scanned.store), Array.from({ length: eventsBefore(chunks, target.start) }, (_, i) => i));
  });

  if (!compress) it('reads a format 1 recording, whose compressed chunks are deflated', () => {
    // Rebuild the file as a format 1 writer made it: Words chunks deflated, version 1 in the header.
    const parts: Buffer[] = [Buffer.from(file.subarray(0, FILE_HEADER_BYTES))];
    parts[0].writeUInt32LE(1, 8);
    let offset = FILE_HEADER_BYTES;
    let footerAt = 0;
    for (const c of chunks) {
      const bytes = file.readUInt32LE(c.start);
      let payload = file.subarray(c.start + CHUNK_HEADER_BYTES, c.end);
      let type = c.type;
      let storedBytes = bytes;
      if (c.type === ChunkType.Words) {
        const deflated = deflateRawSync(payload.subarray(0, bytes));
        storedBytes = deflated.length;
        payload = Buffer.concat([deflated, Buffer.alloc(paddedLength(storedBytes) - storedBytes)]);
        type |= DEFLATED;
      }
      if (c.type === ChunkType.Footer) footerAt = offset;
      parts.push(chunkHeader(type, file.readUInt32LE(c.start + 8), storedBytes, payload), payload);
      offset += CHUNK_HEADER_BYTES + payload.length;
    }
    parts.push(trailer(footerAt));
    const scanned = scanBytes('format1.scope', bytesInMemory(Buffer.concat(parts)));
    assert.deepEqual(scanned.problems, []);
    assert.equal(scanned.complete, true);
    assert.deepEqual(frameNumbers(scanned.store), Array.from({ length: TOTAL }, (_, i) => i));
  });

  if (compress) it('refuses a file that is not a recording, naming the file and what to do', async () => {
    const text = path.join(tmp, 'notes.txt');
    fs.writeFileSync(text, 'hello, this is not a recording\n');
    await assert.rejects(openRecording(text), (e: Error) => e instanceof RecordingFileError && e.message.includes(text) && /is not a Scope recording/.test(e.message) && /record one/.test(e.message));
    const empty = path.join(tmp, 'empty.scope');
    fs.writeFileSync(empty, '');
    await assert.rejects(openRecording(empty), /empty\.scope is not a Scope recording/);
    await assert.rejects(openRecording(path.join(tmp, 'missing.scope')), (e: Error) => e instanceof RecordingFileError && /missing\.scope: no such file/.test(e.message));
  });

  if (compress) it('refuses a recording of an unknown version, saying which versions', async () => {
    const future = Buffer.from(file);
    future.writeUInt32LE(SCHEMA_VERSION + 1, 12);
    const p = path.join(tmp, 'future.scope');
    fs.writeFileSync(p, future);
    await assert.rejects(openRecording(p), (e: Error) => e instanceof RecordingFileError && e.message.includes(p) && /unknown version/.test(e.message) && new RegExp(`schema ${SCHEMA_VERSION + 1}`).test(e.message));
  });
});

describe('.scope recording larger than one Buffer (2 GiB)', function () {
  // Writes and reads ~2.2 GB several times: a minute on a slow disk.
  this.timeout(10 * 60_000);
  const big = path.join(tmp, 'big.scope');
  /** Filler chunks of a type this reader does not know (skipped by their length): 34 × 64 MiB. */
  const FILLER_TYPE = 99;
  const FILLER_BYTES = 64 << 20;
  const FILLERS = 34;
  after(() => fs.rmSync(big, { force: true }));

  /** A recording of 60 events, 30 before and 30 after 2.2 GB of filler chunks, written chunk by chunk. */
  function writeBigRecording(): number {
    const fd = fs.openSync(big, 'w');
    let offset = 0;
    let footerAt = 0;
    const write = (b: Uint8Array) => { fs.writeSync(fd, b); offset += b.length; };
    const chunk = (type: number, payload: Buffer) => {
      const padded = Buffer.concat([payload, Buffer.alloc(paddedLength(payload.length) - payload.length)]);
      if (type === ChunkType.Footer) footerAt = offset;
      write(chunkHeader(type, 0, payload.length, padded));
      write(padded);
    };
    const events = (from: number) => {
      const words = new Int32Array(30 * 5);
      for (let i = 0; i < 30; i++) words.set([header(Kind.VarWrite, 5), 0, from + i, Tag.Int, from + i], i * 5);
      return Buffer.from(words.buffer);
    };
    try {
      const head = Buffer.alloc(FILE_HEADER_BYTES);
      head.write('SCOPEREC', 0, 'latin1');
      head.writeUInt32LE(2, 8);
      head.writeUInt32LE(SCHEMA_VERSION, 12);
      write(head);
      chunk(ChunkType.Open, Buffer.from(JSON.stringify({ pid: 1, threadId: 0, at: 0 })));
      chunk(ChunkType.Words, events(0));
      const filler = Buffer.alloc(FILLER_BYTES, 0x5a);
      const fillerHeader = chunkHeader(FILLER_TYPE, 0, FILLER_BYTES, filler);
      for (let i = 0; i < FILLERS; i++) {
        write(fillerHeader);
        write(filler);
      }
      chunk(ChunkType.Words, events(30));
      chunk(ChunkType.Close, Buffer.from(JSON.stringify({ at: 1, clean: true })));
      chunk(ChunkType.Footer, Buffer.from(JSON.stringify({ events: 60, dropped: 0, connections: 1, chunks: FILLERS + 5, startedAt: 0, finishedAt: 1 })));
      write(trailer(footerAt));
    } finally {
      fs.closeSync(fd);
    }
    return offset;
  }

  it('opens whole and complete, and compacts in place keeping every event', async () => {
    const size = writeBigRecording();
    assert.ok(size > 2 ** 31, `the file is ${size} bytes`);
    const opened = await openRecording(big);
    assert.deepEqual(opened.problems, []);
    assert.equal(opened.complete, true);
    assert.deepEqual(frameNumbers(opened.store), Array.from({ length: 60 }, (_, i) => i));

    const compaction = await compactRecording(big);
    assert.ok(compaction?.outcome === 'compacted', 'its raw event chunks were compressed');
    assert.equal(compaction.bytesBefore, size);
    assert.equal(fs.statSync(big).size, compaction.bytesAfter);
    const reopened = await openRecording(big);
    assert.deepEqual(reopened.problems, []);
    assert.equal(reopened.complete, true);
    assert.deepEqual(frameNumbers(reopened.store), Array.from({ length: 60 }, (_, i) => i));
  });
});
