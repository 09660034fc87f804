/**
 * What a Scope session adds to the editor: a hover with the value an identifier had at the current
 * instant and its history over the run; inline values at the stopped location; code lenses with
 * each function's call count; dimming of lines the recording never executed.
 *
 * Everything here asks the current Scope session (DAP `evaluate` with context 'hover', and the
 * custom requests); with no ready Scope session the features show nothing. Recorded text is added
 * to Markdown with `appendText`, which escapes it: a recorded string cannot become markup or links.
 */
import * as vscode from 'vscode';
import { ScopeRequest, type HistoryResult, type LineHitsResult } from '../protocol/dap-custom';
import { shownText } from '../protocol/webview';
import { SCOPE_LANGUAGES } from './configuration';
import type { ScopeSessions } from './sessions';

export const SEEK_COMMAND = 'scope.seekTo';
const SELECTOR: vscode.DocumentSelector = SCOPE_LANGUAGES.map((language) => ({ language, scheme: 'file' }));
/** An identifier, possibly reached through properties: `order.items.length`. */
const PATH_BEFORE = /(?:[A-Za-z_$][\w$]*\s*\.\s*)*$/;
const IDENTIFIER = /[A-Za-z_$][\w$]*/;
const HISTORY_LINKS = 6;

function seekLink(instant: number): string {
  const args = encodeURIComponent(JSON.stringify([instant]));
  return `[@${instant.toLocaleString('en-US')}](command:${SEEK_COMMAND}?${args} "Go to instant ${instant}")`;
}

/** The frame the user selected in Call Stack, when it belongs to `session`. */
function selectedFrameId(session: vscode.DebugSession): number | undefined {
  const item = vscode.debug.activeStackItem;
  return item instanceof vscode.DebugStackFrame && item.session.id === session.id ? item.frameId : undefined;
}

/** The expression under the cursor: the identifier, with the property path leading to it. */
export function expressionAt(doc: vscode.TextDocument, position: vscode.Position): { expression: string; range: vscode.Range } | undefined {
  const word = doc.getWordRangeAtPosition(position, IDENTIFIER);
  if (!word) return undefined;
  const lineText = doc.lineAt(position.line).text;
  const before = PATH_BEFORE.exec(lineText.slice(0, word.start.character))?.[0] ?? '';
  const range = new vscode.Range(word.start.translate(0, -before.length), word.end);
  return { expression: doc.getText(range).replace(/\s+/g, ''), range };
}

export class RecordedValueHover implements vscode.HoverProvider {
  constructor(private readonly sessions: ScopeSessions) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const session = this.sessions.current;
    if (!session || !this.sessions.isReady(session)) return undefined;
    const target = expressionAt(doc, position);
    if (!target) return undefined;
    const frameId = selectedFrameId(session);
    let value: { result: string; type?: string };
    try {
      value = await session.customRequest('evaluate', { expression: target.expression, frameId, context: 'hover' });
    } catch {
      return undefined; // not a name the recording knows here
    }
    const history = await this.sessions.request<HistoryResult>(ScopeRequest.history, { expression: target.expression, frameId, limit: HISTORY_LINKS }).catch(() => undefined);

    const md = new vscode.MarkdownString();
    md.isTrusted = { enabledCommands: [SEEK_COMMAND] };
    md.appendMarkdown('**');
    md.appendText(target.expression);
    md.appendMarkdown('** = ');
    md.appendText(value.result);
    if (value.type) { md.appendMarkdown(' *'); md.appendText(value.type); md.appendMarkdown('*'); }
    md.appendMarkdown('  \n*recorded value at the current instant*');
    if (history && history.entries.length > 0) {
      // The adapter sends the first and the last writes (HISTORY_LINKS at most) and counts them all.
      const e = history.entries;
      md.appendMarkdown(`\n\n${history.total.toLocaleString('en-US')} write${history.total === 1 ? '' : 's'} — first `);
      md.appendText(shownText(e[0].value));
      md.appendMarkdown(', last ');
      md.appendText(shownText(e[e.length - 1].value));
      const links = e.map((h) => seekLink(h.instant));
      if (history.truncated) links.splice(e.length / 2, 0, '…');
      md.appendMarkdown(`  \n${links.join(' · ')}`);
    }
    return new vscode.Hover(md, target.range);
  }
}

/** Names written on the lines from the function's start (at most 40 lines up) to the stop. */
export class RecordedInlineValues implements vscode.InlineValuesProvider {
  constructor(private readonly sessions: ScopeSessions) {}

