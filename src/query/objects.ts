/**
 * Object state as of an instant: the latest snapshot taking effect at or before the instant, plus
 * the property writes and deletes recorded after that snapshot and before the instant.
 *
 * Why this is right for writes through aliases: writes are recorded against the object's identity
 * (its id), not against the name used to reach it. Built-in mutators (`sort`, `Map#set`…) are
 * followed by a fresh snapshot, so they need no replay at all; an array's `push`/`pop` arrive as
 * PropWrites of its elements / `length` (see the runtime's `recordMutation`) and replay as writes.
 */
import { ObjectType, OBJECT_TYPE_NAMES, SnapshotFlag, type WireValue } from '../protocol/wire';
import type { ShownValue } from '../protocol/dap-custom';
import type { EventStore } from '../store/event-store';
import { OBJECT_CHECKPOINT_WRITES, type Indexes } from './indexes';

export interface Materialized {
  id: number;
  type: number;
  className: string;
  /** Own properties in insertion order (arrays: indices and other keys). Key = display key. */
  props: Map<string, WireValue>;
  /** Map entries / Set members (from the snapshot; mutators re-snapshot). */
  entries: [WireValue, WireValue][];
  /** Array length. */
  length: number;
  /** Some entries were not captured, or the object has no snapshot before the instant. */
  cut: boolean;
  /** Instant of the snapshot the state starts from, -1 for none. */
  snapshotAt: number;
}

/** The display form of a property key. */
export function keyText(key: WireValue): string {
  switch (key.t) {
    case 'string': return key.v;
    case 'number': return String(key.v);
    case 'symbol': return `[${key.v}]`;
    case 'bigint': return key.v;
    default: return String((key as { v?: unknown }).v ?? key.t);
  }
}

