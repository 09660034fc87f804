/**
 * End to end in a real VS Code (code-server 4.139 on Node 24, driven by Playwright and Debian's
 * Chromium): the packaged extension, the examples/ workspace, and what a person does — F5 "Scope
 * Debug", stop at a breakpoint, Step Back, scrub the Scope Timeline, hover a variable, Shift+F5,
 * reopen the recording and hover again; then record the open file with "Scope: Record Current
 * File" while the status bar counts its events, Reverse Continue between breakpoint hits with the
 * Watch view and the Debug Console following, and "Scope: Go to Instant…". Screenshots of every
 * step go to test-results/e2e/.
 *
 * Needs `bash scripts/setup-code-server.sh` once (installs under .tools/); without it the suite
 * fails and says so — it is never skipped.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../webview/harness';
import {
  codeServerInstalled, installExtension, makeRunDirs, packageExtension, ROOT, startCodeServer, type CodeServer, type RunDirs,
} from '../../scripts/code-server';
import { answerFileDialog, cursorLine, goToLine, hoverText, openFile, runCommand, runCommandAnswering, startCommand, variablesText, waitForWorkbench, webviewContent } from './workbench';

const SHOTS = path.join(ROOT, 'test-results', 'e2e');
const BREAKPOINT_TEXT = 'this.stock[item] = available - quantity;';

/**
 * A program the suite writes into the workspace: it runs for about six seconds (so the status bar
 * and the call counts can be seen following it) and passes its `rounds++` line TICKER_ROUNDS times.
 */
const TICKER_FILE = 'ticker.ts';
const TICKER_ROUNDS = 30;
const TICKER = `// Runs for about six seconds, so that the recording can be watched growing.
let total = 0;
function tick(k: number): number {
  total += k * k;
  return total;
}
let rounds = 0;
const timer = setInterval(() => {
  for (let k = 0; k < 500; k++) tick(k);
  rounds++;
  if (rounds === ${TICKER_ROUNDS}) {
    clearInterval(timer);
    console.log('rounds done', rounds, total);
  }
}, 200);
`;
const TICKER_BREAKPOINT_LINE = TICKER.split('\n').findIndex((l) => l.trim() === 'rounds++;') + 1;

