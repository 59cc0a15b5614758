// `fields=`: which fields a reply carries. ID, name and objCode always come back; `*` means every top-level
// field; `manager` alone gives the reference's ID and name; `manager:emailAddr` or `manager:*` pick
// sub-fields. Unknown names are refused (422) rather than silently dropped, so typos show up in tests.

import { invalidParameter } from './errors';
import {
  OBJ_DEFS,
  fieldDef,
  getterFor,
  refDef,
  type Getter,
  type Json,
  type JsonObject,
  type ObjDef,
  type Row,
} from './model';
import type { Store } from './store';

type Item =
  | { readonly kind: 'field'; readonly name: string; readonly get: Getter }
  | { readonly kind: 'ref'; readonly name: string; readonly sub: Projection; readonly getId: Getter };

type PlainField = Extract<Item, { kind: 'field' }>;

export class Projection {
  private readonly items = new Map<string, Item>();

  constructor(readonly def: ObjDef) {}

  /** Adds a `a:b:c` path (already split). */
  addPath(path: readonly string[], original: string): void {
    const [head, ...rest] = path;
    if (head === '*' && rest.length === 0) {
      for (const name of Object.keys(this.def.fields)) this.addField(name);
      return;
    }
    if (fieldDef(this.def, head) && rest.length === 0) {
      this.addField(head);
      return;
    }
    const ref = refDef(this.def, head);
    if (!ref) {
      throw invalidParameter(
        `Invalid field "${original}": ${head} is not a field or reference of ${this.def.objCode} (names are case-sensitive)`,
      );
    }
    let item = this.items.get(head);
    if (!item || item.kind !== 'ref') {
      item = {
        kind: 'ref',
        name: head,
        sub: new Projection(OBJ_DEFS[ref.objCode]),
        getId: getterFor(this.def, ref.idField),
      };
      this.items.set(head, item);
    }
    if (rest.length > 0) item.sub.addPath(rest, original);
    this.plain = undefined;
  }

  addField(name: string): void {
    if (name === 'ID' || name === 'name' || name === 'objCode' || this.items.has(name)) return;
    this.items.set(name, { kind: 'field', name, get: getterFor(this.def, name) });
    this.plain = undefined;
  }

  /**
   * The projection's plain fields in order (after ID, name and objCode), or undefined when it reaches
   * into references: a reference's target lives elsewhere (another user, for `manager`), so the row's
   * own values alone do not decide its text and rowText() does not cache it.
   */
  plainFields(): readonly PlainField[] | undefined {
    if (this.plain === undefined) {
      const items = [...this.items.values()];
      this.plain = items.every((item) => item.kind === 'field') ? (items as PlainField[]) : null;
    }
    return this.plain ?? undefined;
  }

  /** plainFields(), worked out once (undefined: not yet; null: the projection has references). */
  private plain: PlainField[] | null | undefined;

  /** ID, name and objCode first, then the requested fields in the order asked. */
  project(row: Row, store: Store): JsonObject {
    const out: JsonObject = { ID: row.ID, name: row.name, objCode: this.def.objCode };
    for (const item of this.items.values()) {
      if (item.kind === 'field') {
        out[item.name] = item.get(row);
        continue;
      }
      const targetId = item.getId(row);
      const target =
        typeof targetId === 'string' && targetId !== '' ? store.entity(item.sub.def.objCode, targetId) : undefined;
      out[item.name] = target ? (item.sub.project(target, store) as Json) : null;
    }
    return out;
  }
}

/**
 * Builds the projection for a request. `defaults` are added first (edits reply with the default fields
 * plus the requested ones); a search or get without `fields` uses the defaults alone.
 */
export function parseFields(
  def: ObjDef,
  fieldsParams: readonly string[],
  defaults: readonly string[],
  alwaysDefaults: boolean,
): Projection {
  const projection = new Projection(def);
  const requested = fieldsParams
    .flatMap((p) => p.split(','))
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (requested.length === 0 || alwaysDefaults) for (const name of defaults) projection.addField(name);
  for (const field of requested) projection.addPath(field.split(':'), field);
  return projection;
}
