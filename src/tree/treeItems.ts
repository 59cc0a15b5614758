// How each kind of node looks in the view: label, description, icon, context value, accessibility.
// Pure rendering from the model's state; no request is ever made here.
import * as vscode from 'vscode';
import type { InstanceModel } from './instanceModel';
import type { ChunkNode, GroupNode, InstanceNode, MessageNode, TreeNode, UserNode } from './nodes';
import { formatDate, formatDay } from './tooltip';

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
  }
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
  const count = model?.counts?.[node.group] ?? '?';
  const label =
    node.group === 'active'
      ? vscode.l10n.t('Active ({0})', count)
      : node.group === 'inactive'
        ? vscode.l10n.t('Inactive ({0})', count)
        : vscode.l10n.t('Scheduled to Leave ({0})', count);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon(
    node.group === 'active' ? 'pass' : node.group === 'inactive' ? 'circle-slash' : 'clock',
  );
  item.contextValue = `group ${node.group}`;
  if (model?.filter) item.description = vscode.l10n.t('matching "{0}"', model.filter);
  return item;
}

function chunkItem(node: ChunkNode, model: InstanceModel | undefined): vscode.TreeItem {
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
