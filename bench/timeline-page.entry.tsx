/**
 * Browser side of bench/timeline.bench.ts, bundled by it and added to the benchmark pages:
 * - `scopeBench.startFrames()` / `stopFrames()`: animation-frame timestamps and long-task count
 *   while the benchmark drives input;
 * - `scopeBench.installBaseline(box)` / `showBaseline(on)`: the baseline, a bare canvas over the
 *   timeline that only clears itself and draws a line on every move or wheel;
 * - `scopeBench.renderTree(n)`: renders the timeline's CallTree with n generated calls (nested three
 *   deep, 2n call events) and resolves with the milliseconds from handing React the events to the
 *   first frame showing rows (generating the events is not counted).
 */
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import type { EventRow } from '../src/protocol/dap-custom';
import { CallTree } from '../webview-ui/src/CallTree';

let stamps: number[] = [];
let longTasks = 0;
let recording = false;
/** Each recording has its own frame loop: a loop left from an earlier one stops at its next frame. */
let generation = 0;
new PerformanceObserver((list) => { if (recording) longTasks += list.getEntries().length; }).observe({ type: 'longtask', buffered: false });

function frameLoop(mine: number): FrameRequestCallback {
  const tick = (t: number) => {
    if (mine !== generation || !recording) return;
    stamps.push(t);
    requestAnimationFrame(tick);
  };
  return tick;
}

let baseline: HTMLCanvasElement | undefined;

function callEvents(calls: number): EventRow[] {
  const events: EventRow[] = [];
  let depth = 0;
  const close = () => { while (depth > 0) events.push({ instant: events.length, kind: 'Return', thread: 0, depth: --depth }); };
  for (let i = 0; i < calls; i++) {
    if (i % 3 === 0) close();
    events.push({ instant: events.length, kind: 'CallEnter', thread: 0, depth: depth++, name: `f${i % 3}`, position: { file: '/bench/app.ts', line: 10 + (i % 3), column: 1 } });
  }
  close();
  return events;
}

let treeRoot: Root | undefined;

const api = {
  startFrames(): void {
    stamps = [];
    longTasks = 0;
    recording = true;
    requestAnimationFrame(frameLoop(++generation));
  },
  async stopFrames(): Promise<{ stamps: number[]; longTasks: number }> {
    await new Promise((r) => setTimeout(r, 100));
    recording = false;
    return { stamps, longTasks };
  },
  installBaseline(box: { x: number; y: number; width: number; height: number }): void {
    const c = document.createElement('canvas');
    Object.assign(c.style, { position: 'fixed', left: `${box.x}px`, top: `${box.y}px`, width: `${box.width}px`, height: `${box.height}px`, zIndex: '10', display: 'none' });
    c.width = Math.round(box.width * devicePixelRatio);
    c.height = Math.round(box.height * devicePixelRatio);
    const ctx = c.getContext('2d')!;
    const redraw = (e: MouseEvent) => { ctx.clearRect(0, 0, c.width, c.height); ctx.fillRect(e.offsetX * devicePixelRatio, 0, 2, c.height); };
    c.addEventListener('pointermove', redraw);
    c.addEventListener('wheel', redraw);
    document.body.append(c);
    baseline = c;
  },
  showBaseline(on: boolean): void {
    if (baseline) baseline.style.display = on ? 'block' : 'none';
  },
  async renderTree(n: number): Promise<number> {
    treeRoot?.unmount();
    document.getElementById('bench-tree')?.remove();
    const el = document.createElement('div');
    el.id = 'bench-tree';
    Object.assign(el.style, { height: '600px', display: 'flex', flexDirection: 'column' });
    document.body.append(el);
    treeRoot = createRoot(el);
    const events = callEvents(n);
    const t0 = performance.now();
    flushSync(() => treeRoot!.render(<CallTree events={events} truncated={false} onSelect={() => undefined} onSeek={() => undefined} />));
    await new Promise((r) => requestAnimationFrame(r));
    if (!el.querySelector('.row')) throw new Error('the call tree rendered no rows');
    return performance.now() - t0;
  },
};

(globalThis as unknown as { scopeBench: typeof api }).scopeBench = api;
