// Registers every command of the extension through one wrapper (each command's logic lives in its own
// file): the wrapper logs the start and the outcome, turns any failure into one message, and lets a
// cancellation pass quietly. It is the only place that does so, so a new command cannot forget it.
import * as vscode from 'vscode';
import { KeyringError } from '../auth/keyStore';
import { isWorkfrontError } from '../workfront';
import { CommandFailure, describeError, isCancellation } from '../util/errorMessages';
import type { Log } from '../util/log';
import { asPlainText } from '../util/plainText';
import { changeActive } from './changeActive';
import { DetailsPanels } from '../details/panels';
import { exportCsv, exportSelectedCsv } from './exportCsv';
import { clearFilter, filter } from './filter';
import { goToUser } from './goToUser';
import { clearScheduledDeactivation, scheduleDeactivation } from './scheduleDeactivation';
import type { Services } from './services';
import { showDetails } from './showDetails';
import { signIn } from './signIn';
import { signOut } from './signOut';
import { copyEmail, copyId, openInWorkfront } from './userActions';

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
    'workfront.showLog': () => svc.log.show(),
    'workfront.filter': (text) => filter(svc, text),
    'workfront.clearFilter': () => clearFilter(svc),
    'workfront.goToUser': () => goToUser(svc),
    'workfront.showDetails': (node) => showDetails(svc, details, node),
    'workfront.copyId': (node) => copyId(svc, node),
    'workfront.copyEmail': (node) => copyEmail(svc, node),
    'workfront.openInWorkfront': (node) => openInWorkfront(svc, node),
    'workfront.exportCsv': (node, target) => exportCsv(svc, node, target),
    'workfront.exportSelectedCsv': (node, nodes, target) => exportSelectedCsv(svc, node, nodes, target),
    'workfront.scheduleDeactivation': (node, day) => scheduleDeactivation(svc, node, day),
    'workfront.clearScheduledDeactivation': (node) => clearScheduledDeactivation(svc, node),
  };
  return [
    details,
    ...Object.entries(commands).map(([id, fn]) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(svc.log, id, () => fn(...args))),
    ),
  ];
}

/**
 * Runs one command: its result, or undefined when it failed (the user was told, once) or was cancelled.
 * Never rejects, so VS Code never shows its generic "command failed".
 */
export async function runCommand<T>(log: Log, id: string, fn: () => T | PromiseLike<T>): Promise<T | undefined> {
  const started = Date.now();
  log.debug(`${id}: started`);
  try {
    const result = await fn();
    log.debug(`${id}: done in ${Date.now() - started} ms`);
    return result;
  } catch (err) {
    if (isCancellation(err)) {
      log.debug(`${id}: cancelled after ${Date.now() - started} ms`);
      return undefined;
    }
    reportFailure(log, id, err);
    return undefined;
  }
}

/** One message for a failure, and the whole story (cause, or stack for a bug) in the log. */
function reportFailure(log: Log, id: string, err: unknown): void {
  const message = describeError(err);
  const cause = err instanceof CommandFailure ? err.cause : err;
  if (err instanceof CommandFailure || isWorkfrontError(err) || err instanceof KeyringError) {
    const detail = cause instanceof Error && cause.message !== message ? ` (${cause.message})` : '';
    log.warn(`${id} failed: ${message}${detail}`);
  } else {
    // Not a failure the command foresaw: a bug, or something the code did not expect. Keep the stack.
    log.error(`${id} failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  void vscode.window.showErrorMessage(asPlainText(message));
}
