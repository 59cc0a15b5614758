// Finds the users a list of emails or usernames names, in a few searches rather than one per line.
// Each search sends a batch of values as `emailAddr … ciin` OR `username … ciin` inside `filters=` (a
// username filter must go there: as a plain parameter Workfront reads `username` as a credential).
// Whether `ciin` takes repeated values is not documented, so every row that comes back is checked here
// too: exact, case-insensitive, on the email or the username; a row matching no value fails the search.
import type { WorkfrontApi } from './api';
import { WorkfrontError } from './errors';
import { BYTES_PER_ROW, MAX_PAGE_SIZE } from './limits';
import { mapLimit } from './paging';
import { asRecord, toSummary } from './records';
import { SUMMARY_FIELDS, type UserSummary } from './types';
import type { UserFields } from './fieldSets';

/** A user as the matching needs them: the summary and the username. */
export interface LoginRow extends UserSummary {
  readonly username: string;
}

/** Per value as given (lowercased and trimmed), the users whose email or username it is. */
export type LoginMatches = Map<string, LoginRow[]>;

export interface LoginMatch {
  readonly matches: LoginMatches;
  /** Searches sent (one per batch). */
  readonly searches: number;
}

/** At most this many values per search, and at most this much of the address for the filter. */
export const MAX_LOGINS_PER_SEARCH = 100;
const FILTER_BUDGET = 6000;
const SEARCHES_AT_ONCE = 4;

const USER_LOGIN: UserFields<LoginRow> = {
  fields: [...SUMMARY_FIELDS, 'username'],
  read: (row, operation) => {
    const r = asRecord(row, operation);
    return { ...toSummary(r, operation), username: typeof r.username === 'string' ? r.username : '' };
  },
  bytesPerRow: BYTES_PER_ROW + 2048,
  packable: false,
};

export function loginKey(value: string): string {
  return value.trim().toLowerCase();
}

function filterOf(values: readonly string[]): string {
  return JSON.stringify({
    emailAddr: values,
    emailAddr_Mod: 'ciin',
    'OR:1:username': values,
    'OR:1:username_Mod': 'ciin',
  });
}

/** Batches of values whose filter fits the address Workfront's CDN accepts (8,892 bytes in all). */
export function loginBatches(keys: readonly string[]): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  for (const key of keys) {
    const next = [...batch, key];
    if (
      batch.length > 0 &&
      (next.length > MAX_LOGINS_PER_SEARCH || encodeURIComponent(filterOf(next)).length > FILTER_BUDGET)
    ) {
      batches.push(batch);
      batch = [key];
    } else batch = next;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

export async function matchLogins(
  api: Pick<WorkfrontApi, 'searchUsers'>,
  logins: readonly string[],
  signal?: AbortSignal,
): Promise<LoginMatch> {
  const operation = 'Find the listed users';
  const keys = [...new Set(logins.map(loginKey).filter((k) => k !== ''))];
  const matches: LoginMatches = new Map(keys.map((k) => [k, []]));
  const batches = loginBatches(keys);
  const answers = await mapLimit(batches.length, SEARCHES_AT_ONCE, (i) =>
    api.searchUsers(
      {},
      { first: 0, limit: MAX_PAGE_SIZE, extra: [['filters', filterOf(batches[i])]], fields: USER_LOGIN },
      signal,
    ),
  );
  answers.forEach((rows, i) => {
    if (rows.length >= MAX_PAGE_SIZE) {
      throw new WorkfrontError(
        'malformed',
        `${operation}: Workfront answered with ${rows.length} users for ${batches[i].length} values; it may be ignoring the filter.`,
        { operation },
      );
    }
    for (const row of rows) {
      const hits = [loginKey(row.emailAddr), loginKey(row.username)].filter(
        (k, j, all) => all.indexOf(k) === j && matches.has(k),
      );
      if (hits.length === 0) {
        throw new WorkfrontError(
          'malformed',
          `${operation}: Workfront answered with a user not on the list; it may be ignoring the filter.`,
          { operation },
        );
      }
      for (const k of hits) {
        const list = matches.get(k) as LoginRow[];
        if (!list.some((u) => u.ID === row.ID)) list.push(row);
      }
    }
  });
  return { matches, searches: batches.length };
}
