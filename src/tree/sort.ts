// Name order for users: locale-aware, case- and accent-insensitive, ties broken by ID so it is total.
import type { UserSummary } from '../workfront';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function compareUsers(a: UserSummary, b: UserSummary): number {
  return collator.compare(a.name, b.name) || (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0);
}

/** Index at which `user` keeps `sorted` (or its part [from, to)) in order. */
export function insertionIndex(
  sorted: readonly UserSummary[],
  user: UserSummary,
  from = 0,
  to = sorted.length,
): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareUsers(sorted[mid], user) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
