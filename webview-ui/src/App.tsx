/**
 * The Scope Timeline: the session's recording on a canvas with the cursor at the session's instant,
 * and beside it the call tree and event list of the visible range and an inspector.
 *
 * Data flow: the view (instant range) and the cursor live here. The summary for the view is asked
 * at most once per frame with one request in flight; the close-up events, the list and the tree are
 * asked after the view settles. Seeks are "latest wins": one in flight, the newest position queued,
 * so dragging fast never piles up requests behind a slow adapter.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventRow, InfoResult, SourcePosition, SummaryResult } from '../../src/protocol/dap-custom';
import type { SessionState } from '../../src/protocol/webview';
import { CallTree } from './CallTree';
import { EventList, NO_FILTERS, type EventFilters } from './EventList';
import { KIND_GROUPS } from './format';
import { onHostMessage, post, request } from './host';
import { Inspector } from './Inspector';
import { TimelineCanvas } from './TimelineCanvas';
import { clampView, zoomView, type View } from './view';

/** At or below this many instants in view, events are drawn one by one instead of summarised. */
const DETAIL_SPAN = 2000;
const LIST_LIMIT = 5000;
const TREE_LIMIT = 40000;
const SETTLE_MS = 150;
const MAX_SETTLE_WAIT_MS = 600;
const SEEK_GAP_MS = 50;
const SPEEDS = [10, 100, 1000, 10000, 100000];

type Page = { events: EventRow[]; total: number; truncated: boolean };
const EMPTY_PAGE: Page = { events: [], total: 0, truncated: false };

/**
 * Runs `effect` once `deps` have not changed for `ms`, and while they keep changing at least every
 * `maxWaitMs`: a live recording grows every 100 ms (each growth moves the view), and waiting for
 * quiet left the event list and the call tree empty for as long as the program ran.
 */
function useSettled(effect: () => void, deps: unknown[], ms: number, maxWaitMs = MAX_SETTLE_WAIT_MS) {
  /** When the oldest change not yet served was made. */
  const pendingSince = useRef<number | undefined>(undefined);
  useEffect(() => {
    const now = performance.now();
    pendingSince.current ??= now;
    const timer = setTimeout(() => {
      pendingSince.current = undefined;
      effect();
    }, Math.min(ms, Math.max(0, pendingSince.current + maxWaitMs - now)));
    return () => clearTimeout(timer);
  }, deps);
}

/**
 * A setter for answers that may arrive out of order: `next()` numbers a request, and its answer is
 * applied unless the answer of a later request was applied first. (Dropping every answer whose
 * inputs changed while it was on its way would drop them all while a recording grows.)
 */
function useLatestAnswer<T>(set: (value: T) => void): () => (value: T) => void {
  const issued = useRef(0);
  const applied = useRef(0);
  return useCallback(() => {
    const id = ++issued.current;
    return (value: T) => {
      if (id < applied.current) return;
      applied.current = id;
      set(value);
    };
  }, [set]);
}

