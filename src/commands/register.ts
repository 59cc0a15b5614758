// Registers every command of the extension; each command's logic lives in its own file.
import * as vscode from 'vscode';
import { changeActive } from './changeActive';
import { clearFilter, filter } from './filter';
import { goToUser } from './goToUser';
import type { Services } from './services';
import { signIn } from './signIn';
import { signOut } from './signOut';

export function registerCommands(svc: Services): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, fn);
  return [
    reg('workfront.signIn', (host) => signIn(svc, host)),
    reg('workfront.signOut', (node) => signOut(svc, node as Parameters<typeof signOut>[1])),
    reg('workfront.refresh', () => {
      svc.model.sync();
      svc.model.refreshAll();
    }),
    reg('workfront.deactivateUser', (node, nodes) => changeActive(svc, false, node, nodes)),
    reg('workfront.reactivateUser', (node, nodes) => changeActive(svc, true, node, nodes)),
    reg('workfront.showLog', () => svc.log.show()),
    reg('workfront.filter', (text) => filter(svc, text)),
    reg('workfront.clearFilter', () => clearFilter(svc)),
    reg('workfront.goToUser', () => goToUser(svc)),
  ];
}
