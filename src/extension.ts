import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Wiring arrives with the extension-core issue.
}

export function deactivate(): void {}
