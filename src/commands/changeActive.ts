// Deactivate and Reactivate, for one user or a selection. A user moves between groups only when
// Workfront's answer confirms the new isActive value; when the answer is lost, the user is read again
// before anything is said, and the tree shows what Workfront really has.
import * as vscode from 'vscode';
import type { InstanceModel } from '../tree/instanceModel';
import { VIEW_ID } from '../tree/provider';
import { describeError } from '../util/errorMessages';
import { isWorkfrontError, type UserSummary } from '../workfront';
import { changeEach } from './changeEach';
import { pickInstance, pickUsers } from './pickUsers';
import { runCommand } from './runCommand';
import type { Services } from './services';
import { FROM_SELECTION, isUserNode, treeTargets, type TreeTargets } from './userTarget';
import { asPlainText } from '../util/plainText';
import { countOpenWork, describeOpenWork, mayHaveOpenWork } from './openWork';
import { reassignWorkOf } from './reassignWork';

const NAMES_IN_DIALOG = 5;

export interface Outcome {
  readonly user: UserSummary;
  /** The state Workfront confirmed, when it did. */
  readonly confirmed?: UserSummary;
  readonly error?: string;
}

/** Entry point for both commands: (clicked node, selection) from the tree, nothing from the palette. */
export async function changeActive(
  svc: Services,
  active: boolean,
  node?: unknown,
  nodes?: unknown,
): Promise<Outcome[]> {
  const targets = await resolveTargets(svc, active, node, nodes);
  if (!targets) return [];
  return changeActiveFor(svc, targets.model, targets.users, active);
}

/** Deactivates or reactivates these users of one instance: one confirmation, progress, one answer. */
export async function changeActiveFor(
  svc: Services,
  model: InstanceModel,
  users: readonly UserSummary[],
  active: boolean,
): Promise<Outcome[]> {
  const me = model.me;
  const self = users.find((u) => u.ID === me?.ID);
  const applicable = users.filter((u) => u.isActive !== active && u.ID !== me?.ID);
  if (!active && self) {
    void vscode.window.showWarningMessage(
      asPlainText(vscode.l10n.t('You are signed in as {0}: you cannot deactivate your own user.', self.name)),
    );
    if (applicable.length === 0) return [];
  }
  if (applicable.length === 0) {
    void vscode.window.showInformationMessage(
      active
        ? vscode.l10n.t('The selected users are already active.')
        : vscode.l10n.t('The selected users are already inactive.'),
    );
    return [];
  }
  let ready = leaveOutBusy(model, applicable);
  if (ready.length === 0) return [];
  if (!active && !(await confirmDeactivation(svc, model, ready))) return [];
  // Reactivating takes licences again: several at once are confirmed, naming which.
  if (active && ready.length > 1 && !(await confirmReactivation(ready))) return [];
  // Checked again after the confirmation: another command may have started on some of them meanwhile.
  ready = leaveOutBusy(model, ready);
  return ready.length > 0 ? run(svc, model, ready, active) : [];
}

/**
 * The users without an update in flight. A second request for the same user would race the first (and
 * the first to finish would clear the row's "Deactivating…" while the other still ran), so it is not sent.
 */
function leaveOutBusy(model: InstanceModel, users: UserSummary[]): UserSummary[] {
  const busy = users.filter((u) => model.busy.has(u.ID));
  if (busy.length === 0) return users;
  const text =
    busy.length === 1
      ? vscode.l10n.t('{0} is already being updated in Workfront; wait for that to finish.', busy[0].name)
      : vscode.l10n.t('{0} of these users are already being updated in Workfront; they were left out.', busy.length);
  void vscode.window.showInformationMessage(asPlainText(text));
  return users.filter((u) => !model.busy.has(u.ID));
}

async function resolveTargets(
  svc: Services,
  active: boolean,
  node: unknown,
  nodes: unknown,
): Promise<TreeTargets | undefined> {
  if (node === FROM_SELECTION || isUserNode(node)) return treeTargets(svc, node, nodes);
  const model = await pickInstance(
    svc,
    active
      ? vscode.l10n.t('Reactivate users of which instance?')
      : vscode.l10n.t('Deactivate users of which instance?'),
  );
  if (!model) return undefined;
  await model.ensureCounts(); // who is signed in, so they are left out of the list
  const users = await pickUsers(model, active ? 'inactive' : 'active', {
    title: active
      ? vscode.l10n.t('Reactivate users in {0}', model.instance.host)
      : vscode.l10n.t('Deactivate users in {0}', model.instance.host),
    canPickMany: true,
  });
  model.remember(users);
  return users.length ? { model, users } : undefined;
}

