// Export: users as a CSV file for a spreadsheet, either a group of the tree (its users matching the
// filter, if any) or the users selected. Access level, home group and manager come from Workfront in the
// same pages as the users (never one request per user); dates are written in one time zone, named in
// the header. After saving, the notification offers to open the file or show it in its folder.
import * as vscode from 'vscode';
import type { GroupKey, InstanceModel } from '../tree/instanceModel';
import type { TreeNode, UserNode } from '../tree/nodes';
import { compareUsers } from '../tree/sort';
import { CommandFailure, inContext } from '../util/errorMessages';
import { asPlainText } from '../util/plainText';
import { dayIn, localTimeZone } from '../util/timeZone';
import { USER_EXPORT, type UserExportRow } from '../workfront';
import { exportFileName, toCsv } from './csv';
import { pickInstance, pickUsers } from './pickUsers';
import { defaultLocation, notifySaved, rememberFolder } from './savedFile';
import { adminTimeZone } from './adminZone';
import type { Services } from './services';
import { FROM_SELECTION, isUserNode } from './userTarget';

/** What to export: a group (its users matching the filter, if any), or these users. */
type Plan =
  | { readonly model: InstanceModel; readonly scope: GroupKey }
  | { readonly model: InstanceModel; readonly scope: 'selected'; readonly ids: readonly string[] };

/** Export as CSV…: a group from the tree (a group or slice row), or one chosen from the palette. */
export async function exportCsv(svc: Services, node?: unknown, target?: unknown): Promise<vscode.Uri | undefined> {
  const n = node as TreeNode | undefined;
  let plan: Plan | undefined;
  if (n && (n.kind === 'group' || n.kind === 'chunk')) {
    const model = svc.model.get(n.host);
    plan = model && { model, scope: n.group };
  } else {
    plan = await chooseFromPalette(svc);
  }
  return plan ? runExport(svc, plan, target) : undefined;
}

/**
 * Export Selected Users as CSV…: (clicked row, selection) from the tree's context menu (the selection
 * when it holds the clicked row, else that row), the view's selection from the palette, or users
 * searched for in a quick pick when nothing is selected.
 */
export async function exportSelectedCsv(
  svc: Services,
  node?: unknown,
  nodes?: unknown,
  target?: unknown,
): Promise<vscode.Uri | undefined> {
  let rows: UserNode[];
  if (isUserNode(node)) {
    const selection = Array.isArray(nodes) ? nodes.filter(isUserNode) : [];
    rows = selection.some((s) => s.id === node.id) ? selection : [node];
  } else {
    rows = node === FROM_SELECTION || node === undefined ? svc.view.selection.filter(isUserNode) : [];
  }
  if (rows.length === 0) {
    const model = await pickInstance(svc, vscode.l10n.t('Export users of which instance?'));
    if (!model) return undefined;
    const users = await pickUsers(model, undefined, {
      title: vscode.l10n.t('Export users of {0} as CSV', model.instance.host),
      canPickMany: true,
    });
    return users.length > 0
      ? runExport(svc, { model, scope: 'selected', ids: users.map((u) => u.ID) }, target)
      : undefined;
  }
  const hosts = new Set(rows.map((r) => r.host));
  if (hosts.size > 1) {
    throw new CommandFailure(
      vscode.l10n.t(
        'The selection holds users of {0} instances. Select users of one instance to export them together.',
        hosts.size,
      ),
    );
  }
  const model = svc.model.get(rows[0].host);
  if (!model) return undefined;
  return runExport(svc, { model, scope: 'selected', ids: [...new Set(rows.map((r) => r.userId))] }, target);
}

/** From the palette: the instance, then a group (each with its count) or the users selected in the view. */
async function chooseFromPalette(svc: Services): Promise<Plan | undefined> {
  const model = await pickInstance(svc, vscode.l10n.t('Export users of which instance?'));
  if (!model) return undefined;
  // The counts for the picker (about one round trip, usually already loaded); without them, no counts.
  await model.ensureCounts();
  const counts = model.counts;
  const many = (n: number | undefined) =>
    n === undefined
      ? undefined
      : n === 1
        ? vscode.l10n.t('1 user')
        : vscode.l10n.t('{0} users', n.toLocaleString(vscode.env.language));
  const selected = svc.view.selection.filter((s) => isUserNode(s) && s.host === model.instance.host) as UserNode[];
  type Item = vscode.QuickPickItem & { readonly plan: Plan };
  const items: Item[] = [
    { label: vscode.l10n.t('Active users'), description: many(counts?.active), plan: { model, scope: 'active' } },
    { label: vscode.l10n.t('Inactive users'), description: many(counts?.inactive), plan: { model, scope: 'inactive' } },
    {
      label: vscode.l10n.t('Users scheduled to leave'),
      description: many(counts?.scheduled),
      plan: { model, scope: 'scheduled' },
    },
  ];
  if (selected.length > 0) {
    items.push({
      label: vscode.l10n.t('Selected users'),
      description: many(selected.length),
      plan: { model, scope: 'selected', ids: [...new Set(selected.map((s) => s.userId))] },
    });
  }
  const choice = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Export as CSV'),
    placeHolder: model.filter
      ? vscode.l10n.t('Which users matching "{0}"?', model.filter)
      : vscode.l10n.t('Which users?'),
  });
  return choice?.plan;
}

