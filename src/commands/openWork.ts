// The open work shown in the Deactivate confirmation: counted in Workfront just before the dialog opens
// (one round trip for one user), said in words. Counting never stands in the way of a deactivation:
// what cannot be counted in time is said to be unknown, and the dialog opens all the same.
import * as vscode from 'vscode';
import type { InstanceModel } from '../tree/instanceModel';
import { WORK_KINDS, type OpenWork, type OpenWorkOfMany, type UserSummary, type WorkKind } from '../workfront';
import type { Log } from '../util/log';

/** The longest the confirmation waits for the counts. */
export const COUNT_WAIT_MS = 8_000;
const TOP_USERS = 3;

export function kindCount(kind: WorkKind, n: number): string {
  switch (kind) {
    case 'tasks':
      return n === 1 ? vscode.l10n.t('1 open task') : vscode.l10n.t('{0} open tasks', n);
    case 'issues':
      return n === 1 ? vscode.l10n.t('1 open issue') : vscode.l10n.t('{0} open issues', n);
    case 'projects':
      return n === 1 ? vscode.l10n.t('1 project they own') : vscode.l10n.t('{0} projects they own', n);
    case 'templates':
      return n === 1 ? vscode.l10n.t('1 template they own') : vscode.l10n.t('{0} templates they own', n);
    default:
      return n === 1 ? vscode.l10n.t('1 approval waiting on them') : vscode.l10n.t('{0} approvals waiting on them', n);
  }
}

/** A count of moved items, e.g. "4 tasks", "1 project". */
export function kindItems(kind: WorkKind, n: number): string {
  switch (kind) {
    case 'tasks':
      return n === 1 ? vscode.l10n.t('1 task') : vscode.l10n.t('{0} tasks', n);
    case 'issues':
      return n === 1 ? vscode.l10n.t('1 issue') : vscode.l10n.t('{0} issues', n);
    case 'projects':
      return n === 1 ? vscode.l10n.t('1 project') : vscode.l10n.t('{0} projects', n);
    case 'templates':
      return n === 1 ? vscode.l10n.t('1 template') : vscode.l10n.t('{0} templates', n);
    default:
      return n === 1 ? vscode.l10n.t('1 approval') : vscode.l10n.t('{0} approvals', n);
  }
}

function kindName(kind: WorkKind): string {
  switch (kind) {
    case 'tasks':
      return vscode.l10n.t('tasks');
    case 'issues':
      return vscode.l10n.t('issues');
    case 'projects':
      return vscode.l10n.t('projects');
    case 'templates':
      return vscode.l10n.t('templates');
    default:
      return vscode.l10n.t('approvals');
  }
}

/** Counts one user's or several users' open work; never throws (a failure is part of the answer). */
export async function countOpenWork(
  model: InstanceModel,
  users: readonly UserSummary[],
  log: Log,
): Promise<OpenWork | OpenWorkOfMany | undefined> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), COUNT_WAIT_MS);
  try {
    const work = await model.call((client) =>
      users.length === 1
        ? client.work.countOpenWork(users[0].ID, abort.signal)
        : client.work.countOpenWorkOfMany(
            users.map((u) => u.ID),
            abort.signal,
          ),
    );
    for (const failure of work.failures) log.warn(`Open work could not be counted: ${failure}`);
    return work;
  } catch (err) {
    log.warn(`Open work could not be counted: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** The dialog's lines about open work. */
export function describeOpenWork(work: OpenWork | OpenWorkOfMany | undefined, users: readonly UserSummary[]): string {
  if (!work || WORK_KINDS.every((def) => work.counts[def.kind] === undefined)) {
    return vscode.l10n.t(
      'Open work in Workfront: unknown (it could not be counted; see the log). Deactivating is still possible.',
    );
  }
  const known = WORK_KINDS.filter((def) => work.counts[def.kind] !== undefined);
  const unknown = WORK_KINDS.filter((def) => work.counts[def.kind] === undefined);
  const lines: string[] = [];
  const parts = known
    .filter((def) => (work.counts[def.kind] ?? 0) > 0)
    .map((def) => kindCount(def.kind, work.counts[def.kind] ?? 0));
  if (parts.length === 0) {
    lines.push(
      users.length === 1
        ? vscode.l10n.t('No open work in Workfront.')
        : vscode.l10n.t('None of them has open work in Workfront.'),
    );
  } else {
    lines.push(
      users.length === 1
        ? vscode.l10n.t('Open work in Workfront: {0}.', parts.join(', '))
        : vscode.l10n.t('Open work of these {0} users in Workfront: {1}.', users.length, parts.join(', ')),
    );
  }
  if (unknown.length > 0) {
    lines.push(
      vscode.l10n.t(
        'Not known: {0} (they could not be counted; see the log).',
        unknown.map((d) => kindName(d.kind)).join(', '),
      ),
    );
  }
  if ('perUser' in work && work.perUser.size > 0) {
    const top = users
      .filter((u) => (work.perUser.get(u.ID) ?? 0) > 0)
      .sort((a, b) => (work.perUser.get(b.ID) ?? 0) - (work.perUser.get(a.ID) ?? 0) || a.name.localeCompare(b.name))
      .slice(0, TOP_USERS)
      .map((u) => vscode.l10n.t('{0} ({1})', u.name, work.perUser.get(u.ID) ?? 0));
    lines.push(vscode.l10n.t('Most open work: {0}.', top.join(', ')));
  }
  return lines.join('\n');
}

/** True when the admin may want to hand work over first: some, or unknown. */
export function mayHaveOpenWork(work: OpenWork | undefined): boolean {
  // undefined (not known) counts as "may have".
  return !work || WORK_KINDS.some((def) => work.counts[def.kind] !== 0);
}
