/**
 * Scope's commands and its status bar item.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RecordingGrewBody } from '../protocol/dap-custom';
import { isRecordableDocument, programConfiguration, recordingConfiguration } from './configuration';
import { SEEK_COMMAND } from './editor-features';
import type { ScopeSessions } from './sessions';
import { TIMELINE_VIEW_ID } from './timeline-view';

const RECORDING_FILTERS = { 'Scope recordings': ['scope'] };

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function workspaceFolderOf(file: string): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) ?? vscode.workspace.workspaceFolders?.[0];
}

async function pickRecording(sessions: ScopeSessions, title: string, openLabel: string): Promise<string | undefined> {
  const defaultUri = sessions.lastRecording ? vscode.Uri.file(sessions.lastRecording) : vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({ title, defaultUri, canSelectMany: false, filters: RECORDING_FILTERS, openLabel });
  return picked?.[0]?.fsPath;
}

/** Runs `node dist/cli.js …` with the extension host's Node; resolves with stdout or rejects with stderr. */
function runCli(extensionPath: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(extensionPath, 'dist', 'cli.js'), ...args], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
      (error, stdout, stderr) => (error ? reject(new Error(stderr.trim() || error.message)) : resolve(stdout)));
  });
}

export function registerCommands(context: vscode.ExtensionContext, sessions: ScopeSessions): vscode.Disposable[] {
  const run = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, async (...args: never[]) => {
    try {
      await fn(...args);
    } catch (error) {
      void vscode.window.showErrorMessage(`Scope: ${errorText(error)}`);
    }
  });

  return [
    run('scope.openRecording', async (uri?: vscode.Uri) => {
      const file = uri?.fsPath ?? await pickRecording(sessions, 'Open a Scope recording', 'Open Recording');
      if (!file) return;
      await vscode.debug.startDebugging(workspaceFolderOf(file), recordingConfiguration(file));
    }),

    run('scope.recordCurrentFile', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!isRecordableDocument(doc)) throw new Error('open the TypeScript or JavaScript file to record first.');
      await vscode.debug.startDebugging(workspaceFolderOf(doc.uri.fsPath), programConfiguration(doc.uri.fsPath));
    }),

    run('scope.showTimeline', () => vscode.commands.executeCommand(`${TIMELINE_VIEW_ID}.focus`)),

    run('scope.goToInstant', async () => {
      const info = await sessions.info();
      const last = Math.max(0, info.events - 1);
      const answer = await vscode.window.showInputBox({
        title: 'Scope: Go to Instant',
        prompt: `An instant between 0 and ${last.toLocaleString('en-US')} (now at ${info.current.toLocaleString('en-US')})`,
        value: String(info.current),
        validateInput: (text) => (/^\d+$/.test(text.trim()) && Number(text) <= last ? undefined : `Type a whole number from 0 to ${last}.`),
      });
      if (answer === undefined) return;
      await sessions.seek(Number(answer.trim()));
    }),

    run(SEEK_COMMAND, async (instant?: number) => {
      if (!Number.isSafeInteger(instant) || (instant as number) < 0) throw new Error(`${SEEK_COMMAND} needs an instant (a whole number ≥ 0).`);
      await sessions.seek(instant as number);
    }),

    run('scope.exportRecording', async (uri?: vscode.Uri) => {
      const recording = uri?.fsPath ?? (sessions.current ? (await sessions.info()).file : undefined) ?? await pickRecording(sessions, 'Export which Scope recording?', 'Export');
      if (!recording) return;
      const out = await vscode.window.showSaveDialog({
        title: 'Export as Chrome trace (Perfetto, chrome://tracing)',
        defaultUri: vscode.Uri.file(recording.replace(/\.scope$/, '') + '.trace.json'),
        filters: { 'Chrome trace JSON': ['json'] },
      });
      if (!out) return;
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${path.basename(recording)}…` },
        () => runCli(context.extensionPath, ['export', recording, '--format', 'chrome', '--out', out.fsPath]));
      void vscode.window.showInformationMessage(`Scope: exported ${path.basename(out.fsPath)} — open it in ui.perfetto.dev or chrome://tracing.`);
    }),
  ];
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** While a program is being recorded: events, drops and size; hidden when the session has none running. */
export function registerStatusBar(sessions: ScopeSessions): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('scope.recording', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Scope recording';
  item.command = 'scope.showTimeline';
  const show = (b: RecordingGrewBody) => {
    if (!b.running) { item.hide(); return; }
    item.text = `$(record) Scope: ${b.events.toLocaleString('en-US')} events · ${formatBytes(b.bytes)}${b.dropped ? ` · $(warning) ${b.dropped.toLocaleString('en-US')} dropped` : ''}`;
    item.tooltip = `Recording: ${b.events.toLocaleString('en-US')} events, ${b.dropped.toLocaleString('en-US')} dropped, ${formatBytes(b.bytes)}. Click to show the timeline.`;
    item.backgroundColor = b.dropped ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  return [item, sessions.onDidGrow(show), sessions.onDidChange((s) => { if (!s) item.hide(); })];
}
