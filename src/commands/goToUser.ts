// Go to User…: search Workfront as you type, then reveal the user in the tree (loading their group, and
// clearing a filter that hides them).
import * as vscode from 'vscode';
import type { UserNode } from '../tree/nodes';
import { CommandFailure, describeError } from '../util/errorMessages';
import { clearFilter } from './filter';
import { pickInstance, pickUsers } from './pickUsers';
import type { Services } from './services';
import { asPlainText } from '../util/plainText';

export async function goToUser(svc: Services): Promise<UserNode | undefined> {
  const model = await pickInstance(svc, vscode.l10n.t('Find a user in which instance?'));
  if (!model) return undefined;
  const [user] = await pickUsers(model, undefined, {
    title: vscode.l10n.t('Go to User in {0}', model.instance.host),
    canPickMany: false,
  });
  if (!user) return undefined;
  const group = user.isActive ? 'active' : 'inactive';
  if (model.filter) clearFilter(svc);
  await model.ensureCounts();
  await model.ensureList(group, true);
  const list = model.listState(group);
  if (list.error && !list.users) throw new CommandFailure(describeError(list.error, { instance: model.instance.host }));
  if (!list.users?.some((u) => u.ID === user.ID)) {
    void vscode.window.showWarningMessage(
      asPlainText(vscode.l10n.t('{0} is not in the list any more; refresh the view.', user.name)),
    );
    return undefined;
  }
  const node = svc.provider.userNode(model.instance.host, group, user.ID);
  await svc.view.reveal(node, { select: true, focus: true, expand: true });
  return node;
}