function isIndex(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/** Index of the last snapshot with instant <= `instant`, or -1. */
export function materialize(store: EventStore, indexes: Indexes, id: number, instant: number): Materialized {
  const k = store.snapshotIndexAt(id, instant);
  const snap = k >= 0 ? store.snapshot(id, k) : undefined;
  // Without a snapshot yet, the type comes from the first one taken later (identity does not change type).
  const typeSource = snap ?? (store.snapshotCount(id) > 0 ? store.snapshot(id, 0) : undefined);
  const m: Materialized = {
    id,
    type: typeSource?.type ?? ObjectType.Object,
    className: typeSource?.className ?? '',
    props: new Map(),
    entries: [],
    length: 0,
    // DepthCut only says some nested objects have no snapshot (they show as cut themselves);
    // this object's own entries are complete unless Cut.
    cut: !snap || (snap.flags & SnapshotFlag.Cut) !== 0,
    snapshotAt: snap ? snap.instant : -1,
  };
  const keyed = m.type === ObjectType.Map || m.type === ObjectType.Set;
  if (snap) {
    if (m.type === ObjectType.Array) m.length = snap.size;
    for (const [key, value] of snap.entries) {
      if (keyed) {
        m.entries.push([key, value]);
        continue;
      }
      const text = keyText(key);
      if (m.type === ObjectType.Array && text === 'length') {
        if (value.t === 'number') m.length = value.v;
        continue;
      }
      m.props.set(text, value);
    }
  }
  const writes = indexes.objectWrites.get(id);
  if (writes) {
    const first = writes.lowerBound(snap ? snap.instant : 0);
    const end = writes.lowerBound(instant);
    let j = first;
    // Start from the latest checkpoint of this replay (same snapshot) at or before `end`.
    let checkpoints = indexes.objectCheckpoints.get(id);
    const nearest = Math.floor(end / OBJECT_CHECKPOINT_WRITES) * OBJECT_CHECKPOINT_WRITES;
    const saved = nearest > first ? checkpoints?.get(nearest) : undefined;
    if (saved && saved.snapshot === k) {
      m.props = new Map(saved.props);
      m.length = saved.length;
      j = nearest;
    }
    for (; j < end; j++) {
      if (j > first && j % OBJECT_CHECKPOINT_WRITES === 0 && !checkpoints?.get(j)) {
        if (!checkpoints) indexes.objectCheckpoints.set(id, (checkpoints = new Map()));
        checkpoints.set(j, { snapshot: k, props: new Map(m.props), length: m.length });
      }
      applyWrite(store, m, writes.data[j]);
    }
  }
  return m;
}

function applyWrite(store: EventStore, m: Materialized, i: number): void {
  const values = store.values(i);
  const text = keyText(values[0]);
  const isDelete = values.length === 1;
  if (m.type === ObjectType.Array) {
    if (text === 'length') {
      if (!isDelete && values[1].t === 'number') {
        const newLength = values[1].v;
        for (const key of [...m.props.keys()]) if (isIndex(key) && Number(key) >= newLength) m.props.delete(key);
        m.length = newLength;
      }
      return;
    }
    if (!isDelete && isIndex(text) && Number(text) >= m.length) m.length = Number(text) + 1;
  }
  if (isDelete) m.props.delete(text);
  // A write to the object's own accessor ran its setter, whose writes are recorded where it made them.
  else if (m.props.get(text)?.t === 'accessor') return;
  else if (m.type !== ObjectType.Array && isIndex(text) && !m.props.has(text)) m.props = inOwnKeyOrder(m.props, text, values[1]);
  else m.props.set(text, values[1]);
}

/**
 * Adds an integer key where JavaScript lists it (OrdinaryOwnPropertyKeys): integer keys first,
 * ascending, then the other keys in creation order — so previews and JSON print in that order.
 */
function inOwnKeyOrder(props: Map<string, WireValue>, key: string, value: WireValue): Map<string, WireValue> {
  const entries = [...props, [key, value] as [string, WireValue]];
  const indices = entries.filter(([k]) => isIndex(k)).sort((a, b) => Number(a[0]) - Number(b[0]));
  return new Map([...indices, ...entries.filter(([k]) => !isIndex(k))]);
}

export function typeName(type: number): string {
  return OBJECT_TYPE_NAMES[type] ?? 'Object';
}

const PREVIEW_ITEMS = 5;
const MAX_PREVIEW = 120;

/** Renders objects and primitives for display, rebuilding nested objects as of an instant. */
export class ValueShower {
  constructor(private readonly store: EventStore, private readonly indexes: Indexes) {}

  show(value: WireValue, instant: number): ShownValue {
    if (value.t === 'object') {
      const m = materialize(this.store, this.indexes, value.id, instant);
      const className = m.className || undefined;
      return { kind: 'object', id: value.id, type: typeName(m.type), className, preview: this.headline(m, instant) };
    }
    return primitiveShown(value);
  }

  /**
   * The preview of an object shown at an instant. Where objects can change unrecorded (calls
   * mode), it says when its contents were seen: a snapshot is the last thing known of them.
   */
  headline(m: Materialized, instant: number): string {
    const preview = this.preview(m, instant, 1);
    return this.seenBefore(m, instant) ? `${preview} ${seenMark(m.snapshotAt)}` : preview;
  }

  /** Whether the object's shown contents may be older than `instant` (see `headline`). */
  seenBefore(m: Materialized, instant: number): boolean {
    return this.store.objectWritesUnrecorded && m.snapshotAt >= 0 && m.snapshotAt < instant
      && m.type !== ObjectType.Function && m.type !== ObjectType.Class;
  }

  /** One-line preview: `{x: 1, y: "a"}`, `Array(3) [1, 2, 3]`, `Map(2) {"a" => 1, …}`. */
  preview(m: Materialized, instant: number, depth: number): string {
    const item = (v: WireValue) => this.itemText(v, instant, depth);
    const cutMark = m.cut ? ', …' : '';
    switch (m.type) {
      case ObjectType.Array: {
        const parts: string[] = [];
        for (let k = 0; k < Math.min(m.length, PREVIEW_ITEMS); k++) {
          const v = m.props.get(String(k));
          parts.push(v === undefined ? 'empty' : item(v));
        }
        const more = m.length > PREVIEW_ITEMS ? ', …' : cutMark;
        return clip(`Array(${m.length}) [${parts.join(', ')}${more}]`);
      }
      case ObjectType.Map: {
        const parts = m.entries.slice(0, PREVIEW_ITEMS).map(([k, v]) => `${item(k)} => ${item(v)}`);
        return clip(`Map(${m.entries.length}) {${parts.join(', ')}${m.entries.length > PREVIEW_ITEMS ? ', …' : cutMark}}`);
      }
      case ObjectType.Set: {
        const parts = m.entries.slice(0, PREVIEW_ITEMS).map((e) => item(setMember(e)));
        return clip(`Set(${m.entries.length}) {${parts.join(', ')}${m.entries.length > PREVIEW_ITEMS ? ', …' : cutMark}}`);
      }
      case ObjectType.Function: return `ƒ ${m.className || 'anonymous'}()`;
      case ObjectType.Class: return `class ${m.className || 'anonymous'}`;
      case ObjectType.Error: {
        const message = m.props.get('message');
        return `${m.className || 'Error'}${message && message.t === 'string' ? `: ${message.v}` : ''}`;
      }
      case ObjectType.Object: {
        const parts: string[] = [];
        let shown = 0;
        for (const [key, v] of m.props) {
          if (shown++ === PREVIEW_ITEMS) { parts.push('…'); break; }
          parts.push(`${/^[A-Za-z_$#][\w$]*$/.test(key) || isIndex(key) ? key : JSON.stringify(key)}: ${item(v)}`);
        }
        const prefix = m.className && m.className !== 'Object' ? `${m.className} ` : '';
        return clip(`${prefix}{${parts.join(', ')}${m.cut && shown <= PREVIEW_ITEMS ? (parts.length ? ', …' : '…') : ''}}`);
      }
      default:
        return m.className || typeName(m.type);
    }
  }

  private itemText(v: WireValue, instant: number, depth: number): string {
    if (v.t !== 'object') return shownText(primitiveShown(v));
    if (depth <= 0) return '{…}';
    const m = materialize(this.store, this.indexes, v.id, instant);
    if (m.type === ObjectType.Array) return `Array(${m.length})`;
    if (m.type === ObjectType.Map || m.type === ObjectType.Set) return `${typeName(m.type)}(${m.entries.length})`;
    if (m.type === ObjectType.Object) return m.className && m.className !== 'Object' ? `${m.className} {…}` : '{…}';
    return this.preview(m, instant, 0);
  }
}

/** What a value shown from an object's older sighting says (see `ValueShower.headline`). */
export function seenMark(instant: number): string {
  return `(as seen @${instant.toLocaleString('en-US')})`;
}

/** Set snapshots carry index → member (capture.ts). */
export function setMember(entry: [WireValue, WireValue]): WireValue {
  return entry[1];
}

function shownText(v: ShownValue): string {
  return v.kind === 'object' ? v.preview : v.text;
}

function clip(text: string): string {
  return text.length > MAX_PREVIEW ? `${text.slice(0, MAX_PREVIEW - 1)}…` : text;
}

export function primitiveShown(value: WireValue): ShownValue {
  switch (value.t) {
    case 'undefined': return { kind: 'primitive', type: 'undefined', text: 'undefined' };
    case 'null': return { kind: 'primitive', type: 'null', text: 'null' };
    case 'boolean': return { kind: 'primitive', type: 'boolean', text: String(value.v) };
    case 'number': return { kind: 'primitive', type: 'number', text: Object.is(value.v, -0) ? '-0' : String(value.v) };
    case 'string': return value.cut
      ? { kind: 'primitive', type: 'string', text: `${JSON.stringify(value.v).slice(0, -1)}…"`, cut: true }
      : { kind: 'primitive', type: 'string', text: JSON.stringify(value.v) };
    case 'bigint': return { kind: 'primitive', type: 'bigint', text: `${value.v}n` };
    case 'symbol': return { kind: 'primitive', type: 'symbol', text: value.v.startsWith('Symbol(') ? value.v : `Symbol(${value.v})` };
    case 'hole': return { kind: 'special', type: 'hole', text: 'empty' };
    case 'accessor': return { kind: 'special', type: 'accessor', text: '(getter — not run)' };
    case 'uninitialized': return { kind: 'special', type: 'uninitialized', text: '<uninitialized>' };
    case 'notRecorded': return { kind: 'special', type: 'notRecorded', text: '<not recorded>' };
    default: return { kind: 'special', type: 'notRecorded', text: '<not recorded>' };
  }
}
