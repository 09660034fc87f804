/**
 * Runs inside VS Code's extension host (loaded by @vscode/test-electron as extensionTestsPath):
 * the example workspace is open. Each check throws with what it saw; the first failure fails the run.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension('scope-dev.scope-debugger');
  if (!extension) throw new Error('the Scope extension is not loaded');
  await extension.activate();
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['scope.openRecording', 'scope.exportRecording', 'scope.showTimeline', 'scope.goToInstant', 'scope.recordCurrentFile']) {
    if (!commands.includes(id)) throw new Error(`command ${id} is not registered`);
  }

  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the example workspace is not open');
  const file = vscode.Uri.file(path.join(folder.uri.fsPath, 'src', 'inventory.ts'));
  const doc = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(doc);
  const line = doc.getText().split('\n').findIndex((l) => l.includes('this.stock[item] = available - quantity;'));
  vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(file, new vscode.Position(line, 0)))]);

  if (!(await vscode.debug.startDebugging(folder, 'Scope Debug'))) throw new Error('"Scope Debug" did not start');
  const frame = await until('a stop at the breakpoint', () => {
    const item = vscode.debug.activeStackItem;
    return item instanceof vscode.DebugStackFrame ? item : undefined;
  });
  const session = frame.session;
  const trace = await session.customRequest('stackTrace', { threadId: frame.threadId, levels: 1 });
  const top = trace.stackFrames[0];
  if (top.line !== line + 1) throw new Error(`stopped at line ${top.line}, not at the breakpoint on line ${line + 1}`);

  const column = doc.lineAt(line).text.indexOf('available');
  const hovers = await until('the recorded-value hover', async () => {
    const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', file, new vscode.Position(line, column + 1));
    const text = h.flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    return /recorded value/.test(text) ? text : undefined;
  }, 30_000);
  if (!/available\*\* = 3/.test(hovers)) throw new Error(`the hover does not show available = 3: ${hovers}`);

  await vscode.debug.stopDebugging(session);
}
