/**
 * CRC-32 (IEEE 802.3, the one zlib and PNG use). Node ≥ 20.15 has a native `zlib.crc32`; older
 * Node 20 releases fall back to a table-driven implementation with the same results.
 */
import * as zlib from 'node:zlib';

type Crc32 = (data: Uint8Array, initial?: number) => number;

let table: Uint32Array | undefined;

function crc32Table(data: Uint8Array, initial = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = (initial ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const native = (zlib as unknown as { crc32?: Crc32 }).crc32;

/** CRC-32 of `data`, continuing from `initial` (the CRC of the bytes before it). Unsigned. */
export const crc32: Crc32 = native ? (data, initial = 0) => native(data, initial) >>> 0 : crc32Table;

/** The portable implementation, exported so a test can hold the native one to it. */
export const crc32Portable: Crc32 = crc32Table;
