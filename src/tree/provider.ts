// Renders the model as the Users tree. getChildren never throws and never pops up a message: failures
// become rows with a warning icon (click: the log), and the last good rows stay beside them.
// A change re-renders only the nodes it concerns (VS Code finds them by object identity, so each node is
// made once per id and handed out again), and the changes of one moment reach VS Code as one event.
import * as vscode from 'vscode';
import { describeError } from '../util/errorMessages';
import { IMS_TOKEN_OPERATION, isWorkfrontError, OAUTH_RENEW_OPERATION } from '../workfront';
import { GROUPS, type GroupKey, type InstanceModel } from './instanceModel';
import {
  ids,
  scopeOf,
  type ChunkNode,
  type GroupNode,
  type LicenceNode,
  type MessageNode,
  type TreeNode,
  type UserNode,
} from './nodes';
import { groupTooltip, licenceUsage, userTooltip } from './tooltip';
import { treeItem } from './treeItems';
import type { ModelChange, UsersModel } from './usersModel';

export const VIEW_ID = 'workfront.users';

/** How the tree times its changes for VS Code (tests of the fake VS Code set both to 0). */
export const TREE_TIMING = {
  /** How long after handing VS Code a node's children a change of that node is held (see queue). */
  answerSettleMs: 100,
  /**
   * A page's change waits this long for the pages answered with it. VS Code holds a tree change back
   * 200 ms after another: the last pages of a wave (answered a few ms apart) would otherwise be drawn
   * 200 ms after the first, and a 10,000-user group be whole a round trip later than it needs.
   */
  pageWaveMs: 20,
  /**
   * At most one page's change of a group per this long while it loads (the load's end is sent at once).
   * VS Code forgets the rows under a node it is told changed until it has fetched them again, and a
   * command chosen on one of them meanwhile reaches the extension without its row: fewer refreshes,
   * fewer such moments (and the progress still moves every second).
   */
  pageRefreshMs: 1000,
  /**
   * VS Code's extension host holds a tree change back until 200 ms after the last one when they come
   * closer than that; a change sent this long after the last is drawn at once, so the tree waits itself
   * rather than let a later change be held 200 ms after its own time.
   */
  changeSpacingMs: 205,
} as const;
export const treeTiming: { -readonly [K in keyof typeof TREE_TIMING]: number } = { ...TREE_TIMING };

