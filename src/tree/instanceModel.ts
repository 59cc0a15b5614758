// The state of one signed-in instance: the client, who is signed in, the group counts and the loaded
// user lists. It never throws into the tree: failures are kept as state so they can be shown as rows,
// and the last good data stays until new data replaces it.
import * as vscode from 'vscode';
import { KeyringError, type KeyStore } from '../auth/keyStore';
import type { Log } from '../util/log';
import { readSettings } from '../util/settings';
import {
  WorkfrontClient,
  WorkfrontError,
  isWorkfrontError,
  type CurrentUser,
  type Instance,
  type UserQuery,
  type UserSummary,
} from '../workfront';
import { compareUsers, insertionIndex } from './sort';

/** Active and Inactive partition the users; Scheduled repeats the active users who have a leaving date. */
export type GroupKey = 'active' | 'inactive' | 'scheduled';
export const GROUPS: readonly GroupKey[] = ['active', 'inactive', 'scheduled'];

export function belongs(group: GroupKey, u: UserSummary): boolean {
  if (group === 'active') return u.isActive;
  if (group === 'inactive') return !u.isActive;
  return u.isActive && u.scheduleDeactivationDate !== null;
}

export type ConnectionStatus =
  | 'unknown' // nothing tried yet
  | 'ready'
  | 'noKey' // signed in here before, but the secret is gone (e.g. signed out in another window)
  | 'keyRejected' // Workfront said the key is wrong or expired: not used again until a new sign-in
  | 'keyringError'; // SecretStorage failed; not the same as signed out

interface GroupList {
  users?: UserSummary[];
  error?: Error;
  stale: boolean;
  loading?: Promise<void>;
  abort?: AbortController;
  /** Commands waiting for the listing in progress; hiding the view does not stop it while any do. */
  pins: number;
}

export class InstanceModel implements vscode.Disposable {
  status: ConnectionStatus = 'unknown';
  statusError?: Error;
  me?: CurrentUser;
  counts?: Record<GroupKey, number>;
  countsError?: Error;
  filter?: string;
  /** Users whose update is in flight, with the words shown on their row ("Deactivating…"). */
  readonly busy = new Map<string, string>();
  /** The latest known state of every user seen, by ID. */
  readonly users = new Map<string, UserSummary>();

  private client?: WorkfrontClient;
  private countsStale = true;
  private countsLoading?: Promise<void>;
  private readonly lists: Record<GroupKey, GroupList> = {
    active: emptyList(),
    inactive: emptyList(),
    scheduled: emptyList(),
  };
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<GroupKey | undefined>();
  /** `undefined`: the counts or status changed (re-render everything); a group: its rows changed. */
  readonly onDidChange = this.changed.event;
  private readonly loaded = new vscode.EventEmitter<void>();
  /** New counts or a new signed-in user arrived (the tree asked for them, so it needs no re-render). */
  readonly onDidLoad = this.loaded.event;

  constructor(
    readonly instance: Instance,
    private readonly keys: KeyStore,
    private readonly log: Log,
  ) {}

  /** The client, connecting first if needed. Throws the reason when there is no usable key. */
  async connect(): Promise<WorkfrontClient> {
    if (this.client) return this.client;
    if (this.status === 'keyRejected') throw this.statusError ?? new Error('key rejected');
    let key: string | undefined;
    try {
      key = await this.keys.getKey(this.instance.host);
    } catch (err) {
      this.status = 'keyringError';
      this.statusError = err instanceof KeyringError ? err : new Error(String(err));
      throw this.statusError;
    }
    if (!key) {
      this.status = 'noKey';
      this.statusError = new Error(vscode.l10n.t('No API key is stored for {0}.', this.instance.host));
      throw this.statusError;
    }
    this.log.addSecret(key);
    this.client = new WorkfrontClient(this.instance, key, { ...readSettings().client, log: this.log.forClient });
    this.status = 'ready';
    this.statusError = undefined;
    return this.client;
  }

  /** Runs a call; an authentication failure marks the key as rejected so it is not retried in a loop. */
  async call<T>(fn: (client: WorkfrontClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      return await fn(client);
    } catch (err) {
      if (isWorkfrontError(err, 'auth') && this.client === client) this.rejectKey(err);
      throw err;
    }
  }

