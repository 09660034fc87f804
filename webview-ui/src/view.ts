/** The timeline's view: the range of instants on screen, kept inside the run while zooming and panning. */

export interface View {
  /** First instant in view (may be fractional while zooming). */
  from: number;
  /** One past the last instant in view. */
  to: number;
}

/** The closest zoom: a few instants across the whole width (events then draw one by one). */
const MIN_SPAN = 8;

export function clampView(from: number, to: number, eventCount: number): View {
  const total = Math.max(1, eventCount);
  const span = Math.min(total, Math.max(MIN_SPAN, to - from));
  const start = Math.max(0, Math.min(from, total - span));
  return { from: start, to: start + span };
}

export function zoomView(view: View, anchor: number, factor: number, eventCount: number): View {
  return clampView(anchor - (anchor - view.from) * factor, anchor + (view.to - anchor) * factor, eventCount);
}
