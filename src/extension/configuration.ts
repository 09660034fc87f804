/**
 * The `scope` debug type: configurations (F5 with no launch.json offers "Scope Debug" for the
 * active TypeScript/JavaScript file) and the adapter, `dist/adapter.js` run with the extension
 * host's own Node.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './sessions';

export const SCOPE_LANGUAGES = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'];

export function isRecordableDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.uri.scheme === 'file' && SCOPE_LANGUAGES.includes(doc.languageId);
}

export function programConfiguration(program: string): vscode.DebugConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: 'Scope Debug', program };
}

export function recordingConfiguration(recording: string): vscode.DebugConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: `Scope: ${path.basename(recording)}`, recording };
}

export class ScopeConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [programConfiguration('${file}')];
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    // F5 without a launch.json arrives as an empty configuration.
    if (!config.type && !config.request && !config.name) {
      const doc = vscode.window.activeTextEditor?.document;
      if (!isRecordableDocument(doc)) {
        void vscode.window.showErrorMessage('Scope Debug: open the TypeScript or JavaScript file to record, then press F5 (or add a "Scope Debug" configuration to launch.json).');
        return undefined;
      }
      return programConfiguration(doc.uri.fsPath);
    }
    const runsSomething = config.program || config.recording || (Array.isArray(config.runtimeArgs) && config.runtimeArgs.length > 0);
    if (!runsSomething) {
      void vscode.window.showErrorMessage(`Scope Debug: configuration "${config.name ?? '(unnamed)'}" needs "program" (a .ts or .js file), "recording" (a .scope file), or "runtimeArgs" naming what to run.`);
      return undefined;
    }
    return config;
  }
}

/** Offers "Scope Debug: <file>" in the Run and Debug picker for the active file. */
export class ScopeDynamicConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const doc = vscode.window.activeTextEditor?.document;
    if (!isRecordableDocument(doc)) return [];
    return [{ ...programConfiguration(doc.uri.fsPath), name: `Scope Debug: ${path.basename(doc.uri.fsPath)}` }];
  }
}

export class ScopeAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionPath: string) {}

  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    const adapter = path.join(this.extensionPath, 'dist', 'adapter.js');
    // The extension host's executable is Node in code-server and Electron on the desktop, where
    // ELECTRON_RUN_AS_NODE makes it behave as Node. Either way it is a Node the user already has.
    return new vscode.DebugAdapterExecutable(process.execPath, [adapter], { env: { ELECTRON_RUN_AS_NODE: '1' } });
  }
}
