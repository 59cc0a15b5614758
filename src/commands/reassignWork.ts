// Reassign Work…: hands a user's open work over to another user. Pick who receives it, see what will
// move (and what cannot), confirm, then each change is sent (sendReassignment.ts) and every item is
// read back: an item is reported as moved only when Workfront shows it with the new user.
import * as vscode from 'vscode';
import type { InstanceModel } from '../tree/instanceModel';
import { describeError } from '../util/errorMessages';
import { asPlainText } from '../util/plainText';
import {
  WORK_KINDS,
  mapLimit,
  planHandover,
  type HandoverPlan,
  type ObjectMetadata,
  type Reassignment,
  type UserSummary,
  type WorkItemRef,
  type WorkKindDef,
} from '../workfront';
import { kindCount, kindItems } from './openWork';
import { pickUsers } from './pickUsers';
import type { Services } from './services';
import { sendReassignment } from './sendReassignment';
import { userTarget } from './userTarget';

const NAMES_PER_KIND = 3;
const CHANGES_AT_ONCE = 3;
const STAYED_IN_MESSAGE = 5;

export interface ItemOutcome {
  readonly item: WorkItemRef;
  readonly moved: boolean;
  /** Why it stayed (Workfront's error, or what Workfront still shows). */
  readonly reason?: string;
}

/** The command: from a user row, or (Command Palette) a user picked by search. */
export async function reassignWork(svc: Services, node?: unknown): Promise<ItemOutcome[] | undefined> {
  const target = await userTarget(svc, node, vscode.l10n.t('Reassign whose work?'));
  return target ? reassignWorkOf(svc, target.model, target.user) : undefined;
}

export async function reassignWorkOf(
  svc: Services,
  model: InstanceModel,
  from: UserSummary,
): Promise<ItemOutcome[] | undefined> {
  const [to] = await pickUsers(model, 'active', {
    title: vscode.l10n.t('Reassign the open work of {0} to…', from.name),
    canPickMany: false,
  });
  if (!to) return undefined;
  if (to.ID === from.ID) {
    void vscode.window.showWarningMessage(
      asPlainText(vscode.l10n.t('{0} cannot receive their own work; pick someone else.', from.name)),
    );
    return undefined;
  }
  model.remember([to]);
  const { items, plan } = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Reading the open work of {0}…', from.name),
    },
    () => prepare(svc, model, from, to),
  );
  const total = [...items.values()].reduce((n, list) => n + list.length, 0);
  if (total === 0) {
    void vscode.window.showInformationMessage(
      asPlainText(vscode.l10n.t('{0} has no open work in Workfront.', from.name)),
    );
    return [];
  }
  if (!(await confirmPreview(from, to, items, plan))) return undefined;
  const names = new Map([...items.values()].flat().map((i) => [i.ID, i.name] as const));
  const outcomes = await run(svc, model, from, to, plan, names);
  report(svc, from, to, outcomes, plan);
  return outcomes;
}

/** The open items (one search per kind) and each object's metadata, read side by side. */
async function prepare(svc: Services, model: InstanceModel, from: UserSummary, to: UserSummary) {
  const metadata = new Map<string, ObjectMetadata>();
  const paths = [['ASSGN', 'assignment'] as const, ...WORK_KINDS.map((d) => [d.objCode, d.path] as const)];
  const [lists] = await Promise.all([
    Promise.all(WORK_KINDS.map((def) => model.call((client) => client.work.listOpenWork(def, from.ID)))),
    // A metadata read that fails leaves that object without a way to move (said in the preview).
    ...paths.map(([code, path]) =>
      model
        .call((client) => client.work.metadata(path))
        .then((meta) => void metadata.set(code, meta))
        .catch((err: unknown) =>
          svc.log.warn(
            `The metadata of ${path} could not be read: ${err instanceof Error ? err.message : String(err)}`,
          ),
        ),
    ),
  ]);
  const items = new Map<WorkKindDef, readonly WorkItemRef[]>(WORK_KINDS.map((def, i) => [def, lists[i]]));
  return { items, plan: planHandover({ fromUserId: from.ID, toUserId: to.ID, items, metadata }) };
}

function howText(plan: HandoverPlan, def: WorkKindDef): string {
  const how = plan.how.get(def.kind);
  return how?.startsWith('edit ')
    ? vscode.l10n.t('by editing {0}', def.userField)
    : vscode.l10n.t('with Workfront’s {0}', how ?? '');
}

async function confirmPreview(
  from: UserSummary,
  to: UserSummary,
  items: ReadonlyMap<WorkKindDef, readonly WorkItemRef[]>,
  plan: HandoverPlan,
): Promise<boolean> {
  const lines: string[] = [];
  for (const def of WORK_KINDS) {
    const list = items.get(def) ?? [];
    if (list.length === 0 || !plan.how.has(def.kind)) continue;
    const names = list.slice(0, NAMES_PER_KIND).map((i) => `“${i.name}”`);
    if (list.length > NAMES_PER_KIND) names.push(vscode.l10n.t('…and {0} more', list.length - NAMES_PER_KIND));
    lines.push(`• ${kindCount(def.kind, list.length)} (${howText(plan, def)}): ${names.join(', ')}`);
  }
  const staying = plan.staying.map(
    (s) =>
      `• ${kindCount(s.def.kind, s.items.length)}: ${vscode.l10n.t('stay with {0} ({1}); hand them over in Workfront', from.name, s.reason)}`,
  );
  const detail = [
    lines.length > 0 ? vscode.l10n.t('Will move to {0}:', to.name) : '',
    ...lines,
    staying.length > 0 ? `\n${vscode.l10n.t('Cannot be moved from here:')}` : '',
    ...staying,
    '',
    vscode.l10n.t('Each item is reported as moved only when Workfront shows it with {0}.', to.name),
  ]
    .filter((l, i) => l !== '' || i > 0)
    .join('\n');
  if (plan.changes.length === 0) {
    void vscode.window.showWarningMessage(
      asPlainText(vscode.l10n.t('None of the open work of {0} can be moved from here.', from.name)),
      { modal: true, detail },
    );
    return false;
  }
  const confirm = vscode.l10n.t('Reassign');
  const answer = await vscode.window.showWarningMessage(
    asPlainText(vscode.l10n.t('Reassign the open work of {0} to {1}?', from.name, to.name)),
    { modal: true, detail },
    confirm,
  );
  return answer === confirm;
}

