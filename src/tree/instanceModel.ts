// The state of one signed-in instance: the client, who is signed in, the group counts and the loaded
// user lists. It never throws into the tree: failures are kept as state so they can be shown as rows,
// and the last good data stays until new data replaces it.
import * as vscode from 'vscode';
import { auditUser, auditValue } from '../audit/records';
import type { AuditTrail } from '../audit/trail';
import type { KeyStore } from '../auth/keyStore';
import type { ClientFactory } from '../util/clientFactory';
import type { Log } from '../util/log';
import {
  isWorkfrontError,
  type CurrentUser,
  type Instance,
  type UserQuery,
  type UserSummary,
  type WorkfrontApi,
} from '../workfront';
import { readNotSignedInDays } from '../util/settings';
import { Connection, type ConnectionStatus } from './connection';
import { Loader } from './loader';
import { GroupLoads, type ListState } from './groupLoads';

/**
 * Active and Inactive partition the users; Scheduled repeats the active users who have a leaving date;
 * Dormant repeats the active users who have not signed in for N days (licence reclamation).
 */
export type GroupKey = 'active' | 'inactive' | 'scheduled' | 'dormant';
export const GROUPS: readonly GroupKey[] = ['active', 'inactive', 'scheduled', 'dormant'];
/** The groups counted at the first paint. Dormant is counted from its list (its own load, when opened). */
export type CountedGroup = Exclude<GroupKey, 'dormant'>;
const COUNTED: readonly CountedGroup[] = ['active', 'inactive', 'scheduled'];

/**
 * How long a change runs before its rows say so ("Deactivating…"). VS Code holds a tree change back
 * 200 ms when another came less than 200 ms before it: rows marked at once would make a quick answer
 * wait that long before the row moves. A change answered within this time just moves its row.
 */
export const busyMarks = { delayMs: 250 };

/**
 * Whether a user belongs in a group, from their row alone. Dormancy depends on Workfront's "today" and on
 * the creation date, which rows do not carry: a user stays in Dormant while active and never joins it
 * by a change made here (only a load of the group, which Workfront filters, puts them there).
 */
export function belongs(group: GroupKey, u: UserSummary): boolean {
  if (group === 'active' || group === 'dormant') return u.isActive;
  if (group === 'inactive') return !u.isActive;
  return u.isActive && u.scheduleDeactivationDate !== null;
}

/** What changed, so the tree re-renders only that. */
export type InstanceChange =
  /** The connection, the filter or everything: the instance's rows are rendered again. */
  | { readonly kind: 'all' }
  /** These groups' labels (counts) or rows (a user joined or left them). */
  | { readonly kind: 'groups'; readonly groups: readonly GroupKey[] }
  /** These users' rows (busy, or a new state that keeps them in their groups). */
  | { readonly kind: 'users'; readonly ids: readonly string[] };

export type Counts = Readonly<Record<CountedGroup, number>>;

/** A change of one field of a user, as `change` sends and records it. */
export interface UserChange {
  /** The audit trail's name for it: 'deactivate', 'reactivate', 'scheduleDeactivation', … */
  readonly action: string;
  /** The user's field that changes (its value before and after is recorded). */
  readonly field: keyof UserSummary & string;
  /** The value intended, as the audit writes it (auditValue). */
  readonly to: string | null;
}

export class InstanceModel implements vscode.Disposable {
  me?: CurrentUser;
  filter?: string;
  /** Users whose update is in flight, with the words shown on their row ("Deactivating…"). */
  readonly busy = new Map<string, string>();
  /** The latest known state of every user seen, by ID. */
  readonly users = new Map<string, UserSummary>();

  private readonly connection: Connection;
  /** Who is signed in and the count of each group, asked for together (about one round trip). */
  private readonly countsLoader: Loader<Counts>;
  private readonly lists: GroupLoads;
  private readonly changed = new vscode.EventEmitter<InstanceChange>();
  /** Busy marks waiting to be shown (setBusy). */
  private readonly busyTimers = new Set<ReturnType<typeof setTimeout>>();
  readonly onDidChange = this.changed.event;

