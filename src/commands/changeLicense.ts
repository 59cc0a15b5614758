// Change Licence Type…: for one user, a selection, or everyone under Not Signed In. The types offered are
// the ones Workfront's metadata lists; one confirmation says what changes from what; each change counts
// only once Workfront's answer shows the new type, and the tree's totals follow the confirmed answers.
import * as vscode from 'vscode';
import type { InstanceModel } from '../tree/instanceModel';
import { describeError } from '../util/errorMessages';
import { asPlainText } from '../util/plainText';
import { isWorkfrontError, type LicenseTypeChoice, type UserSummary } from '../workfront';
import { changeEach } from './changeEach';
import { licenceSummary } from './changeActive';
import { notSignedInUsers } from './notSignedIn';
import { pickInstance, pickUsers } from './pickUsers';
import type { Services } from './services';
import { FROM_SELECTION, isUserNode, treeTargets } from './userTarget';

const NAMES_IN_DIALOG = 5;

export interface LicenseOutcome {
  readonly user: UserSummary;
  readonly confirmed?: UserSummary;
  readonly error?: string;
}

/** Entry point: (clicked node, selection) from the tree, a Not Signed In group row, or the palette. */
export async function changeLicense(svc: Services, node?: unknown, nodes?: unknown): Promise<LicenseOutcome[]> {
  const targets = await resolveTargets(svc, node, nodes);
  if (!targets) return [];
  const { model } = targets;
  const users = targets.users.filter((u) => u.isActive && !model.busy.has(u.ID));
  if (users.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('None of these users is active and free to change; inactive users hold no license.'),
    );
    return [];
  }
  const types = await model.call((client) => client.licenseTypes());
  if (!types.editable || types.choices.length === 0) {
    void vscode.window.showErrorMessage(
      types.editable
        ? vscode.l10n.t(
            'Workfront lists no license types for users on {0}. Change the license in Workfront.',
            model.instance.host,
          )
        : vscode.l10n.t(
            'Workfront says license types cannot be changed through its API on {0}. Change them in Workfront (Users > the user > Edit).',
            model.instance.host,
          ),
    );
    return [];
  }
  const choice = await pickType(types.choices, users);
  if (!choice) return [];
  const changing = users.filter((u) => u.licenseType !== choice.value);
  if (changing.length === 0) {
    void vscode.window.showInformationMessage(
      asPlainText(vscode.l10n.t('Nothing to change: every chosen user already has a {0} license.', choice.label)),
    );
    return [];
  }
  if (!(await confirm(changing, choice))) return [];
  const ready = changing.filter((u) => !model.busy.has(u.ID));
  const outcomes = await run(svc, model, ready, choice);
  report(svc, outcomes, choice);
  return outcomes;
}

async function resolveTargets(
  svc: Services,
  node: unknown,
  nodes: unknown,
): Promise<{ model: InstanceModel; users: readonly UserSummary[] } | undefined> {
  if (node === FROM_SELECTION || isUserNode(node)) return treeTargets(svc, node, nodes);
  const group = await notSignedInUsers(svc, node);
  if (group) return group;
  const model = await pickInstance(svc, vscode.l10n.t('Change license types in which instance?'));
  if (!model) return undefined;
  await model.ensureCounts();
  const users = await pickUsers(model, 'active', {
    title: vscode.l10n.t('Change the license type of users in {0}', model.instance.host),
    canPickMany: true,
  });
  model.remember(users);
  return users.length ? { model, users } : undefined;
}

async function pickType(
  choices: readonly LicenseTypeChoice[],
  users: readonly UserSummary[],
): Promise<LicenseTypeChoice | undefined> {
  const held = new Map<string, number>();
  for (const u of users) held.set(u.licenseType, (held.get(u.licenseType) ?? 0) + 1);
  const picked = await vscode.window.showQuickPick(
    choices.map((c) => ({
      label: c.label,
      description: c.label !== c.value ? c.value : undefined,
      detail: held.has(c.value)
        ? vscode.l10n.t('{0} of the {1} chosen users have it now', held.get(c.value) ?? 0, users.length)
        : undefined,
      choice: c,
    })),
    {
      title: vscode.l10n.t('New license type for {0} users ({1})', users.length, licenceSummary(users)),
      placeHolder: vscode.l10n.t('License types as Workfront lists them'),
    },
  );
  return picked?.choice;
}

