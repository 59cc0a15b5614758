// The user a row command acts on: the clicked row, or one picked from a quick pick (Command Palette).
import * as vscode from 'vscode';
import type { InstanceModel } from '../tree/instanceModel';
import type { TreeNode, UserNode } from '../tree/nodes';
import type { UserSummary } from '../workfront';
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

/** The user's page in Workfront's own web app. */
export function workfrontPage(model: InstanceModel, user: UserSummary): vscode.Uri {
  return vscode.Uri.parse(`${model.instance.webBase}/user/${encodeURIComponent(user.ID)}/overview`);
}
