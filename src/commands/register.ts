// Registers every command of the extension (each command's logic lives in its own file), each through
// the one wrapper in runCommand.ts, so a new command cannot forget logging or error reporting.
import * as vscode from 'vscode';
import { changeActive } from './changeActive';
import { exportCsv } from './exportCsv';
import { clearFilter, filter } from './filter';
import { goToUser } from './goToUser';
import { clearScheduledDeactivation, scheduleDeactivation } from './scheduleDeactivation';
import type { Services } from './services';
import { DETAILS_SCHEME, DetailsDocuments, showDetails } from './showDetails';
import { signIn } from './signIn';
import { signOut } from './signOut';
import { copyEmail, copyId, openInWorkfront } from './userActions';
import { runCommand } from './runCommand';

type Handler = (...args: unknown[]) => unknown;

export function registerCommands(svc: Services): vscode.Disposable[] {
  const details = new DetailsDocuments();
  const commands: Record<string, Handler> = {
    'workfront.signIn': (host) => signIn(svc, host),
    'workfront.signOut': (node) => signOut(svc, node),
    'workfront.refresh': () => {
      svc.model.sync();
      svc.model.refreshAll();
    },
    'workfront.deactivateUser': (node, nodes) => changeActive(svc, false, node, nodes),
    'workfront.reactivateUser': (node, nodes) => changeActive(svc, true, node, nodes),
    'workfront.showLog': () => svc.log.show(),
    'workfront.filter': (text) => filter(svc, text),
    'workfront.clearFilter': () => clearFilter(svc),
    'workfront.goToUser': () => goToUser(svc),
    'workfront.showDetails': (node) => showDetails(svc, details, node),
    'workfront.copyId': (node, nodes) => copyId(svc, node, nodes),
    'workfront.copyEmail': (node, nodes) => copyEmail(svc, node, nodes),
    'workfront.openInWorkfront': (node) => openInWorkfront(svc, node),
    'workfront.exportCsv': (node, target) => exportCsv(svc, node, target),
    'workfront.scheduleDeactivation': (node, day) => scheduleDeactivation(svc, node, day),
    'workfront.clearScheduledDeactivation': (node) => clearScheduledDeactivation(svc, node),
  };
  return [
    details,
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    ...Object.entries(commands).map(([id, fn]) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(svc.log, id, () => fn(...args))),
    ),
  ];
}