export function App() {
  const [session, setSession] = useState<SessionState>({ active: false });
  const [info, setInfo] = useState<InfoResult | undefined>(undefined);
  const [view, setView] = useState<View>({ from: 0, to: 1 });
  const [cursor, setCursor] = useState(0);
  const [width, setWidth] = useState(800);
  const [summary, setSummary] = useState<SummaryResult | undefined>(undefined);
  const [detail, setDetail] = useState<EventRow[] | undefined>(undefined);
  const [list, setList] = useState<Page>(EMPTY_PAGE);
  const [calls, setCalls] = useState<Page>(EMPTY_PAGE);
  const [filters, setFilters] = useState<EventFilters>(NO_FILTERS);
  const [selected, setSelected] = useState<EventRow | undefined>(undefined);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1000);
  const [error, setError] = useState<string | undefined>(undefined);
  const eventCount = info?.events ?? 0;
  const fail = useCallback((e: unknown) => setError(e instanceof Error ? e.message : String(e)), []);
  const detailAnswer = useLatestAnswer(setDetail);
  const listAnswer = useLatestAnswer(setList);
  const callsAnswer = useLatestAnswer(setCalls);

  // ---- session and pushed messages ----
  const dragging = useRef(false);
  /** The event count the view was last fitted against: a view reaching it follows the run as it grows. */
  const knownCount = useRef(0);
  const followGrowth = useCallback((events: number, reset = false) => {
    const before = knownCount.current;
    knownCount.current = events;
    setView((v) => {
      if (reset || v.to <= 1) return clampView(0, events, events);
      return clampView(v.from, v.to >= before ? events : v.to, events);
    });
  }, []);
  const loadInfo = useCallback(async (resetView: boolean) => {
    const i = await request('info', {});
    setInfo(i);
    if (!dragging.current) setCursor(i.current);
    followGrowth(i.events, resetView);
  }, [followGrowth]);

  useEffect(() => onHostMessage((m) => {
    switch (m.type) {
      case 'session':
        setSession(m.state);
        setError(undefined);
        if (m.state.active) loadInfo(true).catch(fail);
        else { setInfo(undefined); setSummary(undefined); detailAnswer()(undefined); listAnswer()(EMPTY_PAGE); callsAnswer()(EMPTY_PAGE); setPlaying(false); }
        break;
      case 'moved':
        if (!dragging.current) setCursor(m.instant);
        break;
      case 'grew':
        setInfo((i) => (i ? { ...i, events: m.body.events, dropped: m.body.dropped, complete: !m.body.running } : i));
        followGrowth(m.body.events);
        // The recording is complete: its lanes and final size are known now.
        if (!m.body.running) loadInfo(false).catch(fail);
        break;
      default:
    }
  }), [loadInfo, followGrowth, fail, detailAnswer, listAnswer, callsAnswer]);
  useEffect(() => post({ type: 'ready' }), []);

  // ---- seeking: latest wins ----
  // Each seek makes VS Code refetch the stack, scopes and variables; the extension forwards a seek
  // only once those are done, and the next one leaves SEEK_GAP_MS for the editor to repaint.
  const seekState = useRef<{ busy: boolean; queued?: number }>({ busy: false });
  const seek = useCallback((instant: number) => {
    const s = seekState.current;
    if (s.busy) { s.queued = instant; return; }
    s.busy = true;
    request('seek', { instant })
      .then((r) => { if (!dragging.current) setCursor(r.instant); }, fail)
      .finally(() => setTimeout(() => {
        s.busy = false;
        const next = s.queued;
        s.queued = undefined;
        if (next !== undefined) seek(next);
      }, SEEK_GAP_MS));
  }, [fail]);

  const onScrub = useCallback((instant: number) => {
    dragging.current = true;
    setCursor(instant);
    seek(instant);
  }, [seek]);
  const onDragEnd = useCallback(() => { dragging.current = false; }, []);
  const seekAndShow = useCallback((instant: number) => {
    setCursor(instant);
    setView((v) => (instant >= v.from && instant < v.to ? v : clampView(instant - (v.to - v.from) / 2, instant + (v.to - v.from) / 2, eventCount)));
    seek(instant);
  }, [seek, eventCount]);
  const onStep = useCallback((direction: 'forward' | 'backward') => post({ type: 'step', direction }), []);
  const onReveal = useCallback((position: SourcePosition) => post({ type: 'reveal', position }), []);

  // Keep the cursor in view while it moves by keyboard or playback.
  useEffect(() => {
    setView((v) => (cursor >= v.from && cursor < v.to) || dragging.current ? v : clampView(cursor - (v.to - v.from) / 2, cursor + (v.to - v.from) / 2, eventCount));
  }, [cursor, eventCount]);

  // ---- summary: one request in flight, re-asked when the view moved meanwhile ----
  const summaryState = useRef<{ inFlight: boolean; wanted?: { view: View; width: number } }>({ inFlight: false });
  const askSummary = useCallback(() => {
    const s = summaryState.current;
    if (s.inFlight || !s.wanted) return;
    const { view: v, width: w } = s.wanted;
    s.wanted = undefined;
    s.inFlight = true;
    const from = Math.max(0, Math.floor(v.from));
    const to = Math.max(from + 1, Math.ceil(v.to));
    request('summary', { from, to, buckets: Math.max(1, Math.min(to - from, Math.round(w), 4000)) })
      .then(setSummary, fail)
      .finally(() => { s.inFlight = false; requestAnimationFrame(askSummary); });
  }, [fail]);
  useEffect(() => {
    if (!session.active || eventCount === 0) return;
    summaryState.current.wanted = { view, width };
    requestAnimationFrame(askSummary);
  }, [session.active, eventCount, view, width, askSummary]);

  // ---- close-up events, list and call tree: after the view settles ----
  const span = view.to - view.from;
  const rangeKey = `${Math.floor(view.from)}:${Math.ceil(view.to)}:${eventCount}`;
  useSettled(() => {
    const apply = detailAnswer();
    if (!session.active || span > DETAIL_SPAN) { apply(undefined); return; }
    request('events', { from: Math.floor(view.from), to: Math.ceil(view.to), limit: DETAIL_SPAN + 1 })
      .then((r) => apply(r.truncated ? undefined : r.events), fail);
  }, [session.active, rangeKey], 60);

  useSettled(() => {
    if (!session.active || eventCount === 0) return;
    const kinds = filters.kindGroup ? KIND_GROUPS[filters.kindGroup] : undefined;
    request('events', {
      from: Math.floor(view.from), to: Math.ceil(view.to), limit: LIST_LIMIT, kinds,
      text: filters.text || undefined, file: filters.file || undefined,
    }).then(listAnswer(), fail);
  }, [session.active, rangeKey, filters.kindGroup, filters.text, filters.file], SETTLE_MS);

  useSettled(() => {
    if (!session.active || eventCount === 0) return;
    request('events', { from: Math.floor(view.from), to: Math.ceil(view.to), limit: TREE_LIMIT, kinds: KIND_GROUPS.calls })
      .then(callsAnswer(), fail);
  }, [session.active, rangeKey], SETTLE_MS);

  // ---- playback: the cursor advances `speed` events per second, seeking as it goes ----
  const cursorRef = useRef(cursor);
  cursorRef.current = cursor;
  useEffect(() => {
    if (!playing) return undefined;
    let last = performance.now();
    let position = cursorRef.current;
    let frame = requestAnimationFrame(function tick(now) {
      // A frame's timestamp is when the frame began, which can be before the `performance.now()`
      // taken when playback started: never let time run backwards (it seeked to -1 under load).
      position += (speed * Math.max(0, now - last)) / 1000;
      last = Math.max(last, now);
      const target = Math.max(0, Math.min(eventCount - 1, Math.floor(position)));
      if (target !== cursorRef.current) { setCursor(target); seek(target); }
      if (target >= eventCount - 1) { setPlaying(false); return; }
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, eventCount, seek]);

  if (!session.active) {
    return (
      <main className="app empty-state">
        <p>No Scope session.</p>
        <p className="muted">Press F5 with a “Scope Debug” launch configuration, or run “Scope: Open Recording…”.</p>
      </main>
    );
  }

  return (
    <main className="app">
      <div className="toolbar" role="toolbar" aria-label="Timeline controls">
        <button type="button" onClick={() => setPlaying((x) => !x)} aria-pressed={playing} aria-label={playing ? 'Pause replay' : 'Play replay'}>
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <select aria-label="Replay speed (events per second)" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => <option key={s} value={s}>{s.toLocaleString('en-US')} ev/s</option>)}
        </select>
        <button type="button" aria-label="Zoom in" onClick={() => setView((v) => zoomView(v, cursor, 0.5, eventCount))}>+</button>
        <button type="button" aria-label="Zoom out" onClick={() => setView((v) => zoomView(v, cursor, 2, eventCount))}>−</button>
        <button type="button" aria-label="Show the whole run" onClick={() => setView(clampView(0, eventCount, eventCount))}>Fit</button>
        <span className="status" aria-live="polite" data-testid="cursor-status">
          instant {cursor.toLocaleString('en-US')} / {eventCount.toLocaleString('en-US')}
        </span>
        <span className="muted status">
          {session.name}{info && !info.complete ? ' · recording' : ''}{info && info.dropped > 0 ? ` · ${info.dropped.toLocaleString('en-US')} dropped` : ''}
        </span>
      </div>
      {error && <div className="error" role="alert">{error} <button type="button" className="link" onClick={() => setError(undefined)}>Dismiss</button></div>}
      <TimelineCanvas
        eventCount={eventCount}
        lanes={info?.lanes ?? []}
        view={view}
        cursor={cursor}
        summary={summary}
        detail={detail}
        onView={setView}
        onScrub={onScrub}
        onDragEnd={onDragEnd}
        onStep={onStep}
        onWidth={setWidth}
      />
      <div className="panes">
        <CallTree events={calls.events} truncated={calls.truncated} onSelect={setSelected} onSeek={seekAndShow} />
        <EventList
          events={list.events}
          total={list.total}
          truncated={list.truncated}
          filters={filters}
          onFilters={setFilters}
          selected={selected}
          onSelect={setSelected}
          onSeek={seekAndShow}
        />
        <Inspector event={selected} onSeek={seekAndShow} onReveal={onReveal} />
      </div>
    </main>
  );
}
