// Registers every command of the extension (each command's logic lives in its own file), each through
// the one wrapper in runCommand.ts, so a new command cannot forget logging or error reporting.
import * as vscode from 'vscode';
import { exportAuditLog, showAuditLog } from './auditLog';
import { changeActive } from './changeActive';
import { deactivateNotSignedIn } from './notSignedIn';
import { changeLicense } from './changeLicense';
import { offboardFromList } from './offboardList';
import { DetailsPanels } from '../details/panels';
import { exportCsv, exportSelectedCsv } from './exportCsv';
import { clearFilter, filter } from './filter';
import { goToUser } from './goToUser';
import { reassignWork } from './reassignWork';
import { clearScheduledDeactivation, scheduleDeactivation } from './scheduleDeactivation';
import type { Services } from './services';
import { showDetails } from './showDetails';
import { signIn } from './signIn';
import { signOut } from './signOut';
import { copyEmail, copyId, openInWorkfront } from './userActions';
import { runCommand } from './runCommand';

type Handler = (...args: unknown[]) => unknown;

export function registerCommands(svc: Services, extensionUri?: vscode.Uri): vscode.Disposable[] {
  const details = new DetailsPanels(
    svc,
    (id, fn) => runCommand(svc.log, id, fn),
    extensionUri && {
      light: vscode.Uri.joinPath(extensionUri, 'media', 'details-light.svg'),
      dark: vscode.Uri.joinPath(extensionUri, 'media', 'details-dark.svg'),
    },
  );
  const commands: Record<string, Handler> = {
    'workfront.signIn': (host) => signIn(svc, host),
    'workfront.signOut': (node) => signOut(svc, node),
    'workfront.refresh': () => {
      svc.model.sync();
      svc.model.refreshAll();
    },
    'workfront.deactivateUser': (node, nodes) => changeActive(svc, false, node, nodes),
    'workfront.reactivateUser': (node, nodes) => changeActive(svc, true, node, nodes),
    'workfront.reassignWork': (node) => reassignWork(svc, node),
    'workfront.showLog': () => svc.log.show(),
    'workfront.filter': (text) => filter(svc, text),
    'workfront.clearFilter': () => clearFilter(svc),
    'workfront.goToUser': () => goToUser(svc),
    'workfront.showDetails': (node) => showDetails(svc, details, node),
    'workfront.copyId': (node, nodes) => copyId(svc, node, nodes),
    'workfront.copyEmail': (node, nodes) => copyEmail(svc, node, nodes),
    'workfront.openInWorkfront': (node) => openInWorkfront(svc, node),
    'workfront.exportCsv': (node, target) => exportCsv(svc, node, target),
    'workfront.exportSelectedCsv': (node, nodes, target) => exportSelectedCsv(svc, node, nodes, target),
    'workfront.scheduleDeactivation': (node, day) => scheduleDeactivation(svc, node, day),
    'workfront.clearScheduledDeactivation': (node) => clearScheduledDeactivation(svc, node),
    'workfront.showAuditLog': (instance) => showAuditLog(svc, instance),
    'workfront.exportAuditLog': (target, instance) => exportAuditLog(svc, target, instance),
    'workfront.changeLicenseType': (node, nodes) => changeLicense(svc, node, nodes),
    'workfront.deactivateNotSignedIn': (node) => deactivateNotSignedIn(svc, node),
    'workfront.offboardFromList': (source) => offboardFromList(svc, source),
  };
  return [
    details,
    ...Object.entries(commands).map(([id, fn]) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(svc.log, id, () => fn(...args))),
    ),
  ];
}
