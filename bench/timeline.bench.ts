/**
 * Scope Timeline benchmarks in headless Chromium (run: npx tsx bench/timeline.bench.ts; needs
 * `npm run build` and Debian's chromium). SCOPE_BENCH_FRAMES sets the frames per measurement
 * (default 120).
 *
 * 1. Frame times while scrubbing (mouse drag) and zooming (wheel) over synthetic runs of 1 M and
 *    10 M events, 3 lanes: the real timeline page and CSP (test/webview/harness.ts), answering
 *    `scope/summary` with formula-made data of any size. Frame time = interval between animation
 *    frames while the input runs. Baseline, same page, same input: a bare canvas that only clears
 *    itself and draws a line per move ("empty canvas redraw"). Targets: p95 ≤ 16.7 ms, no task
 *    over 50 ms (long tasks counted by PerformanceObserver).
 *    Note: the stand-in for VS Code answers requests on the page's own main thread; in VS Code the
 *    answers come from the extension host, so these figures are pessimistic.
 * 2. First render of the call tree with 1 M calls (2 M call events), against the same component
 *    with 1 k calls as the in-run baseline: the ratio shows how far the virtualised tree is from
 *    "cost of the visible rows only". Target ≤ 300 ms.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { launchChromium, startHarness } from '../test/webview/harness';

const ROOT = path.resolve(__dirname, '..');
const FRAMES = Number(process.env.SCOPE_BENCH_FRAMES ?? 120);

interface FrameStats { p50: number; p95: number; max: number; longTasks: number }

/** What bench/timeline-page.entry.tsx puts on the page (this file has no DOM types). */
declare const scopeBench: {
  startFrames(): void;
  stopFrames(): Promise<{ stamps: number[]; longTasks: number }>;
  installBaseline(box: { x: number; y: number; width: number; height: number }): void;
  showBaseline(on: boolean): void;
  renderTree(n: number): Promise<number>;
};

/** Frame intervals and long tasks in the page while `drive` runs. */
async function frames(page: Page, drive: () => Promise<void>): Promise<FrameStats> {
  await page.evaluate(() => scopeBench.startFrames());
  await drive();
  const { stamps, longTasks } = await page.evaluate(() => scopeBench.stopFrames());
  const intervals = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
  const at = (p: number) => intervals[Math.min(intervals.length - 1, Math.floor((intervals.length - 1) * p))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: intervals[intervals.length - 1] ?? NaN, longTasks };
}

async function scrub(page: Page, box: { x: number; y: number; width: number }): Promise<void> {
  await page.mouse.move(box.x + box.width * 0.05, box.y + 40);
  await page.mouse.down();
  for (let k = 0; k < FRAMES; k++) {
    const f = k / FRAMES;
    await page.mouse.move(box.x + box.width * (0.05 + 0.9 * (f < 0.5 ? 2 * f : 2 - 2 * f)), box.y + 40);
  }
  await page.mouse.up();
}

async function zoom(page: Page, box: { x: number; y: number; width: number }): Promise<void> {
  await page.mouse.move(box.x + box.width * 0.37, box.y + 40);
  for (let k = 0; k < FRAMES; k++) await page.mouse.wheel(0, k % 40 < 20 ? -120 : 120);
}

const fmt = (s: FrameStats) => `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms, tasks > 50 ms: ${s.longTasks}`;

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'dist', 'webview', 'timeline.js'))) throw new Error('run `npm run build` first (dist/webview/timeline.js is missing)');
  const bundle = await build({
    entryPoints: [path.join(__dirname, 'timeline-page.entry.tsx')], bundle: true, write: false, format: 'iife', platform: 'browser',
    target: 'chrome120', jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'error',
  });
  const pageScript = bundle.outputFiles[0].text;
  const harness = await startHarness();
  const browser = await launchChromium();
  try {
    for (const events of [1_000_000, 10_000_000]) {
      // bypassCSP only so the benchmark's own script can be added to the page.
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
      await page.goto(harness.url(`?events=${events}&lanes=3`));
      const slider = page.getByRole('slider', { name: /Timeline cursor/ });
      await slider.waitFor();
      await page.waitForTimeout(500);
      const box = (await slider.boundingBox())!;
      await page.addScriptTag({ content: pageScript });
      await page.evaluate((b) => scopeBench.installBaseline(b), box);
      const show = (on: boolean) => page.evaluate((v) => scopeBench.showBaseline(v), on);

      const scrubTimeline = await frames(page, () => scrub(page, box));
      const zoomTimeline = await frames(page, () => zoom(page, box));
      await show(true);
      const scrubBase = await frames(page, () => scrub(page, box));
      const zoomBase = await frames(page, () => zoom(page, box));
      await show(false);
      const label = `${(events / 1e6).toFixed(0)} M events`;
      console.log(`timeline scrub, ${label}: ${fmt(scrubTimeline)} | empty-canvas baseline ${fmt(scrubBase)} | p95 ratio ${(scrubTimeline.p95 / scrubBase.p95).toFixed(2)}x (target p95 ≤ 16.7 ms)`);
      console.log(`timeline zoom,  ${label}: ${fmt(zoomTimeline)} | empty-canvas baseline ${fmt(zoomBase)} | p95 ratio ${(zoomTimeline.p95 / zoomBase.p95).toFixed(2)}x (target p95 ≤ 16.7 ms)`);
      await page.close();
    }

    // Call tree: the real component on a page of its own.
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.addScriptTag({ content: pageScript });
    const renderTree = (calls: number) => page.evaluate((n) => scopeBench.renderTree(n), calls);
    await renderTree(1000); // warm-up: JIT and first layout
    const small = await renderTree(1000);
    const big = await renderTree(1_000_000);
    console.log(`call tree first render: 1 M calls ${big.toFixed(0)} ms | 1 k calls baseline ${small.toFixed(1)} ms | ratio ${(big / small).toFixed(1)}x (target ≤ 300 ms)`);
    await page.close();
  } finally {
    await browser.close();
    await harness.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
