// Export: the users of a group (or of the current filter) as a CSV file, UTF-8, properly quoted.
import * as vscode from 'vscode';
import { withViewProgress } from '../tree/provider';
import type { GroupKey, InstanceModel } from '../tree/instanceModel';
import type { TreeNode } from '../tree/nodes';
import { CommandFailure, describeError } from '../util/errorMessages';
import { formatWorkfrontDate, type UserSummary } from '../workfront';
import { pickInstance } from './pickUsers';
import type { Services } from './services';

const HEADER = [
  'ID',
  'Name',
  'Email',
  'Title',
  'Active',
  'Licence type',
  'Last login',
  'Deactivated on',
  'Scheduled deactivation',
];

/**
 * One CSV field: quoted when needed, and never read as a formula by a spreadsheet. A spreadsheet may split
 * on ";" or a tab (the list separator of many locales) or "|" rather than ",": a field holding one is
 * quoted too, so that nothing after it can start a cell of its own. OWASP's formula starts get a "'".
 */
export function csvField(value: string): string {
  const safe = /^\s*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;|\t\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(users: readonly UserSummary[]): string {
  const date = (ms: number | null) => (ms === null ? '' : formatWorkfrontDate(ms));
  const lines = [HEADER.map(csvField).join(',')];
  for (const u of users) {
    lines.push(
      [
        u.ID,
        u.name,
        u.emailAddr,
        u.title,
        u.isActive ? 'true' : 'false',
        u.licenseType,
        date(u.lastLoginDate),
        date(u.actualDeactivationDate),
        date(u.scheduleDeactivationDate),
      ]
        .map(csvField)
        .join(','),
    );
  }
  // A byte-order mark so that spreadsheet programs read the file as UTF-8 (names like Zoë, 王).
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export async function exportCsv(svc: Services, node?: unknown, target?: unknown): Promise<vscode.Uri | undefined> {
  const picked = await groupToExport(svc, node);
  if (!picked) return undefined;
  const { model, group } = picked;
  await withViewProgress(() => model.ensureList(group, true));
  const { users, error } = model.listState(group);
  if (!users) {
    // A refresh may have stopped the listing (no error then): say so rather than "undefined".
    throw new CommandFailure(
      error
        ? describeError(error, { instance: model.instance.host })
        : vscode.l10n.t('The list was refreshed while it loaded. Export again.'),
      { cause: error },
    );
  }
  const name = `workfront-${group}-users-${model.instance.host.replace(/[^a-z0-9.-]+/gi, '_')}${model.filter ? '-filtered' : ''}.csv`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target instanceof vscode.Uri
      ? target
      : await vscode.window.showSaveDialog({
          title: vscode.l10n.t('Export {0} users as CSV', users.length),
          defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
          filters: { CSV: ['csv'] },
        });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(toCsv(users)));
  svc.log.info(`Exported ${users.length} ${group} users to ${uri.fsPath}`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Exported {0} users to {1}.', users.length, vscode.workspace.asRelativePath(uri)),
  );
  return uri;
}

async function groupToExport(
  svc: Services,
  node: unknown,
): Promise<{ model: InstanceModel; group: GroupKey } | undefined> {
  const n = node as TreeNode | undefined;
  if (n && (n.kind === 'group' || n.kind === 'chunk')) {
    const model = svc.model.get(n.host);
    return model ? { model, group: n.group } : undefined;
  }
  const model = await pickInstance(svc, vscode.l10n.t('Export users of which instance?'));
  if (!model) return undefined;
  const choice = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Active users'), group: 'active' as GroupKey },
      { label: vscode.l10n.t('Inactive users'), group: 'inactive' as GroupKey },
      { label: vscode.l10n.t('Users scheduled to leave'), group: 'scheduled' as GroupKey },
    ],
    {
      placeHolder: model.filter
        ? vscode.l10n.t('Which users matching "{0}"?', model.filter)
        : vscode.l10n.t('Which users?'),
    },
  );
  return choice ? { model, group: choice.group } : undefined;
}
