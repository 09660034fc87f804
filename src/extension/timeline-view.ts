/**
 * The Scope Timeline webview view (in the panel). It validates what the webview sends, forwards
 * requests to the current Scope session's custom requests, and pushes the session's state, moves
 * and growth to the webview.
 */
import * as vscode from 'vscode';
import { ScopeRequest } from '../protocol/dap-custom';
import { parseWebviewToHost, type HostToWebview, type SessionState, type WebviewToHost } from '../protocol/webview';
import type { ScopeSessions } from './sessions';
import { timelineHtml } from './timeline-html';

export const TIMELINE_VIEW_ID = 'scope.timeline';

export class TimelineViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly sessions: ScopeSessions, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      sessions.onDidChange(() => void this.pushSession()),
      sessions.onDidMove((instant) => this.post({ type: 'moved', instant })),
      sessions.onDidGrow((body) => this.post({ type: 'grew', body })),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const webviewRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot] };
    view.webview.html = timelineHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'timeline.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'timeline.css')).toString(),
    }).html;
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw) => {
        const parsed = parseWebviewToHost(raw);
        if (!parsed.ok) {
          this.log.warn(`timeline: ignored a message: ${parsed.reason}`);
          return;
        }
        void this.handle(parsed.message);
      }),
      view.onDidDispose(() => { this.view = undefined; }),
    );
  }

  private post(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  private async pushSession(): Promise<void> {
    const s = this.sessions.current;
    const state: SessionState = { active: false };
    if (s && this.sessions.isReady(s)) {
      state.active = true;
      state.name = s.name;
      try {
        state.info = await this.sessions.info();
      } catch (error) {
        this.log.warn(`timeline: scope/info failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.post({ type: 'session', state });
  }

  private async handle(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        await this.pushSession();
        return;
      case 'request':
        try {
          const result = m.method === 'seek' ? await this.sessions.seek(m.args.instant) : await this.sessions.request(ScopeRequest[m.method], m.args);
          this.post({ type: 'response', id: m.id, ok: true, result });
        } catch (error) {
          this.post({ type: 'response', id: m.id, ok: false, error: error instanceof Error ? error.message : String(error) });
        }
        return;
      case 'step':
        // VS Code's own commands, so the debug toolbar, Call Stack and editor follow as for a click.
        await vscode.commands.executeCommand(m.direction === 'forward' ? 'workbench.action.debug.stepOver' : 'workbench.action.debug.stepBack');
        return;
      case 'reveal': {
        const uri = vscode.Uri.file(m.position.file);
        const at = new vscode.Position(Math.max(0, m.position.line - 1), Math.max(0, m.position.column - 1));
        await vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, at), preserveFocus: false });
        return;
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
