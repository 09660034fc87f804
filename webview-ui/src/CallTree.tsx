/**
 * The calls of the visible range as a tree (model in call-tree-model.ts), virtualised: a million
 * calls render the rows in view only.
 */
import { memo, useMemo, useState } from 'react';
import type { EventRow } from '../../src/protocol/dap-custom';
import { buildCallTree, visibleRows, type CallTreeModel } from './call-tree-model';
import { positionText } from './format';
import { VirtualList } from './VirtualList';

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
