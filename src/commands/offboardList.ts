// Offboard from List…: the people HR says are leaving, from a file, the open editor or pasted text, are
// found in Workfront in a few batched searches, shown in a preview by what will happen to each, then
// deactivated after one confirmation, with progress and a result that can be saved as CSV. A list run
// again finds everyone already inactive and says that nothing changed.
import * as vscode from 'vscode';
import type { InstanceModel } from '../tree/instanceModel';
import { CommandFailure, inContext } from '../util/errorMessages';
import { asPlainText } from '../util/plainText';
import { readProtectedUsers } from '../util/settings';
import { dayIn, localTimeZone } from '../util/timeZone';
import { matchLogins } from '../workfront';
import { changeEach } from './changeEach';
import { changeOne, type Outcome } from './changeActive';
import { parseLoginList, MAX_LIST_LINES } from './loginList';
import {
  CATEGORIES,
  offboardCsv,
  planOffboarding,
  usersToDeactivate,
  type OffboardCategory,
  type PlannedLine,
  type ResultLine,
} from './offboardPlan';
import { pickInstance } from './pickUsers';
import { defaultLocation, notifySaved, rememberFolder } from './savedFile';
import type { Services } from './services';

const NAMES_PER_CATEGORY = 4;

export interface OffboardRun {
  readonly plan: readonly PlannedLine[];
  readonly outcomes: readonly Outcome[];
}

/** `source`: a file to read (tests and the Explorer pass one); otherwise the user chooses. */
export async function offboardFromList(svc: Services, source?: unknown): Promise<OffboardRun | undefined> {
  const model = await pickInstance(svc, vscode.l10n.t('Offboard users of which instance?'));
  if (!model) return undefined;
  const text = source instanceof vscode.Uri ? await readFile(source) : await chooseText();
  if (text === undefined) return undefined;
  const parsed = parseLoginList(text);
  if (!parsed.ok) throw new CommandFailure(listProblem(parsed.problem, parsed.headers));
  await model.ensureCounts(); // who is signed in: yourself is protected
  const { matches, searches } = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Finding {0} listed users in {1}…', parsed.logins.length, model.instance.host),
    },
    () =>
      inContext({ instance: model.instance.host, operation: vscode.l10n.t('Find the listed users') }, () =>
        model.call((client) =>
          matchLogins(
            client,
            parsed.logins.map((l) => l.value),
          ),
        ),
      ),
  );
  svc.log.info(
    `Offboard from List: ${parsed.logins.length} values (${parsed.duplicates} repeated) matched in ${searches} searches of ${model.instance.host}.`,
  );
  const plan = planOffboarding(parsed.logins, matches, model.me, readProtectedUsers());
  const users = usersToDeactivate(plan);
  if (users.length === 0) {
    await offerSave(
      svc,
      model,
      nothingToDo(plan),
      plan.map((p) => resultOf(p)),
    );
    return { plan, outcomes: [] };
  }
  const deactivate = vscode.l10n.t('Deactivate {0} Users', users.length);
  const save = vscode.l10n.t('Save Preview as CSV…');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Offboard from list: deactivate {0} of the {1} listed users?', users.length, plan.length),
    { modal: true, detail: previewText(plan) },
    deactivate,
    save,
  );
  if (answer === save)
    await saveCsv(
      svc,
      model,
      plan.map((p) => resultOf(p)),
    );
  if (answer !== deactivate) return { plan, outcomes: [] };
  const outcomes = await run(svc, model, users);
  const byId = new Map(outcomes.map((o) => [o.user.ID, o]));
  const lines = plan.map((p) => resultOf(p, p.user && byId.get(p.user.ID)));
  const ok = outcomes.filter((o) => o.confirmed && !o.confirmed.isActive).length;
  const failed = outcomes.length - ok;
  const summary =
    failed === 0
      ? vscode.l10n.t('Offboarded from list: deactivated {0} users. {1}', ok, othersText(plan))
      : vscode.l10n.t(
          'Offboarded from list: deactivated {0} of {1} users; {2} failed (see the result file or the log). {3}',
          ok,
          outcomes.length,
          failed,
          othersText(plan),
        );
  for (const o of outcomes) if (o.error) svc.log.error(o.error);
  await offerSave(svc, model, summary.trim(), lines, failed > 0);
  return { plan, outcomes };
}

