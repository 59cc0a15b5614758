// The user a row command acts on: the clicked row, or one picked from a quick pick (Command Palette).
import * as vscode from 'vscode';
import type { InstanceModel } from '../tree/instanceModel';
import type { TreeNode, UserNode } from '../tree/nodes';
import { readSettings } from '../util/settings';
import { experienceUserLink, type UserSummary } from '../workfront';
import { pickInstance, pickUsers } from './pickUsers';
import type { Services } from './services';

export interface UserTarget {
  readonly model: InstanceModel;
  readonly user: UserSummary;
}

/** The argument keybindings pass: act on the view's selection. */
export const FROM_SELECTION = 'selection';

export function isUserNode(value: unknown): value is UserNode {
  return typeof value === 'object' && value !== null && (value as TreeNode).kind === 'user';
}

/** Users chosen in the tree, all of one instance. */
export interface TreeTargets {
  readonly model: InstanceModel;
  readonly users: UserSummary[];
}

/**
 * The users a row command acts on, from what VS Code passes: the clicked row and the selection from a
 * context menu (the selection when it holds the clicked row, else the clicked row alone, as the Explorer
 * does), or FROM_SELECTION from a keybinding (the keybinding first selects the focused row, unless
 * several rows are selected). Undefined when no user row is involved (the palette asks instead).
 */
export function treeTargets(svc: Services, node: unknown, nodes: unknown): TreeTargets | undefined {
  if (node === FROM_SELECTION) {
    nodes = svc.view.selection;
    node = svc.view.selection.find(isUserNode);
  }
  if (!isUserNode(node)) return undefined;
  const clicked = node;
  const selection = Array.isArray(nodes) ? nodes.filter(isUserNode) : [];
  const chosen = selection.some((n) => n.id === clicked.id) ? selection : [clicked];
  const model = svc.model.get(clicked.host);
  if (!model) return undefined;
  const seen = new Set<string>();
  const users: UserSummary[] = [];
  for (const n of chosen) {
    const user = n.host === clicked.host ? model.users.get(n.userId) : undefined;
    if (user && !seen.has(user.ID)) {
      seen.add(user.ID);
      users.push(user);
    }
  }
  return users.length > 0 ? { model, users } : undefined;
}

export async function userTarget(svc: Services, node: unknown, title: string): Promise<UserTarget | undefined> {
  if (node === FROM_SELECTION) {
    node = svc.view.selection.find(isUserNode);
    if (!node) return undefined;
  }
  if (isUserNode(node)) {
    const model = svc.model.get(node.host);
    const user = model?.users.get(node.userId);
    return model && user ? { model, user } : undefined;
  }
  const model = await pickInstance(svc, title);
  if (!model) return undefined;
  const [user] = await pickUsers(model, undefined, { title, canPickMany: false });
  if (!user) return undefined;
  model.remember([user]);
  return { model, user };
}

/**
 * The user's page in Workfront's web app: `/user/<ID>/details` (the documented path) on a classic
 * instance; on an Adobe-hosted one the same page under experience.adobe.com, for the organisation from
 * the address pasted at sign-in or the `workfront.experienceAddress` setting. Undefined when neither
 * names it (the link cannot be built without guessing the company).
 */
export function workfrontPage(model: InstanceModel, user: UserSummary): vscode.Uri | undefined {
  const instance = model.instance;
  if (instance.kind !== 'adobe')
    return vscode.Uri.parse(`${instance.webBase}/user/${encodeURIComponent(user.ID)}/details`);
  const fromSetting = readSettings().experience;
  const tenant =
    instance.experience ??
    (fromSetting && instance.host.startsWith(`${fromSetting.domain}.`) ? fromSetting : undefined);
  return tenant ? vscode.Uri.parse(experienceUserLink(tenant, user.ID)) : undefined;
}
