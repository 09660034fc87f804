/**
 * A keyboard-accessible virtualised list: only the rows in the viewport (plus a few) exist in the
 * DOM, so a million rows cost what thirty do. Rows have a fixed height; the list is a listbox with
 * `aria-activedescendant` so a screen reader follows the active row while focus stays on the list.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

const OVERSCAN = 8;

export interface VirtualListProps {
  rowCount: number;
  rowHeight: number;
  /** A prefix for row element ids (aria-activedescendant), unique on the page. */
  idPrefix: string;
  label: string;
  active: number;
  onActiveChange(index: number): void;
  /** Enter on the active row, or a double click. */
  onActivate(index: number): void;
  renderRow(index: number): ReactNode;
  /** Space on the active row (e.g. collapse a tree node). */
  onToggle?(index: number): void;
  /** Text for the row's accessible name. */
  rowLabel(index: number): string;
}

export function VirtualList(p: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(200);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const ro = new ResizeObserver(() => setViewportHeight(el.clientHeight || 200));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the active row in view when it moves by keyboard.
  useEffect(() => {
    const el = scroller.current;
    if (!el || p.active < 0) return;
    const top = p.active * p.rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + p.rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + p.rowHeight - el.clientHeight;
  }, [p.active, p.rowHeight]);

  const first = Math.max(0, Math.floor(scrollTop / p.rowHeight) - OVERSCAN);
  const last = Math.min(p.rowCount, Math.ceil((scrollTop + viewportHeight) / p.rowHeight) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div
        key={i}
        id={`${p.idPrefix}-${i}`}
        role="option"
        aria-selected={i === p.active}
        aria-label={p.rowLabel(i)}
        className={i === p.active ? 'row active' : 'row'}
        style={{ top: i * p.rowHeight, height: p.rowHeight }}
        onClick={() => p.onActiveChange(i)}
        onDoubleClick={() => p.onActivate(i)}
      >
        {p.renderRow(i)}
      </div>,
    );
  }

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewportHeight / p.rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: p.active + 1, ArrowUp: p.active - 1, PageDown: p.active + page, PageUp: p.active - page,
      Home: 0, End: p.rowCount - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      if (p.rowCount > 0) p.onActiveChange(Math.max(0, Math.min(p.rowCount - 1, moves[e.key])));
    } else if (e.key === 'Enter' && p.active >= 0 && p.active < p.rowCount) {
      e.preventDefault();
      p.onActivate(p.active);
    } else if (e.key === ' ' && p.onToggle && p.active >= 0 && p.active < p.rowCount) {
      e.preventDefault();
      p.onToggle(p.active);
    }
  };

  return (
    <div
      ref={scroller}
      className="virtual-list"
      role="listbox"
      tabIndex={0}
      aria-label={p.label}
      aria-activedescendant={p.active >= first && p.active < last ? `${p.idPrefix}-${p.active}` : undefined}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div className="virtual-list-inner" style={{ height: p.rowCount * p.rowHeight }}>{rows}</div>
    </div>
  );
}
