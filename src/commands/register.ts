// Registers every command of the extension; each command's logic lives in its own file.
import * as vscode from 'vscode';
import { changeActive } from './changeActive';
import { clearFilter, filter } from './filter';
import { exportCsv } from './exportCsv';
import { goToUser } from './goToUser';
import { clearScheduledDeactivation, scheduleDeactivation } from './scheduleDeactivation';
import { DETAILS_SCHEME, DetailsDocuments, showDetails } from './showDetails';
import { copyEmail, copyId, openInWorkfront } from './userActions';
import type { Services } from './services';
import { signIn } from './signIn';
import { signOut } from './signOut';

export function registerCommands(svc: Services): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, fn);
  const details = new DetailsDocuments();
  return [
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
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
    reg('workfront.showDetails', (node) => showDetails(svc, details, node)),
    reg('workfront.copyId', (node) => copyId(svc, node)),
    reg('workfront.copyEmail', (node) => copyEmail(svc, node)),
    reg('workfront.openInWorkfront', (node) => openInWorkfront(svc, node)),
    reg('workfront.exportCsv', (node, target) => exportCsv(svc, node, target)),
    reg('workfront.scheduleDeactivation', (node, day) => scheduleDeactivation(svc, node, day)),
    reg('workfront.clearScheduledDeactivation', (node) => clearScheduledDeactivation(svc, node)),
  ];
}
