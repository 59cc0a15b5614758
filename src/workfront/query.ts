// Builds Workfront search parameters for the user queries this extension makes.

export interface UserQuery {
  /** Only active (true) or only inactive (false) users; both when omitted. */
  readonly isActive?: boolean;
  /** Case-insensitive "contains" over name, email and title, evaluated by Workfront. */
  readonly text?: string;
  /** Only users with a scheduled deactivation date. */
  readonly scheduledOnly?: boolean;
}

type Param = readonly [string, string];

const TEXT_FIELDS = ['name', 'emailAddr', 'title'] as const;

/**
 * `also` adds conditions that must hold too (an ID range while paging).
 * Workfront ORs each `OR:n:` group with the unprefixed statements, so conditions that must always
 * hold (the "constant") are repeated inside every group: (A and name~x) or (A and email~x) or …
 */
export function queryParams(q: UserQuery, also: readonly Param[] = []): Param[] {
  const constant: Param[] = [...also];
  if (q.isActive !== undefined) constant.push(['isActive', String(q.isActive)], ['isActive_Mod', 'eq']);
  if (q.scheduledOnly) constant.push(['scheduleDeactivationDate_Mod', 'notnull']);
  const text = q.text?.trim();
  if (!text) return constant;
  const params: Param[] = [];
  TEXT_FIELDS.forEach((field, i) => {
    const prefix = i === 0 ? '' : `OR:${i}:`;
    for (const [k, v] of constant) params.push([prefix + k, v]);
    params.push([`${prefix}${field}`, text], [`${prefix}${field}_Mod`, 'cicontains']);
  });
  return params;
}

/** A stable total order: without it Workfront's pages can repeat or skip rows. */
export const ID_ORDER: Param[] = [['ID_Sort', 'asc']];

export function fieldsParam(fields: readonly string[]): Param {
  return ['fields', ['ID', ...fields.filter((f) => f !== 'ID')].join(',')];
}
