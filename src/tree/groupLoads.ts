// The loads of the groups' user lists: one Loader per group, and the list each load builds, which is
// shown while it grows when the group was never loaded before (a reload keeps the last good list shown
// until the new one is whole).
import type { Log } from '../util/log';
import type { UserQuery, UserSummary, WorkfrontApi } from '../workfront';
import type { GroupKey } from './instanceModel';
import { Loader } from './loader';
import { GroupList } from './slices';

/** What the loads need of the instance's model. */
export interface GroupLoadHost {
  readonly host: string;
  readonly log: Log;
  /** The latest known state of every user seen, by ID: rows are recorded there as they arrive. */
  readonly users: Map<string, UserSummary>;
  /** The group's count when known (it plans the pages and is the progress's total). */
  count(group: GroupKey): number | undefined;
  query(group: GroupKey): UserQuery;
  call<T>(fn: (client: WorkfrontApi) => Promise<T>): Promise<T>;
  /** The group's label or rows changed (a page arrived, the load ended or failed). */
  changed(group: GroupKey): void;
}

/** The benchmark's baseline listing (see loadAllAtOnce). */
const BASELINE_BY_ID = process.env.WF_BENCH_LISTING === 'byId';
/** The benchmark's name-ordered listing without the first page read ahead (never set for users). */
const NO_READ_AHEAD = BASELINE_BY_ID || process.env.WF_BENCH_READ_AHEAD === 'off';

/**
 * A first page read ahead (readAhead) is used by a load that starts within this time; after that it is
 * read again, so that opening a group always shows rows read within the last minute (the pages after it
 * must line up with it in any case, see nameListing.ts).
 */
export const readAheadLimits = { maxAgeMs: 60_000 };

/** A group's first page, asked for when its count was shown (see readAhead). */
interface FirstPage {
  readonly at: number;
  readonly rows: Promise<UserSummary[] | undefined>;
  readonly stop: AbortController;
}

export interface ListState {
  readonly list?: GroupList;
  readonly users?: UserSummary[];
  readonly error?: Error;
  readonly loading: boolean;
}

export class GroupLoads {
  private readonly loaders: Record<GroupKey, Loader<GroupList>>;
  private readonly building: Partial<Record<GroupKey, GroupList>> = {};
  /** Waiting for a first load's first rows (ensureRows). */
  private readonly waiting = new Set<() => void>();
  private readonly firstPages: Partial<Record<GroupKey, FirstPage>> = {};
  /** Groups whose first page was read ahead since their list was last cleared: once is enough. */
  private readonly readAheadDone = new Set<GroupKey>();

  constructor(private readonly host: GroupLoadHost) {
    const loader = (group: GroupKey) =>
      new Loader((signal) => this.load(group, signal), {
        failed: (err) => {
          host.log.error(`${host.host}: ${err.message}`);
          // The rows that arrived stay; the group shows the error beside them.
          host.changed(group);
        },
        // The group's label (its progress, or Dormant's count) and rows, now that the list is whole.
        loaded: () => host.changed(group),
      });
    this.loaders = {
      active: loader('active'),
      inactive: loader('inactive'),
      scheduled: loader('scheduled'),
      dormant: loader('dormant'),
    };
  }

  /** Resolves when the group's list is whole (loaded, or its load failed). */
  ensure(group: GroupKey, keepWhenHidden = false): Promise<void> {
    return this.loaders[group].ensure(keepWhenHidden);
  }

  /**
   * Resolves when the group has rows to show (the first page arrived) or its load ended; the rest of the
   * list keeps arriving, each page announced as a change of the group.
   */
  async ensureRows(group: GroupKey): Promise<void> {
    const loader = this.loaders[group];
    const done = loader.ensure();
    // A reload shows the last good list until it is whole, as before; only a first load shows rows early.
    if (loader.value || !loader.loading) return done;
    const hasRows = () => (this.building[group]?.users.length ?? 0) > 0;
    if (hasRows()) return;
    let check: (() => void) | undefined;
    const arrived = new Promise<void>((resolve) => {
      check = () => hasRows() && resolve();
      this.waiting.add(check);
    });
    try {
      await Promise.race([done, arrived]);
    } finally {
      if (check) this.waiting.delete(check);
    }
  }

