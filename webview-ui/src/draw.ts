/**
 * Canvas drawing of the timeline. Two layers: the data layer (lanes, call depth, marks) is redrawn
 * when the view or the data changes; the cursor layer (cursor line, hover line) on every cursor
 * move — so scrubbing costs one clear and two lines, whatever the recording's size.
 *
 * Level of detail: far away the data is a `scope/summary` (per bucket: counts per kind, max call
 * depth), so a frame costs O(buckets × lanes) for any number of events; close up (few events in
 * view) it is the events themselves, drawn as nested call spans with names.
 */
import type { EventRow, LaneInfo, SummaryResult } from '../../src/protocol/dap-custom';
import type { View } from './view';

export const RULER_HEIGHT = 18;
export const LANE_HEIGHT = 64;
const LANE_LABEL_HEIGHT = 14;
const SPAN_ROW = 12;
const MARK_STRIP = 6;

export interface Theme {
  background: string;
  foreground: string;
  muted: string;
  border: string;
  calls: string;
  writes: string;
  throws: string;
  console: string;
  cursor: string;
  font: string;
}

const FALLBACK: Theme = {
  background: '#1e1e1e', foreground: '#cccccc', muted: '#8b8b8b', border: '#444444', calls: '#3794ff',
  writes: '#89d185', throws: '#f14c4c', console: '#cca700', cursor: '#f0f0f0', font: '12px sans-serif',
};

/** Reads VS Code's theme colours from CSS variables (set on the page by VS Code). */
export function readTheme(el: Element): Theme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--vscode-editor-background', FALLBACK.background),
    foreground: v('--vscode-foreground', FALLBACK.foreground),
    muted: v('--vscode-descriptionForeground', FALLBACK.muted),
    border: v('--vscode-panel-border', FALLBACK.border),
    calls: v('--vscode-charts-blue', FALLBACK.calls),
    writes: v('--vscode-charts-green', FALLBACK.writes),
    throws: v('--vscode-charts-red', FALLBACK.throws),
    console: v('--vscode-charts-yellow', FALLBACK.console),
    cursor: v('--vscode-editorCursor-foreground', FALLBACK.cursor),
    font: `11px ${v('--vscode-font-family', 'sans-serif')}`,
  };
}

export interface DataModel {
  width: number;
  height: number;
  view: View;
  lanes: LaneInfo[];
  summary?: SummaryResult;
  /** Events of the view when it is close enough to draw them one by one (sorted by instant). */
  detail?: EventRow[];
  theme: Theme;
}

export function xOf(instant: number, view: View, width: number): number {
  return ((instant - view.from) / (view.to - view.from)) * width;
}

export function instantAt(x: number, view: View, width: number): number {
  return view.from + (x / width) * (view.to - view.from);
}

export function laneTop(lane: number): number {
  return RULER_HEIGHT + lane * LANE_HEIGHT;
}

export function canvasHeight(laneCount: number): number {
  return RULER_HEIGHT + Math.max(1, laneCount) * LANE_HEIGHT;
}

/** A "nice" tick step (1, 2, 5 × 10^k) giving about `targetPx` pixels between ticks. */
function tickStep(view: View, width: number, targetPx: number): number {
  const raw = ((view.to - view.from) * targetPx) / Math.max(1, width);
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return Math.max(1, m * pow);
  return Math.max(1, 10 * pow);
}

function drawRuler(ctx: CanvasRenderingContext2D, m: DataModel): void {
  const { theme, view, width } = m;
  ctx.fillStyle = theme.muted;
  ctx.strokeStyle = theme.border;
  ctx.font = theme.font;
  ctx.textBaseline = 'middle';
  const step = tickStep(view, width, 90);
  const first = Math.ceil(view.from / step) * step;
  ctx.beginPath();
  for (let t = first; t < view.to; t += step) {
    const x = Math.round(xOf(t, view, width)) + 0.5;
    ctx.moveTo(x, RULER_HEIGHT - 5);
    ctx.lineTo(x, RULER_HEIGHT);
    ctx.fillText(t.toLocaleString('en-US'), x + 3, RULER_HEIGHT / 2);
  }
  ctx.moveTo(0, RULER_HEIGHT - 0.5);
  ctx.lineTo(width, RULER_HEIGHT - 0.5);
  ctx.stroke();
}

