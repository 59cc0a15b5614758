// Show Details: the user's page (src/details), read-only and rendered, with their manager and their
// page in Workfront as links and the actions an admin takes next as buttons.
import * as vscode from 'vscode';
import type { DetailsPanels } from '../details/panels';
import type { Services } from './services';
import { userTarget } from './userTarget';

export async function showDetails(
  svc: Services,
  panels: DetailsPanels,
  node?: unknown,
): Promise<vscode.WebviewPanel | undefined> {
  const t = await userTarget(svc, node, vscode.l10n.t('Show the details of which user?'));
  return t ? panels.show(t.model, t.user.ID) : undefined;
}