async function readFile(uri: vscode.Uri): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  return new TextDecoder('utf-8').decode(bytes);
}

/** A file, the text of the open editor, or text typed or pasted in a box. */
async function chooseText(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  type Item = vscode.QuickPickItem & { readonly id: 'file' | 'editor' | 'paste' };
  const items: Item[] = [
    {
      id: 'file',
      label: vscode.l10n.t('Open a File…'),
      detail: vscode.l10n.t('One email or username per line, or a CSV with a header row'),
    },
    ...(editor && editor.document.getText().trim() !== ''
      ? [
          {
            id: 'editor' as const,
            label: vscode.l10n.t('Use the Open Editor'),
            description: vscode.workspace.asRelativePath(editor.document.uri),
          },
        ]
      : []),
    {
      id: 'paste',
      label: vscode.l10n.t('Type or Paste…'),
      detail: vscode.l10n.t('Emails or usernames separated by spaces, commas or new lines'),
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Offboard from List'),
    placeHolder: vscode.l10n.t('Where is the list of people leaving?'),
  });
  if (!picked) return undefined;
  if (picked.id === 'editor') return editor?.document.getText();
  if (picked.id === 'paste') {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Offboard from List'),
      prompt: vscode.l10n.t('Emails or usernames, separated by spaces, commas or new lines'),
      ignoreFocusOut: true,
    });
    return typed === undefined ? undefined : typed.split(/[\s,;]+/).join('\n');
  }
  const [uri] =
    (await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Offboard from List'),
      canSelectMany: false,
      openLabel: vscode.l10n.t('Read List'),
      filters: { [vscode.l10n.t('Lists and CSV files')]: ['csv', 'txt', 'tsv'], [vscode.l10n.t('All files')]: ['*'] },
    })) ?? [];
  return uri ? readFile(uri) : undefined;
}

function listProblem(problem: 'empty' | 'noColumn' | 'tooMany', headers?: readonly string[]): string {
  if (problem === 'noColumn')
    return vscode.l10n.t(
      'The list looks like a CSV file, but no column of its header row is an email or username column (found: {0}). Name that column "Email" or "Username", or give one email per line.',
      (headers ?? []).join(', '),
    );
  if (problem === 'tooMany')
    return vscode.l10n.t(
      'The list has more than {0} lines; split it, or check that it is the right file.',
      MAX_LIST_LINES,
    );
  return vscode.l10n.t('The list holds no email or username. Give one per line, or a CSV with a header row.');
}

function categoryTitle(c: OffboardCategory): string {
  switch (c) {
    case 'deactivate':
      return vscode.l10n.t('Will be deactivated');
    case 'inactive':
      return vscode.l10n.t('Already inactive');
    case 'notFound':
      return vscode.l10n.t('Not found in Workfront');
    case 'ambiguous':
      return vscode.l10n.t('More than one match, left alone');
    case 'protected':
      return vscode.l10n.t('Protected, left alone');
  }
}

function lineName(p: PlannedLine): string {
  if (p.protectedAs === 'you') return vscode.l10n.t('{0} (you)', p.user?.name ?? p.login.value);
  if (p.category === 'ambiguous') return `${p.login.value} (${p.matches.map((m) => m.name).join(', ')})`;
  return p.user ? `${p.user.name} (${p.user.emailAddr})` : p.login.value;
}

