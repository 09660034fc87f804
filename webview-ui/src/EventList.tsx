/**
 * The events of the visible range, virtualised, with filters. Kind, file and text filters go to the
 * adapter (`scope/events` filters over the whole range); the function filter matches the event's
 * name among the rows received.
 */
import { memo, useMemo } from 'react';
import type { EventRow } from '../../src/protocol/dap-custom';
import { KIND_GROUPS, positionText, valueText } from './format';
import { VirtualList } from './VirtualList';

export interface EventFilters {
  /** A key of KIND_GROUPS, or '' for every kind. */
  kindGroup: string;
  file: string;
  text: string;
  fn: string;
}

export const NO_FILTERS: EventFilters = { kindGroup: '', file: '', text: '', fn: '' };

export interface EventListProps {
  events: readonly EventRow[];
  total: number;
  truncated: boolean;
  filters: EventFilters;
  onFilters(f: EventFilters): void;
  selected?: EventRow;
  onSelect(event: EventRow): void;
  onSeek(instant: number): void;
}

export const EventList = memo(function EventList(p: EventListProps) {
  const rows = useMemo(() => {
    const needle = p.filters.fn.trim().toLowerCase();
    return needle ? p.events.filter((e) => (e.name ?? '').toLowerCase().includes(needle)) : p.events;
  }, [p.events, p.filters.fn]);
  const active = p.selected ? rows.indexOf(p.selected) : -1;
  const set = (patch: Partial<EventFilters>) => p.onFilters({ ...p.filters, ...patch });

  return (
    <section className="pane event-list" aria-label="Events of the visible range">
      <h2>Events <span className="muted" aria-live="polite">{rows.length.toLocaleString('en-US')}{p.truncated ? ` of ${p.total.toLocaleString('en-US')}` : ''}</span></h2>
      <div className="filters" role="group" aria-label="Event filters">
        <select aria-label="Kind" value={p.filters.kindGroup} onChange={(e) => set({ kindGroup: e.target.value })}>
          <option value="">All kinds</option>
          {Object.keys(KIND_GROUPS).map((g) => <option key={g} value={g}>{g}</option>)}
        </select>
        <input aria-label="File" placeholder="file" value={p.filters.file} onChange={(e) => set({ file: e.target.value })} />
        <input
          aria-label="Function"
          placeholder="function"
          value={p.filters.fn}
          onChange={(e) => set({ fn: e.target.value })}
        />
        <input aria-label="Text" placeholder="text" value={p.filters.text} onChange={(e) => set({ text: e.target.value })} />
      </div>
      {rows.length === 0 ? <p className="muted empty">No events match.</p> : (
        <VirtualList
          idPrefix="event"
          label="Events; Enter moves the session to the event"
          rowCount={rows.length}
          rowHeight={20}
          active={active}
          onActiveChange={(i) => p.onSelect(rows[i])}
          onActivate={(i) => p.onSeek(rows[i].instant)}
          rowLabel={(i) => `${rows[i].kind} ${rows[i].name ?? ''} at instant ${rows[i].instant}`}
          renderRow={(i) => {
            const e = rows[i];
            return (
              <>
                <span className="cell num instant">{e.instant}</span>
                <span className={`cell kind kind-${e.kind}`}>{e.kind}</span>
                <span className="cell name">{e.name ?? ''}</span>
                <span className="cell value">{valueText(e.value)}</span>
                <span className="cell muted">{positionText(e.position)}</span>
              </>
            );
          }}
        />
      )}
    </section>
  );
});
