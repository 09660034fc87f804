import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SCHEMA_VERSION } from '../protocol/wire';
import { crc32, crc32Portable } from './crc32';
import { encodeHandshake, FrameParser, frameHeader, parseEndpoint, parseHandshake } from './frame';

const framed = (payload: Uint8Array) => Buffer.concat([frameHeader(payload), payload]);

describe('crc32', () => {
  it('matches the standard check value and the portable implementation', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32Portable(Buffer.from('123456789')), 0xcbf43926);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 50 }), (a, b) => {
      assert.equal(crc32Portable(a), crc32(a));
      assert.equal(crc32(b, crc32(a)), crc32(Buffer.concat([a, b])), 'continuing from a CRC equals the CRC of the whole');
    }));
  });
});

describe('FrameParser', () => {
  it('yields the same frames however the stream is cut into reads', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }), (payloads, cuts) => {
      const stream = Buffer.concat(payloads.map(framed));
      const parser = new FrameParser(1 << 20);
      const got: number[][] = [];
      for (let at = 0, k = 0; at < stream.length; k++) {
        const size = cuts[k % cuts.length];
        for (const e of parser.push(stream.subarray(at, at + size))) {
          assert.ok(e.ok);
          got.push([...e.payload]);
        }
        at += size;
      }
      assert.deepEqual(got, payloads.map((p) => [...p]));
      assert.equal(parser.buffered, 0);
    }));
  });

  it('reports a CRC mismatch and stops', () => {
    const good = framed(Buffer.from('abcd'));
    const bad = framed(Buffer.from('efgh'));
    bad[9] ^= 1;
    const events = new FrameParser(100).push(Buffer.concat([good, bad, good]));
    assert.equal(events.length, 2);
    assert.ok(events[0].ok);
    assert.deepEqual(events[1], { ok: false, reason: 'corrupt frame: CRC mismatch in a 4-byte frame' });
  });

  it('limits the first frame (the handshake) and the others separately', () => {
    const big = framed(Buffer.alloc(200));
    assert.deepEqual(new FrameParser(1000, 100).push(big), [{ ok: false, reason: 'oversize frame: 200 bytes (limit 100)' }]);
    const parser = new FrameParser(1000, 100);
    const events = parser.push(Buffer.concat([framed(Buffer.alloc(50)), big, framed(Buffer.alloc(2000))]));
    assert.deepEqual(events.map((e) => e.ok), [true, true, false]);
  });
});

describe('handshake', () => {
  const secret = 's3cret';
  const payload = (h: object) => encodeHandshake(h as never).subarray(8);
  it('accepts the right version and secret', () => {
    assert.deepEqual(parseHandshake(payload({ schemaVersion: SCHEMA_VERSION, pid: 5, threadId: 1, secret, name: 'w' }), secret), { schemaVersion: SCHEMA_VERSION, pid: 5, threadId: 1, secret, name: 'w' });
  });
  it('says why it refuses', () => {
    assert.match(parseHandshake(Buffer.from('GET / HTTP/1.1'), secret) as string, /not JSON/);
    assert.equal(parseHandshake(payload({ schemaVersion: SCHEMA_VERSION, pid: 5, threadId: 1, secret: 'guess' }), secret), 'wrong session secret');
    assert.match(parseHandshake(payload({ schemaVersion: 0, pid: 5, threadId: 1, secret }), secret) as string, /schema version 0 is not supported/);
    assert.match(parseHandshake(payload({ schemaVersion: SCHEMA_VERSION, secret }), secret) as string, /lacks pid/);
  });
});

describe('endpoints', () => {
  it('parses unix and tcp endpoints and refuses others', () => {
    assert.deepEqual(parseEndpoint('unix:/tmp/x/rec.sock'), { kind: 'unix', path: '/tmp/x/rec.sock' });
    assert.deepEqual(parseEndpoint('tcp:127.0.0.1:4711'), { kind: 'tcp', host: '127.0.0.1', port: 4711 });
    assert.throws(() => parseEndpoint('http://x'), /neither unix:<path> nor tcp:<host>:<port>/);
  });
});