  private rejectKey(err: WorkfrontError): void {
    this.status = 'keyRejected';
    this.statusError = err;
    const client = this.client;
    this.client = undefined;
    void client?.dispose();
    this.log.warn(`${this.instance.host}: ${err.message}`);
    this.changed.fire(undefined);
  }

  query(group: GroupKey): UserQuery {
    return { isActive: group !== 'inactive', scheduledOnly: group === 'scheduled', text: this.filter };
  }

  /** Who is signed in and both counts, in parallel: the first paint costs about one round trip. */
  ensureCounts(): Promise<void> {
    if (!this.countsStale && (this.counts || this.countsError)) return Promise.resolve();
    if (this.countsLoading) return this.countsLoading;
    const generation = this.generation;
    const load = (async () => {
      try {
        const [me, active, inactive, scheduled] = await this.call((client) =>
          Promise.all([
            this.me ? Promise.resolve(this.me) : client.whoAmI(),
            client.countUsers(this.query('active')),
            client.countUsers(this.query('inactive')),
            client.countUsers(this.query('scheduled')),
          ]),
        );
        if (generation !== this.generation) return;
        this.me = me;
        this.counts = { active, inactive, scheduled };
        this.countsError = undefined;
        this.loaded.fire();
        this.log.info(
          `${this.instance.host}: ${active} active, ${inactive} inactive${this.filter ? ` matching "${this.filter}"` : ''}`,
        );
      } catch (err) {
        if (generation !== this.generation || isWorkfrontError(err, 'cancelled')) return;
        this.countsError = asError(err);
        this.log.error(`${this.instance.host}: ${this.countsError.message}`);
      } finally {
        if (generation === this.generation) this.countsStale = false;
        this.countsLoading = undefined;
      }
    })();
    this.countsLoading = load;
    return load;
  }

  /**
   * All users of a group (paged), sorted by name. `keepWhenHidden` for a command that waits for the list
   * (the tree's own loads stop when the view is hidden; see pauseLoads).
   */
  ensureList(group: GroupKey, keepWhenHidden = false): Promise<void> {
    const load = this.startList(group);
    const list = this.lists[group];
    if (keepWhenHidden && list.loading === load) {
      list.pins++;
      void load.finally(() => list.pins--);
    }
    return load;
  }

  private startList(group: GroupKey): Promise<void> {
    const list = this.lists[group];
    if (!list.stale && (list.users || list.error)) return Promise.resolve();
    if (list.loading) return list.loading;
    const generation = this.generation;
    const abort = new AbortController();
    list.abort = abort;
    const total = this.counts?.[group];
    let completed = false;
    const load = (async () => {
      try {
        const started = Date.now();
        const users = await this.call((client) => client.listUsers(this.query(group), { total, signal: abort.signal }));
        if (generation !== this.generation) return;
        users.sort(compareUsers);
        for (const u of users) this.users.set(u.ID, u);
        list.users = users;
        list.error = undefined;
        completed = true;
        this.log.info(`${this.instance.host}: listed ${users.length} ${group} users in ${Date.now() - started} ms`);
      } catch (err) {
        if (generation !== this.generation || isWorkfrontError(err, 'cancelled')) return;
        list.error = asError(err);
        this.log.error(`${this.instance.host}: ${list.error.message}`);
      } finally {
        // A listing stopped because the view was hidden (not replaced by a refresh) stays due.
        if (generation === this.generation && (completed || !abort.signal.aborted)) list.stale = false;
        // Only if still its own: a refresh or a pause clears both, and may already have started the next load.
        if (list.abort === abort) {
          list.abort = undefined;
          list.loading = undefined;
        }
      }
    })();
    list.loading = load;
    return load;
  }

  /**
   * Stops the listings in progress (the view was hidden): no more pages are asked for. What was shown
   * stays; the stopped groups load again when they are next shown. True if anything was stopped.
   */
  pauseLoads(): boolean {
    let stopped = false;
    for (const g of GROUPS) {
      const list = this.lists[g];
      if (!list.abort || list.pins > 0) continue;
      stopList(list);
      stopped = true;
    }
    return stopped;
  }