  constructor(
    readonly instance: Instance,
    keys: KeyStore,
    clients: ClientFactory,
    private readonly log: Log,
    private readonly audit: AuditTrail,
  ) {
    this.connection = new Connection(instance, keys, clients, log, () => this.changed.fire({ kind: 'all' }));
    this.countsLoader = new Loader((signal) => this.loadCounts(signal), {
      loaded: (c) => {
        const matching = this.filter ? ` matching "${this.filter}"` : '';
        this.log.info(`${this.instance.host}: ${c.active} active, ${c.inactive} inactive${matching}`);
      },
      failed: (err) => this.log.error(`${this.instance.host}: ${err.message}`),
    });
    this.lists = new GroupLoads({
      host: instance.host,
      log,
      users: this.users,
      count: (group) => (group === 'dormant' ? undefined : this.counts?.[group]),
      query: (group) => this.query(group),
      call: (fn) => this.call(fn),
      changed: (group) => this.changed.fire({ kind: 'groups', groups: [group] }),
    });
  }

  get counts(): Counts | undefined {
    return this.countsLoader.value;
  }

  get countsError(): Error | undefined {
    return this.countsLoader.error;
  }

  /** Whether there is a usable client, and if not, why. */
  get status(): ConnectionStatus {
    return this.connection.status;
  }

  get statusError(): Error | undefined {
    return this.connection.error;
  }

  /** Runs a call with the instance's client; a rejected key is remembered and not used again. */
  call<T>(fn: (client: WorkfrontApi) => Promise<T>): Promise<T> {
    return this.connection.call(fn);
  }

  /**
   * Sends a change of a user: THE way every change reaches Workfront, so that each is in the audit trail.
   * The entry is written before the request (if it cannot be, nothing is sent) and completed with
   * Workfront's answer: confirmed (with what it now has), refused (its message) or unknown. A confirmed
   * user is shown as Workfront has them at once (applyUser), before the entry's completion is on disk.
   */
  async change(
    user: UserSummary,
    change: UserChange,
    send: (client: WorkfrontApi) => Promise<UserSummary>,
  ): Promise<UserSummary> {
    return this.recorded(
      user,
      { action: change.action, field: change.field, from: auditValue(user, change.field), to: change.to },
      send,
      (updated) => auditValue(updated, change.field),
      (updated) => this.applyUser(updated),
    );
  }

  /**
   * Sends any change about a user (a field of theirs, or their work) with its audit entry: written before
   * the request (if it cannot be, nothing is sent), completed with Workfront's answer (`now`: its value).
   */
  async recorded<T>(
    user: UserSummary,
    entry: {
      readonly action: string;
      readonly field: string;
      readonly from: string | null;
      readonly to: string | null;
    },
    send: (client: WorkfrontApi) => Promise<T>,
    now: (answer: T) => string | null,
    /** Shows a confirmed answer; called before the entry is completed (an fsync need not delay the tree). */
    confirmed?: (answer: T) => void,
  ): Promise<T> {
    const handle = await this.audit.begin({
      instance: this.instance.host,
      by: await this.signedIn(),
      user: auditUser(user),
      ...entry,
    });
    try {
      const answer = await this.call(send);
      confirmed?.(answer);
      await handle.done({ answer: 'confirmed', now: now(answer) });
      return answer;
    } catch (err) {
      const message = this.log.redact(err instanceof Error ? err.message : String(err));
      // Only an answer in which Workfront said no is a refusal; anything else may have been applied.
      const refused =
        isWorkfrontError(err) && !err.outcomeUnknown && err.kind !== 'unconfirmed' && err.kind !== 'cancelled';
      await handle.done(refused ? { answer: 'refused', message } : { answer: 'unknown', message });
      throw err;
    }
  }

  /**
   * Reads a user again and shows what Workfront has; entries of the audit trail that waited for this
   * (an unknown answer) record it. Throws as the read does; a user gone from Workfront is recorded so.
   */
  async reread(id: string): Promise<UserSummary> {
    try {
      const now = await this.call((client) => client.getUser(id));
      this.applyUser(now);
      await this.audit.observe(this.instance.host, id, now);
      return now;
    } catch (err) {
      if (isWorkfrontError(err, 'notFound')) {
        this.removeUser(id);
        await this.audit.observe(this.instance.host, id, undefined);
      }
      throw err;
    }
  }

