/**
 * Progress of Scope's own long work (compressing a recording after the run) on stderr, written
 * for whoever reads it:
 * - a terminal gets one `scope:` line rewritten in place (at most every TTY_INTERVAL_MS), erased
 *   when the work ends, so that what is left on screen is the result;
 * - a log (CI, a pipe, a file) gets a line when the work starts and one every LOG_INTERVAL_MS
 *   while it lasts: enough to show it is alive (CI systems stop a job silent for minutes), not
 *   enough to fill the log.
 * Work too small to be noticed (under `worthShowing` bytes: a fraction of a second) shows nothing
 * at all, so that a short run's stderr is what it was without Scope but for its summary line.
 * Only Scope writes here, after the program has ended: the program's own output is never touched.
 */

export interface ProgressStream {
  /** A terminal: the line is rewritten in place. */
  isTTY?: boolean;
  write(text: string): unknown;
}

const TTY_INTERVAL_MS = 200;
const LOG_INTERVAL_MS = 10_000;
/** No estimate of the time left before this much of the work is done (the first chunks mislead). */
const ESTIMATE_AFTER_MS = 2_000;

/** `bytes` in GB, MB or KB: the unit `scale` (default: `bytes` itself) calls for, and that unit. */
function inUnit(bytes: number, scale = bytes): [string, string] {
  if (scale >= 2 ** 30) return [(bytes / 2 ** 30).toFixed(1), 'GB'];
  if (scale >= 2 ** 20) return [(bytes / 2 ** 20).toFixed(1), 'MB'];
  return [String(Math.round(bytes / 2 ** 10)), 'KB'];
}

export function formatBytes(bytes: number): string {
  return inUnit(bytes).join(' ');
}

function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  return `${Math.round(seconds / 60)} min`;
}

/** `scope: <what>: 45% (5.9 of 13.0 GB, 22 s left)`: the time left once it can be estimated. */
export function progressLine(what: string, done: number, total: number, elapsedMs: number): string {
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
  const left = elapsedMs >= ESTIMATE_AFTER_MS && done > 0 && done < total ? `, ${formatSeconds(((total - done) / done) * (elapsedMs / 1000))} left` : '';
  return `scope: ${what}: ${percent}% (${inUnit(done, total)[0]} of ${formatBytes(total)}${left})`;
}

export class StderrProgress {
  private what = '';
  private hint = '';
  private total = 0;
  private startedAt = 0;
  private lastShown = -Infinity;
  /** A terminal line is on screen and must be erased before anything else is written. */
  private lineShown = false;

  /** The work is big enough to show (`worthShowing`). */
  private shown = false;

  constructor(private readonly out: ProgressStream, private readonly worthShowing = 0, private readonly now: () => number = () => performance.now()) {}

  /**
   * Starts reporting work on `total` bytes; `announce` is the line a log gets at the start (a
   * terminal's line ends with `hint` instead, since the announcement is not kept there).
   */
  start(what: string, total: number, announce: string, hint = ''): void {
    this.shown = total >= this.worthShowing;
    if (!this.shown) return;
    this.what = what;
    this.hint = hint;
    this.total = total;
    this.startedAt = this.now();
    this.lastShown = this.startedAt;
    if (this.out.isTTY) this.show(0);
    else this.out.write(`${announce}\n`);
  }

  update(done: number): void {
    if (!this.shown) return;
    const now = this.now();
    if (now - this.lastShown < (this.out.isTTY ? TTY_INTERVAL_MS : LOG_INTERVAL_MS)) return;
    this.lastShown = now;
    if (this.out.isTTY) this.show(done);
    else this.out.write(`${progressLine(this.what, done, this.total, now - this.startedAt)}\n`);
  }

  /** Erases the terminal line (a log keeps its lines); the caller then prints the outcome. */
  end(): void {
    if (this.lineShown) this.out.write('\r\x1b[K');
    this.lineShown = false;
  }

  private show(done: number): void {
    this.out.write(`\r\x1b[K${progressLine(this.what, done, this.total, this.now() - this.startedAt)}${this.hint}`);
    this.lineShown = true;
  }
}

/**
 * Work on fewer bytes shows nothing: compressing 280 MB after a run took 0.9–1.5 s, reading it
 * about as long; it is done before anyone wonders.
 */
export const SHOW_FROM_BYTES = 256 * 2 ** 20;

/**
 * Progress of reading a recording (`scope info | dump | export | query` on a big file: a minute
 * for a compiler's run) for `openRecording`/`scanRecording`'s `onProgress`; `done()` erases the
 * terminal line once the file is read.
 */
export function readingProgress(file: string, out: ProgressStream = process.stderr): { onProgress: (done: number, total: number) => void; done(): void } {
  const progress = new StderrProgress(out, SHOW_FROM_BYTES);
  let started = false;
  return {
    onProgress: (done, total) => {
      if (!started) {
        started = true;
        progress.start('reading the recording', total, `scope: reading ${file} (${formatBytes(total)})`);
      }
      progress.update(done);
    },
    done: () => progress.end(),
  };
}
