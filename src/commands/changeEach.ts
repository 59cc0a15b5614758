// One change per user, a few at once: every bulk command (deactivate, reactivate, license change,
// offboarding a list) runs its users through here, so all of them show progress and busy rows alike.
import * as vscode from 'vscode';
import type { InstanceModel } from '../tree/instanceModel';
import { mapLimit, type UserSummary } from '../workfront';

/** Changes in flight at once: well inside Workfront's request cap, and the progress moves steadily. */
const AT_ONCE = 3;

export interface ChangeEachOptions {
  /** The row's text while its change is out ("Deactivating…"). */
  readonly busy: string;
  readonly title: string;
  readonly location: vscode.ProgressOptions['location'];
}

/**
 * Runs `one` for each user with their row busy until its own answer, and one progress for the run.
 * `one` never throws (it turns a failure into its outcome); if something unforeseen stops the run, no
 * row stays busy.
 */
export async function changeEach<U extends UserSummary, T>(
  model: InstanceModel,
  users: readonly U[],
  options: ChangeEachOptions,
  one: (user: U) => Promise<T>,
): Promise<T[]> {
  const pending = new Set(users.map((u) => u.ID));
  model.setBusy([...pending], options.busy);
  let done = 0;
  try {
    return await vscode.window.withProgress({ location: options.location, title: options.title }, (progress) =>
      mapLimit(users.length, AT_ONCE, async (i) => {
        const outcome = await one(users[i]);
        pending.delete(users[i].ID);
        model.setBusy([users[i].ID], undefined);
        done++;
        progress.report({ increment: 100 / users.length, message: `${done}/${users.length}` });
        return outcome;
      }),
    );
  } finally {
    if (pending.size > 0) model.setBusy([...pending], undefined);
  }
}
