// The details pages: one editor tab (a WebviewPanel) per user, titled with their name. Showing the same
// user again brings their tab forward and reads them again. A page follows the model: a deactivation
// from the page (or the tree, or Undo) shows at once. Its buttons run the same commands as the tree's
// context menu (Deactivate still confirms in a modal); every message from the page is checked first.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { Services } from '../commands/services';
import { workfrontPage } from '../commands/userTarget';
import type { InstanceModel } from '../tree/instanceModel';
import { ids, type UserNode } from '../tree/nodes';
import { withViewProgress } from '../tree/provider';
import { CommandFailure, inContext } from '../util/errorMessages';
import type { UserDetails } from '../workfront';
import { detailsHtml, offeredActions, type DetailsView } from './html';
import { parseDetailsMessage, type DetailsAction } from './messages';

export const DETAILS_VIEW_TYPE = 'workfront.userDetails';

/** Runs a page's action through the command wrapper: logged, and a failure becomes one message. */
export type RunAction = (id: string, fn: () => Promise<unknown>) => Promise<unknown>;

export class DetailsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, DetailsPanel>();
  private readonly subscription: vscode.Disposable;

  constructor(
    readonly svc: Services,
    readonly run: RunAction,
    readonly iconPath?: { readonly light: vscode.Uri; readonly dark: vscode.Uri },
  ) {
    // Only the pages whose user (or whose instance, for a sign-out or refresh) changed render again.
    this.subscription = svc.model.onDidChange(({ model, change }) => {
      for (const panel of this.panels.values()) {
        if (model && model.instance.host !== panel.host) continue;
        if (change?.kind === 'users' && !change.ids.includes(panel.userId)) continue;
        panel.render();
      }
    });
  }

  /** The page of the user: made after their details are read, or brought forward and read again. */
  async show(model: InstanceModel, userId: string): Promise<vscode.WebviewPanel> {
    const key = `${model.instance.host}/${userId}`;
    const open = this.panels.get(key);
    if (open) {
      open.panel.reveal();
      await open.load();
      return open.panel;
    }
    const details = await this.read(model, userId);
    // Shown twice at once (a double click): the first page made is the one.
    const raced = this.panels.get(key);
    if (raced) {
      raced.update(details);
      raced.panel.reveal();
      return raced.panel;
    }
    const panel = vscode.window.createWebviewPanel(
      DETAILS_VIEW_TYPE,
      titleOf(details),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      // Scripts only for the buttons (and only the page's own, by nonce); nothing local or remote loads.
      { enableScripts: true, enableCommandUris: false, enableFindWidget: true, localResourceRoots: [] },
    );
    if (this.iconPath) panel.iconPath = this.iconPath;
    const page = new DetailsPanel(this, model.instance.host, userId, details, panel);
    this.panels.set(key, page);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === page) this.panels.delete(key);
      page.dispose();
    });
    page.render();
    return panel;
  }

  /** Reads the user's details; the model learns their latest state (the tree row follows). */
  async read(model: InstanceModel, userId: string): Promise<UserDetails> {
    const known = model.users.get(userId);
    const operation = vscode.l10n.t('Read the details of {0}', known?.name || userId);
    const details = await inContext({ instance: model.instance.host, operation }, () =>
      withViewProgress(() => model.call((client) => client.getUserDetails(userId))),
    );
    // A user the tree has not seen (a manager) is only remembered: counts change only for known users.
    if (known) model.applyUser(details);
    else model.remember([details]);
    return details;
  }

  /** Runs what a page's button or link asked for. */
  async act(page: DetailsPanel, action: DetailsAction): Promise<void> {
    const model = this.svc.model.get(page.host);
    if (!model) return;
    // Signed out and in again, the model is new: it learns the user from the page, as the tree's
    // commands find users in the model.
    if (!model.users.has(page.userId)) model.remember([page.details]);
    const user = model.users.get(page.userId) ?? page.details;
    // The row the tree's commands expect; they find the user in the model by host and ID.
    const group = user.isActive ? 'active' : 'inactive';
    const node: UserNode = {
      kind: 'user',
      id: ids.user(page.host, group, page.userId),
      host: page.host,
      group,
      userId: page.userId,
    };
    switch (action) {
      case 'deactivate':
        await vscode.commands.executeCommand('workfront.deactivateUser', node, [node]);
        return;
      case 'reactivate':
        await vscode.commands.executeCommand('workfront.reactivateUser', node, [node]);
        return;
      case 'copyId':
        await vscode.commands.executeCommand('workfront.copyId', node);
        return;
      case 'copyEmail':
        await vscode.commands.executeCommand('workfront.copyEmail', node);
        return;
      case 'openInWorkfront':
        await vscode.commands.executeCommand('workfront.openInWorkfront', node);
        return;
      case 'openManager': {
        const managerId = page.details.managerID;
        if (managerId) await this.run('workfront.userDetails.openManager', () => this.show(model, managerId));
        return;
      }
      case 'refresh':
        await this.run('workfront.userDetails.refresh', () => page.load());
        return;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const page of [...this.panels.values()]) page.panel.dispose();
    this.panels.clear();
  }
}

