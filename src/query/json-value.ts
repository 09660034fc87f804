/**
 * The `scope query … --json` value form: a value `JSON.stringify` can represent comes out exactly
 * as `JSON.stringify` would print it — computed from the recording, so no getter or `toJSON` runs —
 * and any other value as a tagged object (`{"$type":"undefined"}`, `{"$type":"Map","entries":[…]}`,
 * `{"$type":"function","name":…}`, `{"$type":"cut"}`, …).
 *
 * Nested positions follow JSON.stringify: `undefined`, functions and symbols are omitted from
 * objects and become `null` in arrays; non-finite numbers become `null`; private fields (`#x`) and
 * array properties that are not indices are not printed. Values JSON.stringify would print
 * misleadingly (a Map prints as `{}`) are tagged wherever they appear. An object with more entries
 * than a snapshot keeps (64) shows those it has and a cut mark: `"…": {"$type":"cut"}` in an
 * object, a last `{"$type":"cut"}` element in an array, `"cut": true` on a Map or Set.
 */
import { ObjectType, type WireValue } from '../protocol/wire';
import type { EventStore } from '../store/event-store';
import type { Indexes } from './indexes';
import { materialize, setMember, typeName } from './objects';

/** Marks "leave this out of the enclosing object" (JSON.stringify's omission). */
const OMIT = Symbol('omit');
const MAX_DEPTH = 32;

export function jsonValueAt(store: EventStore, indexes: Indexes, value: WireValue, instant: number): unknown {
  const top = convert(store, indexes, value, instant, new Set(), 0, 'top');
  return top === OMIT ? { $type: 'undefined' } : top;
}

type Position = 'top' | 'object' | 'array';

function convert(store: EventStore, indexes: Indexes, value: WireValue, instant: number, path: Set<number>, depth: number, at: Position): unknown {
  const omitted = (tagged: Record<string, unknown>) => (at === 'top' ? tagged : at === 'array' ? null : OMIT);
  switch (value.t) {
    case 'undefined': return omitted({ $type: 'undefined' });
    case 'null': return null;
    case 'boolean': return value.v;
    // As JSON prints them: -0 as 0, NaN and infinities as null.
    case 'number': return Number.isFinite(value.v) ? (value.v === 0 ? 0 : value.v) : null;
    case 'string': return value.cut ? { $type: 'cut', prefix: value.v } : value.v;
    case 'bigint': return { $type: 'bigint', value: value.v };
    case 'symbol': return omitted({ $type: 'symbol', description: value.v });
    case 'hole': return at === 'array' ? null : { $type: 'hole' };
    case 'accessor': return { $type: 'accessor' };
    case 'uninitialized': return { $type: 'uninitialized' };
    case 'notRecorded': return { $type: 'notRecorded' };
    case 'object': break;
  }
  const id = value.id;
  if (path.has(id)) return { $type: 'circular' };
  if (depth >= MAX_DEPTH) return { $type: 'cut' };
  const m = materialize(store, indexes, id, instant);
  if (m.type === ObjectType.Function || m.type === ObjectType.Class) {
    return omitted({ $type: m.type === ObjectType.Class ? 'class' : 'function', name: m.className });
  }
  if (m.snapshotAt < 0) return { $type: 'cut' };
  const CUT = { $type: 'cut' };
  const child = (v: WireValue, pos: Position) => convert(store, indexes, v, instant, path, depth + 1, pos);
  path.add(id);
  try {
    switch (m.type) {
      case ObjectType.Array: {
        const out: unknown[] = [];
        // A cut snapshot holds the first elements only (a snapshot takes them in order).
        const shown = m.cut ? Math.min(m.length, m.props.size) : m.length;
        for (let k = 0; k < shown; k++) {
          const v = m.props.get(String(k));
          out.push(v === undefined ? null : child(v, 'array'));
        }
        if (m.cut) out.push(CUT);
        return out;
      }
      case ObjectType.Object: {
        const out: Record<string, unknown> = {};
        for (const [key, v] of m.props) {
          if (key.startsWith('#') || key.startsWith('[Symbol(')) continue;
          const converted = child(v, 'object');
          if (converted !== OMIT) out[key] = converted;
        }
        if (m.cut) out['…'] = CUT;
        return out;
      }
      case ObjectType.Map:
        return { $type: 'Map', entries: m.entries.map(([k, v]) => [child(k, 'array'), child(v, 'array')]), ...(m.cut ? { cut: true } : {}) };
      case ObjectType.Set:
        return { $type: 'Set', values: m.entries.map((e) => child(setMember(e), 'array')), ...(m.cut ? { cut: true } : {}) };
      case ObjectType.Date: {
        // What Date#toJSON prints, from the recorded time value (no program code runs).
        const time = m.props.get('time');
        const ms = time?.t === 'number' ? new Date(time.v) : undefined;
        return ms && Number.isFinite(ms.getTime()) ? ms.toISOString() : null;
      }
      case ObjectType.Error: {
        const message = m.props.get('message');
        return { $type: 'Error', name: m.className || 'Error', message: message?.t === 'string' ? message.v : undefined };
      }
      default:
        return { $type: typeName(m.type), className: m.className || undefined };
    }
  } finally {
    path.delete(id);
  }
}
