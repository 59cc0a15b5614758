// Renders the model as the Users tree. getChildren never throws and never pops up a message: failures
// become rows with a warning icon (click: the log), and the last good rows stay beside them.
import * as vscode from 'vscode';
import { describeError } from '../util/errorMessages';
import type { UserSummary } from '../workfront';
import { GROUPS, type GroupKey, type InstanceModel } from './instanceModel';
import { ids, type ChunkNode, type GroupNode, type MessageNode, type TreeNode, type UserNode } from './nodes';
import { formatDate, formatDay, groupTooltip, userTooltip } from './tooltip';
import type { UsersModel } from './usersModel';

export const VIEW_ID = 'workfront.users';

/** Shows the view's progress bar while `task` runs (work the user started and waits for). */
export function withViewProgress<T>(task: Promise<T> | (() => Promise<T>)): Thenable<T> {
  return vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
    typeof task === 'function' ? task() : task,
  );
}
/** Above this many users a group is split into chunks; no expansion yields more than this. */
export const MAX_ROWS_PER_NODE = 1000;
export const CHUNK_SIZE = 500;

export class UsersTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: UsersModel) {
    // Any change re-renders from the root: labels carry the counts, and VS Code keeps expanded
    // groups expanded (stable ids) and asks only for their children again, which are cached.
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    try {
      if (!node) {
        const models = this.model.all();
        if (models.length === 0) return []; // the welcome view (sign in) shows instead
        if (models.length === 1) return await this.instanceChildren(models[0]);
        return models.map((m) => ({ kind: 'instance', id: ids.instance(m.instance.host), host: m.instance.host }));
      }
      const model = this.model.get(node.host);
      if (!model) return [];
      switch (node.kind) {
        case 'instance':
          return await this.instanceChildren(model);
        case 'group':
          return await this.groupChildren(model, node);
        case 'chunk':
          return this.userNodes(
            model,
            node.group,
            (model.listState(node.group).users ?? []).slice(node.start, node.end),
          );
        default:
          return [];
      }
    } catch (err) {
      // Only a bug gets here; still a row, never an exception into VS Code.
      return [message(node?.id ?? 'root', node?.host ?? '', 'unexpected', 'error', describeError(err).message)];
    }
  }

  private async instanceChildren(model: InstanceModel): Promise<TreeNode[]> {
    const host = model.instance.host;
    const parentId = ids.instance(host);
    await withViewProgress(model.ensureCounts());
    if (model.status === 'keyRejected' || model.status === 'noKey') {
      const text =
        model.status === 'keyRejected'
          ? vscode.l10n.t('Workfront rejected the API key for {0}; it may have expired. Click to sign in again.', host)
          : vscode.l10n.t('No API key is stored for {0}. Click to sign in.', host);
      return [
        message(parentId, host, 'key', 'warning', text, model.statusError?.message, {
          command: 'workfront.signIn',
          title: vscode.l10n.t('Sign In'),
          arguments: [host],
        }),
      ];
    }
    if (model.status === 'keyringError') {
      return [message(parentId, host, 'keyring', 'error', describeError(model.statusError).message)];
    }
    const rows: TreeNode[] = [];
    if (model.countsError)
      rows.push(
        message(
          parentId,
          host,
          'counts',
          'error',
          describeError(model.countsError, { instance: host }).message,
          model.countsError.message,
        ),
      );
    const counts = model.counts;
    if (counts) {
      // The Scheduled group appears only when someone has a leaving date.
      const shown = GROUPS.filter((g) => g !== 'scheduled' || counts.scheduled > 0);
      rows.push(...shown.map((group): GroupNode => ({ kind: 'group', id: ids.group(host, group), host, group })));
    }
    return rows;
  }

  private async groupChildren(model: InstanceModel, node: GroupNode): Promise<TreeNode[]> {
    await withViewProgress(model.ensureList(node.group));
    const { users, error } = model.listState(node.group);
    const rows: TreeNode[] = [];
    if (error)
      rows.push(
        message(
          node.id,
          node.host,
          'list',
          'error',
          describeError(error, { instance: node.host }).message,
          error.message,
        ),
      );
    if (!users) return rows;
    if (users.length === 0) {
      const text = model.filter
        ? vscode.l10n.t('No users here match "{0}".', model.filter)
        : vscode.l10n.t('No users here.');
      rows.push(message(node.id, node.host, 'empty', 'info', text));
      return rows;
    }
    if (users.length <= MAX_ROWS_PER_NODE) return [...rows, ...this.userNodes(model, node.group, users)];
    for (let start = 0; start < users.length; start += CHUNK_SIZE) {
      rows.push({
        kind: 'chunk',
        id: ids.chunk(node.host, node.group, start),
        host: node.host,
        group: node.group,
        start,
        end: Math.min(users.length, start + CHUNK_SIZE),
      });
    }
    return rows;
  }

  private userNodes(model: InstanceModel, group: GroupKey, users: readonly UserSummary[]): UserNode[] {
    const host = model.instance.host;
    return users.map((u) => ({ kind: 'user', id: ids.user(host, group, u.ID), host, group, userId: u.ID }));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const model = this.model.get(node.host);
    switch (node.kind) {
      case 'instance': {
        const item = new vscode.TreeItem(node.host, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('organization');
        item.description = model?.me ? vscode.l10n.t('signed in as {0}', model.me.name) : undefined;
        item.contextValue = 'instance';
        return item;
      }
      case 'group': {
        const count = model?.counts?.[node.group];
        const label =
          node.group === 'active'
            ? vscode.l10n.t('Active ({0})', count ?? '?')
            : node.group === 'inactive'
              ? vscode.l10n.t('Inactive ({0})', count ?? '?')
              : vscode.l10n.t('Scheduled to Leave ({0})', count ?? '?');
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(
          node.group === 'active' ? 'pass' : node.group === 'inactive' ? 'circle-slash' : 'clock',
        );
        item.contextValue = `group ${node.group}`;
        if (model?.filter) item.description = vscode.l10n.t('matching "{0}"', model.filter);
        return item;
      }
      case 'chunk': {
        const users = model?.listState(node.group).users ?? [];
        const first = users[node.start]?.name ?? '';
        const last = users[node.end - 1]?.name ?? '';
        const item = new vscode.TreeItem(`${first} – ${last}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = vscode.l10n.t('{0} users', node.end - node.start);
        item.iconPath = new vscode.ThemeIcon('list-unordered');
        item.contextValue = 'chunk';
        return item;
      }
      case 'user':
        return this.userItem(node, model);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(
          node.severity === 'info' ? 'info' : node.severity === 'warning' ? 'warning' : 'error',
          new vscode.ThemeColor(node.severity === 'info' ? 'foreground' : 'list.warningForeground'),
        );
        item.tooltip = node.tooltip ?? node.text;
        item.command =
          node.command ??
          (node.severity === 'info' ? undefined : { command: 'workfront.showLog', title: vscode.l10n.t('Show Log') });
        item.contextValue = `message ${node.severity}`;
        return item;
      }
    }
  }

  private userItem(node: UserNode, model: InstanceModel | undefined): vscode.TreeItem {
    const user = model?.users.get(node.userId);
    const item = new vscode.TreeItem(
      user?.name || user?.emailAddr || node.userId,
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    if (!user || !model) return item;
    const self = model.me?.ID === user.ID;
    const busy = model.busy.get(user.ID);
    item.description =
      busy ??
      (self
        ? vscode.l10n.t('{0} · you: cannot deactivate yourself', user.emailAddr)
        : node.group === 'scheduled' && user.scheduleDeactivationDate !== null
          ? vscode.l10n.t('{0} · leaves {1}', user.emailAddr, formatDay(user.scheduleDeactivationDate))
          : user.emailAddr);
    item.iconPath = busy
      ? new vscode.ThemeIcon('loading~spin')
      : user.isActive
        ? new vscode.ThemeIcon('person')
        : new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    const status = user.isActive
      ? vscode.l10n.t('active user')
      : user.actualDeactivationDate !== null
        ? vscode.l10n.t('inactive user, deactivated {0}', formatDate(user.actualDeactivationDate))
        : vscode.l10n.t('inactive user');
    item.accessibilityInformation = { label: [user.name, user.emailAddr, status, busy].filter(Boolean).join(', ') };
    const tokens = ['user', user.isActive ? 'active' : 'inactive'];
    if (busy) tokens.push('busy');
    else if (self) tokens.push('self');
    else tokens.push(user.isActive ? 'canDeactivate' : 'canReactivate');
    if (user.emailAddr) tokens.push('hasEmail');
    if (user.scheduleDeactivationDate !== null) tokens.push('scheduled');
    item.contextValue = tokens.join(' ');
    return item;
  }

  /** Tooltips are built on hover only. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind === 'user') {
      const model = this.model.get(node.host);
      const user = model?.users.get(node.userId);
      if (user) item.tooltip = userTooltip(user, model?.me);
    } else if (node.kind === 'group') {
      const model = this.model.get(node.host);
      item.tooltip = model ? groupTooltip(node.group, model) : undefined;
    }
    return item;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    const model = this.model.get(node.host);
    if (!model || node.kind === 'instance') return undefined;
    const instanceNode: TreeNode | undefined =
      this.model.all().length > 1 ? { kind: 'instance', id: ids.instance(node.host), host: node.host } : undefined;
    if (node.kind === 'group' || node.kind === 'message') return instanceNode;
    const group: GroupNode = {
      kind: 'group',
      id: ids.group(node.host, node.group),
      host: node.host,
      group: node.group,
    };
    if (node.kind === 'chunk') return group;
    const users = model.listState(node.group).users ?? [];
    if (users.length <= MAX_ROWS_PER_NODE) return group;
    const index = users.findIndex((u) => u.ID === node.userId);
    if (index < 0) return group;
    const start = Math.floor(index / CHUNK_SIZE) * CHUNK_SIZE;
    const chunk: ChunkNode = {
      kind: 'chunk',
      id: ids.chunk(node.host, node.group, start),
      host: node.host,
      group: node.group,
      start,
      end: Math.min(users.length, start + CHUNK_SIZE),
    };
    return chunk;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function message(
  parentId: string,
  host: string,
  name: string,
  severity: MessageNode['severity'],
  text: string,
  tooltip?: string,
  command?: MessageNode['command'],
): MessageNode {
  return { kind: 'message', id: ids.message(parentId, name), host, severity, text, tooltip, command };
}