/** Which summary kinds each mark strip adds up. */
const MARK_KINDS: { key: 'writes' | 'throws' | 'console'; kinds: string[] }[] = [
  { key: 'writes', kinds: ['VarWrite', 'PropWrite', 'PropDelete', 'MutatingCall'] },
  { key: 'throws', kinds: ['Throw', 'Uncaught', 'Unwind'] },
  { key: 'console', kinds: ['Console'] },
];

function drawSummaryLane(ctx: CanvasRenderingContext2D, m: DataModel, s: SummaryResult, laneIndex: number, top: number): void {
  const { width, view, theme } = m;
  const depthRow = s.depth[laneIndex];
  const counts = s.counts[laneIndex];
  if (!depthRow || !counts) return;
  const bucketSpan = (s.to - s.from) / s.buckets;
  const spanTop = top + LANE_LABEL_HEIGHT;
  const spanRows = Math.floor((LANE_HEIGHT - LANE_LABEL_HEIGHT - MARK_STRIP - 2) / SPAN_ROW) || 1;
  const maxDepth = Math.max(1, ...depthRow.slice(0, 4096));
  const rowPx = Math.min(SPAN_ROW, (spanRows * SPAN_ROW) / maxDepth);

  // Call depth as a skyline; runs of equal depth are merged into one rectangle.
  ctx.fillStyle = theme.calls;
  ctx.globalAlpha = 0.55;
  let runStart = 0;
  for (let j = 1; j <= s.buckets; j++) {
    if (j < s.buckets && depthRow[j] === depthRow[runStart]) continue;
    const d = depthRow[runStart];
    if (d > 0) {
      const x0 = xOf(s.from + runStart * bucketSpan, view, width);
      const x1 = xOf(s.from + j * bucketSpan, view, width);
      if (x1 >= 0 && x0 <= width) {
        const h = Math.min(d, maxDepth) * rowPx;
        ctx.fillRect(x0, spanTop, Math.max(1, x1 - x0), h);
      }
    }
    runStart = j;
  }
  ctx.globalAlpha = 1;

  // Marks: a strip at the bottom of the lane per mark kind, a tick where the bucket has any.
  const markTop = top + LANE_HEIGHT - MARK_STRIP - 1;
  for (const mark of MARK_KINDS) {
    const rows = mark.kinds.map((k) => s.kinds.indexOf(k)).filter((k) => k >= 0).map((k) => counts[k]);
    if (rows.length === 0) continue;
    ctx.fillStyle = theme[mark.key];
    const y = mark.key === 'throws' ? spanTop : markTop;
    const h = mark.key === 'throws' ? LANE_HEIGHT - LANE_LABEL_HEIGHT - 2 : MARK_STRIP;
    ctx.globalAlpha = mark.key === 'throws' ? 0.9 : 0.8;
    for (let j = 0; j < s.buckets; j++) {
      let n = 0;
      for (const row of rows) n += row[j] ?? 0;
      if (n === 0) continue;
      const x0 = xOf(s.from + j * bucketSpan, view, width);
      if (x0 < -2 || x0 > width) continue;
      ctx.fillRect(x0, y, Math.max(mark.key === 'throws' ? 2 : 1, bucketSpan * width / (view.to - view.from)), h);
    }
    ctx.globalAlpha = 1;
  }
}

