// Context keys for `when` clauses, all prefixed `workfront.`.
import * as vscode from 'vscode';

export type ContextKey = 'workfront.signedIn' | 'workfront.filtered';

export function setContext(key: ContextKey, value: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