async function confirm(users: readonly UserSummary[], choice: LicenseTypeChoice): Promise<boolean> {
  const names = users.slice(0, NAMES_IN_DIALOG).map((u) => `• ${u.name} (${u.licenseType || '—'})`);
  if (users.length > NAMES_IN_DIALOG) names.push(vscode.l10n.t('…and {0} more', users.length - NAMES_IN_DIALOG));
  const message =
    users.length === 1
      ? vscode.l10n.t('Change the license type of {0} to {1}?', users[0].name, choice.label)
      : vscode.l10n.t('Change the license type of {0} users to {1}?', users.length, choice.label);
  const detail = `${names.join('\n')}\n\n${vscode.l10n.t(
    'Now: {0}. Their access may change with the license; they stay active.',
    licenceSummary(users),
  )}`;
  const button = vscode.l10n.t('Change License Type');
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
}

function run(
  svc: Services,
  model: InstanceModel,
  users: readonly UserSummary[],
  choice: LicenseTypeChoice,
): Promise<LicenseOutcome[]> {
  return changeEach(
    model,
    users,
    {
      busy: vscode.l10n.t('Changing the license…'),
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Changing {0} licenses to {1}', users.length, choice.label),
    },
    (user) => changeLicenseOne(svc, model, user, choice.value),
  );
}

/**
 * Changes one user's license type: the one path every license change takes. Never throws; the tree
 * changes only with Workfront's confirmed answer (or, when the answer was lost, with a fresh read).
 */
export async function changeLicenseOne(
  svc: Services,
  model: InstanceModel,
  user: UserSummary,
  licenseType: string,
): Promise<LicenseOutcome> {
  const operation = vscode.l10n.t('Change the license type of {0} ({1})', user.name, user.emailAddr);
  try {
    // Through the model's one change path, so the audit trail records it before it is sent.
    const confirmed = await model.change(
      user,
      { action: 'licenseType', field: 'licenseType', to: licenseType },
      (client) => client.setLicenseType(user.ID, licenseType),
    );
    svc.log.info(`${operation}: ${user.licenseType} → ${confirmed.licenseType}, confirmed by Workfront.`);
    return { user, confirmed };
  } catch (err) {
    svc.log.warn(`${operation}: ${err instanceof Error ? err.message : String(err)}`);
    if (isWorkfrontError(err, 'notFound')) {
      model.removeUser(user.ID);
      return { user, error: vscode.l10n.t('{0} no longer exists in Workfront.', user.name) };
    }
    if (isWorkfrontError(err) && (err.outcomeUnknown || err.kind === 'unconfirmed')) {
      try {
        const now = await model.reread(user.ID);
        if (now.licenseType === licenseType) return { user, confirmed: now };
      } catch {
        // Said below: the result is unknown.
      }
      return {
        user,
        error: vscode.l10n.t('{0}: the answer was lost; refresh to see which license type Workfront has.', operation),
      };
    }
    return { user, error: describeError(err, { instance: model.instance.host, operation }) };
  }
}

function report(svc: Services, outcomes: readonly LicenseOutcome[], choice: LicenseTypeChoice): void {
  const ok = outcomes.filter((o) => o.confirmed);
  const failed = outcomes.filter((o) => o.error);
  if (failed.length === 0) {
    void vscode.window.showInformationMessage(
      asPlainText(
        ok.length === 1
          ? vscode.l10n.t('{0} now has a {1} license (was {2}).', ok[0].user.name, choice.label, ok[0].user.licenseType)
          : vscode.l10n.t(
              '{0} users now have a {1} license (were {2}).',
              ok.length,
              choice.label,
              licenceSummary(ok.map((o) => o.user)),
            ),
      ),
    );
    return;
  }
  svc.log.error(failed.map((f) => f.error).join('\n'));
  void vscode.window.showErrorMessage(
    asPlainText(
      vscode.l10n.t(
        'Changed {0} of {1} licenses to {2}. Not changed: {3}',
        ok.length,
        outcomes.length,
        choice.label,
        failed.map((f) => f.error).join(' '),
      ),
    ),
  );
}