async function run(
  svc: Services,
  model: InstanceModel,
  from: UserSummary,
  to: UserSummary,
  plan: HandoverPlan,
  names: ReadonlyMap<string, string>,
): Promise<ItemOutcome[]> {
  const total = plan.changes.reduce((n, c) => n + c.itemIds.length, 0);
  let done = 0;
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Reassigning the work of {0} to {1}', from.name, to.name),
    },
    async (progress) => {
      // A few at once, as Deactivate does for a selection: well inside Workfront's request cap.
      const results = await mapLimit(plan.changes.length, CHANGES_AT_ONCE, async (i) => {
        const change = plan.changes[i];
        const result = await applyChange(svc, model, change, names, { from, to });
        done += change.itemIds.length;
        progress.report({ increment: (100 * change.itemIds.length) / total, message: `${done}/${total}` });
        return result;
      });
      return results.flat();
    },
  );
}

/** Sends one change, then reads back who holds each of its items: that, and only that, says "moved". */
async function applyChange(
  svc: Services,
  model: InstanceModel,
  change: Reassignment,
  names: ReadonlyMap<string, string>,
  people: { readonly from: UserSummary; readonly to: UserSummary },
): Promise<ItemOutcome[]> {
  const refs = change.itemIds.map((ID) => ({ kind: change.def.kind, ID, name: names.get(ID) ?? ID }));
  const answer = await sendReassignment(model, change, svc.log, people);
  let holders: ReadonlyMap<string, string | null>;
  try {
    holders = await model.call((client) => client.work.holders(change.def, change.itemIds));
  } catch (err) {
    const why = answer.ok
      ? vscode.l10n.t('not confirmed: Workfront could not be asked where it is now ({0})', describeError(err))
      : describeError(answer.error);
    return refs.map((item) => ({ item, moved: false, reason: why }));
  }
  return refs.map((item) => {
    const holder = holders.get(item.ID);
    if (holder === change.toUserId) return { item, moved: true };
    const reason = !answer.ok
      ? describeError(answer.error)
      : holder === undefined
        ? vscode.l10n.t('Workfront no longer returns it')
        : vscode.l10n.t('Workfront answered, but still shows it with someone else');
    return { item, moved: false, reason };
  });
}

function report(svc: Services, from: UserSummary, to: UserSummary, outcomes: ItemOutcome[], plan: HandoverPlan): void {
  for (const o of outcomes) {
    svc.log.info(
      `Reassign ${o.item.kind} "${o.item.name}" (${o.item.ID}) of ${from.name} to ${to.name}: ${o.moved ? 'moved, confirmed by Workfront' : `stayed: ${o.reason ?? ''}`}`,
    );
  }
  const moved = outcomes.filter((o) => o.moved);
  const stayed = outcomes.filter((o) => !o.moved);
  const byKind = WORK_KINDS.flatMap((def) => {
    const n = moved.filter((o) => o.item.kind === def.kind).length;
    return n > 0 ? [kindItems(def.kind, n)] : [];
  });
  const notMovable = plan.staying.reduce((n, s) => n + s.items.length, 0);
  const tail =
    notMovable === 0
      ? ''
      : ` ${
          notMovable === 1
            ? vscode.l10n.t('1 other item could not be moved from here and stays with {0}.', from.name)
            : vscode.l10n.t('{0} other items could not be moved from here and stay with {1}.', notMovable, from.name)
        }`;
  const showLog = vscode.l10n.t('Show Log');
  if (stayed.length === 0) {
    void vscode.window
      .showInformationMessage(
        asPlainText(
          vscode.l10n.t('Workfront confirmed: {0} now has {1} from {2}.', to.name, byKind.join(', '), from.name) + tail,
        ),
        showLog,
      )
      .then((choice) => choice && svc.log.show());
    return;
  }
  const names = stayed.slice(0, STAYED_IN_MESSAGE).map((o) => `“${o.item.name}” (${o.reason ?? ''})`);
  if (stayed.length > STAYED_IN_MESSAGE) names.push(vscode.l10n.t('…and {0} more', stayed.length - STAYED_IN_MESSAGE));
  void vscode.window
    .showWarningMessage(
      asPlainText(
        vscode.l10n.t(
          '{0} of {1} items moved to {2}; these stayed with {3}: {4}.',
          moved.length,
          outcomes.length,
          to.name,
          from.name,
          names.join('; '),
        ) + tail,
      ),
      showLog,
    )
    .then((choice) => choice && svc.log.show());
}
