// Renders the model as the Users tree. getChildren never throws and never pops up a message: failures
// become rows with a warning icon (click: the log), and the last good rows stay beside them.
// A change re-renders only the nodes it concerns (VS Code finds them by object identity, so each node is
// made once per id and handed out again), and the changes of one moment reach VS Code as one event.
import * as vscode from 'vscode';
import { describeError } from '../util/errorMessages';
import { GROUPS, type GroupKey, type InstanceModel } from './instanceModel';
import { ids, type ChunkNode, type GroupNode, type MessageNode, type TreeNode, type UserNode } from './nodes';
import { groupTooltip, userTooltip } from './tooltip';
import { treeItem } from './treeItems';
import type { ModelChange, UsersModel } from './usersModel';

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

/** What onDidChangeTreeData carries: the nodes to render again, or undefined for the whole tree. */
type TreeChange = TreeNode[] | undefined;

export class UsersTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeChange>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Every node handed to VS Code, by id. */
  private readonly nodes = new Map<string, TreeNode>();
  /** The groups last shown per instance, to tell when the set of groups itself changed. */
  private readonly shownGroups = new Map<string, string>();
  /** Changes waiting for the end of this moment; `root` means the whole tree. */
  private pending: { root: boolean; nodes: Set<TreeNode> } | undefined;

  constructor(private readonly model: UsersModel) {
    this.subscription = model.onDidChange((change) => this.onModelChange(change));
  }

  /** Renders these groups again (e.g. after their loads were stopped while the view was hidden). */
  refreshGroups(groups: ReadonlyArray<{ readonly host: string; readonly group: GroupKey }>): void {
    for (const { host, group } of groups) this.queue(this.known(ids.group(host, group)));
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    try {
      if (!node) {
        const models = this.model.all();
        if (models.length === 0) return []; // the welcome view (sign in) shows instead
        if (models.length === 1) return await this.instanceChildren(models[0]);
        return models.map((m) => this.instanceNode(m.instance.host));
      }
      const model = this.model.get(node.host);
      if (!model) return [];
      switch (node.kind) {
        case 'instance':
          return await this.instanceChildren(model);
        case 'group':
          return await this.groupChildren(model, node);
        case 'chunk':
          return this.userNodes(model, node.group, node.start, node.end);
        default:
          return [];
      }
    } catch (err) {
      // Only a bug gets here; still a row, never an exception into VS Code.
      return [this.message(node?.id ?? 'root', node?.host ?? '', 'unexpected', 'error', describeError(err))];
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
      const signIn = { command: 'workfront.signIn', title: vscode.l10n.t('Sign In'), arguments: [host] };
      return [this.message(parentId, host, 'key', 'warning', text, model.statusError?.message, signIn)];
    }
    if (model.status === 'keyringError') {
      return [this.message(parentId, host, 'keyring', 'error', describeError(model.statusError))];
    }
    const rows: TreeNode[] = [];
    const { countsError } = model;
    if (countsError) {
      const text = describeError(countsError, { instance: host });
      rows.push(this.message(parentId, host, 'counts', 'error', text, countsError.message));
    }
    const shown = groupsToShow(model);
    this.shownGroups.set(host, shown.join());
    rows.push(
      ...shown.map((group) => this.node<GroupNode>({ kind: 'group', id: ids.group(host, group), host, group })),
    );
    return rows;
  }

  private async groupChildren(model: InstanceModel, node: GroupNode): Promise<TreeNode[]> {
    await withViewProgress(model.ensureList(node.group));
    const { users, error } = model.listState(node.group);
    const rows: TreeNode[] = [];
    if (error) {
      const text = describeError(error, { instance: node.host });
      rows.push(this.message(node.id, node.host, 'list', 'error', text, error.message));
    }
    if (!users) return rows;
    if (users.length === 0) {
      const text = model.filter
        ? vscode.l10n.t('No users here match "{0}".', model.filter)
        : vscode.l10n.t('No users here.');
      rows.push(this.message(node.id, node.host, 'empty', 'info', text));
      return rows;
    }
    if (users.length <= MAX_ROWS_PER_NODE) return [...rows, ...this.userNodes(model, node.group, 0, users.length)];
    for (let start = 0; start < users.length; start += CHUNK_SIZE) {
      rows.push(this.chunkNode(node.host, node.group, start, Math.min(users.length, start + CHUNK_SIZE)));
    }
    return rows;
  }

  private userNodes(model: InstanceModel, group: GroupKey, start: number, end: number): UserNode[] {
    const users = (model.listState(group).users ?? []).slice(start, end);
    return users.map((u) => this.userNode(model.instance.host, group, u.ID));
  }

  /** The node of a user's row (the one VS Code knows, if it was shown). */
  userNode(host: string, group: GroupKey, userId: string): UserNode {
    return this.node<UserNode>({ kind: 'user', id: ids.user(host, group, userId), host, group, userId });
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return treeItem(node, this.model.get(node.host));
  }

  /** Tooltips are built on hover only. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    const model = this.model.get(node.host);
    if (node.kind === 'user') {
      const user = model?.users.get(node.userId);
      if (user) item.tooltip = userTooltip(user, model?.me);
    } else if (node.kind === 'group') {
      item.tooltip = model ? groupTooltip(node.group, model) : undefined;
    }
    return item;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    const model = this.model.get(node.host);
    if (!model || node.kind === 'instance') return undefined;
    const instanceNode = this.model.all().length > 1 ? this.instanceNode(node.host) : undefined;
    if (node.kind === 'group' || node.kind === 'message') return instanceNode;
    const group = this.node<GroupNode>({
      kind: 'group',
      id: ids.group(node.host, node.group),
      host: node.host,
      group: node.group,
    });
    if (node.kind === 'chunk') return group;
    const users = model.listState(node.group).users ?? [];
    if (users.length <= MAX_ROWS_PER_NODE) return group;
    const index = users.findIndex((u) => u.ID === node.userId);
    if (index < 0) return group;
    const start = Math.floor(index / CHUNK_SIZE) * CHUNK_SIZE;
    return this.chunkNode(node.host, node.group, start, Math.min(users.length, start + CHUNK_SIZE));
  }

  private onModelChange({ model, change }: ModelChange): void {
    if (!model || !change) return this.queue(undefined); // the set of instances changed
    const host = model.instance.host;
    const whole = this.model.all().length > 1 ? this.instanceNode(host) : undefined;
    switch (change.kind) {
      case 'all':
        return this.queue(whole);
      case 'groups':
        // A group that appears or disappears (Scheduled to Leave) changes the instance's rows.
        if (this.shownGroups.has(host) && this.shownGroups.get(host) !== groupsToShow(model).join()) {
          return this.queue(whole);
        }
        for (const g of change.groups) this.queue(this.known(ids.group(host, g)));
        return;
      case 'users':
        for (const id of change.ids) for (const g of GROUPS) this.queue(this.known(ids.user(host, g, id)));
        return;
    }
  }

  /** Adds a node to this moment's change (undefined: the whole tree); nodes never shown are skipped. */
  private queue(node: TreeNode | undefined | null): void {
    if (node === null) return;
    if (!this.pending) {
      this.pending = { root: false, nodes: new Set() };
      setTimeout(() => this.flush(), 0);
    }
    if (node === undefined) this.pending.root = true;
    else this.pending.nodes.add(node);
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending || (!pending.root && pending.nodes.size === 0)) return;
    this.changed.fire(pending.root ? undefined : [...pending.nodes]);
  }

  /** The node already handed out for an id, or null. */
  private known(id: string): TreeNode | null {
    return this.nodes.get(id) ?? null;
  }

  /** The node handed out before for this id when it is the same, so VS Code recognises it. */
  private node<T extends TreeNode>(fresh: T): T {
    const old = this.nodes.get(fresh.id);
    // Users, groups and instances are wholly named by their ids; chunks and messages carry more.
    const same =
      old && (fresh.kind === 'user' || fresh.kind === 'group' || fresh.kind === 'instance' || sameNode(old, fresh));
    if (old && same) return old as T;
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }

  private instanceNode(host: string): TreeNode {
    return this.node({ kind: 'instance', id: ids.instance(host), host });
  }

  private chunkNode(host: string, group: GroupKey, start: number, end: number): ChunkNode {
    return this.node<ChunkNode>({ kind: 'chunk', id: ids.chunk(host, group, start), host, group, start, end });
  }

  private message(
    parentId: string,
    host: string,
    name: string,
    severity: MessageNode['severity'],
    text: string,
    tooltip?: string,
    command?: MessageNode['command'],
  ): MessageNode {
    return this.node<MessageNode>({
      kind: 'message',
      id: ids.message(parentId, name),
      host,
      severity,
      text,
      tooltip,
      command,
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The groups an instance shows: the Scheduled group only when someone has a leaving date. */
function groupsToShow(model: InstanceModel): GroupKey[] {
  const counts = model.counts;
  if (!counts) return [];
  return GROUPS.filter((g) => g !== 'scheduled' || counts.scheduled > 0);
}

function sameNode(a: TreeNode, b: TreeNode): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = (a as unknown as Record<string, unknown>)[k];
    const y = (b as unknown as Record<string, unknown>)[k];
    if (x !== y && JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}
