/**
 * A deterministic wire stream with values, shared by bench/store-memory.bench.ts and
 * test/pipeline/memory-budget.test.ts: every value-carrying kind, values of every common tag,
 * 500 distinct strings, object snapshots of up to 8 entries (one per 10 events).
 */
import { Kind, WireEncoder, type WireValue } from '../src/protocol/wire';

export const BATCH_EVENTS = 1 << 16;

/** CallEnter: site, frame, parent frame, `this`, then argc (a plain word) and the arguments. */
export function callEnter(enc: WireEncoder, self: WireValue, args: WireValue[]): void {
  // Encoded before the record starts: interning a string emits its String record.
  const argWords = args.flatMap((a) => enc.encodeValue(a));
  enc.record(Kind.CallEnter, [1, 1, 0], [self], [args.length, ...argWords]);
}

/** BATCH_EVENTS events (plus the String records they need), the same for the same `seed`. */
export function valueBatch(enc: WireEncoder, seed: number): Int32Array {
  let x = seed * 2654435761 + 1;
  const rand = (n: number) => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 8) % n; };
  const value = (): WireValue => {
    switch (rand(8)) {
      case 0: return { t: 'number', v: rand(1000) - 500 };
      case 1: return { t: 'number', v: rand(1 << 20) / 7 };
      case 2: return { t: 'string', v: `s${rand(500)}` };
      case 3: return { t: 'object', id: 1 + rand(5000) };
      case 4: return { t: 'boolean', v: rand(2) === 1 };
      case 5: return { t: 'bigint', v: String(rand(1000)) };
      case 6: return { t: 'undefined' };
      default: return { t: 'null' };
    }
  };
  for (let k = 0; k < BATCH_EVENTS; k++) {
    switch (rand(10)) {
      case 0: callEnter(enc, value(), Array.from({ length: rand(4) }, value)); break;
      case 1: enc.record(Kind.Return, [1, k], [value()]); break;
      case 2: enc.record(Kind.VarWrite, [1, k], [value()]); break;
      case 3: enc.record(Kind.PropWrite, [1, 1 + rand(5000)], [value(), value()]); break;
      case 4: enc.record(Kind.AwaitResume, [1, k], [value()], [rand(2)]); break;
      case 5: enc.record(Kind.Console, [rand(2) + 1, enc.string(`line ${rand(300)}\n`)]); break;
      case 6: enc.record(Kind.Marker, [enc.string(`mark ${rand(50)}`)]); break;
      case 7: enc.record(Kind.PropDelete, [1, 1 + rand(5000)], [value()]); break;
      case 8: {
        // Snapshot: object, type, class name, size, flags, entry count, then key/value pairs.
        const entries = Array.from({ length: rand(9) }, (_, e) => [{ t: 'string', v: `p${e}` } as WireValue, value()]).flat();
        enc.record(Kind.Snapshot, [1 + rand(5000), 0, enc.string(`C${rand(20)}`), entries.length / 2, 0, entries.length / 2], entries);
        break;
      }
      default: enc.record(Kind.Statement, [rand(100)]);
    }
  }
  return enc.take();
}