/** Close up: calls as nested spans (from CallEnter to its Return/Unwind), marks as ticks. */
function drawDetailLane(ctx: CanvasRenderingContext2D, m: DataModel, events: EventRow[], thread: number, top: number): void {
  const { width, view, theme } = m;
  const spanTop = top + LANE_LABEL_HEIGHT;
  const maxRows = Math.floor((LANE_HEIGHT - LANE_LABEL_HEIGHT - MARK_STRIP - 2) / SPAN_ROW);
  const open: { start: number; name: string; row: number }[] = [];
  const baseDepth = events.find((e) => e.thread === thread)?.depth ?? 0;
  const drawSpan = (start: number, end: number, name: string, row: number) => {
    if (row >= maxRows) return;
    const x0 = Math.max(-1, xOf(start, view, width));
    const x1 = Math.min(width + 1, xOf(end, view, width));
    const y = spanTop + row * SPAN_ROW;
    ctx.fillStyle = theme.calls;
    ctx.globalAlpha = 0.35 + 0.12 * (row % 3);
    ctx.fillRect(x0, y, Math.max(1, x1 - x0 - 1), SPAN_ROW - 1);
    ctx.globalAlpha = 1;
    if (x1 - x0 > 28) {
      ctx.fillStyle = theme.foreground;
      ctx.save();
      ctx.beginPath();
      ctx.rect(x0, y, x1 - x0 - 2, SPAN_ROW);
      ctx.clip();
      ctx.fillText(name, Math.max(x0, 0) + 2, y + SPAN_ROW / 2);
      ctx.restore();
    }
  };
  ctx.font = theme.font;
  ctx.textBaseline = 'middle';
  const markTop = top + LANE_HEIGHT - MARK_STRIP - 1;
  for (const e of events) {
    if (e.thread !== thread) continue;
    if (e.kind === 'CallEnter') {
      open.push({ start: e.instant, name: e.name ?? '(anonymous)', row: Math.max(0, open.length + Math.max(0, e.depth - baseDepth - 1)) });
    } else if (e.kind === 'Return' || e.kind === 'Unwind') {
      const span = open.pop();
      if (span) drawSpan(span.start, e.instant + 1, span.name, span.row);
    }
    const mark = MARK_KINDS.find((mk) => mk.kinds.includes(e.kind));
    if (mark) {
      ctx.fillStyle = theme[mark.key];
      const x = xOf(e.instant, view, width);
      const w = Math.max(2, width / (view.to - view.from) - 1);
      if (mark.key === 'throws') ctx.fillRect(x, spanTop, w, LANE_HEIGHT - LANE_LABEL_HEIGHT - 2);
      else ctx.fillRect(x, markTop, w, MARK_STRIP);
    }
  }
  // Calls still open at the end of the view continue past its right edge.
  for (const span of open) drawSpan(span.start, view.to + 1, span.name, span.row);
}

export function drawData(ctx: CanvasRenderingContext2D, m: DataModel): void {
  const { width, height, theme } = m;
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, height);
  drawRuler(ctx, m);
  ctx.font = theme.font;
  ctx.textBaseline = 'top';
  m.lanes.forEach((lane, i) => {
    const top = laneTop(i);
    ctx.strokeStyle = theme.border;
    ctx.beginPath();
    ctx.moveTo(0, top + LANE_HEIGHT - 0.5);
    ctx.lineTo(width, top + LANE_HEIGHT - 0.5);
    ctx.stroke();
    if (m.detail) drawDetailLane(ctx, m, m.detail, lane.thread, top);
    else if (m.summary) {
      const k = m.summary.lanes.findIndex((l) => l.thread === lane.thread);
      if (k >= 0) drawSummaryLane(ctx, m, m.summary, k, top);
    }
    ctx.fillStyle = theme.muted;
    ctx.textBaseline = 'top';
    ctx.fillText(lane.label || `thread ${lane.thread}`, 4, top + 2);
  });
}

export function drawCursor(ctx: CanvasRenderingContext2D, width: number, height: number, view: View, cursor: number, theme: Theme): void {
  ctx.clearRect(0, 0, width, height);
  const x = xOf(cursor + 0.5, view, width);
  if (x < -1 || x > width + 1) return;
  ctx.fillStyle = theme.cursor;
  ctx.fillRect(Math.round(x) - 1, 0, 2, height);
  ctx.beginPath();
  ctx.moveTo(x - 5, 0);
  ctx.lineTo(x + 5, 0);
  ctx.lineTo(x, 7);
  ctx.fill();
}
