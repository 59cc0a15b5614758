// Quick picks for commands run from the Command Palette: which instance, and which users (searched in
// Workfront as you type, so any user of any size of organisation can be found).
import * as vscode from 'vscode';
import type { GroupKey, InstanceModel } from '../tree/instanceModel';
import { describeError } from '../util/errorMessages';
import type { UserSummary } from '../workfront';
import type { Services } from './services';

export async function pickInstance(svc: Services, placeHolder: string): Promise<InstanceModel | undefined> {
  const models = svc.model.all();
  if (models.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('You are not signed in to Workfront.'),
      vscode.l10n.t('Sign In'),
    );
    if (choice) await vscode.commands.executeCommand('workfront.signIn');
    return undefined;
  }
  if (models.length === 1) return models[0];
  const picked = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m.instance.host, description: m.me?.name, model: m })),
    { placeHolder },
  );
  return picked?.model;
}

interface UserItem extends vscode.QuickPickItem {
  /** Absent on the row that says a search failed. */
  readonly user?: UserSummary;
}

const SEARCH_LIMIT = 100;
const NAME_ORDER: ReadonlyArray<readonly [string, string]> = [
  ['name_1_Sort', 'ciasc'],
  ['ID_2_Sort', 'asc'],
];

/** Users of one group (or all), searched by name, email or title in Workfront as the user types. */
export function pickUsers(
  model: InstanceModel,
  group: GroupKey | undefined,
  options: { title: string; canPickMany: boolean },
): Promise<UserSummary[]> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<UserItem>();
    qp.title = options.title;
    qp.placeholder = vscode.l10n.t('Type a name, email or title to search {0}', model.instance.host);
    qp.canSelectMany = options.canPickMany;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let abort: AbortController | undefined;
    let done = false;
    const search = (text: string) => {
      abort?.abort();
      const controller = new AbortController();
      abort = controller;
      qp.busy = true;
      model
        .call((client) =>
          client.searchUsers(
            { isActive: group === undefined ? undefined : group === 'active', text },
            { first: 0, limit: SEARCH_LIMIT, sort: NAME_ORDER },
            controller.signal,
          ),
        )
        .then((users) => {
          if (controller.signal.aborted || done) return;
          // Users picked under an earlier search stay in the list, and picked, while the admin searches
          // for the next one.
          const kept = options.canPickMany ? qp.selectedItems.filter((i) => i.user) : [];
          const keptIds = new Set(kept.map((i) => i.user?.ID));
          const found: UserItem[] = users
            .filter((u) => (u.ID !== model.me?.ID || group !== 'active') && !keptIds.has(u.ID))
            .map((u) => ({
              label: u.name || u.emailAddr,
              description:
                group === undefined && !u.isActive ? `${u.emailAddr} · ${vscode.l10n.t('inactive')}` : u.emailAddr,
              detail: u.title || undefined,
              user: u,
            }));
          qp.items = [...kept, ...found];
          if (options.canPickMany) qp.selectedItems = kept;
        })
        .catch((err) => {
          if (controller.signal.aborted || done) return;
          // Said where the admin is looking, and the pick stays open for another try.
          const failure = describeError(err, { instance: model.instance.host });
          qp.items = [{ label: vscode.l10n.t('$(error) The search failed'), detail: failure, alwaysShow: true }];
        })
        .finally(() => {
          if (abort === controller) qp.busy = false;
        });
    };
    qp.onDidChangeValue((value) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => search(value), 250);
    });
    const finish = (users: UserSummary[]) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      abort?.abort();
      resolve(users);
      qp.dispose();
    };
    qp.onDidAccept(() => {
      const chosen = (options.canPickMany ? qp.selectedItems : qp.activeItems.slice(0, 1)).flatMap((i) => i.user ?? []);
      // Enter on the failure row alone picks nobody: the admin can search again.
      if (chosen.length > 0 || !qp.activeItems.some((i) => !i.user)) finish(chosen);
    });
    qp.onDidHide(() => finish([]));
    qp.show();
    search('');
  });
}
