// Slices of a large group ("Ana Rossi – Ava Johnson (500)"), so that no expansion hands VS Code more than
// a few hundred rows. Slices are cut once, when the list is loaded, and keep their first and last names
// until the next load: a user deactivated or reactivated meanwhile joins or leaves the slice their name
// belongs to, and no slice is renamed or moved under the admin's pointer.
import type { UserSummary } from '../workfront';
import { compareUsers, insertionIndex } from './sort';

/** Above this many users a group is split into slices; no expansion yields more than this. */
export const MAX_ROWS_PER_NODE = 1000;
export const SLICE_SIZE = 500;

export interface Slice {
  /** The first user of the slice when it was cut: every user from this one (in name order) belongs. */
  readonly from: UserSummary;
  /** Names shown in the label, as they were when the slice was cut. */
  readonly firstName: string;
  readonly lastName: string;
}

/** Cut per loaded list: the list object is replaced by a load, and edited in place by a change. */
const cuts = new WeakMap<readonly UserSummary[], readonly Slice[]>();

/** The slices of a group's list (none when it is small enough to show whole). */
export function slicesOf(users: readonly UserSummary[]): readonly Slice[] {
  let slices = cuts.get(users);
  if (!slices) {
    const cut: Slice[] = [];
    if (users.length > MAX_ROWS_PER_NODE) {
      for (let start = 0; start < users.length; start += SLICE_SIZE) {
        const last = users[Math.min(users.length, start + SLICE_SIZE) - 1];
        cut.push({ from: users[start], firstName: users[start].name, lastName: last.name });
      }
    }
    slices = cut;
    cuts.set(users, slices);
  }
  return slices;
}

/** Where slice `k` starts and ends in the list as it is now. */
export function sliceRange(users: readonly UserSummary[], k: number): { start: number; end: number } {
  const slices = slicesOf(users);
  const start = k === 0 ? 0 : insertionIndex(users, slices[k].from);
  const end = k + 1 < slices.length ? insertionIndex(users, slices[k + 1].from) : users.length;
  return { start, end: Math.max(start, end) };
}

/** The slice a user's row is in (by name order), or -1 when the list is not sliced. */
export function sliceOf(users: readonly UserSummary[], user: UserSummary): number {
  const slices = slicesOf(users);
  let lo = 0;
  let hi = slices.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (compareUsers(slices[mid].from, user) <= 0) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return slices.length === 0 ? -1 : Math.max(0, found);
}
