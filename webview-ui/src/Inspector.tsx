/**
 * The selected event: what it is, its value, the history of the name it touches over the run
 * (`scope/history`) and where that value came from (`scope/lastWrite`: the last write before the
 * event and, behind it, the last writes of what that write read).
 */
import { Fragment, memo, useEffect, useState } from 'react';
import type { EventRow, HistoryResult, LastWriteLink, LastWriteResult, SourcePosition } from '../../src/protocol/dap-custom';
import { request } from './host';
import { positionText, valueText } from './format';

/** Writes listed: the first and the last halves when there are more. */
const HISTORY_SHOWN = 50;

export interface InspectorProps {
  event?: EventRow;
  onSeek(instant: number): void;
  onReveal(position: SourcePosition): void;
}

type Loaded<T> = { state: 'idle' } | { state: 'loading' } | { state: 'done'; value: T } | { state: 'error'; message: string };

function useRequest<T>(key: unknown, run: (() => Promise<T>) | undefined): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'idle' });
  useEffect(() => {
    if (!run) { setLoaded({ state: 'idle' }); return undefined; }
    let live = true;
    setLoaded({ state: 'loading' });
    run().then(
      (value) => { if (live) setLoaded({ state: 'done', value }); },
      (error: unknown) => { if (live) setLoaded({ state: 'error', message: error instanceof Error ? error.message : String(error) }); },
    );
    return () => { live = false; };
    // `run` is rebuilt every render; `key` says when it asks something new.
  }, [key]);
  return loaded;
}

function GoButton({ instant, onSeek }: { instant: number; onSeek(i: number): void }) {
  return (
    <button type="button" className="link" aria-label={`Go to instant ${instant}`} onClick={() => onSeek(instant)}>
      @{instant.toLocaleString('en-US')}
    </button>
  );
}

function Chain({ link, onSeek, depth }: { link: LastWriteLink; onSeek(i: number): void; depth: number }) {
  return (
    <li>
      <span className="name">{link.name}</span> = <span className="value">{valueText(link.value)}</span>{' '}
      <GoButton instant={link.instant} onSeek={onSeek} />{' '}
      <span className="muted">{positionText(link.position)}</span>
      {link.reads.length > 0 && depth < 8 && (
        <ul aria-label={`What ${link.name} was computed from`}>
          {link.reads.map((r, i) => <Chain key={i} link={r} onSeek={onSeek} depth={depth + 1} />)}
        </ul>
      )}
    </li>
  );
}

export const Inspector = memo(function Inspector({ event, onSeek, onReveal }: InspectorProps) {
  const name = event?.name;
  const key = event && name ? `${event.instant}:${name}` : undefined;
  const history = useRequest<HistoryResult>(key, event && name ? () => request('history', { expression: name, instant: event.instant, limit: HISTORY_SHOWN }) : undefined);
  const origin = useRequest<LastWriteResult>(key, event && name ? () => request('lastWrite', { expression: name, instant: event.instant + 1 }) : undefined);

  if (!event) {
    return (
      <section className="pane inspector" aria-label="Inspector">
        <h2>Inspector</h2>
        <p className="muted empty">Select an event in the list, the call tree or on the timeline.</p>
      </section>
    );
  }
  return (
    <section className="pane inspector" aria-label="Inspector">
      <h2>Inspector</h2>
      <dl>
        <dt>Event</dt><dd><span className={`kind kind-${event.kind}`}>{event.kind}</span> {name && <span className="name">{name}</span>}</dd>
        <dt>Instant</dt><dd><GoButton instant={event.instant} onSeek={onSeek} /> <span className="muted">thread {event.thread}, depth {event.depth}</span></dd>
        {event.position && (
          <>
            <dt>Source</dt>
            <dd><button type="button" className="link" onClick={() => onReveal(event.position!)}>{positionText(event.position)}</button></dd>
          </>
        )}
        {event.value && (<><dt>Value</dt><dd className="value" data-testid="inspector-value">{valueText(event.value)}</dd></>)}
      </dl>
      {name && (
        <>
          <h3>History of {name}</h3>
          {history.state === 'loading' && <p className="muted">Loading…</p>}
          {history.state === 'error' && <p className="error">{history.message}</p>}
          {history.state === 'done' && (
            history.value.entries.length === 0 ? <p className="muted">No recorded writes.</p> : (
              <>
                <p className="muted">
                  {history.value.total.toLocaleString('en-US')} writes;
                  first {valueText(history.value.entries[0].value)}, last {valueText(history.value.entries[history.value.entries.length - 1].value)}
                </p>
                <ol className="history" aria-label={`Writes of ${name}`}>
                  {history.value.entries.map((h, k) => (
                    <Fragment key={h.instant}>
                      {history.value.truncated && k === history.value.entries.length / 2 && (
                        <li className="muted gap" aria-hidden="true">… {(history.value.total - history.value.entries.length).toLocaleString('en-US')} more …</li>
                      )}
                      <li className={h.instant === event.instant ? 'current' : undefined}>
                        <GoButton instant={h.instant} onSeek={onSeek} /> <span className="value">{valueText(h.value)}</span>{' '}
                        <span className="muted">{positionText(h.position)}</span>
                      </li>
                    </Fragment>
                  ))}
                </ol>
              </>
            )
          )}
          <h3>Where did this come from?</h3>
          {origin.state === 'loading' && <p className="muted">Loading…</p>}
          {origin.state === 'error' && <p className="error">{origin.message}</p>}
          {origin.state === 'done' && (origin.value.write
            ? <ul className="origin" aria-label={`Last write of ${name} and what it read`}><Chain link={origin.value.write} onSeek={onSeek} depth={0} /></ul>
            : <p className="muted">{origin.value.reason ?? 'No earlier write recorded.'}</p>)}
        </>
      )}
    </section>
  );
});
