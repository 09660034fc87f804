/**
 * Serves the Scope Timeline outside VS Code: the same page and CSP the extension builds
 * (`timelineHtml`), the built bundle from dist/webview/, and a stand-in for VS Code
 * (fixtures/harness-host.ts) that answers the protocol. Also launches Debian's Chromium through
 * playwright-core. Used by the webview tests and by bench/timeline.bench.ts.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { timelineHtml } from '../../src/extension/timeline-html';
import type { HostToWebview, WebviewToHost } from '../../src/protocol/webview';
import type { Fixture } from './fixture';

/** What the harness page offers tests, on `window.scopeHarness` (fixtures/harness-host.ts). */
export interface HarnessApi {
  /** Every valid message the timeline sent, in order. */
  sent: WebviewToHost[];
  /** Reasons for messages the protocol's parser rejected. */
  invalid: string[];
  /** The instant the stand-in session is at. */
  current: number;
  push(m: HostToWebview): void;
  /** Per lane, the pixels of its span area that differ from the background. */
  paintedPixels(laneCount: number): number[];
  /** The page's width, each pane's left and top edge and height, and the call tree rows in the DOM. */
  layout(): { scrollWidth: number; lefts: number[]; tops: number[]; heights: number[]; callRows: number };
}

export const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Harness {
  /** The page URL; add `?events=N&lanes=L` for a synthetic run instead of the fixture. */
  url(query?: string): string;
  close(): Promise<void>;
}

export async function startHarness(fixture?: Fixture): Promise<Harness> {
  const webviewDir = path.join(ROOT, 'dist', 'webview');
  if (!existsSync(path.join(webviewDir, 'timeline.js'))) throw new Error('dist/webview/timeline.js is missing: run `npm run build` first');
  const host = await build({
    entryPoints: [path.join(__dirname, 'fixtures', 'harness-host.ts')],
    bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'error',
  });
  const hostJs = host.outputFiles[0].text;
  const dataJs = fixture ? `window.scopeFixture = ${JSON.stringify(fixture)};` : '';

  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const send = (type: string, body: string | Buffer) => { res.writeHead(200, { 'content-type': type }); res.end(body); };
    if (url.pathname === '/timeline') {
      const { html, nonce } = timelineHtml({ cspSource: origin, scriptUri: `${origin}/webview/timeline.js`, styleUri: `${origin}/webview/timeline.css` });
      // The stand-in for VS Code must run before the app, under the page's own CSP and nonce.
      const harnessScripts = `<script nonce="${nonce}" src="${origin}/harness/data.js"></script><script nonce="${nonce}" src="${origin}/harness/host.js"></script>`;
      send('text/html', html.replace('<div id="root"></div>', `<div id="root"></div>\n${harnessScripts}`));
    } else if (url.pathname === '/harness/host.js') send('text/javascript', hostJs);
    else if (url.pathname === '/harness/data.js') send('text/javascript', dataJs);
    else if (/^\/webview\/timeline\.(js|css)$/.test(url.pathname)) {
      send(url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css', readFileSync(path.join(webviewDir, path.basename(url.pathname))));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('harness server has no port');
  origin = `http://127.0.0.1:${address.port}`;
  return {
    url: (query = '') => `${origin}/timeline${query}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/**
 * Debian's Chromium, headless, with the flags known to work on these machines. Playwright gives
 * every launch a fresh profile directory of its own (it refuses a --user-data-dir flag).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}
