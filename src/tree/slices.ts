// A group's users as the tree shows them, in slices ("Ana Rossi – Ava Johnson (500)") so that no
// expansion hands VS Code more than a few hundred rows, and so that the rows can be shown while the
// group loads: pages arrive in Workfront's name order, and each page's rows, sorted with the tree's own
// collation, become new slices at the end. Slices are only ever added at the end, keep their first and
// last names until the next load, and no row moves under the admin's pointer: a user deactivated or
// reactivated meanwhile joins or leaves the slice their name belongs to. When Workfront compares names
// as the tree does, the slices together are in name order; when it does not (it does not document
// how), each slice still is, and every user is still shown once (see src/workfront/nameListing.ts).
import type { UserSummary } from '../workfront';
import { compareUsers, insertionIndex } from './sort';

/** Above this many users a group is split into slices; no expansion yields more than this. */
export const MAX_ROWS_PER_NODE = 1000;
export const SLICE_SIZE = 500;

export interface Slice {
  /** Where the slice starts in `users`; moves when a user joins or leaves an earlier slice. */
  start: number;
  /** The first user of the slice when it was cut: the slice a user joins is the last one from before them. */
  readonly from: UserSummary;
  /** Names shown in the label, as they were when the slice was cut. */
  readonly firstName: string;
  readonly lastName: string;
}

/** Above this many users missing from what was shown, they come as new slices rather than one by one. */
const MAX_INSERTS = MAX_ROWS_PER_NODE;

export class GroupList {
  /** Every user shown, slice after slice (each slice in name order). */
  readonly users: UserSummary[] = [];
  readonly slices: Slice[] = [];
  /** Whether the whole group is here (the load ended). */
  complete = false;
  /** Users changed here during the load: what Workfront confirmed wins over what pages read earlier bring. */
  private readonly touched = new Set<string>();

  /**
   * Whether the group is shown in slices: above MAX_ROWS_PER_NODE users expected, or, when no count was
   * known, in the first page (a page of up to 1,000 is short, so it is the whole group).
   */
  private slicedList: boolean | undefined;

  /** `expected`: the group's count when the load began, when known. */
  constructor(readonly expected: number | undefined) {
    if (expected !== undefined) this.slicedList = expected > MAX_ROWS_PER_NODE;
  }

  get sliced(): boolean {
    return this.slicedList ?? false;
  }

  /**
   * New rows from the load, which came after every row before them: appended as new slices. Returns
   * the rows taken (not those of users changed here meanwhile).
   */
  append(rows: readonly UserSummary[]): UserSummary[] {
    this.slicedList ??= rows.length > MAX_ROWS_PER_NODE;
    const fresh = rows.filter((u) => !this.touched.has(u.ID)).sort(compareUsers);
    if (!this.sliced) {
      // A small group is one page: shown whole, in name order.
      for (const u of fresh) this.users.splice(insertionIndex(this.users, u), 0, u);
      return fresh;
    }
    for (let i = 0; i < fresh.length; i += SLICE_SIZE) {
      const piece = fresh.slice(i, i + SLICE_SIZE);
      const first = piece[0];
      this.slices.push({ start: this.users.length, from: first, firstName: first.name, lastName: piece.at(-1)!.name });
      for (const u of piece) this.users.push(u);
    }
    return fresh;
  }

  /**
   * The complete list (read by ID when the name-ordered pages did not tile) replaces what was shown:
   * users gone or changed leave or change in place, users never shown join their slices (or, when many
   * are missing, come as new slices at the end). Users changed here during the load keep their state.
   */
  reconcile(truth: readonly UserSummary[]): void {
    const now = new Map(truth.map((u): [string, UserSummary] => [u.ID, u]));
    const moved: UserSummary[] = [];
    for (let i = this.users.length - 1; i >= 0; i--) {
      const shown = this.users[i];
      if (this.touched.has(shown.ID)) {
        now.delete(shown.ID);
        continue;
      }
      const fresh = now.get(shown.ID);
      now.delete(shown.ID);
      if (fresh && fresh.name === shown.name) this.users[i] = fresh;
      else {
        this.removeAt(i);
        if (fresh) moved.push(fresh);
      }
    }
    const missing = [...moved, ...[...now.values()].filter((u) => !this.touched.has(u.ID))];
    if (missing.length > MAX_INSERTS || this.slices.length === 0) this.append(missing);
    else for (const u of missing) this.insert(u);
  }

  /** The load ended: the list is whole. */
  finish(): void {
    this.complete = true;
    this.touched.clear();
  }

  /** Where slice `k` starts and ends in `users` now. */
  sliceRange(k: number): { start: number; end: number } {
    const start = this.slices[k]?.start ?? 0;
    const end = k + 1 < this.slices.length ? this.slices[k + 1].start : this.users.length;
    return { start, end: Math.max(start, end) };
  }

  /** The slice a user's row is in, or -1 when the list is not sliced or the user is not in it. */
  sliceOf(id: string): number {
    if (this.slices.length === 0) return -1;
    const at = this.users.findIndex((u) => u.ID === id);
    return at < 0 ? -1 : this.sliceAt(at);
  }

  /** Removes a user; false when they were not in the list. */
  remove(id: string): boolean {
    if (!this.complete) this.touched.add(id);
    const at = this.users.findIndex((u) => u.ID === id);
    if (at < 0) return false;
    this.removeAt(at);
    return true;
  }

  /** Adds a user where their name belongs: in the last slice cut from before them, in name order there. */
  insert(user: UserSummary): void {
    if (!this.complete) this.touched.add(user.ID);
    if (this.slices.length === 0) {
      this.users.splice(insertionIndex(this.users, user), 0, user);
      return;
    }
    let lo = 0;
    let hi = this.slices.length - 1;
    let k = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (compareUsers(this.slices[mid].from, user) <= 0) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const { start, end } = this.sliceRange(k);
    this.users.splice(insertionIndex(this.users, user, start, end), 0, user);
    for (let j = k + 1; j < this.slices.length; j++) this.slices[j].start++;
  }

  private removeAt(at: number): void {
    this.users.splice(at, 1);
    for (let j = this.sliceAt(at) + 1; j < this.slices.length; j++) this.slices[j].start--;
  }

  /** The slice that holds index `at` (the last one starting at or before it). */
  private sliceAt(at: number): number {
    let lo = 0;
    let hi = this.slices.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.slices[mid].start <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
