// The one function through which every reassignment the extension makes is sent to Workfront, and
// Workfront's answer comes back. Nothing else sends one, so whatever must see every change (the log and
// the audit trail) hooks in this one place.
import type { InstanceModel } from '../tree/instanceModel';
import type { Log } from '../util/log';
import type { Reassignment, UserSummary } from '../workfront';

export type ReassignmentAnswer =
  { readonly ok: true; readonly data: unknown } | { readonly ok: false; readonly error: unknown };

/** Sends one reassignment; never throws: a refusal or a lost answer is the answer. */
export async function sendReassignment(
  model: InstanceModel,
  change: Reassignment,
  log: Log,
  people: { readonly from: UserSummary; readonly to: UserSummary },
): Promise<ReassignmentAnswer> {
  const what =
    change.via === 'action'
      ? `${change.action} on ${change.itemIds.length} ${change.def.kind}`
      : `edit ${change.def.userField} of ${change.def.objCode} ${change.itemIds[0]}`;
  log.info(`Reassign ${what} from ${change.fromUserId} to ${change.toUserId} (${model.instance.host}): sending`);
  try {
    // The audit entry is about the leaver: whose work, how many items, from whom to whom. Whether each
    // item moved is read back afterwards (reassignWork.ts) and logged per item.
    const field = `${change.def.kind} (${change.itemIds.length}): ${change.itemIds.join(' ')}`;
    const data = await model.recorded(
      people.from,
      {
        action: 'reassignWork',
        field,
        from: `${people.from.name} (${people.from.ID})`,
        to: `${people.to.name} (${people.to.ID})`,
      },
      (client) => client.work.send(change),
      () => `${people.to.name} (${people.to.ID})`,
    );
    log.info(`Reassign ${what}: Workfront answered`);
    return { ok: true, data };
  } catch (error) {
    log.warn(`Reassign ${what}: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, error };
  }
}
