// Field paths in filters and sorts (`isActive`, `manager:name`, `accessLevel:name`): their type, a getter,
// and the USER fields they depend on; plus the grammar of filter and sort parameter names.

import { parseDate } from './dates';
import { invalidParameter } from './errors';
import { OBJ_DEFS, fieldDef, getterFor, refDef, type FieldType, type Getter, type ObjDef, type Row } from './model';
import type { Store } from './store';

/** `OR:<n>:<name>`: a term of OR group n. */
export const OR_PREFIX = /^OR:(\d+):(.+)$/;
/** `<path>_Sort` or `<path>_<n>_Sort`. */
export const SORT_NAME = /^(.+?)(?:_(\d+))?_Sort$/;

export type Typed = string | number | boolean;

export interface ResolvedPath {
  readonly type: FieldType;
  readonly get: Getter;
  /** USER fields whose change can alter this value (for sorted-order invalidation). */
  readonly deps: readonly string[];
  /** Reads another user (manager:name): an edit of one user can change other users' values. */
  readonly crossRow: boolean;
}

/** `manager:name` and other reference paths resolve through the store. */
export function resolvePath(
  store: Store,
  def: ObjDef,
  path: readonly string[],
  original: string,
  what: string,
): ResolvedPath {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    const field = fieldDef(def, head);
    if (field)
      return {
        type: field.type,
        get: getterFor(def, head),
        deps: def.objCode === 'USER' ? [head] : [],
        crossRow: false,
      };
  } else {
    const ref = refDef(def, head);
    if (ref) {
      const target = OBJ_DEFS[ref.objCode];
      const sub = resolvePath(store, target, rest, original, what);
      const get: Getter = (row) => {
        const id = row[ref.idField];
        const targetRow = typeof id === 'string' && id !== '' ? store.entity(ref.objCode, id) : undefined;
        return targetRow ? sub.get(targetRow) : null;
      };
      return {
        type: sub.type,
        get,
        deps: def.objCode === 'USER' ? [ref.idField, ...sub.deps] : sub.deps,
        crossRow: ref.objCode === 'USER' || sub.crossRow,
      };
    }
  }
  throw invalidParameter(
    `Invalid ${what} field "${original}": not a field of ${def.objCode} (names are case-sensitive)`,
  );
}

/** The getter in comparable form: dates as epoch ms. */
export function typedGetter(resolved: ResolvedPath): (row: Row) => Typed | null {
  if (resolved.type !== 'date') return resolved.get;
  return (row) => {
    const v = resolved.get(row);
    return typeof v === 'string' ? (parseDate(v) ?? null) : null;
  };
}

export function textGetter(get: Getter): (row: Row) => string | null {
  return (row) => {
    const v = get(row);
    return v === null ? null : String(v);
  };
}