/** Per category: how many, and the first few names. */
export function previewText(plan: readonly PlannedLine[]): string {
  const parts: string[] = [];
  for (const c of CATEGORIES) {
    const lines = plan.filter((p) => p.category === c);
    if (lines.length === 0) continue;
    const names = lines.slice(0, NAMES_PER_CATEGORY).map((p) => `  • ${lineName(p)}`);
    if (lines.length > NAMES_PER_CATEGORY)
      names.push(`  ${vscode.l10n.t('…and {0} more', lines.length - NAMES_PER_CATEGORY)}`);
    parts.push(`${categoryTitle(c)} (${lines.length}):\n${names.join('\n')}`);
  }
  parts.push(vscode.l10n.t('Deactivating frees their licenses; their history is kept and they can be reactivated.'));
  return parts.join('\n\n');
}

function othersText(plan: readonly PlannedLine[]): string {
  return CATEGORIES.filter((c) => c !== 'deactivate')
    .map((c) => [c, plan.filter((p) => p.category === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${categoryTitle(c)}: ${n}.`)
    .join(' ');
}

function nothingToDo(plan: readonly PlannedLine[]): string {
  const inactive = plan.filter((p) => p.category === 'inactive').length;
  return inactive === plan.length
    ? vscode.l10n.t('Nothing to change: all {0} listed users are already inactive.', plan.length)
    : vscode.l10n.t('Nothing to change: no listed user can be deactivated. {0}', othersText(plan));
}

function resultOf(p: PlannedLine, outcome?: Outcome): ResultLine {
  if (outcome?.confirmed && !outcome.confirmed.isActive)
    return { planned: p, outcome: vscode.l10n.t('Deactivated'), details: '' };
  if (outcome) return { planned: p, outcome: vscode.l10n.t('Failed'), details: outcome.error ?? '' };
  if (p.category === 'deactivate') return { planned: p, outcome: vscode.l10n.t('Not run'), details: '' };
  const details =
    p.protectedAs === 'you'
      ? vscode.l10n.t('You cannot deactivate your own user.')
      : p.protectedAs === 'listed'
        ? vscode.l10n.t('Listed in the setting workfront.protectedUsers.')
        : '';
  return { planned: p, outcome: categoryTitle(p.category), details };
}

function run(svc: Services, model: InstanceModel, users: Parameters<typeof changeOne>[2][]): Promise<Outcome[]> {
  model.remember(users);
  return changeEach(
    model,
    users,
    {
      busy: vscode.l10n.t('Deactivating…'),
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Offboarding {0} users', users.length),
    },
    (user) => changeOne(svc, model, user, false),
  );
}

async function offerSave(
  svc: Services,
  model: InstanceModel,
  message: string,
  lines: readonly ResultLine[],
  isError = false,
): Promise<void> {
  const save = vscode.l10n.t('Save Result as CSV…');
  const show = isError ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
  void Promise.resolve(show(asPlainText(message), save)).then((choice) =>
    choice === save ? saveCsv(svc, model, lines) : undefined,
  );
}

async function saveCsv(svc: Services, model: InstanceModel, lines: readonly ResultLine[]): Promise<void> {
  const host = model.instance.host.replace(/[^a-z0-9.-]+/gi, '_');
  const name = `workfront-${host}-offboarding-${dayIn(localTimeZone(), Date.now())}.csv`;
  const uri = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save the offboarding result as CSV'),
    saveLabel: vscode.l10n.t('Save'),
    defaultUri: defaultLocation(svc, name),
    filters: { [vscode.l10n.t('CSV (comma-separated values)')]: ['csv'] },
  });
  if (!uri) return;
  const header = [
    vscode.l10n.t('Line'),
    vscode.l10n.t('Listed as'),
    vscode.l10n.t('Result'),
    vscode.l10n.t('Name'),
    vscode.l10n.t('Email'),
    vscode.l10n.t('Username'),
    vscode.l10n.t('ID'),
    vscode.l10n.t('Details'),
  ];
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(offboardCsv(header, lines)));
  rememberFolder(svc, uri);
  notifySaved(
    svc,
    asPlainText(vscode.l10n.t('Saved the offboarding result to {0}.', vscode.workspace.asRelativePath(uri))),
    uri,
  );
}