  /** Users found outside the tree (picked in the palette), kept so that later updates find them. */
  remember(users: readonly UserSummary[]): void {
    for (const u of users) if (!this.users.has(u.ID)) this.users.set(u.ID, u);
  }

  listState(group: GroupKey): Readonly<Pick<GroupList, 'users' | 'error'>> {
    return this.lists[group];
  }

  /** Marks everything for reloading; what is shown stays until the new data arrives. */
  refresh(): void {
    this.generation++;
    this.countsStale = true;
    this.countsLoading = undefined;
    for (const g of GROUPS) stopList(this.lists[g]);
    if (this.status === 'noKey' || this.status === 'keyringError') {
      // Worth a new attempt: the keyring may be back, or a key stored meanwhile. A rejected key is
      // not: it stays unused until a new key is stored (sign-in here or in another window).
      this.status = 'unknown';
      this.statusError = undefined;
    }
    this.changed.fire(undefined);
  }

  /** A changed filter changes every count and list: old rows must not be shown as matches. */
  setFilter(text: string | undefined): void {
    this.filter = text?.trim() || undefined;
    this.counts = undefined;
    this.countsError = undefined;
    for (const g of GROUPS) {
      this.lists[g].users = undefined;
      this.lists[g].error = undefined;
    }
    this.refresh();
  }

  /** Forgets the client (the key changed or was removed); the next call reconnects. */
  resetConnection(): void {
    const client = this.client;
    this.client = undefined;
    void client?.dispose();
    this.status = 'unknown';
    this.statusError = undefined;
    this.me = undefined;
    this.refresh();
  }

  /** Settings changed: the next call makes a client with the new timeout, concurrency and proxy. */
  reconfigure(): void {
    const client = this.client;
    this.client = undefined;
    void client?.dispose();
    if (this.status === 'ready') this.status = 'unknown';
  }

  setBusy(id: string, text: string | undefined): void {
    if (text) this.busy.set(id, text);
    else this.busy.delete(id);
    this.changed.fire(undefined);
  }

  /**
   * Records a user as Workfront confirmed them: the user moves between the loaded lists and the
   * counts change accordingly. Nothing moves on an unconfirmed or failed update.
   */
  applyUser(updated: UserSummary): void {
    const old = this.users.get(updated.ID);
    this.users.set(updated.ID, updated);
    for (const g of GROUPS) {
      const users = this.lists[g].users;
      if (!users) continue;
      const at = users.findIndex((u) => u.ID === updated.ID);
      if (at >= 0) users.splice(at, 1);
      // A user who belonged before but was not listed is hidden by the filter: keep it hidden.
      if (belongs(g, updated) && (at >= 0 || !old || !belongs(g, old)))
        users.splice(insertionIndex(users, updated), 0, updated);
    }
    if (this.counts) {
      if (!old || this.filter) {
        this.countsStale = true; // not enough known to adjust: ask Workfront again
      } else {
        const counts = { ...this.counts };
        for (const g of GROUPS)
          counts[g] = Math.max(0, counts[g] + Number(belongs(g, updated)) - Number(belongs(g, old)));
        this.counts = counts;
      }
    }
    this.changed.fire(undefined);
  }

  /** The user is gone from Workfront (deleted meanwhile): drop them everywhere. */
  removeUser(id: string): void {
    const old = this.users.get(id);
    this.users.delete(id);
    for (const g of GROUPS) {
      const users = this.lists[g].users;
      const at = users ? users.findIndex((u) => u.ID === id) : -1;
      if (users && at >= 0) users.splice(at, 1);
      if (old && this.counts && !this.filter && belongs(g, old))
        this.counts = { ...this.counts, [g]: Math.max(0, this.counts[g] - 1) };
    }
    if (old) this.changed.fire(undefined);
  }

  dispose(): void {
    this.generation++;
    for (const g of GROUPS) this.lists[g].abort?.abort();
    void this.client?.dispose();
    this.client = undefined;
    this.changed.dispose();
    this.loaded.dispose();
  }
}

/** Cancels the list's load in progress, if any, and marks it for loading again; what it shows stays. */
function stopList(list: GroupList): void {
  list.abort?.abort();
  list.abort = undefined;
  list.loading = undefined;
  list.stale = true;
}

function emptyList(): GroupList {
  return { stale: true, pins: 0 };
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
