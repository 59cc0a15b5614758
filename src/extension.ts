// Wiring only: builds the objects and registers them. No network call and no secret read happen here;
// the tree asks for data only when the view becomes visible.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AuditStore } from './audit/store';
import { AuditTrail } from './audit/trail';
import { BrowserSignIn } from './auth/browserSignIn';
import { KeyStore } from './auth/keyStore';
import { WorkfrontAccounts } from './commands/accounts';
import { AuditDocuments } from './commands/auditLog';
import { announceCutOff } from './commands/auditStartup';
import { registerCommands } from './commands/register';
import type { Services } from './commands/services';
import type { TreeNode } from './tree/nodes';
import { UsersTreeProvider, VIEW_ID } from './tree/provider';
import { UsersModel } from './tree/usersModel';
import { makeClientFactory, type ClientFactory } from './util/clientFactory';
import { auditLimits } from './util/settings';
import { Log } from './util/log';
import { readNotSignedInDays } from './util/settings';
import { startBenchProbe } from './util/benchProbe';

/** The model of this activation, so that deactivate() can wait for its connections to close. */
let active: UsersModel | undefined;

export function activate(context: vscode.ExtensionContext): Services | undefined {
  return activateWith(context, makeClientFactory);
}

/** Activation with a given way to make clients (the unit tests give a fake Workfront). */
export function activateWith(
  context: vscode.ExtensionContext,
  makeClients: (log: Log, keys: KeyStore) => ClientFactory,
): Services | undefined {
  const started = Date.now();
  const probe = startBenchProbe();
  if (probe) context.subscriptions.push(probe);
  const log = new Log('Workfront Users');
  const keys = new KeyStore(context.secrets, context.globalState);
  const clients = makeClients(log, keys);
  // The audit trail lives with the extension's global storage: on this computer, shared by its windows.
  const audit = new AuditTrail(
    new AuditStore(path.join(context.globalStorageUri.fsPath, 'audit'), auditLimits),
    (err) => log.error(`The audit trail could not be written: ${String(err)}`),
  );
  const model = new UsersModel(keys, clients, log, audit);
  active = model;
  const provider = new UsersTreeProvider(model);
  const view = vscode.window.createTreeView<TreeNode>(VIEW_ID, {
    treeDataProvider: provider,
    canSelectMany: true,
    showCollapseAll: true,
  });
  const browser = new BrowserSignIn(clients, log, context.extension.id);
  const base: Services = { keys, clients, model, log, provider, view, browser };
  const accounts = new WorkfrontAccounts(base);
  const svc: Services = { ...base, accounts };
  // The account and instance have a row of their own (readable at any width); the title says the filter,
  // and a message above the rows says what is shown while one applies. Set only when it changes: VS Code
  // counts a message set as a change of the tree, and holds the tree's next change back 200 ms after one
  // (a row moved by a deactivation would wait for it).
  let described: string | undefined;
  const describe = () => {
    const filter = model.all().find((m) => m.filter)?.filter;
    if (filter === described) return;
    described = filter;
    view.description = filter ? vscode.l10n.t('filter: "{0}"', filter) : undefined;
    view.message = filter
      ? vscode.l10n.t(
          'Showing users whose name, email or title contains "{0}". Clear the filter to see everyone.',
          filter,
        )
      : undefined;
  };
  // Hiding the view stops the listings it started (a 100,000-user group is dozens of requests); showing
  // it again renders those groups once more, which loads what was stopped.
  let paused: ReturnType<UsersModel['pauseLoads']> = [];
  const onVisibility = view.onDidChangeVisibility((e) => {
    if (!e.visible) {
      const stopped = model.pauseLoads();
      if (stopped.length > 0)
        log.info('The view was hidden: listings in progress stopped; they resume when it is shown.');
      paused.push(...stopped);
    } else if (paused.length > 0) {
      provider.refreshGroups(paused);
      paused = [];
    }
  });
  context.subscriptions.push(
    onVisibility,
    vscode.window.registerUriHandler(browser),
    log,
    keys,
    model,
    provider,
    view,
    model.onDidChange(describe),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('workfront') || e.affectsConfiguration('http')) {
        log.info('Settings changed: the next request uses them.');
        for (const m of model.all()) m.reconfigure();
        if (e.affectsConfiguration('workfront.notSignedInDays'))
          for (const m of model.all()) m.setDormantDays(readNotSignedInDays());
      }
    }),
    ...registerCommands(svc, context.extensionUri),
    accounts,
    new AuditDocuments(audit),
  );
  // Changes a closed or crashed window sent without an answer: told once the window is up.
  void announceCutOff(svc);
  log.info(`Activated in ${Date.now() - started} ms.`);
  // Tests reach the objects through the extension's exports; nothing is exported to other extensions.
  return context.extensionMode === vscode.ExtensionMode.Test ? svc : undefined;
}

/** Stops every load and waits for the connections to Workfront to close. */
export async function deactivate(): Promise<void> {
  const model = active;
  active = undefined;
  await model?.close();
}
