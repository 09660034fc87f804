/**
 * The Scope Timeline in headless Chromium, on the same page and CSP as in VS Code, fed by a harness
 * standing in for VS Code (harness.ts). What a person would check: the run is drawn, dragging and
 * the keyboard move the session (the seek messages sent), the list filters, the inspector shows
 * history and origin, recorded markup stays text. Screenshots go to test-results/webview/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { WebviewToHost } from '../../src/protocol/webview';
import { FILE, makeFixture, MARKUP_STRING } from './fixture';
import { launchChromium, ROOT, startHarness, type Harness, type HarnessApi } from './harness';

/** The page globals the test reads, set by fixtures/harness-host.ts (this file has no DOM types). */
declare const window: { scopeHarness: HarnessApi };

const SHOTS = path.join(ROOT, 'test-results', 'webview');
const fixture = makeFixture();
const N = fixture.rows.length;

type Sent = WebviewToHost;
const sent = (page: Page) => page.evaluate(() => window.scopeHarness.sent) as Promise<Sent[]>;
const seeks = async (page: Page) => (await sent(page)).flatMap((m) => (m.type === 'request' && m.method === 'seek' ? [m.args.instant] : []));

describe('Scope Timeline webview (Chromium)', function () {
  this.timeout(60_000);
  let harness: Harness;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];

  before(async () => {
    // Build the bundles the way the extension ships them.
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
    mkdirSync(SHOTS, { recursive: true });
    harness = await startHarness(fixture);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1100, height: 620 } });
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(harness.url());
    await page.getByRole('slider', { name: /Timeline cursor/ }).waitFor();
    await page.locator('.virtual-list .row').first().waitFor();
  });
  afterEach(async function () {
    const name = (this.currentTest?.title ?? 'test').replace(/[^a-z0-9]+/gi, '-');
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    const invalid = await page.evaluate(() => window.scopeHarness.invalid);
    await page.close();
    assert.deepEqual(invalid, [], 'the timeline sent messages the protocol rejects');
  });

  it('draws both lanes of the run and lists its events and calls', async () => {
    // Pixels of the data layer that differ from the background: the lanes have spans and marks.
    const painted = await page.evaluate(() => window.scopeHarness.paintedPixels(2));
    assert.ok(painted[0] > 1000 && painted[1] > 100, `lanes painted: ${painted}`);
    const status = await page.getByTestId('cursor-status').textContent();
    assert.equal(status, `instant 0 / ${N}`);
    assert.ok(await page.getByRole('option', { name: /CallEnter main at instant 0/ }).count() >= 1);
    assert.ok(await page.getByRole('listbox', { name: /Calls in the visible range/ }).getByRole('option', { name: /^addItem at instant/ }).count() > 5);
  });

  it('keeps the event list and the call tree filled while the recording grows', async () => {
    // A synthetic run, whose events exist at any instant.
    await page.goto(harness.url('?events=1000000'));
    await page.getByRole('slider', { name: /Timeline cursor/ }).waitFor();
    // While a program runs, the adapter says the recording grew every 100 ms; the view follows it.
    await page.evaluate(() => {
      let events = 1_000_000;
      setInterval(() => {
        events += 10_000;
        window.scopeHarness.push({ type: 'grew', body: { events, dropped: 0, bytes: events * 8, running: true } });
      }, 100);
    });
    const listedOf = async () => Number(/of ([\d,]+)/.exec((await page.locator('.event-list h2 .muted').textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? 0);
    const status = async () => Number(/\/ ([\d,]+)$/.exec((await page.getByTestId('cursor-status').textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? 0);
    const seen: number[] = [];
    for (let k = 0; k < 30 && seen.length < 3; k++) {
      await page.waitForTimeout(200);
      const n = await listedOf();
      if (n > 1_000_000 && n !== seen[seen.length - 1]) seen.push(n);
    }
    assert.ok(seen.length >= 3, `the list followed the growth: it listed ranges of ${JSON.stringify(seen)} events after the first million`);
    assert.ok(await status() > seen[seen.length - 1] - 100_000, 'the list is at most a few growths behind the recording');
    assert.ok((await page.evaluate(() => window.scopeHarness.layout().callRows)) > 5, 'the call tree is filled too');
  });

  it('scrubbing by mouse drag moves the session to the instant under the pointer', async () => {
    const slider = page.getByRole('slider', { name: /Timeline cursor/ });
    const box = (await slider.boundingBox())!;
    const y = box.y + 40;
    await page.mouse.move(box.x + box.width * 0.1, y);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(box.x + box.width * (0.1 + 0.05 * k), y);
    await page.mouse.up();
    const expected = Math.floor(0.6 * N);
    await page.waitForFunction((e) => window.scopeHarness.current === e, expected, { timeout: 5000 }).catch(() => undefined);
    const sentSeeks = await seeks(page);
    assert.ok(sentSeeks.length >= 2, `seeks sent while dragging: ${sentSeeks}`);
    assert.ok(Math.abs(sentSeeks[sentSeeks.length - 1] - expected) <= 1, `last seek ${sentSeeks.at(-1)} is the pointer's instant ${expected}`);
    for (let k = 1; k < sentSeeks.length; k++) assert.ok(sentSeeks[k] >= sentSeeks[k - 1], 'seeks follow the drag rightwards');
    await page.getByText(`instant ${sentSeeks.at(-1)} / ${N}`).waitFor();
  });

  it('the keyboard steps the cursor, steps over calls and jumps to the ends', async () => {
    const slider = page.getByRole('slider', { name: /Timeline cursor/ });
    await slider.focus();
    // One key at a time, as a person presses them: each seek lands before the next key.
    // (Faster presses coalesce — seeks are "latest wins" — which the drag test covers.)
    for (const [key, instant] of [['End', N - 1], ['ArrowLeft', N - 2], ['ArrowLeft', N - 3], ['Home', 0], ['ArrowRight', 1]] as const) {
      await page.keyboard.press(key);
      await page.waitForFunction((i) => window.scopeHarness.current === i, instant);
    }
    assert.deepEqual(await seeks(page), [N - 1, N - 2, N - 3, 0, 1]);
    assert.equal(await slider.getAttribute('aria-valuenow'), '1');
    await page.keyboard.press('Alt+ArrowRight');
    await page.keyboard.press('Control+ArrowLeft');
    const steps = (await sent(page)).filter((m) => m.type === 'step').map((m) => (m.type === 'step' ? m.direction : ''));
    assert.deepEqual(steps, ['forward', 'backward']);
  });

  it('the cursor follows the session when it moves elsewhere (a step, a breakpoint)', async () => {
    await page.evaluate((i) => window.scopeHarness.push({ type: 'moved', instant: i }), 123);
    await page.getByText(`instant 123 / ${N}`).waitFor();
    assert.equal(await page.getByRole('slider', { name: /Timeline cursor/ }).getAttribute('aria-valuenow'), '123');
  });

  it('Play replays the run forwards, moving the session as it goes, until Pause', async () => {
    await page.getByLabel('Replay speed (events per second)').selectOption('100');
    await page.getByRole('button', { name: 'Play replay' }).click();
    await page.waitForFunction(() => window.scopeHarness.current >= 20, undefined, { timeout: 10_000 });
    await page.getByRole('button', { name: 'Pause replay' }).click();
    // The session ends where the cursor stopped (a seek queued at Pause still lands), then stays.
    await page.waitForTimeout(500);
    const cursorAt = Number(await page.getByRole('slider', { name: /Timeline cursor/ }).getAttribute('aria-valuenow'));
    const stoppedAt = await page.evaluate(() => window.scopeHarness.current);
    assert.equal(stoppedAt, cursorAt, 'the session is where the cursor paused');
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.scopeHarness.current), stoppedAt, 'nothing moves after Pause');
    const played = await seeks(page);
    assert.ok(played.length >= 3, `seeks while playing: ${played}`);
    for (let k = 1; k < played.length; k++) assert.ok(played[k] > played[k - 1], 'replay only moves forwards');
  });

  it('filters the event list by kind, function and text', async () => {
    const list = page.getByRole('listbox', { name: /^Events/ });
    await page.getByLabel('Kind').selectOption('writes');
    await page.waitForFunction(() => window.scopeHarness.sent.some((m) => m.type === 'request' && m.method === 'events'
      && (m.args as { kinds?: string[] }).kinds?.includes('VarWrite')));
    await list.getByRole('option', { name: /^VarWrite stock/ }).first().waitFor();
    const kinds = await list.locator('.row .kind').allTextContents();
    assert.ok(kinds.length > 10 && kinds.every((k) => k === 'VarWrite' || k === 'PropWrite'), `kinds shown: ${[...new Set(kinds)]}`);

    await page.getByLabel('Function').fill('stock');
    await list.locator('.row .name', { hasNotText: 'stock' }).first().waitFor({ state: 'detached' });
    const names = await list.locator('.row .name').allTextContents();
    assert.ok(names.length > 0 && names.every((n) => n === 'stock'), `names shown: ${[...new Set(names)]}`);

    await page.getByLabel('Function').fill('');
    await page.getByLabel('Kind').selectOption('');
    await page.getByLabel('Text').fill('added 30');
    await list.getByRole('option', { name: /^Console stdout/ }).waitFor();
    await list.locator('.row').nth(1).waitFor({ state: 'detached' });
    assert.equal(await list.locator('.row .value').textContent(), '"added 30 items"');

    await page.getByLabel('Text').fill('');
    await page.getByLabel('File').fill('nowhere.ts');
    await page.getByText('No events match.').waitFor();
    await page.getByLabel('File').fill(path.basename(FILE));
    await list.getByRole('option').first().waitFor();
  });

  it('the inspector shows the selected write, its history and where its value came from', async () => {
    await page.getByLabel('Kind').selectOption('writes');
    await page.getByLabel('Function').fill('total');
    const list = page.getByRole('listbox', { name: /^Events/ });
    const rows = list.getByRole('option', { name: /^VarWrite total/ });
    await rows.nth(3).click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await inspector.getByText('History of total').waitFor();
    const history = inspector.getByRole('list', { name: 'Writes of total' });
    await history.waitFor();
    // 61 writes: the initial 0 and one per item added.
    await inspector.getByText(/^61 writes; first 0, last /).waitFor();
    // The first 25 and the last 25, with what lies between counted.
    assert.equal(await history.getByRole('listitem').count(), 50);
    await inspector.getByText('… 11 more …').waitFor();
    const value = await inspector.getByTestId('inspector-value').textContent();
    // The fourth write of total: 0, then 10, 21, 33 after three items priced 10, 11, 12.
    assert.equal(value, '33');

    const origin = inspector.getByRole('list', { name: 'Last write of total and what it read' });
    await origin.waitFor();
    const reads = inspector.getByRole('list', { name: 'What total was computed from' }).first();
    assert.match((await reads.textContent()) ?? '', /total = 21.*price = 12/s);
    // "Go to" on the price write moves the session there.
    const before = (await seeks(page)).length;
    await reads.getByRole('button', { name: /Go to instant/ }).last().click();
    await page.waitForFunction((n) => window.scopeHarness.sent.filter((m) => m.type === 'request' && m.method === 'seek').length > n, before);
  });

  it('shows a recorded string that looks like markup as text, never as an element', async () => {
    await page.getByLabel('Text').fill('onerror');
    const list = page.getByRole('listbox', { name: /^Events/ });
    const row = list.getByRole('option', { name: /^PropWrite label/ });
    await row.click();
    assert.equal(await list.locator('.row .value').first().textContent(), JSON.stringify(MARKUP_STRING));
    assert.equal(await page.getByTestId('inspector-value').textContent(), JSON.stringify(MARKUP_STRING));
    assert.equal(await page.locator('img').count(), 0, 'no img element was created');
    await page.waitForTimeout(200);
    assert.deepEqual(dialogs, [], 'no alert ran');
  });

  it('stays usable at a narrow width: panes stack, nothing overflows sideways', async () => {
    await page.setViewportSize({ width: 380, height: 900 });
    await page.waitForTimeout(300);
    const layout = await page.evaluate(() => window.scopeHarness.layout());
    assert.ok(layout.scrollWidth <= 380, `page scrolls sideways: ${layout.scrollWidth}px`);
    assert.equal(new Set(layout.lefts).size, 1, 'panes share one column');
    assert.ok(layout.tops[0] < layout.tops[1] && layout.tops[1] < layout.tops[2], 'panes are stacked');
    assert.ok(layout.heights.every((h) => h <= 900), `each pane fits the screen: ${layout.heights}`);
    assert.ok(layout.callRows < 60, `the call tree stays virtualised (${layout.callRows} of 92 rows in the DOM)`);
    assert.deepEqual(consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e)), [], 'the CSP blocked nothing the page needs');
  });
});
