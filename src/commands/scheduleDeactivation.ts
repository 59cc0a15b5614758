// Set or clear a user's scheduled deactivation (Workfront's scheduleDeactivationDate), for someone who
// leaves on a known day. Workfront's own UI takes a day and a whole hour and deactivates the user "some
// time after" it (not exactly then); every change says what Workfront now has, in which time zone, and
// offers Undo.
import * as vscode from 'vscode';
import { withViewProgress } from '../tree/provider';
import { CommandFailure, inContext } from '../util/errorMessages';
import { asPlainText } from '../util/plainText';
import { formatDateTime, timeZoneName } from '../util/time';
import type { UserSummary } from '../workfront';
import { runCommand } from './runCommand';
import type { Services } from './services';
import { userTarget, type UserTarget } from './userTarget';

const WHEN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2})(?::(\d{2}))?)?$/;

/**
 * A day (YYYY-MM-DD) and an optional whole hour (HH or HH:00) in this computer's time zone, in the
 * future, as epoch milliseconds; or why not.
 */
export function parseLeavingDay(text: string, now = Date.now()): number | string {
  const m = WHEN.exec(text.trim());
  if (!m) return vscode.l10n.t('Enter a day as YYYY-MM-DD, with an hour if you like (2027-01-31 or 2027-01-31 14:00).');
  const [year, month, day, hour = 0] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (m[5] !== undefined && m[5] !== '00') return vscode.l10n.t('Workfront takes whole hours: use HH:00.');
  if (hour > 23) return vscode.l10n.t('The hour must be between 0 and 23.');
  const date = new Date(year, month - 1, day, hour);
  if (date.getMonth() !== month - 1 || date.getDate() !== day) return vscode.l10n.t('That date does not exist.');
  if (date.getTime() <= now) return vscode.l10n.t('Choose a time in the future.');
  return date.getTime();
}

export async function scheduleDeactivation(svc: Services, node?: unknown, day?: unknown): Promise<boolean> {
  const t = await userTarget(svc, node, vscode.l10n.t('Schedule the deactivation of which user?'));
  if (!t) return false;
  const text =
    typeof day === 'string'
      ? day
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Schedule the deactivation of {0}', t.user.name),
          prompt: vscode.l10n.t(
            'The day {0} leaves, and the hour if it matters ({1}). Workfront deactivates them some time after it; their licence counts until then.',
            t.user.name,
            timeZoneName(),
          ),
          placeHolder: vscode.l10n.t('YYYY-MM-DD or YYYY-MM-DD HH:00'),
          value: t.user.scheduleDeactivationDate === null ? undefined : inputForm(t.user.scheduleDeactivationDate),
          validateInput: (v) => {
            const r = parseLeavingDay(v);
            return typeof r === 'string' ? r : undefined;
          },
        });
  if (text === undefined) return false;
  const when = parseLeavingDay(text);
  if (typeof when === 'string') throw new CommandFailure(when);
  return update(svc, t, when);
}

export async function clearScheduledDeactivation(svc: Services, node?: unknown): Promise<boolean> {
  const t = await userTarget(svc, node, vscode.l10n.t('Clear the scheduled deactivation of which user?'));
  return t ? update(svc, t, null) : false;
}

/** Sets or clears the date, says what Workfront now has, and offers to put back what was there. */
async function update(svc: Services, t: UserTarget, when: number | null): Promise<boolean> {
  const before = t.user.scheduleDeactivationDate;
  const updated = await set(svc, t, when);
  const undo = vscode.l10n.t('Undo');
  const said =
    updated.scheduleDeactivationDate === null
      ? before === null
        ? vscode.l10n.t('{0} has no scheduled deactivation.', updated.name)
        : vscode.l10n.t('Cleared the scheduled deactivation of {0} (it was {1}).', updated.name, formatDateTime(before))
      : vscode.l10n.t(
          'Workfront will deactivate {0} some time after {1}. Their licence counts until then.',
          updated.name,
          formatDateTime(updated.scheduleDeactivationDate),
        );
  const offerUndo = before !== updated.scheduleDeactivationDate;
  void vscode.window.showInformationMessage(asPlainText(said), ...(offerUndo ? [undo] : [])).then((choice) => {
    if (choice === undo)
      void runCommand(svc.log, 'workfront.scheduleDeactivation: Undo', () => undoChange(svc, t, before));
  });
  return true;
}

/** Puts back what was there before a change of the date (a date, or none), and says so. */
async function undoChange(svc: Services, t: UserTarget, before: number | null): Promise<void> {
  const user = t.model.users.get(t.user.ID) ?? t.user;
  const updated = await set(svc, { model: t.model, user }, before);
  void vscode.window.showInformationMessage(
    asPlainText(
      updated.scheduleDeactivationDate === null
        ? vscode.l10n.t('Undone: {0} has no scheduled deactivation.', updated.name)
        : vscode.l10n.t(
            'Undone: Workfront will deactivate {0} some time after {1}.',
            updated.name,
            formatDateTime(updated.scheduleDeactivationDate),
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
    withViewProgress(() => t.model.call((c) => c.setScheduledDeactivation(t.user.ID, when))),
  );
  t.model.applyUser(updated);
  svc.log.info(`${operation}: Workfront now has ${updated.scheduleDeactivationDate ?? 'none'}.`);
  return updated;
}

/** A date as the input box takes it back (local time, whole hour). */
function inputForm(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:00`;
}
