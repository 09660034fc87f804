/**
 * Decodes wire words into records. This is the reference decoder: simple and allocation-heavy,
 * used by tests, `scope dump` and as the oracle for the store's fast path.
 */
import { Kind, headerKind, headerLength, readStringPartRecord, readStringRecord, readValue, StringAssembler, type WireValue } from './wire';

export type DecodedRecord =
  | { kind: typeof Kind.CallEnter; site: number; frame: number; parentFrame: number; self: WireValue; args: WireValue[] }
  | { kind: typeof Kind.Return | typeof Kind.Unwind | typeof Kind.Throw | typeof Kind.Catch | typeof Kind.AwaitSuspend | typeof Kind.Yield | typeof Kind.YieldResume; site: number; frame: number; value: WireValue }
  | { kind: typeof Kind.AwaitResume; site: number; frame: number; value: WireValue; threw: boolean }
  | { kind: typeof Kind.Statement; site: number }
  | { kind: typeof Kind.VarWrite; site: number; frame: number; value: WireValue }
  | { kind: typeof Kind.PropWrite; site: number; object: number; key: WireValue; value: WireValue }
  | { kind: typeof Kind.PropDelete; site: number; object: number; key: WireValue }
  | { kind: typeof Kind.MutatingCall; site: number; object: number }
  | { kind: typeof Kind.BlockEnter; site: number; frame: number; parentFrame: number }
  | { kind: typeof Kind.AsyncContext; context: number; trigger: number; frame: number }
  | { kind: typeof Kind.ThreadStart; threadId: number; pid: number; name: string }
  | { kind: typeof Kind.ThreadExit | typeof Kind.ProcessExit; exitCode: number }
  | { kind: typeof Kind.ProcessStart; pid: number; ppid: number; argv: string }
  | { kind: typeof Kind.Console; stream: number; text: string }
  | { kind: typeof Kind.Marker; label: string }
  | { kind: typeof Kind.Uncaught; value: WireValue }
  | { kind: typeof Kind.String; id: number; text: string }
  | { kind: typeof Kind.StringPart; id: number; total: number; offset: number; length: number }
  | { kind: typeof Kind.SiteTable; baseSiteId: number; count: number; file: string; json: string }
  | { kind: typeof Kind.Snapshot; object: number; type: number; className: string; size: number; flags: number; entries: [WireValue, WireValue][] }
  | { kind: typeof Kind.Dropped; count: number }
  | { kind: 0; unknownKind: number; words: number };

export class MalformedRecordError extends Error {
  constructor(readonly at: number, message: string) {
    super(`malformed record at word ${at}: ${message}`);
  }
}

/** The StringPart assembly of each string table that `decodeRecords` filled. */
const assemblers = new WeakMap<Map<number, string>, StringAssembler>();

/**
 * Decodes every record in `words`. `strings` is the connection's string table; String records
 * (and strings whose last StringPart arrives) met on the way are added to it, so decoding a
 * stream in pieces works.
 */
export function decodeRecords(words: Int32Array, strings: Map<number, string> = new Map()): DecodedRecord[] {
  const out: DecodedRecord[] = [];
  const str = (id: number) => strings.get(id) ?? `<string ${id}?>`;
  let at = 0;
  while (at < words.length) {
    const kind = headerKind(words[at]);
    const len = headerLength(words[at]);
    if (len < 1 || at + len > words.length) throw new MalformedRecordError(at, `length ${len} runs past the end (${words.length} words)`);
    const end = at + len;
    const w = (i: number) => words[at + i];
    const v = (i: number): [WireValue, number] => readValue(words, at + i, str);
    switch (kind) {
      case Kind.CallEnter: {
        const [self, next] = v(4);
        const argc = words[next];
        const args: WireValue[] = [];
        let p = next + 1;
        for (let i = 0; i < argc; i++) {
          const [a, n] = readValue(words, p, str);
          args.push(a);
          p = n;
        }
        out.push({ kind, site: w(1), frame: w(2), parentFrame: w(3), self, args });
        break;
      }
      case Kind.Return: case Kind.Unwind: case Kind.Throw: case Kind.Catch:
      case Kind.AwaitSuspend: case Kind.Yield: case Kind.YieldResume:
        out.push({ kind, site: w(1), frame: w(2), value: v(3)[0] });
        break;
      case Kind.AwaitResume: {
        const [value, next] = v(3);
        out.push({ kind, site: w(1), frame: w(2), value, threw: words[next] !== 0 });
        break;
      }
      case Kind.Statement: out.push({ kind, site: w(1) }); break;
      case Kind.VarWrite: out.push({ kind, site: w(1), frame: w(2), value: v(3)[0] }); break;
      case Kind.PropWrite: {
        const [key, next] = v(3);
        out.push({ kind, site: w(1), object: w(2) >>> 0, key, value: readValue(words, next, str)[0] });
        break;
      }
      case Kind.PropDelete: out.push({ kind, site: w(1), object: w(2) >>> 0, key: v(3)[0] }); break;
      case Kind.MutatingCall: out.push({ kind, site: w(1), object: w(2) >>> 0 }); break;
      case Kind.BlockEnter: out.push({ kind, site: w(1), frame: w(2), parentFrame: w(3) }); break;
      case Kind.AsyncContext: out.push({ kind, context: w(1), trigger: w(2), frame: w(3) }); break;
      case Kind.ThreadStart: out.push({ kind, threadId: w(1), pid: w(2), name: str(w(3)) }); break;
      case Kind.ThreadExit: case Kind.ProcessExit: out.push({ kind, exitCode: w(1) }); break;
      case Kind.ProcessStart: out.push({ kind, pid: w(1), ppid: w(2), argv: str(w(3)) }); break;
      case Kind.Console: out.push({ kind, stream: w(1), text: str(w(2)) }); break;
      case Kind.Marker: out.push({ kind, label: str(w(1)) }); break;
      case Kind.Uncaught: out.push({ kind, value: v(1)[0] }); break;
      case Kind.String: {
        const { id, text } = readStringRecord(words, at);
        strings.set(id, text);
        out.push({ kind, id, text });
        break;
      }
      case Kind.StringPart: {
        const { id, total, offset, text } = readStringPartRecord(words, at);
        let assembler = assemblers.get(strings);
        if (!assembler) assemblers.set(strings, (assembler = new StringAssembler()));
        const whole = assembler.add(id, total, offset, text);
        if (whole !== undefined) strings.set(id, whole);
        out.push({ kind, id, total, offset, length: text.length });
        break;
      }
      case Kind.SiteTable: out.push({ kind, baseSiteId: w(1), count: w(2), file: str(w(3)), json: str(w(4)) }); break;
      case Kind.Snapshot: {
        const count = w(6);
        const entries: [WireValue, WireValue][] = [];
        let p = at + 7;
        for (let i = 0; i < count; i++) {
          const [key, n1] = readValue(words, p, str);
          const [value, n2] = readValue(words, n1, str);
          entries.push([key, value]);
          p = n2;
        }
        out.push({ kind, object: w(1) >>> 0, type: w(2), className: str(w(3)), size: w(4), flags: w(5), entries });
        break;
      }
      case Kind.Dropped: out.push({ kind, count: w(1) }); break;
      default:
        out.push({ kind: 0, unknownKind: kind, words: len });
    }
    at = end;
  }
  return out;
}
