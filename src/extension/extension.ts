/**
 * Scope's VS Code extension: the only code that imports `vscode`. It registers the `scope` debug
 * type (configurations and the adapter), the Scope Timeline view, the editor features (hover,
 * inline values, code lenses, dimming), the commands and the recording status bar item.
 */
import * as vscode from 'vscode';
import { registerCommands, registerStatusBar } from './commands';
import { ScopeAdapterFactory, ScopeConfigurationProvider, ScopeDynamicConfigurationProvider } from './configuration';
import { registerEditorFeatures } from './editor-features';
import { DEBUG_TYPE, ScopeSessions } from './sessions';
import { TIMELINE_VIEW_ID, TimelineViewProvider } from './timeline-view';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Scope', { log: true });
  const sessions = new ScopeSessions();
  const timeline = new TimelineViewProvider(context.extensionUri, sessions, log);
  context.subscriptions.push(
    log, sessions, timeline,
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ScopeConfigurationProvider()),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ScopeDynamicConfigurationProvider(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new ScopeAdapterFactory(context.extensionPath)),
    vscode.window.registerWebviewViewProvider(TIMELINE_VIEW_ID, timeline, { webviewOptions: { retainContextWhenHidden: true } }),
    ...registerEditorFeatures(sessions),
    ...registerCommands(context, sessions),
    ...registerStatusBar(sessions),
  );
  log.info(`Scope activated (extension host ${process.version}, ${process.platform})`);
}

export function deactivate(): void {}
