// What Workfront's `/<objCode>/metadata` says about the work objects: which fields can be edited, and
// which actions exist with which arguments. Read, not assumed: the arguments of the swap actions are not
// documented publicly, and a Workfront release may add, rename or remove them.
import { asRecord } from '../records';
import { isRecord } from '../failures';

export interface ObjectMetadata {
  readonly objCode: string;
  /** Field name → editable. */
  readonly fields: ReadonlyMap<string, { readonly readOnly: boolean }>;
  /** Action name → its argument names, in order. */
  readonly actions: ReadonlyMap<string, readonly string[]>;
}

export function toObjectMetadata(data: unknown, operation: string): ObjectMetadata {
  const record = asRecord(data, operation);
  const fields = new Map<string, { readOnly: boolean }>();
  if (isRecord(record.fields)) {
    for (const [name, field] of Object.entries(record.fields)) {
      fields.set(name, { readOnly: isRecord(field) && field.isReadOnly === true });
    }
  }
  const actions = new Map<string, string[]>();
  if (isRecord(record.actions)) {
    for (const [name, action] of Object.entries(record.actions)) {
      const args = isRecord(action) && Array.isArray(action.arguments) ? action.arguments : [];
      actions.set(
        name,
        args.flatMap((a: unknown) => (isRecord(a) && typeof a.name === 'string' ? [a.name] : [])),
      );
    }
  }
  return { objCode: typeof record.objCode === 'string' ? record.objCode : '', fields, actions };
}

export function canEdit(meta: ObjectMetadata, field: string): boolean {
  const f = meta.fields.get(field);
  return f !== undefined && !f.readOnly;
}

/** The arguments of a swap action: the list of IDs, the user who leaves, the user who receives. */
export interface SwapArguments {
  readonly action: string;
  readonly ids: string;
  readonly from: string;
  readonly to: string;
}

/** The swap action's argument names, found by their role in the names (`taskIDs`, `swapFromUserID`, …). */
export function swapArguments(meta: ObjectMetadata, action: string, listName: RegExp): SwapArguments | undefined {
  const args = meta.actions.get(action);
  if (!args) return undefined;
  const ids = args.find((a) => listName.test(a));
  const from = args.find((a) => /from.*user|user.*from/i.test(a));
  const to = args.find((a) => /to.*user|user.*to/i.test(a) && a !== from);
  return ids && from && to ? { action, ids, from, to } : undefined;
}
