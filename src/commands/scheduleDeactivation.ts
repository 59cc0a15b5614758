// Set or clear a user's scheduled deactivation (Workfront's scheduleDeactivationDate), for someone who
// leaves on a known day. Workfront's own UI takes a day and a whole hour and deactivates the user "some
// time after" it (not exactly then); the day and hour are in the admin's Workfront time zone (else this
// computer's), named everywhere; every change says what Workfront now has and offers Undo.
import * as vscode from 'vscode';
import { withViewProgress } from '../tree/provider';
import { CommandFailure, inContext } from '../util/errorMessages';
import { asPlainText } from '../util/plainText';
import { dateTimeIn, epochOfWallTime, formatDateTime } from '../util/timeZone';
import type { UserSummary } from '../workfront';
import { adminTimeZone } from './adminZone';
import { runCommand } from './runCommand';
import type { Services } from './services';
import { userTarget, type UserTarget } from './userTarget';

const WHEN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2})(?::(\d{2}))?)?$/;

/** A day (YYYY-MM-DD) and an optional whole hour (HH or HH:00) in `zone`, in the future, as epoch ms; or why not. */
export function parseLeavingDay(text: string, zone: string, now = Date.now()): number | string {
  const m = WHEN.exec(text.trim());
  if (!m) return vscode.l10n.t('Enter a day as YYYY-MM-DD, with an hour if you like (2027-01-31 or 2027-01-31 14:00).');
  const [year, month, day, hour = 0] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (m[5] !== undefined && m[5] !== '00') return vscode.l10n.t('Workfront takes whole hours: use HH:00.');
  if (hour > 23) return vscode.l10n.t('The hour must be between 0 and 23.');
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day)
    return vscode.l10n.t('That date does not exist.');
  const when = epochOfWallTime(zone, year, month, day, hour);
  if (when <= now) return vscode.l10n.t('Choose a time in the future.');
  return when;
}

export async function scheduleDeactivation(svc: Services, node?: unknown, day?: unknown): Promise<boolean> {
  const t = await userTarget(svc, node, vscode.l10n.t('Schedule the deactivation of which user?'));
  if (!t) return false;
  const zone = (await withViewProgress(() => adminTimeZone(svc, t.model))).name;
  const text =
    typeof day === 'string'
      ? day
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Schedule the deactivation of {0}', t.user.name),
          prompt: vscode.l10n.t(
            'The date and hour {0} leaves ({1}). Workfront deactivates them on or after that time; their license counts until then.',
            t.user.name,
            zone,
          ),
          placeHolder: vscode.l10n.t('YYYY-MM-DD HH:00 (a date and a whole hour)'),
          value:
            t.user.scheduleDeactivationDate === null
              ? undefined
              : `${dateTimeIn(zone)(t.user.scheduleDeactivationDate).slice(0, 13)}:00`,
          validateInput: (v) => {
            const r = parseLeavingDay(v, zone);
            return typeof r === 'string' ? r : undefined;
          },
        });
  if (text === undefined) return false;
  const when = parseLeavingDay(text, zone);
  if (typeof when === 'string') throw new CommandFailure(when);
  return update(svc, t, when, zone);
}

export async function clearScheduledDeactivation(svc: Services, node?: unknown): Promise<boolean> {
  const t = await userTarget(svc, node, vscode.l10n.t('Clear the scheduled deactivation of which user?'));
  if (!t) return false;
  const zone = (await withViewProgress(() => adminTimeZone(svc, t.model))).name;
  return update(svc, t, null, zone);
}

/** Sets or clears the date, says what Workfront now has, and offers to put back what was there. */
async function update(svc: Services, t: UserTarget, when: number | null, zone: string): Promise<boolean> {
  const before = t.user.scheduleDeactivationDate;
  const updated = await set(svc, t, when);
  const undo = vscode.l10n.t('Undo');
  const said =
    updated.scheduleDeactivationDate === null
      ? before === null
        ? vscode.l10n.t('{0} has no scheduled deactivation.', updated.name)
        : vscode.l10n.t(
            'Cleared the scheduled deactivation of {0} (it was {1}).',
            updated.name,
            formatDateTime(before, zone),
          )
      : vscode.l10n.t(
          'Workfront will deactivate {0} on or after {1}. Their license counts until then.',
          updated.name,
          formatDateTime(updated.scheduleDeactivationDate, zone),
        );
  const offerUndo = before !== updated.scheduleDeactivationDate;
  void vscode.window.showInformationMessage(asPlainText(said), ...(offerUndo ? [undo] : [])).then((choice) => {
    if (choice === undo)
      void runCommand(svc.log, 'workfront.scheduleDeactivation: Undo', () => undoChange(svc, t, before, zone));
  });
  return true;
}

/** Puts back what was there before a change of the date (a date, or none), and says so. */
async function undoChange(svc: Services, t: UserTarget, before: number | null, zone: string): Promise<void> {
  const user = t.model.users.get(t.user.ID) ?? t.user;
  const updated = await set(svc, { model: t.model, user }, before);
  void vscode.window.showInformationMessage(
    asPlainText(
      updated.scheduleDeactivationDate === null
        ? vscode.l10n.t('Undone: {0} has no scheduled deactivation.', updated.name)
        : vscode.l10n.t(
            'Undone: Workfront will deactivate {0} on or after {1}.',
            updated.name,
            formatDateTime(updated.scheduleDeactivationDate, zone),
          ),
    ),
  );
}

async function set(svc: Services, t: UserTarget, when: number | null): Promise<UserSummary> {
  const operation =
    when === null
      ? vscode.l10n.t('Clear the scheduled deactivation of {0}', t.user.name)
      : vscode.l10n.t('Schedule the deactivation of {0}', t.user.name);
  const updated = await inContext({ instance: t.model.instance.host, operation }, () =>
    withViewProgress(() =>
      t.model.change(
        t.user,
        {
          action: when === null ? 'clearScheduledDeactivation' : 'scheduleDeactivation',
          field: 'scheduleDeactivationDate',
          to: when === null ? null : new Date(when).toISOString(),
        },
        (c) => c.setScheduledDeactivation(t.user.ID, when),
      ),
    ),
  );
  svc.log.info(`${operation}: Workfront now has ${updated.scheduleDeactivationDate ?? 'none'}.`);
  return updated;
}