/** One user's page. */
class DetailsPanel {
  /** What the page offers now; a message asking for anything else is refused. */
  private offered = new Set<DetailsAction>();
  /** The page last rendered (without its nonce): the same page is not loaded again. */
  private shown = '';
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly owner: DetailsPanels,
    readonly host: string,
    readonly userId: string,
    public details: UserDetails,
    readonly panel: vscode.WebviewPanel,
  ) {
    this.subscription = panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
  }

  /** Reads the user again (Refresh, or shown again). */
  async load(): Promise<void> {
    const model = this.owner.svc.model.get(this.host);
    if (!model)
      throw new CommandFailure(vscode.l10n.t('You are signed out of {0}. Sign in to read this user again.', this.host));
    this.update(await this.owner.read(model, this.userId));
  }

  update(details: UserDetails): void {
    this.details = details;
    this.render();
  }

  /** The page as the model has the user now: the details read last, with their latest state on top. */
  render(): void {
    const model = this.owner.svc.model.get(this.host);
    const latest = model?.users.get(this.userId);
    const user: UserDetails = latest ? { ...this.details, ...latest } : this.details;
    const view: DetailsView = {
      user,
      host: this.host,
      workfrontUrl: (model && workfrontPage(model, user)?.toString(true)) ?? '',
      busy: model?.busy.get(this.userId),
      isMe: model?.me?.ID === this.userId,
      notice: model
        ? undefined
        : vscode.l10n.t('You are signed out of {0}. Sign in again to act on this user.', this.host),
    };
    this.offered = offeredActions(view);
    this.panel.title = titleOf(user);
    // Other users' changes in the same instance (a bulk deactivation) leave this page as it is: setting
    // the same page again would reload it, and flicker.
    const page = detailsHtml(view, '');
    if (page === this.shown) return;
    this.shown = page;
    this.panel.webview.html = detailsHtml(view, crypto.randomBytes(16).toString('base64'));
  }

  private receive(message: unknown): void {
    const action = parseDetailsMessage(message, this.userId);
    if (!action || !this.offered.has(action)) {
      const what = typeof message === 'object' && message !== null ? Object.keys(message).join(',') : typeof message;
      this.owner.svc.log.warn(
        `The details page of ${this.userId} sent a message that was ignored (${what.slice(0, 100)}).`,
      );
      return;
    }
    void this.owner
      .act(this, action)
      .catch((err: unknown) => this.owner.svc.log.error(`Details page action ${action} failed: ${String(err)}`));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

function titleOf(user: UserDetails): string {
  return user.name || user.emailAddr || user.ID;
}
