// Builds Workfront search parameters for the user queries this extension makes.

import type { UserFields } from './fieldSets';
import { oneLine } from './text';
import type { UserSummary } from './types';

export interface UserQuery {
  /** Only active (true) or only inactive (false) users; both when omitted. */
  readonly isActive?: boolean;
  /** Case-insensitive "contains" over name, email and title, evaluated by Workfront. */
  readonly text?: string;
  /** Only users with a scheduled deactivation date. */
  readonly scheduledOnly?: boolean;
  /**
   * Only users who have not signed in for this many days: last sign-in before `$$TODAY-<n>d`, or never
   * signed in and created before then. Workfront evaluates it (the `$$TODAY` wildcard is its own).
   */
  readonly notSignedInDays?: number;
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
  const textAlternatives: Param[][] = text
    ? TEXT_FIELDS.map((field) => [
        [field, text],
        [`${field}_Mod`, 'cicontains'],
      ])
    : [[]];
  const alternatives = signInAlternatives(q.notSignedInDays).flatMap((date) =>
    textAlternatives.map((t) => [...constant, ...date, ...t]),
  );
  if (alternatives.length === 1) return alternatives[0];
  // Every alternative past the first is an OR group; each repeats the conditions that always hold.
  return alternatives.flatMap((terms, i) => terms.map(([k, v]): Param => [i === 0 ? k : `OR:${i}:${k}`, v]));
}

/** Not signed in since the cutoff: signed in before it, or never and created before it. */
function signInAlternatives(days: number | undefined): Param[][] {
  if (days === undefined) return [[]];
  const cutoff = `$$TODAY-${Math.max(0, Math.floor(days))}d`;
  return [
    [
      ['lastLoginDate', cutoff],
      ['lastLoginDate_Mod', 'lt'],
    ],
    [
      ['lastLoginDate_Mod', 'isnull'],
      ['entryDate', cutoff],
      ['entryDate_Mod', 'lt'],
    ],
  ];
}

/** A stable total order: without it Workfront's pages can repeat or skip rows. */
export const ID_ORDER: Param[] = [['ID_Sort', 'asc']];

/**
 * Workfront's alphabetical order, ties by ID so it is total and the same for every page. How Workfront
 * compares names (case, accents, digits) is not documented: the client never relies on it to be the
 * order it shows (see nameListing.ts).
 */
export const NAME_ORDER: Param[] = [
  ['name_1_Sort', 'ciasc'],
  ['ID_2_Sort', 'asc'],
];

export function fieldsParam(fields: readonly string[]): Param {
  return ['fields', ['ID', ...fields.filter((f) => f !== 'ID')].join(',')];
}

/** The users a query asks for, in words, as operations and messages name them. */
export function describeQuery(q: UserQuery): string {
  let who = q.isActive === true ? 'active users' : q.isActive === false ? 'inactive users' : 'users';
  if (q.notSignedInDays !== undefined) who += ` not signed in for ${q.notSignedInDays} days`;
  // Every message starts with the operation: a pasted wall of text must not make them all that long.
  return q.text ? `${who} matching "${oneLine(q.text, 100)}"` : who;
}

/** How a whole listing is asked for. */
export interface ListOptions<T extends UserSummary = UserSummary> {
  /** The number of rows expected, when a count is already known; otherwise one count call is made. */
  readonly total?: number;
  readonly signal?: AbortSignal;
  /** What each row carries; default the summary (USER_SUMMARY). */
  readonly fields?: UserFields<T>;
}

export interface SearchPage<T extends UserSummary = UserSummary> {
  readonly first: number;
  readonly limit: number;
  readonly sort?: ReadonlyArray<readonly [string, string]>;
  /** Conditions that must hold too (an ID range while paging). */
  readonly extra?: ReadonlyArray<readonly [string, string]>;
  /** What each row carries; default the summary (USER_SUMMARY). */
  readonly fields?: UserFields<T>;
  /** A page of a whole listing: it waits behind other requests (limiter.ts). */
  readonly background?: boolean;
}