  /** Who is signed in, for the audit trail: known after the first counts; asked for once otherwise. */
  private async signedIn(): Promise<{ ID: string; name: string; username: string } | undefined> {
    if (!this.me) {
      try {
        this.me = await this.call((client) => client.whoAmI());
      } catch (err) {
        // The change itself will say what is wrong; the entry then names no one.
        this.log.debug(`${this.instance.host}: who is signed in is not known for the audit trail (${String(err)}).`);
      }
    }
    return this.me && { ID: this.me.ID, name: this.me.name, username: this.me.username };
  }
  /** The days of the Dormant group as it was last loaded (the setting when it was asked for). */
  dormantDays = readNotSignedInDays();

  query(group: GroupKey): UserQuery {
    if (group === 'dormant') return { isActive: true, notSignedInDays: this.dormantDays, text: this.filter };
    return { isActive: group !== 'inactive', scheduledOnly: group === 'scheduled', text: this.filter };
  }

  /** A group's size: counted at the first paint, or (Dormant) the length of its loaded list. */
  groupCount(group: GroupKey): number | undefined {
    return group === 'dormant' ? this.lists.state('dormant').list?.users.length : this.counts?.[group];
  }

  /** The setting changed: the Dormant group is asked for again with the new number of days. */
  setDormantDays(days: number): void {
    if (days === this.dormantDays) return;
    this.dormantDays = days;
    this.lists.clear('dormant');
    this.changed.fire({ kind: 'groups', groups: ['dormant'] });
  }

  /** Who is signed in and the counts, in parallel: the first paint costs about one round trip. */
  ensureCounts(): Promise<void> {
    return this.countsLoader.ensure();
  }

  private async loadCounts(signal: AbortSignal): Promise<Counts> {
    const [me, active, inactive, scheduled] = await this.call((client) =>
      Promise.all([
        this.me ?? client.whoAmI(signal),
        client.countUsers(this.query('active'), signal),
        client.countUsers(this.query('inactive'), signal),
        client.countUsers(this.query('scheduled'), signal),
      ]),
    );
    this.me = me;
    return { active, inactive, scheduled };
  }

  /** All users of a group. `keepWhenHidden`: a command waits for it (see pauseLoads). */
  ensureList(group: GroupKey, keepWhenHidden = false): Promise<void> {
    return this.lists.ensure(group, keepWhenHidden);
  }

  /** The tree shows the group's count: its first page is read ahead, so that it opens at once (GroupLoads). */
  readAhead(group: GroupKey): void {
    this.lists.readAhead(group);
  }

  /** Resolves when the group has rows to show (its first page) or its load ended; see GroupLoads. */
  ensureRows(group: GroupKey): Promise<void> {
    return this.lists.ensureRows(group);
  }

  /** The group's list, shown or arriving (see GroupLoads.state). */
  listState(group: GroupKey): ListState {
    return this.lists.state(group);
  }

  /** Stops the listings in progress (the view was hidden); what was shown stays. The groups stopped. */
  pauseLoads(): GroupKey[] {
    return GROUPS.filter((g) => this.lists.pause(g));
  }

  /** Users found outside the tree (picked in the palette), kept so that later updates find them. */
  remember(users: readonly UserSummary[]): void {
    for (const u of users) if (!this.users.has(u.ID)) this.users.set(u.ID, u);
  }

  /** Marks everything for reloading and stops every load in flight; what is shown stays until replaced. */
  refresh(): void {
    this.countsLoader.stop();
    for (const g of GROUPS) this.lists.stop(g);
    this.connection.retryIfWorthIt();
    this.changed.fire({ kind: 'all' });
  }

  /** A changed filter changes every count and list: old rows must not be shown as matches. */
  setFilter(text: string | undefined): void {
    this.filter = text?.trim() || undefined;
    this.countsLoader.clear();
    for (const g of GROUPS) this.lists.clear(g);
    this.refresh();
  }

  /** Forgets the client (the key changed or was removed); the next call reconnects. */
  resetConnection(): void {
    this.connection.forget();
    this.me = undefined;
    this.refresh();
  }

  /** Settings changed: the next call makes a client with the new timeout, concurrency and proxy. */
  reconfigure(): void {
    this.connection.reconfigure();
  }

