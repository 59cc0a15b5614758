// At start: changes that a closed or crashed window sent and never saw answered. The admin is told how
// many, and of when, and is offered to read those users again; each reading is recorded in the audit
// trail, and the message says whether Workfront now has them as intended.
import * as vscode from 'vscode';
import type { AuditEntry } from '../audit/records';
import { describeError } from '../util/errorMessages';
import { asPlainText } from '../util/plainText';
import { dayIn, localTimeZone } from '../util/timeZone';
import { mapLimit } from '../workfront';
import { showAuditLog } from './auditLog';
import { runCommand } from './runCommand';
import type { Services } from './services';

const READ_CONCURRENCY = 3;

/** Looks once, at activation; never throws (a failure to read the trail is logged). */
export async function announceCutOff(svc: Services): Promise<void> {
  let cut: AuditEntry[];
  try {
    cut = await svc.model.audit.cutOff();
  } catch (err) {
    svc.log.warn(`The audit trail could not be read: ${String(err)}`);
    return;
  }
  if (cut.length === 0) return;
  const days = [...new Set(cut.map((e) => dayIn(localTimeZone(), Date.parse(e.at))))].sort();
  const when = days.length === 1 ? days[0] : `${days[0]} – ${days[days.length - 1]}`;
  svc.log.warn(`${cut.length} changes of ${when} have no answer from Workfront in the audit trail.`);
  const refresh = vscode.l10n.t('Refresh These Users');
  const show = vscode.l10n.t('Show Audit Log');
  const choice = await vscode.window.showWarningMessage(
    cut.length === 1
      ? vscode.l10n.t(
          '1 change of {0} has no answer from Workfront: VS Code closed while it was being sent, or its answer was lost. Refresh the user to see whether Workfront applied it.',
          when,
        )
      : vscode.l10n.t(
          '{0} changes of {1} have no answer from Workfront: VS Code closed while they were being sent, or their answers were lost. Refresh those users to see whether Workfront applied them.',
          cut.length,
          when,
        ),
    refresh,
    show,
  );
  if (choice === refresh)
    await runCommand(svc.log, 'workfront.audit: Refresh These Users', () => rereadCutOff(svc, cut));
  else if (choice === show) await runCommand(svc.log, 'workfront.showAuditLog', () => showAuditLog(svc));
}

export interface RereadResult {
  readonly asIntended: number;
  readonly notAsIntended: string[];
  readonly unread: string[];
}

/** Reads the users of these entries again (their instances must be signed in here) and says what was found. */
export async function rereadCutOff(svc: Services, cut: readonly AuditEntry[]): Promise<RereadResult> {
  const users = [...new Map(cut.map((e) => [`${e.instance} ${e.user.ID}`, e])).values()];
  const result = { asIntended: 0, notAsIntended: [] as string[], unread: [] as string[] };
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading {0} users again', users.length) },
    () =>
      mapLimit(users.length, READ_CONCURRENCY, async (i) => {
        const e = users[i];
        const model = svc.model.get(e.instance);
        if (!model) {
          result.unread.push(vscode.l10n.t('{0} (not signed in to {1})', e.user.name, e.instance));
          return;
        }
        try {
          await model.reread(e.user.ID);
        } catch (err) {
          // A user deleted meanwhile is recorded by reread; anything else stays open for the next start.
          if (svc.model.audit.isWaiting(e.instance, e.user.ID))
            result.unread.push(`${e.user.name} (${describeError(err)})`);
        }
      }),
  );
  const { entries } = await svc.model.audit.entries();
  const ids = new Set(cut.map((c) => c.id));
  for (const e of entries) {
    if (!ids.has(e.id) || !e.check) continue;
    if (e.check.asIntended) result.asIntended++;
    else result.notAsIntended.push(e.user.name);
  }
  const parts = [vscode.l10n.t('Workfront has {0} of {1} changes as intended.', result.asIntended, cut.length)];
  if (result.notAsIntended.length > 0) parts.push(vscode.l10n.t('Not applied: {0}.', result.notAsIntended.join(', ')));
  if (result.unread.length > 0) parts.push(vscode.l10n.t('Not read: {0}.', result.unread.join(', ')));
  const text = asPlainText(parts.join(' '));
  svc.log.info(text);
  const show = vscode.l10n.t('Show Audit Log');
  const shown =
    result.notAsIntended.length + result.unread.length > 0
      ? vscode.window.showWarningMessage(text, show)
      : vscode.window.showInformationMessage(text, show);
  void Promise.resolve(shown).then((c) => {
    if (c === show) void runCommand(svc.log, 'workfront.showAuditLog', () => showAuditLog(svc));
  });
  return result;
}
