// Small actions on one user: Copy ID, Copy Email, Open in Workfront.
import * as vscode from 'vscode';
import type { Services } from './services';
import { userTarget, workfrontPage } from './userTarget';

export async function copyId(svc: Services, node?: unknown): Promise<void> {
  const t = await userTarget(svc, node, vscode.l10n.t('Copy the ID of which user?'));
  if (!t) return;
  await vscode.env.clipboard.writeText(t.user.ID);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the ID of {0}.', t.user.name), 3000);
}

export async function copyEmail(svc: Services, node?: unknown): Promise<void> {
  const t = await userTarget(svc, node, vscode.l10n.t('Copy the email of which user?'));
  if (!t || !t.user.emailAddr) return;
  await vscode.env.clipboard.writeText(t.user.emailAddr);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the email of {0}.', t.user.name), 3000);
}

export async function openInWorkfront(svc: Services, node?: unknown): Promise<boolean> {
  const t = await userTarget(svc, node, vscode.l10n.t('Open which user in Workfront?'));
  if (!t) return false;
  return vscode.env.openExternal(workfrontPage(t.model, t.user));
}
