// Filter… and Clear Filter: Workfront searches name, email and title (case-insensitive "contains"), so
// any user of any size of organisation is two actions away; the filter shows in the view's title.
import * as vscode from 'vscode';
import { setContext } from '../util/context';
import type { Services } from './services';

export async function filter(svc: Services, text?: unknown): Promise<void> {
  const current = svc.model.all()[0]?.filter ?? '';
  const value =
    typeof text === 'string'
      ? text
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Filter Workfront Users'),
          prompt: vscode.l10n.t(
            'Show users whose name, email or title contains this text (not case-sensitive). Leave empty to show everyone.',
          ),
          value: current,
        });
  if (value === undefined) return;
  apply(svc, value.trim() || undefined);
}

export function clearFilter(svc: Services): void {
  apply(svc, undefined);
}

function apply(svc: Services, text: string | undefined): void {
  for (const m of svc.model.all()) m.setFilter(text);
  void setContext('workfront.filtered', text !== undefined);
  svc.log.info(text ? `Filter: "${text}"` : 'Filter cleared');
}