describe('Scope in a real VS Code (code-server)', function () {
  this.timeout(240_000);
  let dirs: RunDirs;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let shot = 0;
  const screenshot = async (name: string) => page.screenshot({ path: path.join(SHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`) });

  /** The editor's active tab and cursor line: where the debugger shows the current instant. */
  const where = async () => `${await page.locator('.tab.active').first().getAttribute('aria-label')} @${await cursorLine(page)}`;

  /** Waits until `read` returns something other than `before`. */
  async function changed<T>(read: () => Promise<T>, before: T, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const now = await read();
      if (JSON.stringify(now) !== JSON.stringify(before)) return now;
      if (Date.now() > deadline) throw new Error(`${what} did not change from ${JSON.stringify(before)}`);
      await page.waitForTimeout(250);
    }
  }

  /** The Call Stack header's state label. */
  const pausedOnBreakpoint = () => page.locator('.pane-header', { hasText: 'Call Stack' }).getByText(/Paused on breakpoint/i);

  async function waitForStop(): Promise<void> {
    await page.locator('.debug-toolbar').waitFor({ timeout: 120_000 });
    await page.locator('.debug-call-stack .monaco-list-row .stack-frame').first().waitFor({ timeout: 120_000 });
  }

  before(async function () {
    const missing = codeServerInstalled();
    if (missing) throw new Error(`${missing}: run \`bash scripts/setup-code-server.sh\` first (it installs code-server under .tools/).`);
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
    if (!existsSync(path.join(ROOT, 'dist', 'adapter.js'))) throw new Error('dist/adapter.js was not built: the debug adapter (src/adapter/main.ts) is missing.');
    dirs = makeRunDirs('e2e', path.join(ROOT, 'examples'));
    // The programs under test are read-only in the editor. A key meant for a quick input that has
    // just closed (VS Code gives the editor the focus when a session stops) would otherwise reach
    // the editor, change the program, and move its breakpoints: a failure of the test, not of Scope.
    writeFileSync(path.join(dirs.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'files.readonlyInclude': { 'src/**': true } }));
    installExtension(dirs, packageExtension(dirs));
    server = await startCodeServer(dirs);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(dirs.workspace)}`);
    await waitForWorkbench(page);
  });

  let failed = false;
  after(async () => {
    await browser?.close();
    await server?.stop();
    // Keep the run folder (logs, recording, workspace) only when something failed.
    if (dirs && !failed) rmSync(dirs.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failed = true;
    await screenshot(`failed-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
    // What CI's log keeps of the workbench when the screenshot is out of reach.
    // (A string: this project's type check has no DOM library.)
    const state = await page.evaluate(`({
      focus: document.activeElement ? document.activeElement.tagName + '.' + [...document.activeElement.classList].join('.') : 'none',
      dirtyTabs: [...document.querySelectorAll('.tab.dirty')].map((t) => t.getAttribute('aria-label')),
      cursor: document.getElementById('status.editor.selection')?.textContent,
      watch: [...document.querySelectorAll('.debug-watch .monaco-list-row')].map((r) => r.textContent),
      debugConsole: [...document.querySelectorAll('.repl .monaco-list-row')].slice(-6).map((r) => r.textContent),
    })`).catch((e: unknown) => ({ error: String(e) }));
    console.log(`    workbench when "${this.currentTest.title}" failed: ${JSON.stringify(state)}`);
  });

  it('activates and shows the Scope Timeline view with no session', async () => {
    await runCommand(page, 'Scope: Show Timeline');
    await webviewContent(page).getByText('No Scope session.').waitFor({ timeout: 30_000 });
    await screenshot('timeline-empty');
  });

  let breakpointLine = 0;
  let atBreakpoint: string[] = [];

  it('F5 "Scope Debug" records the example and stops at the breakpoint', async () => {
    const source = readFileSync(path.join(dirs.workspace, 'src', 'inventory.ts'), 'utf8').split('\n');
    breakpointLine = source.findIndex((l) => l.includes(BREAKPOINT_TEXT)) + 1;
    assert.ok(breakpointLine > 0, 'the example has the breakpoint line');
    await openFile(page, 'inventory.ts');
    await goToLine(page, breakpointLine);
    await page.keyboard.press('F9');
    await page.locator('.codicon-debug-breakpoint, .codicon-debug-breakpoint-unverified').first().waitFor();
    await runCommand(page, 'View: Show Run and Debug');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('F5');
    await waitForStop();
    await pausedOnBreakpoint().waitFor({ timeout: 60_000 });
    await page.locator('.debug-variables .monaco-list-row', { hasText: 'available' }).first().waitFor({ timeout: 30_000 });
    assert.equal(await where(), `${await page.locator('.tab.active').first().getAttribute('aria-label')} @${breakpointLine}`);
    atBreakpoint = await variablesText(page);
    assert.ok(atBreakpoint.some((v) => /available\s*[:=]\s*3/.test(v)), `Variables at the breakpoint: ${atBreakpoint.join(' | ')}`);
    // The editor shows the recording: call counts over functions, values inline at the stop.
    await page.locator('.codelens-decoration', { hasText: '3 calls recorded' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.monaco-editor .view-lines', { hasText: 'available = 3' }).first().waitFor({ timeout: 20_000 });
    await screenshot('stopped-at-breakpoint');
  });

  it('Step Back changes the Variables view', async () => {
    await page.locator('.debug-toolbar .action-label[aria-label^="Step Back"]').click();
    const after = await changed(() => variablesText(page), atBreakpoint, 'the Variables view after Step Back');
    assert.notDeepEqual(after, atBreakpoint);
    await screenshot('after-step-back');
  });

  it('dragging the timeline scrubber moves the editor line and the Variables', async () => {
    await runCommand(page, 'Scope: Show Timeline');
    const timeline = webviewContent(page);
    const slider = timeline.getByRole('slider', { name: /Timeline cursor/ });
    await slider.waitFor({ timeout: 30_000 });
    const lineBefore = await where();
    const varsBefore = await variablesText(page);
    const box = await slider.boundingBox();
    assert.ok(box, 'the scrubber is on screen');
    await page.mouse.move(box.x + box.width * 0.9, box.y + 30);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++) await page.mouse.move(box.x + box.width * (0.9 - 0.1 * k), box.y + 30);
    await page.mouse.up();
    const lineAfter = await changed(where, lineBefore, 'the editor position after scrubbing');
    const varsAfter = await changed(() => variablesText(page), varsBefore, 'the Variables view after scrubbing');
    assert.notEqual(lineAfter, lineBefore);
    assert.notDeepEqual(varsAfter, varsBefore);
    // Once the session has settled, the Variables view shows the new instant's scopes, not an error
    // left by a request that raced a move.
    await page.locator('.debug-variables .monaco-list-row', { hasText: /^(Local|Closure|Block|Module)/ }).first().waitFor({ timeout: 10_000 });
    await page.locator('.debug-variables .error').first().waitFor({ state: 'detached', timeout: 10_000 });
    const status = await timeline.getByTestId('cursor-status').textContent();
    assert.match(status ?? '', /^instant \d+ \/ \d+$/);
    await screenshot('after-scrubbing');
  });

  /** At the breakpoint (continuing to it unless the session is paused there), shows the hover of `available`. */
  async function hoverAvailableAtBreakpoint(): Promise<string> {
    const paused = pausedOnBreakpoint();
    if (!(await paused.isVisible())) {
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('F5');
      await paused.waitFor({ timeout: 60_000 });
    }
    await openFile(page, 'inventory.ts');
    const source = readFileSync(path.join(dirs.workspace, 'src', 'inventory.ts'), 'utf8').split('\n');
    await goToLine(page, breakpointLine, source[breakpointLine - 1].indexOf('available') + 2);
    return hoverText(page, /recorded value/);
  }

  it('hovering a variable shows its recorded value and history', async () => {
    // Scrubbing went back to before the first breakpoint hit: Continue stops there again.
    await pausedOnBreakpoint().waitFor({ state: 'hidden' });
    const text = await hoverAvailableAtBreakpoint();
    assert.match(text, /available\s*=\s*3/);
    assert.match(text, /recorded value at the current instant/);
    assert.match(text, /write/);
    await screenshot('hover-during-session');
  });

  it('Shift+F5 ends the session and leaves the recording file', async () => {
    await page.keyboard.press('Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
    assert.ok(existsSync(path.join(dirs.workspace, '.scope', 'shop.scope')), 'the recording was saved where launch.json says');
    await webviewContent(page).getByText('No Scope session.').waitFor({ timeout: 30_000 });
    await screenshot('session-ended');
  });

  it('"Scope: Export Recording" writes a Chrome trace of it', async () => {
    const recording = path.join(dirs.workspace, '.scope', 'shop.scope');
    const trace = path.join(dirs.workspace, 'shop.trace.json');
    await startCommand(page, 'Scope: Export Recording (Chrome Trace)…');
    // With no session it asks which recording, then where to save: two simple file dialogs.
    await answerFileDialog(page, 'Export which Scope recording?', recording);
    await answerFileDialog(page, 'Export as Chrome trace', trace);
    await page.locator('.notification-toast', { hasText: 'exported shop.trace.json' }).waitFor({ timeout: 30_000 });
    const events = JSON.parse(readFileSync(trace, 'utf8')).traceEvents as { name: string; ph: string }[];
    assert.ok(events.some((e) => e.ph === 'B' && /reserve/.test(e.name)), 'the trace has the reserve calls');
  });

  it('"Scope: Open Recording…" reopens it and hover still shows recorded values', async () => {
    await startCommand(page, 'Scope: Open Recording…');
    await answerFileDialog(page, 'Open a Scope recording', path.join(dirs.workspace, '.scope', 'shop.scope'));
    await waitForStop();
    const text = await hoverAvailableAtBreakpoint();
    assert.match(text, /available\s*=\s*\d+/);
    assert.match(text, /recorded value at the current instant/);
    await screenshot('hover-on-reopened-recording');
    await page.keyboard.press('Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
  });

  /** The Watch view's rows as text ("name: value"). */
  const watchText = () => page.locator('.debug-watch .monaco-list-row').allTextContents();

  /**
   * Evaluates `expression` in the Debug Console and returns the line it answers with. Asked again
   * when no echo comes: keys typed while a session that just stopped gave the editor the focus are
   * lost (the program under test is read-only).
   */
  async function debugConsole(expression: string): Promise<string> {
    await runCommand(page, 'Debug Console: Focus on Debug Console View');
    // The console's rows in list order (a list's rows are not kept in DOM order), each with
    // whether it is an evaluation's result (the program's output may come between a question and
    // its answer). A string: this project's type check has no DOM library.
    const rows = (): Promise<{ text: string; result: boolean }[]> => page.evaluate(`[...document.querySelectorAll('.repl .monaco-list-row')]
      .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
      .map((r) => ({ text: r.textContent ?? '', result: !!r.querySelector('.evaluation-result') }))`);
    const echoesIn = (now: { text: string; result: boolean }[]) => now.flatMap((r, k) => (!r.result && r.text.includes(expression) ? [k] : []));
    const asked = echoesIn(await rows()).length;
    for (let attempt = 1; ; attempt++) {
      await page.locator('.repl-input-wrapper .monaco-editor').first().click();
      await page.locator('.repl-input-wrapper .monaco-editor.focused').first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Control+A');
      await page.keyboard.type(expression);
      await page.keyboard.press('Enter');
      const deadline = Date.now() + 10_000;
      for (;;) {
        // The answer is the first result after this question's echo (the expression's `asked + 1`-th).
        const now = await rows();
        const echoes = echoesIn(now);
        const answer = echoes.length > asked ? now.slice(echoes[asked] + 1).find((r) => r.result) : undefined;
        if (answer) return answer.text;
        if (Date.now() > deadline) {
          if (echoes.length > asked || attempt === 3) throw new Error(`the Debug Console did not answer ${expression}: ${JSON.stringify(now.slice(-4))}`);
          break;
        }
        await page.waitForTimeout(250);
      }
    }
  }

  it('"Scope: Record Current File" records the open file while the status bar counts its events', async () => {
    writeFileSync(path.join(dirs.workspace, 'src', TICKER_FILE), TICKER);
    await runCommand(page, 'View: Show Run and Debug');
    await openFile(page, TICKER_FILE);
    await runCommand(page, 'Scope: Record Current File');
    const counter = page.locator('.statusbar-item', { hasText: /Scope: [\d,]+ events/ }).first();
    await counter.waitFor({ timeout: 60_000 });
    const events = async () => Number(/Scope: ([\d,]+) events/.exec((await counter.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
    const first = await events();
    await screenshot('status-bar-while-recording');
    const later = await changed(events, first, 'the status bar event count while the program runs');
    assert.ok(later > first, `the count grows: ${first} then ${later}`);
    // The call counts over functions follow the recording too, before the program ends.
    await page.locator('.codelens-decoration', { hasText: /[1-9][\d,]* calls recorded/ }).first().waitFor({ timeout: 20_000 });
    assert.ok(await counter.isVisible(), 'the program is still running');
    // The program ends: the session stops at the end of its recording, the counter goes away.
    await waitForStop();
    await counter.waitFor({ state: 'hidden', timeout: 30_000 });
    await runCommand(page, 'Debug Console: Focus on Debug Console View');
    await page.locator('.repl .monaco-list-row', { hasText: `rounds done ${TICKER_ROUNDS}` }).first().waitFor({ timeout: 30_000 });
    await screenshot('record-current-file-ended');
  });

  it('Reverse Continue goes back from hit to hit, with Watch and the Debug Console at each', async () => {
    await openFile(page, TICKER_FILE);
    await goToLine(page, TICKER_BREAKPOINT_LINE);
    await page.keyboard.press('F9');
    await page.locator('.codicon-debug-breakpoint, .codicon-debug-breakpoint-unverified').first().waitFor();
    const reverseContinue = page.locator('.debug-toolbar .action-label[aria-label^="Reverse"]');
    await reverseContinue.click();
    await pausedOnBreakpoint().waitFor({ timeout: 30_000 });
    assert.equal(await cursorLine(page), TICKER_BREAKPOINT_LINE);
    // Add `rounds` to the Watch view from the editor, the way a person does (again if the command
    // ran before the editor had the focus back: it then adds nothing).
    for (let attempt = 1; ; attempt++) {
      await goToLine(page, TICKER_BREAKPOINT_LINE, TICKER.split('\n')[TICKER_BREAKPOINT_LINE - 1].indexOf('rounds') + 2);
      await runCommand(page, 'Debug: Add to Watch');
      const added = await page.locator('.debug-watch .monaco-list-row', { hasText: 'rounds' }).first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
      if (added) break;
      if (attempt === 3) throw new Error(`"Debug: Add to Watch" did not add \`rounds\` to the Watch view: ${JSON.stringify(await watchText())}`);
    }
    const watchSays = (n: number) => page.locator('.debug-watch .monaco-list-row', { hasText: new RegExp(`rounds\\s*[:=]\\s*${n}$`) }).first();
    // The last pass, before its `rounds++`.
    await watchSays(TICKER_ROUNDS - 1).waitFor({ timeout: 20_000 }).catch(async (e) => { throw new Error(`Watch: ${JSON.stringify(await watchText())}: ${e}`); });
    assert.equal(await debugConsole('rounds * 10'), String((TICKER_ROUNDS - 1) * 10));
    await screenshot('reverse-continue-last-hit');

    await reverseContinue.click();
    await watchSays(TICKER_ROUNDS - 2).waitFor({ timeout: 20_000 }).catch(async (e) => { throw new Error(`Watch after a second Reverse Continue: ${JSON.stringify(await watchText())}: ${e}`); });
    assert.equal(await cursorLine(page), TICKER_BREAKPOINT_LINE);
    assert.equal(await debugConsole('rounds * 10'), String((TICKER_ROUNDS - 2) * 10));
    await screenshot('reverse-continue-previous-hit');
  });

  it('"Scope: Go to Instant…" moves the session to the instant typed', async () => {
    await runCommand(page, 'Scope: Show Timeline');
    const status = webviewContent(page).getByTestId('cursor-status');
    await status.waitFor({ timeout: 30_000 });
    const [, now, total] = /^instant ([\d,]+) \/ ([\d,]+)$/.exec((await status.textContent()) ?? '') ?? [];
    assert.ok(now && total, 'the Timeline shows the current instant');
    const count = Number(total.replace(/,/g, ''));
    const target = Math.floor(count / 3);
    await runCommandAnswering(page, 'Scope: Go to Instant…', /An instant between 0 and/, String(target));
    await webviewContent(page).getByTestId('cursor-status').filter({ hasText: `instant ${target.toLocaleString('en-US')} /` }).waitFor({ timeout: 20_000 });
    await page.locator('.debug-call-stack .monaco-list-row .stack-frame').first().waitFor({ timeout: 20_000 });
    await screenshot('go-to-instant');
    await page.keyboard.press('Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
  });

  it('F5 with no launch.json records the open file as "Scope Debug"', async () => {
    rmSync(path.join(dirs.workspace, '.vscode', 'launch.json'));
    await openFile(page, TICKER_FILE);
    await page.keyboard.press('F5');
    // VS Code asks which debugger when more than one handles TypeScript (its own JavaScript debugger does).
    const scopeDebug = page.locator('.quick-input-list .monaco-list-row', { hasText: /^Scope Debug/ }).first();
    if (await scopeDebug.waitFor({ timeout: 10_000 }).then(() => true, () => false)) await scopeDebug.click();
    // The breakpoint on `rounds++` is still set: the new recording stops at its first pass.
    await pausedOnBreakpoint().waitFor({ timeout: 60_000 });
    assert.equal(await debugConsole('rounds + 1000'), '1000');
    assert.equal(await cursorLine(page), TICKER_BREAKPOINT_LINE);
    await screenshot('f5-without-launch-json');
    await page.keyboard.press('Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
  });
});