  /**
   * Marks users as being updated (`text` shown on their rows) or, with undefined, as done. The mark holds
   * at once (a second command leaves these users out); their rows show it after busyMarks.delayMs.
   */
  setBusy(ids: readonly string[], text: string | undefined): void {
    // Only rows whose mark changes are rendered again (applyUser already cleared a confirmed one).
    const changed = ids.filter((id) => (text ? this.busy.get(id) !== text : this.busy.has(id)));
    for (const id of changed) {
      if (text) this.busy.set(id, text);
      else this.busy.delete(id);
    }
    if (changed.length === 0) return;
    if (!text) return this.changed.fire({ kind: 'users', ids: changed });
    const timer = setTimeout(() => {
      this.busyTimers.delete(timer);
      const still = changed.filter((id) => this.busy.get(id) === text);
      if (still.length > 0) this.changed.fire({ kind: 'users', ids: still });
    }, busyMarks.delayMs);
    this.busyTimers.add(timer);
  }

  /** A user as Workfront confirmed them: moved between the lists, the counts following. Only then. */
  applyUser(updated: UserSummary): void {
    const old = this.users.get(updated.ID);
    this.lists.forgetReadAhead();
    this.users.set(updated.ID, updated);
    // Workfront has answered: the row is no longer waiting for it.
    this.busy.delete(updated.ID);
    const moved: GroupKey[] = [];
    for (const g of GROUPS) {
      let listed = false;
      let kept = false;
      for (const list of this.lists.listsOf(g)) {
        const at = list.remove(updated.ID);
        // A user who belonged before but was not listed is hidden by the filter: keep it hidden.
        const keep = belongs(g, updated) && (at || (g !== 'dormant' && (!old || !belongs(g, old))));
        if (keep) list.insert(updated);
        listed ||= at;
        kept ||= keep;
      }
      // A licence change keeps the row where it is but changes the totals shown for the group.
      if (listed !== kept || (kept && old !== undefined && old.licenseType !== updated.licenseType)) moved.push(g);
    }
    const counted = this.adjustCounts(old, updated);
    const groups = GROUPS.filter((g) => moved.includes(g) || counted.includes(g));
    if (groups.length > 0) this.changed.fire({ kind: 'groups', groups });
    // Rows that stay where they are show the new state (a leaving date, a name).
    this.changed.fire({ kind: 'users', ids: [updated.ID] });
  }

  /** The user is gone from Workfront (deleted meanwhile): drop them everywhere. */
  removeUser(id: string): void {
    const old = this.users.get(id);
    if (!old) return;
    this.users.delete(id);
    this.lists.forgetReadAhead();
    const groups: GroupKey[] = [];
    for (const g of GROUPS) {
      let listed = false;
      for (const list of this.lists.listsOf(g)) listed = list.remove(id) || listed;
      if (listed) groups.push(g);
    }
    for (const g of this.adjustCounts(old, undefined)) if (!groups.includes(g)) groups.push(g);
    if (groups.length > 0) this.changed.fire({ kind: 'groups', groups });
  }

  /** Counts after a user changed (or, with `now` undefined, was deleted); the groups whose count moved. */
  private adjustCounts(old: UserSummary | undefined, now: UserSummary | undefined): GroupKey[] {
    const counts = this.counts;
    if (!counts) return [];
    if (!old || this.filter) {
      // Not enough known to adjust (a user not seen before, or one the filter may hide): ask Workfront
      // again, which the instance's rows do when rendered.
      this.countsLoader.stop();
      this.changed.fire({ kind: 'all' });
      return [];
    }
    const next = { ...counts };
    const moved: GroupKey[] = [];
    for (const g of COUNTED) {
      const delta = Number(now !== undefined && belongs(g, now)) - Number(belongs(g, old));
      if (delta === 0) continue;
      next[g] = Math.max(0, counts[g] + delta);
      moved.push(g);
    }
    this.countsLoader.value = next;
    return moved;
  }

  /** Stops every load and closes the client's connections. */
  async close(): Promise<void> {
    for (const timer of this.busyTimers) clearTimeout(timer);
    this.busyTimers.clear();
    this.countsLoader.stop();
    for (const g of GROUPS) this.lists.stop(g);
    this.changed.dispose();
    await this.connection.close();
  }

  dispose(): void {
    void this.close();
  }
}