/** On an Adobe-hosted organisation the users are managed in the Adobe Admin Console too. */
async function confirmDeactivation(svc: Services, model: InstanceModel, users: UserSummary[]): Promise<boolean> {
  const work = await countOpenWork(model, users, svc.log);
  const freed = vscode.l10n.t(
    'Their license is freed and they can no longer sign in. Their history (assignments, notes, hours, documents) is kept, and they can be reactivated later. Reassign their open work (tasks, issues, approvals) first.',
  );
  // Adobe docs (Deactivate or reactivate a user): deactivating in Workfront keeps the product profile.
  const consequences =
    model.instance.kind === 'adobe'
      ? `${freed} ${vscode.l10n.t('They stay in the Adobe Admin Console product profile: remove them there separately.')}`
      : freed;
  let message: string;
  let detail: string;
  if (users.length === 1) {
    message = vscode.l10n.t('Deactivate {0}?', users[0].name);
    detail = `${users[0].emailAddr}\n\n${describeOpenWork(work, users)}\n\n${consequences}`;
  } else {
    const names = users.slice(0, NAMES_IN_DIALOG).map((u) => `• ${u.name} (${u.emailAddr})`);
    if (users.length > NAMES_IN_DIALOG) names.push(vscode.l10n.t('…and {0} more', users.length - NAMES_IN_DIALOG));
    message = vscode.l10n.t('Deactivate {0} users?', users.length);
    detail = `${names.join('\n')}\n\n${describeOpenWork(work, users)}\n\n${consequences}`;
  }
  const confirm = vscode.l10n.t('Deactivate');
  const reassign = vscode.l10n.t('Reassign Work…');
  // Handing work over is offered for one user; several are handed over one by one (each to someone else).
  const offerReassign = users.length === 1 && mayHaveOpenWork(work);
  const buttons = offerReassign ? [confirm, reassign] : [confirm];
  const answer = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
  if (answer === reassign) await reassignWorkOf(svc, model, users[0]);
  return answer === confirm;
}

async function confirmReactivation(users: UserSummary[]): Promise<boolean> {
  const names = users.slice(0, NAMES_IN_DIALOG).map((u) => `• ${u.name} (${u.emailAddr})`);
  if (users.length > NAMES_IN_DIALOG) names.push(vscode.l10n.t('…and {0} more', users.length - NAMES_IN_DIALOG));
  const detail = `${names.join('\n')}\n\n${vscode.l10n.t(
    'They will use {0} licenses: {1}. They can sign in again as soon as Workfront confirms.',
    users.length,
    licenceSummary(users),
  )}`;
  const confirm = vscode.l10n.t('Reactivate');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Reactivate {0} users?', users.length),
    { modal: true, detail },
    confirm,
  );
  return answer === confirm;
}

/** "3 Standard, 1 Light": the license types the users hold, most first. */
export function licenceSummary(users: readonly UserSummary[]): string {
  const counts = new Map<string, number>();
  for (const u of users) {
    const type = u.licenseType || vscode.l10n.t('no license type');
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type, n]) => `${n} ${type}`)
    .join(', ');
}

async function run(svc: Services, model: InstanceModel, users: UserSummary[], active: boolean): Promise<Outcome[]> {
  const outcomes = await changeEach(
    model,
    users,
    {
      busy: active ? vscode.l10n.t('Reactivating…') : vscode.l10n.t('Deactivating…'),
      location: users.length === 1 ? { viewId: VIEW_ID } : vscode.ProgressLocation.Notification,
      title: active
        ? vscode.l10n.t('Reactivating {0} users', users.length)
        : vscode.l10n.t('Deactivating {0} users', users.length),
    },
    (user) => changeOne(svc, model, user, active),
  );
  report(svc, model, outcomes, active);
  return outcomes;
}

/**
 * Deactivates or reactivates one user: the one path every such change takes (the tree, Offboard from
 * List). Never throws: every failure becomes an outcome with one clear message.
 */
