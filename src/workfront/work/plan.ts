// How each kind of open work is handed over, decided from Workfront's metadata: tasks through
// ASSIGNMENT's swapUsersOnTasks when Workfront lists it with arguments we can recognise, everything else
// by editing the field that names the user when Workfront says it can be edited. What neither allows
// stays, with the reason, and is shown before anything is sent.
import { MAX_IDS_PER_READ } from '../limits';
import type { Reassignment } from './client';
import { WORK_KINDS, type WorkItemRef, type WorkKindDef } from './kinds';
import { canEdit, swapArguments, type ObjectMetadata } from './metadata';

/** Where the swap actions live (Adobe's API changelogs list them under Assignment). */
export const ASSIGNMENT_PATH = 'assignment';

export interface HandoverPlan {
  readonly changes: readonly Reassignment[];
  /** Items nothing can move, per kind, with why. */
  readonly staying: ReadonlyArray<{
    readonly def: WorkKindDef;
    readonly items: readonly WorkItemRef[];
    readonly reason: string;
  }>;
  /** Per kind, how it moves: 'swapUsersOnTasks', 'edit ownerID', … (for the preview and the log). */
  readonly how: ReadonlyMap<string, string>;
}

export interface PlanInput {
  readonly fromUserId: string;
  readonly toUserId: string;
  readonly items: ReadonlyMap<WorkKindDef, readonly WorkItemRef[]>;
  /** Per object code (TASK, OPTASK, …, and ASSGN), or absent when it could not be read. */
  readonly metadata: ReadonlyMap<string, ObjectMetadata>;
}

export function planHandover(input: PlanInput): HandoverPlan {
  const changes: Reassignment[] = [];
  const staying: Array<{ def: WorkKindDef; items: readonly WorkItemRef[]; reason: string }> = [];
  const how = new Map<string, string>();
  const base = { fromUserId: input.fromUserId, toUserId: input.toUserId };
  for (const def of WORK_KINDS) {
    const items = input.items.get(def) ?? [];
    if (items.length === 0) continue;
    const swap = def.kind === 'tasks' ? taskSwap(input.metadata.get('ASSGN')) : undefined;
    if (swap) {
      how.set(def.kind, swap.action);
      for (let i = 0; i < items.length; i += MAX_IDS_PER_READ) {
        const ids = items.slice(i, i + MAX_IDS_PER_READ).map((item) => item.ID);
        changes.push({
          ...base,
          via: 'action',
          path: ASSIGNMENT_PATH,
          action: swap.action,
          // The list form Workfront expects is not public: a JSON array, as `updates` is written.
          args: [
            [swap.ids, JSON.stringify(ids)],
            [swap.from, input.fromUserId],
            [swap.to, input.toUserId],
          ],
          def,
          itemIds: ids,
        });
      }
      continue;
    }
    const meta = input.metadata.get(def.objCode);
    if (meta && canEdit(meta, def.userField)) {
      how.set(def.kind, `edit ${def.userField}`);
      for (const item of items) changes.push({ ...base, via: 'edit', def, itemIds: [item.ID] });
      continue;
    }
    staying.push({
      def,
      items,
      reason: meta
        ? `Workfront's metadata shows no editable ${def.userField} on ${def.objCode}`
        : `the metadata of ${def.objCode} could not be read`,
    });
  }
  return { changes, staying, how };
}

function taskSwap(meta: ObjectMetadata | undefined) {
  return meta ? swapArguments(meta, 'swapUsersOnTasks', /^task.*ids$/i) : undefined;
}
