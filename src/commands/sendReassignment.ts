// The one function through which every reassignment the extension makes is sent to Workfront, and
// Workfront's answer comes back. Nothing else sends one, so whatever must see every change (the log
// here; an audit trail later) hooks in this one place.
import type { InstanceModel } from '../tree/instanceModel';
import type { Log } from '../util/log';
import type { Reassignment } from '../workfront';

export type ReassignmentAnswer =
  { readonly ok: true; readonly data: unknown } | { readonly ok: false; readonly error: unknown };

/** Sends one reassignment; never throws: a refusal or a lost answer is the answer. */
export async function sendReassignment(
  model: InstanceModel,
  change: Reassignment,
  log: Log,
): Promise<ReassignmentAnswer> {
  const what =
    change.via === 'action'
      ? `${change.action} on ${change.itemIds.length} ${change.def.kind}`
      : `edit ${change.def.userField} of ${change.def.objCode} ${change.itemIds[0]}`;
  log.info(`Reassign ${what} from ${change.fromUserId} to ${change.toUserId} (${model.instance.host}): sending`);
  try {
    const data = await model.call((client) => client.work.send(change));
    log.info(`Reassign ${what}: Workfront answered`);
    return { ok: true, data };
  } catch (error) {
    log.warn(`Reassign ${what}: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, error };
  }
}
