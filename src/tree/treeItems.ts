// How each kind of node looks in the view: label, description, icon, context value, accessibility.
// Pure rendering from the model's state; no request is ever made here.
import * as vscode from 'vscode';
import type { GroupKey, InstanceModel } from './instanceModel';
import type {
  AccountNode,
  ChunkNode,
  GroupNode,
  InstanceNode,
  LicenceNode,
  MessageNode,
  TreeNode,
  UserNode,
} from './nodes';
import { formatDate, formatDay, licenceUsage } from './tooltip';

/** Up to this many active users, the license totals are shown open (the Active list is one request). */
const LICENCES_OPEN_UP_TO = 2000;

export function treeItem(node: TreeNode, model: InstanceModel | undefined): vscode.TreeItem {
  switch (node.kind) {
    case 'instance':
      return instanceItem(node, model);
    case 'group':
      return groupItem(node, model);
    case 'chunk':
      return chunkItem(node, model);
    case 'user':
      return userItem(node, model);
    case 'message':
      return messageItem(node);
    case 'account':
      return accountItem(node, model);
    case 'licences':
      return licencesItem(node, model);
    case 'licence':
      return licenceItem(node);
  }
}

function accountItem(node: AccountNode, model: InstanceModel | undefined): vscode.TreeItem {
  const me = model?.me;
  const item = new vscode.TreeItem(me?.name ?? node.host, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = node.host;
  item.iconPath = new vscode.ThemeIcon('account');
  item.tooltip = me
    ? vscode.l10n.t('Signed in to {0} as {1} ({2}).', node.host, me.name, me.username)
    : vscode.l10n.t('Signed in to {0}.', node.host);
  item.accessibilityInformation = { label: String(item.tooltip) };
  item.contextValue = 'account';
  return item;
}

function licencesItem(node: TreeNode, model: InstanceModel | undefined): vscode.TreeItem {
  const active = model?.counts?.active;
  // Open by default when counting them costs one request; larger organisations open it themselves.
  const open = active !== undefined && active <= LICENCES_OPEN_UP_TO;
  const item = new vscode.TreeItem(
    vscode.l10n.t('Licenses in use ({0})', active ?? '?'),
    open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = node.id;
  // Said first to screen readers (otherwise the tooltip would be read instead of the totals).
  item.accessibilityInformation = { label: String(item.label) };
  item.iconPath = new vscode.ThemeIcon('credit-card');
  item.tooltip = vscode.l10n.t(
    'Each active user holds one license. The totals follow every deactivation and reactivation.',
  );
  item.contextValue = 'licences';
  return item;
}

function licenceItem(node: LicenceNode): vscode.TreeItem {
  const item = new vscode.TreeItem(`${node.count.toLocaleString(vscode.env.language)} ${node.licenseType}`);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('person');
  item.contextValue = 'licence';
  return item;
}

function instanceItem(node: InstanceNode, model: InstanceModel | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(node.host, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('organization');
  item.description = model?.me ? vscode.l10n.t('signed in as {0}', model.me.name) : undefined;
  item.contextValue = 'instance';
  return item;
}

function groupItem(node: GroupNode, model: InstanceModel | undefined): vscode.TreeItem {
  if (node.group === 'dormant') return dormantItem(node, model);
  const count = model?.counts?.[node.group] ?? '?';
  const label =
    node.group === 'active'
      ? vscode.l10n.t('Active ({0})', count)
      : node.group === 'inactive'
        ? vscode.l10n.t('Inactive ({0})', count)
        : vscode.l10n.t('Scheduled to Leave ({0})', count);
  // Under a filter, the groups with matches open by themselves and the others say (0) without an arrow.
  const state = !model?.filter
    ? vscode.TreeItemCollapsibleState.Collapsed
    : count === 0
      ? vscode.TreeItemCollapsibleState.None
      : vscode.TreeItemCollapsibleState.Expanded;
  const item = new vscode.TreeItem(label, state);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon(
    node.group === 'active' ? 'pass' : node.group === 'inactive' ? 'circle-slash' : 'calendar',
  );
  item.contextValue = `group ${node.group}`;
  const matching = model?.filter ? vscode.l10n.t('matching "{0}"', model.filter) : undefined;
  item.description = [matching, model && loadProgress(model, node.group)].filter(Boolean).join(' · ') || undefined;
  return item;
}

/** "24,000 of 85,050" while the group's list arrives (nothing once it is whole). */
function loadProgress(model: InstanceModel, group: GroupKey): string | undefined {
  const { list, loading } = model.listState(group);
  if (!list || list.complete || !loading || list.expected === undefined) return undefined;
  const lang = vscode.env.language;
  return vscode.l10n.t('{0} of {1}', list.users.length.toLocaleString(lang), list.expected.toLocaleString(lang));
}

/**
 * Not Signed In for N Days: counted from its list (loaded when opened), with the licences those users
 * hold beside the label, so what can be reclaimed shows at the default sidebar width.
 */
function dormantItem(node: GroupNode, model: InstanceModel | undefined): vscode.TreeItem {
  const days = model?.dormantDays ?? 0;
  const users = model?.listState('dormant').users;
  const label = users
    ? vscode.l10n.t('Not Signed In for {0} Days ({1})', days, users.length)
    : vscode.l10n.t('Not Signed In for {0} Days', days);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('history');
  item.contextValue = `group dormant${users && users.length > 0 ? ' hasUsers' : ''}`;
  if (users)
    item.description = licenceUsage(users)
      .map(([type, n]) => `${n.toLocaleString(vscode.env.language)} ${type}`)
      .join(' · ');
  item.accessibilityInformation = { label: [label, item.description].filter(Boolean).join(', ') };
  return item;
}

function chunkItem(node: ChunkNode, model: InstanceModel | undefined): vscode.TreeItem {
  const list = model?.listState(node.group).list;
  const slice = list?.slices[node.index];
  const { start, end } = list?.sliceRange(node.index) ?? { start: 0, end: 0 };
  // The names are those of when the slice was cut (they stay put); the count is of now.
  const label = slice ? vscode.l10n.t('{0} – {1} ({2})', slice.firstName, slice.lastName, end - start) : '';
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('list-unordered');
  item.contextValue = 'chunk';
  return item;
}

function messageItem(node: MessageNode): vscode.TreeItem {
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

function userItem(node: UserNode, model: InstanceModel | undefined): vscode.TreeItem {
  const user = model?.users.get(node.userId);
  const item = new vscode.TreeItem(user?.name || user?.emailAddr || node.userId, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  if (!user || !model) return item;
  const self = model.me?.ID === user.ID;
  const busy = model.busy.get(user.ID);
  // What decides comes first, so it shows at the default sidebar width: a leaving date, or "you".
  const leaves =
    user.scheduleDeactivationDate !== null && user.isActive
      ? vscode.l10n.t('leaves {0}', formatDay(user.scheduleDeactivationDate))
      : undefined;
  // Under Not Signed In, what reclaiming decides with: the licence and the last sign-in.
  const reclaim =
    node.group === 'dormant'
      ? [
          user.licenseType || vscode.l10n.t('no license type'),
          user.lastLoginDate === null
            ? vscode.l10n.t('never signed in')
            : vscode.l10n.t('signed in {0}', formatDay(user.lastLoginDate)),
        ]
      : [];
  item.description =
    busy ?? [self ? vscode.l10n.t('you') : undefined, leaves, ...reclaim, user.emailAddr].filter(Boolean).join(' · ');
  item.iconPath = busy
    ? new vscode.ThemeIcon('loading~spin')
    : !user.isActive
      ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'))
      : self
        ? new vscode.ThemeIcon('account')
        : leaves
          ? new vscode.ThemeIcon('calendar', new vscode.ThemeColor('list.warningForeground'))
          : new vscode.ThemeIcon('person');
  const status = user.isActive
    ? vscode.l10n.t('active user')
    : user.actualDeactivationDate !== null
      ? vscode.l10n.t('inactive user, deactivated {0}', formatDate(user.actualDeactivationDate))
      : vscode.l10n.t('inactive user');
  const you = self ? vscode.l10n.t('you: you cannot deactivate yourself') : undefined;
  item.accessibilityInformation = {
    label: [user.name, user.emailAddr, status, ...reclaim, leaves, you, busy].filter(Boolean).join(', '),
  };
  const tokens = ['user', user.isActive ? 'active' : 'inactive'];
  if (busy) tokens.push('busy');
  else if (self) tokens.push('self');
  else tokens.push(user.isActive ? 'canDeactivate' : 'canReactivate');
  if (user.emailAddr) tokens.push('hasEmail');
  if (user.scheduleDeactivationDate !== null) tokens.push('scheduled');
  item.contextValue = tokens.join(' ');
  return item;
}
