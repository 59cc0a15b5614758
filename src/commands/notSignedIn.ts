// The Not Signed In for N Days group as a target: everyone in it, as Workfront listed them (the list is
// loaded first when the group was never opened), and Deactivate All from its row.
import type { InstanceModel } from '../tree/instanceModel';
import type { TreeNode } from '../tree/nodes';
import type { UserSummary } from '../workfront';
import { changeActiveFor, type Outcome } from './changeActive';
import type { Services } from './services';

/** The users under Not Signed In (undefined when `node` is not that group's row). */
export async function notSignedInUsers(
  svc: Services,
  node: unknown,
): Promise<{ model: InstanceModel; users: UserSummary[] } | undefined> {
  const group = node as TreeNode | undefined;
  if (group?.kind !== 'group' || group.group !== 'dormant') return undefined;
  const model = svc.model.get(group.host);
  if (!model) return undefined;
  await model.ensureList('dormant', true);
  const { users, error } = model.listState('dormant');
  if (error) throw error;
  return { model, users: (users ?? []).slice() };
}

/** Deactivate All…: one confirmation for everyone in the group (yourself left out, as always). */
export async function deactivateNotSignedIn(svc: Services, node: unknown): Promise<Outcome[]> {
  const target = await notSignedInUsers(svc, node);
  return target ? changeActiveFor(svc, target.model, target.users, false) : [];
}
