/**
 * DAP progress (`progressStart` / `progressUpdate` / `progressEnd`) for the adapter's long work:
 * opening a big recording (reading, then indexing) and indexing what a live run recorded once it
 * ends. Sent only to a client whose `initialize` said `supportsProgressReporting`; the session
 * makes none otherwise.
 *
 * Percentages only go up, and an update is sent only when the whole percentage changes (at most
 * 100 per piece of work, however many steps the work takes); the last update says 100 before the
 * end. A piece of work without a known size (a live recording growing) sends messages alone.
 */
import { ProgressEndEvent, ProgressStartEvent, ProgressUpdateEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';

export class DapProgress {
  /** The whole percentage last sent; -1 before any. */
  private sentPercent = -1;
  private ended = false;

  constructor(private readonly send: (event: DebugProtocol.Event) => void, readonly id: string) {}

  /** `percentage` 0 when the work has a size; `cancellable`: the client may send `cancel` with this id. */
  start(title: string, message: string, options: { percentage?: number; cancellable?: boolean } = {}): void {
    const e = new ProgressStartEvent(this.id, title, message) as DebugProtocol.ProgressStartEvent;
    if (options.percentage !== undefined) {
      e.body.percentage = options.percentage;
      this.sentPercent = Math.floor(options.percentage);
    }
    if (options.cancellable) e.body.cancellable = true;
    this.send(e);
  }

  /** Sends an update if `percentage` (clamped to 0–100) passed a whole percent not sent yet. */
  report(percentage: number, message: string): void {
    const whole = Math.floor(Math.max(0, Math.min(100, percentage)));
    if (this.ended || whole <= this.sentPercent) return;
    this.sentPercent = whole;
    const e = new ProgressUpdateEvent(this.id, message) as DebugProtocol.ProgressUpdateEvent;
    e.body.percentage = whole;
    this.send(e);
  }

  /** An update without a percentage (work of unknown size). */
  say(message: string): void {
    if (!this.ended) this.send(new ProgressUpdateEvent(this.id, message));
  }

  /** Ends the progress (once); `done` sends 100% first if the work had a size and it was not sent. */
  end(message: string, done = true): void {
    if (this.ended) return;
    if (done && this.sentPercent >= 0) this.report(100, message);
    this.ended = true;
    this.send(new ProgressEndEvent(this.id, message));
  }
}
