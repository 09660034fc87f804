/**
 * The canvas: scrub by dragging (or click), zoom with the wheel around the pointer, pan with
 * Shift+wheel, a horizontal wheel or Shift+drag, and the keyboard (the canvas is a slider over
 * instants). The data layer redraws when the view or the data changes; the cursor layer alone
 * follows the cursor.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type WheelEvent } from 'react';
import type { EventRow, LaneInfo, SummaryResult } from '../../src/protocol/dap-custom';
import { canvasHeight, drawCursor, drawData, instantAt, readTheme, type Theme } from './draw';
import { clampView, zoomView, type View } from './view';

export interface TimelineCanvasProps {
  eventCount: number;
  lanes: LaneInfo[];
  view: View;
  cursor: number;
  summary?: SummaryResult;
  detail?: EventRow[];
  onView(view: View): void;
  /** The cursor was dragged or stepped to an instant. */
  onScrub(instant: number): void;
  onDragEnd(): void;
  /** Step over calls with VS Code's stepping. */
  onStep(direction: 'forward' | 'backward'): void;
  onWidth(width: number): void;
}

function setupCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
  }
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

export const TimelineCanvas = memo(function TimelineCanvas(p: TimelineCanvasProps) {
  const box = useRef<HTMLDivElement>(null);
  const dataLayer = useRef<HTMLCanvasElement>(null);
  const cursorLayer = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [theme, setTheme] = useState<Theme | undefined>(undefined);
  const drag = useRef<{ mode: 'scrub' | 'pan'; startX: number; startView: View } | undefined>(undefined);
  const height = canvasHeight(p.lanes.length);

  // On mount only: `onWidth` is the parent's state setter, stable for the component's life.
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    setTheme(readTheme(document.body));
    const ro = new ResizeObserver(() => {
      setWidth(el.clientWidth);
      p.onWidth(el.clientWidth);
    });
    ro.observe(el);
    // VS Code swaps the body's theme classes and CSS variables when the colour theme changes.
    const mo = new MutationObserver(() => setTheme(readTheme(document.body)));
    mo.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
    return () => { ro.disconnect(); mo.disconnect(); };
  }, []);

  // Layout effects: the canvas is drawn in the same frame as the change, never a frame late.
  useLayoutEffect(() => {
    const canvas = dataLayer.current;
    if (!canvas || !theme || width === 0) return;
    const ctx = setupCanvas(canvas, width, height);
    if (ctx) drawData(ctx, { width, height, view: p.view, lanes: p.lanes, summary: p.summary, detail: p.detail, theme });
  }, [width, height, p.view, p.lanes, p.summary, p.detail, theme]);

  useLayoutEffect(() => {
    const canvas = cursorLayer.current;
    if (!canvas || !theme || width === 0) return;
    const ctx = setupCanvas(canvas, width, height);
    if (ctx) drawCursor(ctx, width, height, p.view, p.cursor, theme);
  }, [width, height, p.view, p.cursor, theme]);

  const instantFromEvent = (clientX: number) => {
    const rect = cursorLayer.current!.getBoundingClientRect();
    const t = Math.floor(instantAt(clientX - rect.left, p.view, rect.width));
    return Math.max(0, Math.min(p.eventCount - 1, t));
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0 || p.eventCount === 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    drag.current = { mode: e.shiftKey ? 'pan' : 'scrub', startX: e.clientX, startView: p.view };
    if (!e.shiftKey) p.onScrub(instantFromEvent(e.clientX));
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d) return;
    if (d.mode === 'scrub') p.onScrub(instantFromEvent(e.clientX));
    else {
      const perPx = (d.startView.to - d.startView.from) / Math.max(1, width);
      const shift = (d.startX - e.clientX) * perPx;
      p.onView(clampView(d.startView.from + shift, d.startView.to + shift, p.eventCount));
    }
  };
  const onPointerUp = () => {
    if (drag.current?.mode === 'scrub') p.onDragEnd();
    drag.current = undefined;
  };
  const onWheel = (e: WheelEvent<HTMLCanvasElement>) => {
    if (p.eventCount === 0) return;
    const span = p.view.to - p.view.from;
    const perPx = span / Math.max(1, width);
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      const px = e.shiftKey ? e.deltaY || e.deltaX : e.deltaX;
      p.onView(clampView(p.view.from + px * perPx, p.view.to + px * perPx, p.eventCount));
    } else {
      const rect = e.currentTarget.getBoundingClientRect();
      const anchor = instantAt(e.clientX - rect.left, p.view, rect.width);
      p.onView(zoomView(p.view, anchor, Math.exp(e.deltaY * 0.002), p.eventCount));
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const last = Math.max(0, p.eventCount - 1);
    const span = p.view.to - p.view.from;
    const step = (to: number) => { e.preventDefault(); p.onScrub(Math.max(0, Math.min(last, to))); p.onDragEnd(); };
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowLeft': {
        const forward = e.key === 'ArrowRight';
        if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) {
          e.preventDefault();
          p.onStep(forward ? 'forward' : 'backward');
        } else step(p.cursor + (forward ? 1 : -1));
        break;
      }
      case 'PageUp': step(p.cursor - Math.max(1, Math.round(span / 10))); break;
      case 'PageDown': step(p.cursor + Math.max(1, Math.round(span / 10))); break;
      case 'Home': step(0); break;
      case 'End': step(last); break;
      case '+':
      case '=': e.preventDefault(); p.onView(zoomView(p.view, p.cursor, 0.5, p.eventCount)); break;
      case '-': e.preventDefault(); p.onView(zoomView(p.view, p.cursor, 2, p.eventCount)); break;
      default:
    }
  };

  return (
    <div ref={box} className="timeline-canvas" style={{ height }}>
      <canvas ref={dataLayer} className="layer" style={{ width, height }} aria-hidden="true" />
      <canvas
        ref={cursorLayer}
        className="layer cursor-layer"
        style={{ width, height }}
        tabIndex={0}
        role="slider"
        aria-label="Timeline cursor: arrows step one event, Alt/Ctrl/Shift+arrows step over calls, Home/End go to the ends, +/- zoom"
        aria-valuemin={0}
        aria-valuemax={Math.max(0, p.eventCount - 1)}
        aria-valuenow={p.cursor}
        aria-valuetext={`instant ${p.cursor.toLocaleString('en-US')} of ${p.eventCount.toLocaleString('en-US')}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onWheel={onWheel}
        onKeyDown={onKeyDown}
      />
    </div>
  );
});