  provideInlineValues(doc: vscode.TextDocument, viewport: vscode.Range, context: vscode.InlineValueContext): vscode.InlineValue[] {
    if (vscode.debug.activeDebugSession?.type !== 'scope' || !this.sessions.isReady(this.sessions.current)) return [];
    const last = Math.min(context.stoppedLocation.end.line, viewport.end.line);
    const first = Math.max(viewport.start.line, last - 40);
    const values: vscode.InlineValue[] = [];
    const written = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*)\s*(?:[-+*/%&|^]|\*\*|<<|>>>?|\?\?|&&|\|\|)?=(?![=>])/g;
    for (let line = first; line <= last; line++) {
      const text = doc.lineAt(line).text;
      const seen = new Set<string>();
      for (const m of text.matchAll(written)) {
        const name = m[1] ?? m[2];
        if (!name || seen.has(name)) continue;
        seen.add(name);
        const start = (m.index ?? 0) + m[0].indexOf(name);
        values.push(new vscode.InlineValueVariableLookup(new vscode.Range(line, start, line, start + name.length), name, false));
      }
    }
    return values;
  }
}

/** While a program is recording, how often call counts and dimmed lines catch up with it. */
const LIVE_REFRESH_MS = 1000;

/**
 * Call counts as code lenses, never-executed lines dimmed, from `scope/lineHits`. Answers are kept
 * per session and file; a new session (or none) clears them, and so does the recording growing
 * (at most every LIVE_REFRESH_MS) or finishing: counts taken at the first stop of a live session
 * said "0 calls" over functions the program went on calling.
 */
export class LineHitsDecorator implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly cache = new Map<string, Promise<LineHitsResult | undefined>>();
  private cachedFor: string | undefined;
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly dim = vscode.window.createTextEditorDecorationType({ opacity: '0.45', isWholeLine: true });
  private readonly disposables: vscode.Disposable[];
  private refreshedAt = 0;

  constructor(private readonly sessions: ScopeSessions) {
    this.disposables = [
      this.lensesChanged, this.dim,
      sessions.onDidChange(() => this.refresh()),
      sessions.onDidGrow((b) => { if (!b.running || Date.now() - this.refreshedAt >= LIVE_REFRESH_MS) this.refresh(); }),
      vscode.window.onDidChangeVisibleTextEditors(() => void this.decorate()),
    ];
  }

  private hitsFor(file: string): Promise<LineHitsResult | undefined> {
    const session = this.sessions.current;
    if (!session || !this.sessions.isReady(session)) return Promise.resolve(undefined);
    if (this.cachedFor !== session.id) { this.cache.clear(); this.cachedFor = session.id; }
    let hits = this.cache.get(file);
    if (!hits) {
      hits = this.sessions.request<LineHitsResult>(ScopeRequest.lineHits, { file }).catch(() => undefined);
      this.cache.set(file, hits);
    }
    return hits;
  }

  private refresh(): void {
    this.refreshedAt = Date.now();
    this.cache.clear();
    this.cachedFor = undefined;
    this.lensesChanged.fire();
    void this.decorate();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const hits = await this.hitsFor(doc.uri.fsPath);
    if (!hits) return [];
    return hits.functions
      .filter((f) => f.line >= 1 && f.line <= doc.lineCount)
      .map((f) => new vscode.CodeLens(doc.lineAt(f.line - 1).range, {
        title: `${f.calls.toLocaleString('en-US')} call${f.calls === 1 ? '' : 's'} recorded`,
        tooltip: `${f.name}: calls in the recording (Scope)`,
        command: 'scope.showTimeline',
      }));
  }

  private async decorate(): Promise<void> {
    for (const editor of vscode.window.visibleTextEditors) {
      if (!SCOPE_LANGUAGES.includes(editor.document.languageId)) continue;
      const hits = await this.hitsFor(editor.document.uri.fsPath);
      const never = hits ? Object.entries(hits.lines).filter(([, n]) => n === 0).map(([line]) => Number(line)) : [];
      editor.setDecorations(this.dim, never.filter((l) => l >= 1 && l <= editor.document.lineCount).map((l) => editor.document.lineAt(l - 1).range));
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

export function registerEditorFeatures(sessions: ScopeSessions): vscode.Disposable[] {
  const hits = new LineHitsDecorator(sessions);
  return [
    hits,
    vscode.languages.registerHoverProvider(SELECTOR, new RecordedValueHover(sessions)),
    vscode.languages.registerInlineValuesProvider(SELECTOR, new RecordedInlineValues(sessions)),
    vscode.languages.registerCodeLensProvider(SELECTOR, hits),
  ];
}