/** "858 active users", "1 selected user", "active users matching "ana"" for titles and messages. */
function describePlan(plan: Plan, count: number | undefined): string {
  const n = count?.toLocaleString(vscode.env.language);
  let what: string;
  switch (plan.scope) {
    case 'active':
      what =
        n === undefined
          ? vscode.l10n.t('active users')
          : count === 1
            ? vscode.l10n.t('1 active user')
            : vscode.l10n.t('{0} active users', n);
      break;
    case 'inactive':
      what =
        n === undefined
          ? vscode.l10n.t('inactive users')
          : count === 1
            ? vscode.l10n.t('1 inactive user')
            : vscode.l10n.t('{0} inactive users', n);
      break;
    case 'scheduled':
      what =
        n === undefined
          ? vscode.l10n.t('users scheduled to leave')
          : count === 1
            ? vscode.l10n.t('1 user scheduled to leave')
            : vscode.l10n.t('{0} users scheduled to leave', n);
      break;
    case 'dormant':
      what =
        n === undefined
          ? vscode.l10n.t('users not signed in for {0} days', plan.model.dormantDays)
          : count === 1
            ? vscode.l10n.t('1 user not signed in for {0} days', plan.model.dormantDays)
            : vscode.l10n.t('{0} users not signed in for {1} days', n, plan.model.dormantDays);
      break;
    case 'selected':
      what =
        (count ?? plan.ids.length) === 1
          ? vscode.l10n.t('1 selected user')
          : vscode.l10n.t('{0} selected users', n ?? plan.ids.length);
      break;
  }
  const filter = plan.scope !== 'selected' ? plan.model.filter : undefined;
  return filter ? vscode.l10n.t('{0} matching "{1}"', what, filter) : what;
}

async function runExport(svc: Services, plan: Plan, target: unknown): Promise<vscode.Uri | undefined> {
  const { model } = plan;
  const host = model.instance.host;
  const expected = plan.scope === 'selected' ? plan.ids.length : model.groupCount(plan.scope);
  const name = exportFileName(
    host,
    plan.scope,
    plan.scope !== 'selected' && model.filter !== undefined,
    dayIn(localTimeZone(), Date.now()),
  );
  const uri =
    target instanceof vscode.Uri
      ? target
      : await vscode.window.showSaveDialog({
          title: vscode.l10n.t('Export {0} as CSV', describePlan(plan, expected)),
          saveLabel: vscode.l10n.t('Export'),
          defaultUri: defaultLocation(svc, name),
          filters: { [vscode.l10n.t('CSV (comma-separated values)')]: ['csv'] },
        });
  if (!uri) return undefined;

  const { rows, zone } = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Exporting {0}…', describePlan(plan, expected)),
      cancellable: true,
    },
    (_progress, token) => {
      const abort = new AbortController();
      const cancelled = token.onCancellationRequested(() => abort.abort());
      const operation = vscode.l10n.t('Export {0}', describePlan(plan, undefined));
      return inContext({ instance: host, operation }, async () => {
        const [rows, zone] = await Promise.all([
          fetchRows(plan, abort.signal),
          adminTimeZone(svc, model, abort.signal),
        ]);
        return { rows, zone };
      }).finally(() => cancelled.dispose());
    },
  );

  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(toCsv(rows, zone.name)));
  rememberFolder(svc, uri);
  const missing = plan.scope === 'selected' ? plan.ids.length - rows.length : 0;
  svc.log.info(
    `Exported ${rows.length} ${plan.scope} users of ${host} to ${uri.fsPath}; dates in ${zone.name} (${zone.fromWorkfront ? 'your Workfront time zone' : 'this computer’s time zone'})${missing > 0 ? `; ${missing} selected users no longer exist in Workfront` : ''}.`,
  );
  let message = vscode.l10n.t(
    'Exported {0} to {1} (times in {2}).',
    describePlan(plan, rows.length),
    vscode.workspace.asRelativePath(uri),
    zone.name,
  );
  if (missing > 0)
    message +=
      ' ' +
      (missing === 1
        ? vscode.l10n.t('1 of the selected users no longer exists in Workfront.')
        : vscode.l10n.t('{0} of the selected users no longer exist in Workfront.', missing));
  notifySaved(svc, asPlainText(message), uri);
  return uri;
}

async function fetchRows(plan: Plan, signal: AbortSignal): Promise<UserExportRow[]> {
  const { model } = plan;
  const rows = await model.call((client) =>
    plan.scope === 'selected'
      ? client.getUsers(plan.ids, { fields: USER_EXPORT, signal })
      : client.listUsers(model.query(plan.scope), { total: model.groupCount(plan.scope), fields: USER_EXPORT, signal }),
  );
  return rows.sort(compareUsers);
}