export async function changeOne(
  svc: Services,
  model: InstanceModel,
  user: UserSummary,
  active: boolean,
): Promise<Outcome> {
  const who = `${user.name} (${user.emailAddr})`;
  const operation = active ? vscode.l10n.t('Reactivate {0}', who) : vscode.l10n.t('Deactivate {0}', who);
  try {
    const confirmed = await model.change(
      user,
      { action: active ? 'reactivate' : 'deactivate', field: 'isActive', to: String(active) },
      (client) => client.setActive(user.ID, active),
    );
    svc.log.info(`${operation}: confirmed by Workfront (isActive=${confirmed.isActive}).`);
    return { user, confirmed };
  } catch (err) {
    svc.log.warn(`${operation}: ${err instanceof Error ? err.message : String(err)}`);
    if (isWorkfrontError(err, 'notFound')) {
      model.removeUser(user.ID);
      return { user, error: vscode.l10n.t('{0} no longer exists in Workfront; it was removed from the list.', who) };
    }
    if (isWorkfrontError(err) && (err.outcomeUnknown || err.kind === 'unconfirmed')) {
      // The request may have reached Workfront: find out what is true before saying anything.
      try {
        const now = await model.reread(user.ID);
        svc.log.info(`${operation}: re-read after the answer was lost: isActive=${now.isActive}.`);
        if (now.isActive === active) return { user, confirmed: now };
        // No answer is not a refusal: Workfront may still be working on it.
        if (err.kind === 'timeout')
          return {
            user,
            error: vscode.l10n.t(
              '{0}: {1} did not answer in time, and Workfront still shows the user as before. The change may still be applied: refresh in a moment to check, and try again if it was not.',
              operation,
              model.instance.host,
            ),
          };
      } catch (readErr) {
        return {
          user,
          error: vscode.l10n.t(
            '{0}: the answer was lost and the user could not be read again, so the result is unknown. Refresh to see the current state. ({1})',
            operation,
            describeError(readErr),
          ),
        };
      }
    }
    return { user, error: describeError(err, { instance: model.instance.host, operation }) };
  }
}

function report(svc: Services, model: InstanceModel, outcomes: Outcome[], active: boolean): void {
  const ok = outcomes.filter((o) => o.confirmed);
  const failed = outcomes.filter((o) => o.error);
  const undo = vscode.l10n.t('Undo');
  // Undo puts every confirmed user back: reactivates the deactivated, deactivates the reactivated.
  const offerUndo = ok.length > 0;
  const show = (text: string, isError: boolean) => {
    const items = offerUndo ? [undo] : [];
    const shown = isError
      ? vscode.window.showErrorMessage(asPlainText(text), ...items)
      : vscode.window.showInformationMessage(asPlainText(text), ...items);
    void shown.then((choice) => {
      if (choice !== undo) return;
      const back = ok.map((o) => o.confirmed as UserSummary);
      void runCommand(svc.log, active ? 'workfront.reactivateUser: Undo' : 'workfront.deactivateUser: Undo', () =>
        run(svc, model, back, !active),
      );
    });
  };
  if (outcomes.length === 1) {
    const [o] = outcomes;
    if (o.error) show(o.error, true);
    else
      show(
        active
          ? vscode.l10n.t('Reactivated {0}. They use a {1} license again.', o.user.name, o.user.licenseType || '—')
          : vscode.l10n.t('Deactivated {0}. Their license is now free.', o.user.name),
        false,
      );
    return;
  }
  if (failed.length === 0) {
    show(
      active
        ? vscode.l10n.t(
            'Reactivated {0} users. They use licenses again: {1}.',
            ok.length,
            licenceSummary(ok.map((o) => o.user)),
          )
        : vscode.l10n.t('Deactivated {0} users. Their licenses are now free.', ok.length),
      false,
    );
    return;
  }
  const lines = failed.map((f) => f.error).join('\n');
  svc.log.error(lines);
  const summary = active
    ? vscode.l10n.t(
        'Reactivated {0} of {1} users. Failed: {2}',
        ok.length,
        outcomes.length,
        failed.map((f) => f.error).join(' '),
      )
    : vscode.l10n.t(
        'Deactivated {0} of {1} users. Failed: {2}',
        ok.length,
        outcomes.length,
        failed.map((f) => f.error).join(' '),
      );
  show(summary, true);
}
