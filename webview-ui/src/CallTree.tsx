/**
 * The calls of the visible range as a tree. Call events arrive in instant order, so the fully
 * expanded tree of one thread in pre-order IS the sequence of its CallEnters, each with the depth of
 * its stack. The model is therefore flat typed arrays (depth, end of subtree) — a million calls
 * cost a few arrays, not a million objects — and collapsing a node skips its subtree's range.
 */
import { memo, useMemo, useState } from 'react';
import type { EventRow } from '../../src/protocol/dap-custom';
import { positionText } from './format';
import { VirtualList } from './VirtualList';

export interface CallTreeModel {
  events: readonly EventRow[];
  /** events[eventOf[i]] is the CallEnter of row i; rows are grouped by thread, in instant order. */
  eventOf: Int32Array;
  depth: Uint16Array;
  /** Index of the first row after row i's subtree. */
  subtreeEnd: Int32Array;
  /** Instant of the call's Return/Unwind, or -1 when it ends after the range. */
  end: Float64Array;
}

export function buildCallTree(events: readonly EventRow[]): CallTreeModel {
  // Pass 1: calls per thread, so each thread's rows form one contiguous segment (threads in order
  // of their first event).
  const segmentOf = new Map<number, { next: number; end: number; stack: number[] }>();
  let calls = 0;
  // The segment of the previous event's thread is kept at hand: runs of one thread are the rule.
  let thread = NaN;
  let seg = { next: 0, end: 0, stack: [] as number[] };
  const segment = (t: number) => {
    if (t === thread) return seg;
    thread = t;
    let s = segmentOf.get(t);
    if (!s) segmentOf.set(t, (s = { next: 0, end: 0, stack: [] }));
    return (seg = s);
  };
  for (const e of events) {
    const s = segment(e.thread);
    if (e.kind === 'CallEnter') { s.end++; calls++; }
  }
  let offset = 0;
  for (const s of segmentOf.values()) { s.next = offset; offset += s.end; s.end = offset; }

  // Pass 2: each CallEnter takes the next row of its thread's segment; a Return/Unwind closes the
  // innermost open call of its thread (one whose call began before the range has no row).
  const eventOf = new Int32Array(calls);
  const depth = new Uint16Array(calls);
  const subtreeEnd = new Int32Array(calls);
  const end = new Float64Array(calls).fill(-1);
  thread = NaN;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const s = segment(e.thread);
    if (e.kind === 'CallEnter') {
      const row = s.next++;
      eventOf[row] = i;
      depth[row] = Math.min(s.stack.length, 65535);
      s.stack.push(row);
    } else if (e.kind === 'Return' || e.kind === 'Unwind') {
      const row = s.stack.pop();
      if (row !== undefined) { end[row] = e.instant; subtreeEnd[row] = s.next; }
    }
  }
  for (const s of segmentOf.values()) for (const row of s.stack) subtreeEnd[row] = s.end;
  return { events, eventOf, depth, subtreeEnd, end };
}

/** Indexes of the rows shown when the rows in `collapsed` hide their subtrees. */
export function visibleRows(model: CallTreeModel, collapsed: ReadonlySet<number>): Int32Array {
  const n = model.eventOf.length;
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n;) {
    out[k++] = i;
    i = collapsed.has(i) ? model.subtreeEnd[i] : i + 1;
  }
  return out.subarray(0, k);
}

const ROW_HEIGHT = 20;
const NOTHING_COLLAPSED: ReadonlySet<number> = new Set();

export interface CallTreeProps {
  events: readonly EventRow[];
  truncated: boolean;
  onSelect(event: EventRow): void;
  onSeek(instant: number): void;
}

export const CallTree = memo(function CallTree({ events, truncated, onSelect, onSeek }: CallTreeProps) {
  const model = useMemo(() => buildCallTree(events), [events]);
  // Row indexes name rows of one model: the collapsed set and the active row belong to the model
  // they were made for, so a new range starts fully expanded with nothing active.
  const [view, setViewState] = useState<{ model: CallTreeModel; collapsed: ReadonlySet<number>; active: number }>({ model, collapsed: new Set(), active: -1 });
  const current = view.model === model ? view : { model, collapsed: NOTHING_COLLAPSED, active: -1 };
  const { collapsed, active } = current;
  const shown = useMemo(() => visibleRows(model, collapsed), [model, collapsed]);
  const setActive = (i: number) => setViewState({ ...current, active: i });
  const toggle = (row: number) => {
    const next = new Set(collapsed);
    if (next.has(row)) next.delete(row); else next.add(row);
    setViewState({ ...current, collapsed: next });
  };
  const hasChildren = (row: number) => model.subtreeEnd[row] > row + 1;
  const callAt = (row: number) => model.events[model.eventOf[row]];

  return (
    <section className="pane call-tree" aria-label="Call tree of the visible range">
      <h2>Calls <span className="muted">{model.eventOf.length.toLocaleString('en-US')}{truncated ? '+ (zoom in for all)' : ''}</span></h2>
      {model.eventOf.length === 0 ? <p className="muted empty">No calls in view.</p> : (
        <VirtualList
          idPrefix="call"
          label="Calls in the visible range; Enter moves the session to the call, Space collapses"
          rowCount={shown.length}
          rowHeight={ROW_HEIGHT}
          active={active}
          onActiveChange={(i) => { setActive(i); onSelect(callAt(shown[i])); }}
          onActivate={(i) => onSeek(callAt(shown[i]).instant)}
          onToggle={(i) => { if (hasChildren(shown[i])) toggle(shown[i]); }}
          rowLabel={(i) => {
            const row = shown[i];
            return `${callAt(row).name ?? '(anonymous)'} at instant ${callAt(row).instant}, depth ${model.depth[row]}`;
          }}
          renderRow={(i) => {
            const row = shown[i];
            const e = callAt(row);
            return (
              <>
                <span style={{ width: model.depth[row] * 12 }} className="indent" />
                {hasChildren(row) ? (
                  <button
                    type="button"
                    className="twisty"
                    tabIndex={-1}
                    aria-label={collapsed.has(row) ? 'Expand' : 'Collapse'}
                    onClick={(ev) => { ev.stopPropagation(); toggle(row); }}
                  >{collapsed.has(row) ? '▸' : '▾'}</button>
                ) : <span className="twisty" />}
                <span className="name">{e.name ?? '(anonymous)'}</span>
                <span className="muted cell">{positionText(e.position)}</span>
                <span className="muted cell num">{model.end[row] >= 0 ? `${(model.end[row] - e.instant).toLocaleString('en-US')} ev` : '…'}</span>
              </>
            );
          }}
        />
      )}
    </section>
  );
});
