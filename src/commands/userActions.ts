// Small actions on users: Copy ID, Copy Email (of one user, or of every selected user, one per line),
// Open in Workfront.
import * as vscode from 'vscode';
import { CommandFailure } from '../util/errorMessages';
import type { UserSummary } from '../workfront';
import type { Services } from './services';
import { treeTargets, userTarget, workfrontPage } from './userTarget';

export function copyId(svc: Services, node?: unknown, nodes?: unknown): Promise<void> {
  return copy(svc, node, nodes, (u) => u.ID, {
    title: vscode.l10n.t('Copy the ID of which user?'),
    one: (name) => vscode.l10n.t('Copied the ID of {0}.', name),
    many: (n) => vscode.l10n.t('Copied the IDs of {0} users.', n),
  });
}

export function copyEmail(svc: Services, node?: unknown, nodes?: unknown): Promise<void> {
  return copy(svc, node, nodes, (u) => u.emailAddr, {
    title: vscode.l10n.t('Copy the email of which user?'),
    one: (name) => vscode.l10n.t('Copied the email of {0}.', name),
    many: (n) => vscode.l10n.t('Copied the emails of {0} users.', n),
  });
}

async function copy(
  svc: Services,
  node: unknown,
  nodes: unknown,
  value: (u: UserSummary) => string,
  words: { title: string; one: (name: string) => string; many: (n: number) => string },
): Promise<void> {
  const fromTree = treeTargets(svc, node, nodes);
  const users = fromTree ? fromTree.users : [(await userTarget(svc, node, words.title))?.user].flatMap((u) => u ?? []);
  const values = users.map(value).filter(Boolean);
  if (values.length === 0) return;
  await vscode.env.clipboard.writeText(values.join('\n'));
  const said = values.length === 1 ? words.one(users[0].name) : words.many(values.length);
  void vscode.window.setStatusBarMessage(said, 3000);
}

export async function openInWorkfront(svc: Services, node?: unknown): Promise<boolean> {
  const t = await userTarget(svc, node, vscode.l10n.t('Open which user in Workfront?'));
  if (!t) return false;
  const page = workfrontPage(t.model, t.user);
  if (!page)
    throw new CommandFailure(
      vscode.l10n.t(
        '{0} opens Workfront at experience.adobe.com, and its address there is not known. Sign in again pasting the address from your browser, or set "workfront.experienceAddress".',
        t.model.instance.host,
      ),
    );
  return vscode.env.openExternal(page);
}
