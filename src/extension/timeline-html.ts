/**
 * The Scope Timeline page. Kept free of `vscode` so the webview test harness serves the very same
 * page (and the same CSP) that VS Code shows.
 *
 * CSP: nothing loads by default; scripts only with this page's nonce; styles and fonts only from
 * the extension's webview origin (`cspSource`). Inline style attributes are not allowed — React sets
 * styles through the CSSOM, which CSP does not govern.
 */
import { randomBytes } from 'node:crypto';

export interface TimelinePage {
  /** The webview's resource origin (`webview.cspSource`). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function timelineHtml(page: TimelinePage): { html: string; nonce: string } {
  const nonce = page.nonce ?? makeNonce();
  const csp = [
    "default-src 'none'",
    `img-src ${page.cspSource} data:`,
    `style-src ${page.cspSource}`,
    `font-src ${page.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${page.styleUri}">
<title>Scope Timeline</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${page.scriptUri}"></script>
</body>
</html>
`;
  return { html, nonce };
}
