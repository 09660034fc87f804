/**
 * Driving the VS Code workbench in a browser page, with the selectors that hold in code-server
 * 4.139 (see the team's notes on real VS Code end-to-end tests): the command palette, quick open,
 * going to a line, the webview view's frames, the Variables view, the hover.
 */
import type { FrameLocator, Page } from 'playwright-core';

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The explorer shows the folder once the workbench has restored it.
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
}

/**
 * Opens a quick input with `key`, types `text` and chooses the first row showing `rowText`.
 * Retried with a fresh quick input until `timeoutMs`: the command palette lists only the commands
 * known when it opens (an extension's contributions arrive a little after the workbench), and a
 * quick input closes when something else takes the focus meanwhile (the editor revealing where a
 * debug session has just stopped).
 */
async function chooseInQuickInput(page: Page, key: string, text: string, rowText: string, timeoutMs: number): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press(key);
    const listed = await input.waitFor({ timeout: 3000 })
      .then(() => input.fill(text, { timeout: 3000 }))
      .then(() => row.waitFor({ timeout: 3000 }))
      .then(() => true, () => false);
    if (listed && await acceptQuickInput(page)) return;
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) throw new Error(`the quick input (${key}) does not list "${rowText}" for "${text}"`);
  }
}

/**
 * Presses Enter in the quick input if it still has the focus. A quick input closes when something
 * else takes the focus (the editor revealing where a session stopped): Enter would then reach the
 * editor and type a line break into the program's source.
 */
async function acceptQuickInput(page: Page): Promise<boolean> {
  if (!(await page.locator('.quick-input-widget input:focus').isVisible())) return false;
  await page.keyboard.press('Enter');
  return true;
}

/** Runs a command by its palette title ("Category: Title") and waits for the palette to close. */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  await startCommand(page, title, timeoutMs);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => undefined);
}

/**
 * Runs a command that asks something in a quick input of its own (an input box, a file dialog):
 * waiting for the palette to close would wait for that question until it timed out.
 */
export async function startCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  await chooseInQuickInput(page, 'F1', `>${title}`, title, timeoutMs);
}

/** Runs a command that asks for a line of input, types `answer` once it is asked and accepts. */
export async function runCommandAnswering(page: Page, title: string, question: string | RegExp, answer: string): Promise<void> {
  await startCommand(page, title);
  const box = page.locator('.quick-input-widget', { hasText: question });
  await box.waitFor();
  const input = box.locator('input');
  await input.fill(answer);
  await input.press('Enter');
  await box.waitFor({ state: 'hidden' });
}

export async function openFile(page: Page, name: string): Promise<void> {
  await chooseInQuickInput(page, 'Control+P', name, name, 30_000);
  await page.locator(`.tab.active[aria-label*="${name}"]`).first().waitFor();
  await page.locator('.monaco-editor .view-lines').first().click();
}

/**
 * Moves the editor cursor to a line (and column, 1-based) with "Go to Line/Column", and waits until
 * the status bar shows the cursor there: an Enter lost to a focus change is tried again.
 */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  const there = page.locator('#status\\.editor\\.selection', { hasText: new RegExp(`Ln ${line}, Col ${column}(?!\\d)`) });
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+G');
    // The input closes as soon as it opened when the editor takes the focus meanwhile.
    const filled = await input.fill(`:${line}:${column}`, { timeout: 3000 }).then(() => true, () => false);
    if (filled && await acceptQuickInput(page)) {
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => undefined);
      if (await there.waitFor({ timeout: 3000 }).then(() => true, () => false)) return;
    }
    if (attempt === 3) throw new Error(`going to line ${line}, column ${column}: the cursor is not there after three tries (${await page.locator('#status\\.editor\\.selection').textContent()})`);
  }
}

/** The line the editor's cursor is on, from the status bar ("Ln 12, Col 3"). */
export async function cursorLine(page: Page): Promise<number> {
  const text = (await page.locator('#status\\.editor\\.selection').textContent()) ?? '';
  const m = /Ln (\d+)/.exec(text);
  if (!m) throw new Error(`no line in the status bar: ${JSON.stringify(text)}`);
  return Number(m[1]);
}

/** The Variables view's rows as text ("name: value"). */
export async function variablesText(page: Page): Promise<string[]> {
  const rows = page.locator('.debug-variables .monaco-list-row');
  return rows.allTextContents();
}

/** The content of a webview view: two frames deep. */
export function webviewContent(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Shows the hover for the word at the editor cursor, the keyboard way, and returns its text. */
export async function hoverText(page: Page, containing: string | RegExp): Promise<string> {
  const hover = page.locator('.monaco-hover', { hasText: containing }).first();
  // A hover shown while the session is still settling (just stopped, variables loading) keeps
  // its first content; as a person would, close it and hover again.
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'Show or Focus Hover');
    try {
      await hover.waitFor({ timeout: 8_000 });
      return (await hover.textContent()) ?? '';
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Answers VS Code's simple file dialog (a quick input with a path): types the path, lets the
 * dialog catch up with it (it lists the folder as the path changes, and Enter before that is
 * ignored or takes the previous path), then accepts, retrying until the dialog closes.
 */
export async function answerFileDialog(page: Page, title: string, file: string): Promise<void> {
  const dialog = page.locator('.quick-input-widget', { hasText: title });
  await dialog.waitFor();
  const input = dialog.locator('input');
  await input.fill(file);
  for (let attempt = 0; ; attempt++) {
    await page.waitForTimeout(500);
    if ((await input.inputValue()) !== file) await input.fill(file);
    else await input.press('Enter');
    if (await dialog.waitFor({ state: 'hidden', timeout: 2000 }).then(() => true, () => false)) return;
    if (attempt === 10) throw new Error(`the file dialog "${title}" did not accept ${file}`);
  }
}