/** Shows the view's progress bar while `task` runs (work the user started and waits for). */
export function withViewProgress<T>(task: Promise<T> | (() => Promise<T>)): Thenable<T> {
  return vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
    typeof task === 'function' ? task() : task,
  );
}

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
  /** Nodes whose getChildren is running, with how many calls. */
  private readonly answering = new Map<TreeNode, number>();
  /** Nodes whose children were just handed to VS Code (until treeTiming.answerSettleMs later). */
  private readonly settling = new Map<TreeNode, ReturnType<typeof setTimeout>>();
  /** Changes of settling nodes (after their answer was read), sent when they have settled. */
  private readonly held = new Set<TreeNode>();
  /** Changes made while a node's answer was being read: in the answer, except the node's own row. */
  private readonly heldAnswered = new Set<TreeNode>();
  /** What VS Code last got for each group's own row (see rowChanged). */
  private readonly shownRows = new Map<TreeNode, string>();
  /** Page changes of loading groups waiting to be sent (queuePage), and when each group's last went. */
  private readonly pageTimers = new Map<TreeNode, ReturnType<typeof setTimeout>>();
  private readonly pageSent = new Map<TreeNode, number>();
  /** When the last change went to VS Code. */
  private lastSent = -Infinity;
  /** Changes waiting for the end of this moment; `root` means the whole tree. */
  private pending: { root: boolean; nodes: Set<TreeNode> } | undefined;

  constructor(private readonly model: UsersModel) {
    this.subscription = model.onDidChange((change) => this.onModelChange(change));
  }

  /** Renders these groups again (e.g. after their loads were stopped while the view was hidden). */
  refreshGroups(groups: ReadonlyArray<{ readonly host: string; readonly group: GroupKey }>): void {
    for (const { host, group } of groups) this.queue(this.known(this.groupId(host, group)));
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.children(node);
    this.answering.set(node, (this.answering.get(node) ?? 0) + 1);
    clearTimeout(this.settling.get(node));
    this.settling.delete(node);
    try {
      return await this.children(node);
    } finally {
      const left = (this.answering.get(node) ?? 1) - 1;
      if (left > 0) this.answering.set(node, left);
      else {
        this.answering.delete(node);
        // The answer is on its way to VS Code: a change held meanwhile is sent once it is there.
        const timer = setTimeout(() => {
          this.settling.delete(node);
          const after = this.held.delete(node);
          const during = this.heldAnswered.delete(node);
          // A change made while the answer was being read is in it: sent only for the node's own row.
          if (after || (during && this.rowChanged(node))) this.queue(node);
        }, treeTiming.answerSettleMs);
        this.settling.set(node, timer);
      }
    }
  }

  private async children(node?: TreeNode): Promise<TreeNode[]> {
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
        case 'chunk': {
          const { start, end } = model.listState(node.group).list?.sliceRange(node.index) ?? { start: 0, end: 0 };
          return this.userNodes(model, node.group, start, end);
        }
        case 'licences':
          return await this.licenceChildren(model, node.id);
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
      const refusedBy = isWorkfrontError(model.statusError) ? model.statusError.operation : undefined;
      const imsRefused = refusedBy === IMS_TOKEN_OPERATION;
      const text =
        model.status === 'noKey'
          ? vscode.l10n.t('No API key is stored for {0}. Click to sign in.', host)
          : refusedBy === OAUTH_RENEW_OPERATION
            ? vscode.l10n.t(
                'Workfront ended the sign-in to {0}: it was revoked, or has expired. Click to sign in again.',
                host,
              )
            : imsRefused
              ? vscode.l10n.t(
                  'Adobe IMS refused the Server-to-Server credential for {0}; its secret may have been rotated. Click to sign in again.',
                  host,
                )
              : vscode.l10n.t(
                  'Workfront rejected the API key for {0}; it may have expired. Click to sign in again.',
                  host,
                );
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
    // With one instance, its rows are the view's top level: who is signed in where comes first.
    if (model.me && this.model.all().length === 1)
      rows.push(this.node({ kind: 'account', id: ids.account(host), host }));
    // Licence totals are of everyone active, so not shown under a filter.
    if (model.counts && !model.filter) rows.push(this.node({ kind: 'licences', id: ids.licences(host), host }));
    const shown = groupsToShow(model);
    this.shownGroups.set(host, shown.join());
    for (const group of shown) model.readAhead(group);
    rows.push(...shown.map((group) => this.groupNode(host, group)));
    return rows;
  }

  /** One row per license type held by active users, most first, from the loaded Active list. */
  private async licenceChildren(model: InstanceModel, parentId: string): Promise<TreeNode[]> {
    await withViewProgress(model.ensureList('active'));
    const { users, error } = model.listState('active');
    const host = model.instance.host;
    const rows: TreeNode[] = [];
    if (error) rows.push(this.message(parentId, host, 'list', 'error', describeError(error, { instance: host })));
    for (const [licenseType, count] of licenceUsage(users ?? [])) {
      rows.push(
        this.node<LicenceNode>({ kind: 'licence', id: ids.licence(host, licenseType), host, licenseType, count }),
      );
    }
    return rows;
  }

  private async groupChildren(model: InstanceModel, node: GroupNode): Promise<TreeNode[]> {
    // Rows as soon as the first page is here; each later page re-renders the group (slices at the end).
    await withViewProgress(model.ensureRows(node.group));
    const { list, users, error } = model.listState(node.group);
    const rows: TreeNode[] = [];
    if (error) {
      const text = describeError(error, { instance: node.host });
      rows.push(this.message(node.id, node.host, 'list', 'error', text, error.message));
    }
    if (!list || !users) return rows;
    if (users.length === 0 && list.complete) {
      const text = model.filter
        ? vscode.l10n.t('No users here match "{0}".', model.filter)
        : vscode.l10n.t('No users here.');
      rows.push(this.message(node.id, node.host, 'empty', 'info', text));
      return rows;
    }
    if (node.group === 'dormant') {
      // What these users hold, readable at the default sidebar width (the label's description is cut).
      const held = licenceUsage(users)
        .map(([type, n]) => `${n.toLocaleString(vscode.env.language)} ${type}`)
        .join(' · ');
      rows.push(this.message(node.id, node.host, 'licences', 'info', vscode.l10n.t('Licenses held: {0}', held)));
    }
    if (!list.sliced) return [...rows, ...this.userNodes(model, node.group, 0, users.length)];
    list.slices.forEach((_, index) => rows.push(this.chunkNode(node.host, node.group, index)));
    return rows;
  }

  private userNodes(model: InstanceModel, group: GroupKey, start: number, end: number): UserNode[] {
    const users = (model.listState(group).users ?? []).slice(start, end);
    return users.map((u) => this.userNode(model.instance.host, group, u.ID));
  }

  /** The node of a user's row (the one VS Code knows, if it was shown). */
  userNode(host: string, group: GroupKey, userId: string): UserNode {
    return this.node<UserNode>({ kind: 'user', id: ids.user(this.scope(host), group, userId), host, group, userId });
  }

  /** The instance and its filter, as the ids of its rows name them. */
  private scope(host: string): string {
    return scopeOf(host, this.model.get(host)?.filter);
  }

  private groupId(host: string, group: GroupKey): string {
    return ids.group(this.scope(host), group);
  }

  private groupNode(host: string, group: GroupKey): GroupNode {
    return this.node<GroupNode>({ kind: 'group', id: this.groupId(host, group), host, group });
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = treeItem(node, this.model.get(node.host));
    if (node.kind === 'group') this.shownRows.set(node, rowOf(item));
    return item;
  }

  /** Whether a group's own row (label, description, icon, menu) differs from what VS Code last got. */
  private rowChanged(node: TreeNode): boolean {
    if (node.kind !== 'group') return true;
    return rowOf(treeItem(node, this.model.get(node.host))) !== this.shownRows.get(node);
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
    if (node.kind === 'group' || node.kind === 'message' || node.kind === 'account' || node.kind === 'licences')
      return instanceNode;
    if (node.kind === 'licence') return this.node({ kind: 'licences', id: ids.licences(node.host), host: node.host });
    const group = this.groupNode(node.host, node.group);
    if (node.kind === 'chunk') return group;
    const index = model.listState(node.group).list?.sliceOf(node.userId) ?? -1;
    return index < 0 ? group : this.chunkNode(node.host, node.group, index);
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
        for (const g of change.groups) this.queue(this.known(this.groupId(host, g)));
        // The licence totals come from the Active list: once it is whole, not at every page.
        if (change.groups.includes('active') && !listArriving(model, 'active'))
          this.queue(this.known(ids.licences(host)));
        return;
      case 'users':
        for (const id of change.ids) for (const g of GROUPS) this.queue(this.known(ids.user(this.scope(host), g, id)));
        return;
    }
  }

  /**
   * Adds a node to this moment's change (undefined: the whole tree); nodes never shown are skipped. A
   * change of a node whose children VS Code is waiting for is held until the answer has reached it: VS
   * Code (1.139) can leave a node it is expanding without its rows when told that the node changed
   * before then. The answer shows the change's rows; it is sent afterwards when the node's own row
   * changed (a count, the progress), since every refresh makes VS Code forget the rows below for a
   * moment (a command chosen on one then comes without it).
   */
  private queue(node: TreeNode | undefined | null): void {
    if (node === null) return;
    if (node && this.answering.has(node)) {
      this.heldAnswered.add(node);
      return;
    }
    if (node && this.settling.has(node)) {
      this.held.add(node);
      return;
    }
    if (node && this.isLoading(node)) return this.queuePage(node);
    if (node) this.clearPageTimer(node);
    const pending = this.schedule();
    if (node === undefined) pending.root = true;
    else pending.nodes.add(node);
  }

  /** This moment's change, sent at the end of it, or changeSpacingMs after the last one was sent. */
  private schedule(): NonNullable<UsersTreeProvider['pending']> {
    if (!this.pending) {
      this.pending = { root: false, nodes: new Set() };
      setTimeout(() => this.flush(), Math.max(0, this.lastSent + treeTiming.changeSpacingMs - Date.now()));
    }
    return this.pending;
  }

  /**
   * A page's change of a loading group: sent with the rest of its wave (pageWaveMs), and no sooner than
   * pageRefreshMs after the group's last page change.
   */
  private queuePage(node: TreeNode): void {
    if (this.pageTimers.has(node)) return;
    const since = Date.now() - (this.pageSent.get(node) ?? -Infinity);
    const wait = Math.max(treeTiming.pageWaveMs, treeTiming.pageRefreshMs - since);
    const timer = setTimeout(() => {
      this.pageTimers.delete(node);
      this.pageSent.set(node, Date.now());
      this.schedule().nodes.add(node);
    }, wait);
    this.pageTimers.set(node, timer);
  }

  /** A change of the node that is not a page's (the load ended, a count moved) carries the pages too. */
  private clearPageTimer(node: TreeNode): void {
    clearTimeout(this.pageTimers.get(node));
    this.pageTimers.delete(node);
  }

  /** Whether the node is a group whose list is arriving (its change is a page). */
  private isLoading(node: TreeNode | undefined): boolean {
    if (node?.kind !== 'group') return false;
    const model = this.model.get(node.host);
    return model !== undefined && listArriving(model, node.group);
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending || (!pending.root && pending.nodes.size === 0)) return;
    this.lastSent = Date.now();
    this.changed.fire(pending.root ? undefined : [...pending.nodes]);
  }

  /** The node already handed out for an id, or null. */
  private known(id: string): TreeNode | null {
    return this.nodes.get(id) ?? null;
  }

  /** The node handed out before for this id when it is the same, so VS Code recognises it. */
  private node<T extends TreeNode>(fresh: T): T {
    const old = this.nodes.get(fresh.id);
    // Most nodes are wholly named by their ids; messages and licence rows carry more.
    const same = old && (fresh.kind === 'message' || fresh.kind === 'licence' ? sameNode(old, fresh) : true);
    if (old && same) return old as T;
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }

  private instanceNode(host: string): TreeNode {
    return this.node({ kind: 'instance', id: ids.instance(host), host });
  }

  private chunkNode(host: string, group: GroupKey, index: number): ChunkNode {
    return this.node<ChunkNode>({ kind: 'chunk', id: ids.chunk(this.scope(host), group, index), host, group, index });
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
    for (const timer of [...this.settling.values(), ...this.pageTimers.values()]) clearTimeout(timer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * The groups an instance shows: the Scheduled group only when someone has a leaving date, and every
 * group under a filter (at (0) when nothing matches there, so the result of the filter is visible).
 */
function groupsToShow(model: InstanceModel): GroupKey[] {
  const counts = model.counts;
  if (!counts) return [];
  return GROUPS.filter((g) =>
    g === 'scheduled'
      ? counts.scheduled > 0 || model.filter !== undefined
      : // Not Signed In is about licences, which are of everyone: not shown under a filter.
        g !== 'dormant' || model.filter === undefined,
  );
}

/** Whether the group's list is arriving page by page (its end, whole or failed, is not a page). */
function listArriving(model: InstanceModel, group: GroupKey): boolean {
  const state = model.listState(group);
  return state.loading && !state.list?.complete && !state.error;
}

/** A tree item's row as drawn: what a refresh would change (the tooltip is resolved on hover). */
function rowOf(item: vscode.TreeItem): string {
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : String(item.iconPath ?? '');
  return JSON.stringify([item.label, item.description, item.contextValue, icon, item.collapsibleState]);
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
