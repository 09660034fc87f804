/**
 * The calls of the visible range as a tree. Call events arrive in instant order, so the fully
 * expanded tree of one thread in pre-order IS the sequence of its CallEnters, each with the depth of
 * its stack. The model is therefore flat typed arrays (depth, end of subtree) — a million calls
 * cost a few arrays, not a million objects — and collapsing a node skips its subtree's range.
 */
import { memo, useEffect, useMemo, useState } from 'react';
import type { EventRow } from '../../src/protocol/dap-custom';
import { positionText } from './format';
import { VirtualList } from './VirtualList';

export interface CallTreeModel {
  /** rows[i] is the CallEnter event of row i; rows are grouped by thread, in instant order. */
  rows: EventRow[];
  depth: Uint16Array;
  /** Index of the first row after row i's subtree. */
  subtreeEnd: Int32Array;
  /** Instant of the call's Return/Unwind, or -1 when it ends after the range. */
  end: Float64Array;
}

export function buildCallTree(events: readonly EventRow[]): CallTreeModel {
  const byThread = new Map<number, EventRow[]>();
  for (const e of events) {
    let list = byThread.get(e.thread);
    if (!list) byThread.set(e.thread, (list = []));
    list.push(e);
  }
  const calls = events.reduce((n, e) => n + (e.kind === 'CallEnter' ? 1 : 0), 0);
  const rows: EventRow[] = new Array(calls);
  const depth = new Uint16Array(calls);
  const subtreeEnd = new Int32Array(calls);
  const end = new Float64Array(calls).fill(-1);
  let n = 0;
  const stack: number[] = [];
  for (const threadEvents of byThread.values()) {
    stack.length = 0;
    for (const e of threadEvents) {
      if (e.kind === 'CallEnter') {
        rows[n] = e;
        depth[n] = Math.min(stack.length, 65535);
        stack.push(n++);
      } else if (e.kind === 'Return' || e.kind === 'Unwind') {
        // A Return whose call began before the range has no row: nothing to close.
        const row = stack.pop();
        if (row !== undefined) { end[row] = e.instant; subtreeEnd[row] = n; }
      }
    }
    for (const row of stack) subtreeEnd[row] = n;
  }
  return { rows, depth, subtreeEnd, end };
}

/** Indexes of the rows shown when the rows in `collapsed` hide their subtrees. */
export function visibleRows(model: CallTreeModel, collapsed: ReadonlySet<number>): Int32Array {
  const out = new Int32Array(model.rows.length);
  let k = 0;
  for (let i = 0; i < model.rows.length;) {
    out[k++] = i;
    i = collapsed.has(i) ? model.subtreeEnd[i] : i + 1;
  }
  return out.subarray(0, k);
}

const ROW_HEIGHT = 20;

export interface CallTreeProps {
  events: readonly EventRow[];
  truncated: boolean;
  onSelect(event: EventRow): void;
  onSeek(instant: number): void;
}

export const CallTree = memo(function CallTree({ events, truncated, onSelect, onSeek }: CallTreeProps) {
  const model = useMemo(() => buildCallTree(events), [events]);
  const [collapsed, setCollapsed] = useState<Set<number>>(() => new Set());
  const [active, setActive] = useState(-1);
  const shown = useMemo(() => visibleRows(model, collapsed), [model, collapsed]);
  // Row indexes name rows of one model: a new range starts fully expanded.
  useEffect(() => { setCollapsed(new Set()); setActive(-1); }, [model]);

  const toggle = (row: number) => setCollapsed((old) => {
    const next = new Set(old);
    if (next.has(row)) next.delete(row); else next.add(row);
    return next;
  });
  const hasChildren = (row: number) => model.subtreeEnd[row] > row + 1;

  return (
    <section className="pane call-tree" aria-label="Call tree of the visible range">
      <h2>Calls <span className="muted">{model.rows.length.toLocaleString('en-US')}{truncated ? '+ (zoom in for all)' : ''}</span></h2>
      {model.rows.length === 0 ? <p className="muted empty">No calls in view.</p> : (
        <VirtualList
          idPrefix="call"
          label="Calls in the visible range; Enter moves the session to the call, Space collapses"
          rowCount={shown.length}
          rowHeight={ROW_HEIGHT}
          active={active}
          onActiveChange={(i) => { setActive(i); onSelect(model.rows[shown[i]]); }}
          onActivate={(i) => onSeek(model.rows[shown[i]].instant)}
          onToggle={(i) => { if (hasChildren(shown[i])) toggle(shown[i]); }}
          rowLabel={(i) => {
            const row = shown[i];
            return `${model.rows[row].name ?? '(anonymous)'} at instant ${model.rows[row].instant}, depth ${model.depth[row]}`;
          }}
          renderRow={(i) => {
            const row = shown[i];
            const e = model.rows[row];
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
