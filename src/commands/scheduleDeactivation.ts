// Set or clear a user's scheduled deactivation date (Workfront's scheduleDeactivationDate): Workfront
// deactivates them itself at midnight on that day, for someone who leaves on a known date.
import * as vscode from 'vscode';
import { withViewProgress } from '../tree/provider';
import { CommandFailure, inContext } from '../util/errorMessages';
import type { Services } from './services';
import { userTarget } from './userTarget';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight (local time) of a YYYY-MM-DD date that is in the future, or an explanation. */
export function parseLeavingDay(text: string, now = Date.now()): number | string {
  const m = DAY.exec(text.trim());
  if (!m) return vscode.l10n.t('Enter a date as YYYY-MM-DD, for example 2027-01-31.');
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (date.getMonth() !== Number(m[2]) - 1) return vscode.l10n.t('That date does not exist.');
  if (date.getTime() <= now) return vscode.l10n.t('Choose a day after today.');
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
            'Workfront deactivates {0} at midnight on this day (YYYY-MM-DD). Their licence counts until then.',
            t.user.name,
          ),
          placeHolder: 'YYYY-MM-DD',
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

async function update(
  svc: Services,
  t: NonNullable<Awaited<ReturnType<typeof userTarget>>>,
  when: number | null,
): Promise<boolean> {
  const operation =
    when === null
      ? vscode.l10n.t('Clear the scheduled deactivation of {0}', t.user.name)
      : vscode.l10n.t('Schedule the deactivation of {0}', t.user.name);
  const updated = await inContext({ instance: t.model.instance.host, operation }, () =>
    withViewProgress(() => t.model.call((c) => c.setScheduledDeactivation(t.user.ID, when))),
  );
  t.model.applyUser(updated);
  svc.log.info(`${operation}: done.`);
  return true;
}