  /**
   * Asks for the group's first page ahead of its first load, so that expanding the group shows rows at
   * once rather than a round trip later (called when the tree shows the group's count). Once per group (a refresh does
   * not read it again: a group left closed costs one request), only for a group never loaded and not
   * empty; the request yields to every other (it is a listing page).
   */
  readAhead(group: GroupKey): void {
    const loader = this.loaders[group];
    if (NO_READ_AHEAD || this.readAheadDone.has(group) || loader.value || loader.loading || !this.host.count(group))
      return;
    this.readAheadDone.add(group);
    const stop = new AbortController();
    const rows = this.host
      .call((client) => client.firstUsersByName(this.host.query(group), stop.signal))
      .catch((err: unknown) => {
        // The load reads it again and reports what goes wrong then.
        this.host.log.debug(`${this.host.host}: the first ${group} page read ahead failed (${String(err)})`);
        return undefined;
      });
    this.firstPages[group] = { at: Date.now(), rows, stop };
  }

  /** Forgets the first pages read ahead (a change of a user makes them stale); stops those in flight. */
  forgetReadAhead(group?: GroupKey): void {
    for (const g of group ? [group] : (Object.keys(this.firstPages) as GroupKey[])) {
      this.firstPages[g]?.stop.abort();
      this.firstPages[g] = undefined;
    }
  }

  /** The group's first page read ahead, taken for a load, when it is recent enough. */
  private takeReadAhead(group: GroupKey): FirstPage['rows'] | undefined {
    const first = this.firstPages[group];
    this.firstPages[group] = undefined;
    if (!first || Date.now() - first.at > readAheadLimits.maxAgeMs) {
      first?.stop.abort();
      return undefined;
    }
    return first.rows;
  }

  private async load(group: GroupKey, signal: AbortSignal): Promise<GroupList> {
    const started = Date.now();
    const total = this.host.count(group);
    const list = new GroupList(total);
    this.building[group] = list;
    const firstPage = this.takeReadAhead(group);
    if (BASELINE_BY_ID) return this.loadAllAtOnce(group, list, total, signal);
    const listing = await this.host.call((client) =>
      client.listUsersByName(this.host.query(group), {
        total,
        signal,
        firstPage,
        rows: (rows) => {
          if (this.building[group] !== list || signal.aborted) return;
          for (const u of list.append(rows)) this.host.users.set(u.ID, u);
          for (const check of [...this.waiting]) check();
          this.host.changed(group);
        },
      }),
    );
    if (!listing.inNameOrder) list.reconcile(listing.users);
    list.finish();
    for (const u of list.users) this.host.users.set(u.ID, u);
    const how = listing.inNameOrder ? 'in name order' : 'by ID (the name-ordered pages did not line up)';
    this.host.log.info(
      `${this.host.host}: listed ${list.users.length} ${group} users ${how} in ${Date.now() - started} ms`,
    );
    return list;
  }

  /**
   * The listing before issue 15, kept as the benchmark's baseline (WF_BENCH_LISTING=byId, never set for
   * users): every page by ID, then the whole list sorted at once, and nothing shown until then.
   */
  private async loadAllAtOnce(
    group: GroupKey,
    list: GroupList,
    total: number | undefined,
    signal: AbortSignal,
  ): Promise<GroupList> {
    const users = await this.host.call((client) => client.listUsers(this.host.query(group), { total, signal }));
    list.append(users);
    list.finish();
    for (const u of users) this.host.users.set(u.ID, u);
    return list;
  }

  /**
   * The group's users as last loaded (in slices, see slices.ts), or as they arrive while the first load
   * runs; why the last load failed; whether a load is running.
   */
  state(group: GroupKey): ListState {
    const loader = this.loaders[group];
    // A first load's rows stay shown when it is stopped (the view hidden) until the next load starts.
    const building = this.building[group];
    const list = loader.value ?? (building && (loader.loading || building.users.length > 0) ? building : undefined);
    return { list, users: list?.users, error: loader.error, loading: loader.loading };
  }

  /** The group's lists a change must reach: the one shown and the one a load is building. */
  listsOf(group: GroupKey): GroupList[] {
    const shown = this.loaders[group].value;
    const building = this.loaders[group].loading ? this.building[group] : undefined;
    return [shown, building].filter((l, i, all): l is GroupList => l !== undefined && all.indexOf(l) === i);
  }

  /** Stops the group's load unless a command waits for it; true if one was stopped. */
  pause(group: GroupKey): boolean {
    return this.loaders[group].pause();
  }

  /** Stops the group's load and marks it due; what is shown stays. */
  stop(group: GroupKey): void {
    this.forgetReadAhead(group);
    this.loaders[group].stop();
  }

  /** Forgets the group's list (it no longer answers the question, e.g. under a new filter). */
  clear(group: GroupKey): void {
    this.forgetReadAhead(group);
    this.readAheadDone.delete(group);
    this.loaders[group].clear();
    this.building[group] = undefined;
  }
}
