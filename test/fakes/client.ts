// A fake Workfront for the unit tests of the model and the commands: users in memory, a client per
// instance that answers from them, every call recorded with its signal, and calls that a test can hold
// (to see what is shown meanwhile), fail, or check for aborts. The real client is tested against the
// simulator over HTTP (client-*.test.ts); this one makes the layers above fast and deterministic.
import { encodeCredential } from '../../src/auth/credential';
import { WorkfrontError, type WorkfrontErrorKind } from '../../src/workfront/errors';
import type { ClientFactory } from '../../src/util/clientFactory';
import {
  formatWorkfrontDate,
  type CurrentUser,
  type Instance,
  type ListOptions,
  type SearchPage,
  type UserDetails,
  type UserFields,
  type UserQuery,
  type UserSummary,
  type WorkfrontApi,
  type WorkClient,
} from '../../src/workfront';
import type { LicenseTypes } from '../../src/workfront/licenseTypes';
import type { NameListing, NameListOptions } from '../../src/workfront/nameListing';

/** The rows of a first page read ahead (the real client's page size). */
const FIRST_PAGE = 2000;

export type Method = Exclude<keyof WorkfrontApi, 'instance' | 'dispose' | 'work'>;

export interface Call {
  readonly method: Method;
  readonly args: readonly unknown[];
  readonly signal?: AbortSignal;
  /** Settled (answered, failed or aborted). */
  done: boolean;
}

export function makeUser(i: number, over: Partial<UserSummary> = {}): UserSummary {
  const id = i.toString(16).padStart(32, '0');
  return {
    ID: id,
    name: `User ${String(i).padStart(5, '0')}`,
    emailAddr: `user${i}@acme.example`,
    title: 'Engineer',
    isActive: true,
    licenseType: 'LITE',
    lastLoginDate: null,
    actualDeactivationDate: null,
    scheduleDeactivationDate: null,
    ...over,
  };
}

/** What the details and an export show beyond the summary; `profiles` overrides it per user. */
export interface Profile {
  readonly accessLevelName: string | null;
  readonly homeGroupName: string | null;
  readonly companyName: string | null;
  readonly managerID: string | null;
}

interface Gate {
  readonly method: Method;
  readonly release: Promise<void>;
  open(): void;
}

export class FakeWorkfront {
  readonly users = new Map<string, UserSummary>();
  readonly calls: Call[] = [];
  readonly keysUsed: string[] = [];
  readonly clientsMade: FakeClient[] = [];
  /** Valid keys; any other key is refused as Workfront does (auth). */
  readonly validKeys = new Set(['good-key']);
  me: CurrentUser;
  /** The signed-in user's `timeZone` in Workfront (myTimeZone). */
  timeZone: string | null = null;
  readonly profiles = new Map<string, Partial<Profile>>();
  private readonly failures = new Map<Method, Array<WorkfrontError | Error>>();
  private readonly gates: Gate[] = [];

  constructor(count = 10, shape: (i: number) => Partial<UserSummary> = () => ({})) {
    for (let i = 1; i <= count; i++) {
      const u = makeUser(i, shape(i));
      this.users.set(u.ID, u);
    }
    const first = [...this.users.values()][0] ?? makeUser(0);
    this.me = { ID: first.ID, name: first.name, username: first.emailAddr, isAdmin: true };
  }

  /** The factory the extension's Services take. */
  factory(): ClientFactory & { passwordsSeen: string[] } {
    const passwordsSeen: string[] = [];
    return {
      passwordsSeen,
      client: (instance, credential) => {
        const key = typeof credential === 'string' ? credential : encodeCredential(credential);
        const client = new FakeClient(this, instance, key);
        this.clientsMade.push(client);
        return client;
      },
      obtainApiKey: async (_instance, _username, password) => {
        passwordsSeen.push(password);
        if (password !== 'right-password') throw wfError('auth', 'Get the API key', 401);
        return 'good-key';
      },
      origin: (instance) => instance.origin,
      // The OAuth exchange is tested against the simulator's token endpoint only (unit and integration).
      exchangeCode: () => Promise.reject(new Error('The fake Workfront has no OAuth token endpoint')),
    };
  }

  /** The next call of `method` fails with this error (once per call of failNext). */
  failNext(method: Method, error: WorkfrontError | Error): void {
    const list = this.failures.get(method) ?? [];
    list.push(error);
    this.failures.set(method, list);
  }

  /** Holds every call of `method` until the returned function is called. */
  hold(method: Method): () => void {
    let open!: () => void;
    const release = new Promise<void>((resolve) => (open = resolve));
    const gate = { method, release, open };
    this.gates.push(gate);
    return () => {
      this.gates.splice(this.gates.indexOf(gate), 1);
      open();
    };
  }

  profile(id: string): Profile {
    return {
      accessLevelName: 'Standard',
      homeGroupName: null,
      companyName: null,
      managerID: null,
      ...this.profiles.get(id),
    };
  }

  /**
   * The user as Workfront would send them with these fields, read by the field set's own converter (so
   * the fake exercises the real checks): summaries as they are, other sets from a raw record.
   */
  rowFor<T extends UserSummary>(u: UserSummary, fields: UserFields<T> | undefined): T {
    if (!fields || fields.fields.every((f) => !f.includes(':'))) return u as T;
    const p = this.profile(u.ID);
    const date = (ms: number | null) => (ms === null ? null : formatWorkfrontDate(ms));
    const manager = p.managerID ? this.users.get(p.managerID) : undefined;
    const raw = {
      ...u,
      lastLoginDate: date(u.lastLoginDate),
      actualDeactivationDate: date(u.actualDeactivationDate),
      scheduleDeactivationDate: date(u.scheduleDeactivationDate),
      accessLevel: p.accessLevelName === null ? null : { ID: 'a'.repeat(32), name: p.accessLevelName },
      homeGroup: p.homeGroupName === null ? null : { ID: 'b'.repeat(32), name: p.homeGroupName },
      manager: manager ? { ID: manager.ID, name: manager.name, emailAddr: manager.emailAddr } : null,
    };
    return fields.read(raw, 'fake');
  }

  callsOf(method: Method): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  matching(q: UserQuery): UserSummary[] {
    const text = q.text?.toLowerCase();
    return [...this.users.values()]
      .filter((u) => q.isActive === undefined || u.isActive === q.isActive)
      .filter((u) => !q.scheduledOnly || u.scheduleDeactivationDate !== null)
      .filter((u) => !text || [u.name, u.emailAddr, u.title].some((f) => f.toLowerCase().includes(text)))
      .sort((a, b) => (a.ID < b.ID ? -1 : 1));
  }

  /** Records a call, waits at a gate if one is set, then fails or answers; an abort settles it at once. */
  async run<T>(
    method: Method,
    args: readonly unknown[],
    signal: AbortSignal | undefined,
    key: string,
    answer: () => T,
  ): Promise<T> {
    const call: Call = { method, args, signal, done: false };
    this.calls.push(call);
    this.keysUsed.push(key);
    try {
      const aborted = new Promise<never>((_, reject) => {
        const fail = () => reject(wfError('cancelled', method));
        if (signal?.aborted) fail();
        signal?.addEventListener('abort', fail, { once: true });
      });
      aborted.catch(() => undefined);
      for (const gate of this.gates.filter((g) => g.method === method)) await Promise.race([gate.release, aborted]);
      await Promise.race([Promise.resolve(), aborted]);
      if (!this.validKeys.has(key)) throw wfError('auth', method, 401);
      const failure = this.failures.get(method)?.shift();
      if (failure) throw failure;
      return answer();
    } finally {
      call.done = true;
    }
  }
}

export function wfError(
  kind: WorkfrontErrorKind,
  operation: string,
  status?: number,
  wfMessage?: string,
): WorkfrontError {
  return new WorkfrontError(kind, `${operation}: ${kind}${wfMessage ? `: ${wfMessage}` : ''}`, {
    operation,
    status,
    wfMessage,
  });
}

export class FakeClient implements WorkfrontApi {
  disposed = false;

  constructor(
    private readonly wf: FakeWorkfront,
    readonly instance: Instance,
    private readonly key: string,
  ) {}

  /** Open work is not faked: it is tested against the simulator (a call here fails like a server error). */
  get work(): WorkClient {
    throw new WorkfrontError('server', 'Open work: not available in the fake client', { operation: 'Open work' });
  }

  whoAmI(signal?: AbortSignal): Promise<CurrentUser> {
    return this.wf.run('whoAmI', [], signal, this.key, () => this.wf.me);
  }

  countUsers(query: UserQuery, signal?: AbortSignal): Promise<number> {
    return this.wf.run('countUsers', [query], signal, this.key, () => this.wf.matching(query).length);
  }

  searchUsers<T extends UserSummary = UserSummary>(
    query: UserQuery,
    page: SearchPage<T>,
    signal?: AbortSignal,
  ): Promise<T[]> {
    return this.wf.run('searchUsers', [query, page], signal, this.key, () =>
      this.wf
        .matching(query)
        .slice(page.first, page.first + page.limit)
        .map((u) => this.wf.rowFor(u, page.fields)),
    );
  }

  listUsers<T extends UserSummary = UserSummary>(query: UserQuery, options: ListOptions<T> = {}): Promise<T[]> {
    return this.wf.run('listUsers', [query, options.total, options.fields], options.signal, this.key, () =>
      this.wf.matching(query).map((u) => this.wf.rowFor(u, options.fields)),
    );
  }

  /**
   * The model's listing: the rows handed over in one batch, in ID order (the tree sorts them itself);
   * a first page read ahead is handed over first, as soon as it is here (the call may be held).
   */
  async listUsersByName(query: UserQuery, options: NameListOptions = {}): Promise<NameListing> {
    const handed = new Set<string>();
    const early = options.firstPage?.then((rows) => {
      for (const u of rows ?? []) handed.add(u.ID);
      if (rows?.length) options.rows?.(rows);
    });
    const listed = this.wf.run('listUsersByName', [query, options.total], options.signal, this.key, () =>
      this.wf.matching(query).map((u) => this.wf.rowFor(u, undefined)),
    );
    const [, users] = await Promise.all([early, listed]);
    const rest = users.filter((u) => !handed.has(u.ID));
    if (rest.length > 0) options.rows?.(rest);
    return { users, inNameOrder: true };
  }

  /** The first page read ahead: the first FIRST_PAGE rows the listing would hand over. */
  firstUsersByName(query: UserQuery, signal?: AbortSignal): Promise<UserSummary[]> {
    return this.wf.run('firstUsersByName', [query], signal, this.key, () =>
      this.wf
        .matching(query)
        .slice(0, FIRST_PAGE)
        .map((u) => this.wf.rowFor(u, undefined)),
    );
  }

  getUsers<T extends UserSummary = UserSummary>(
    ids: readonly string[],
    options: { readonly fields?: UserFields<T>; readonly signal?: AbortSignal } = {},
  ): Promise<T[]> {
    return this.wf.run('getUsers', [ids, options.fields], options.signal, this.key, () =>
      [...new Set(ids)].sort().flatMap((id) => {
        const u = this.wf.users.get(id);
        return u ? [this.wf.rowFor(u, options.fields)] : [];
      }),
    );
  }

  myTimeZone(signal?: AbortSignal): Promise<string | null> {
    return this.wf.run('myTimeZone', [], signal, this.key, () => this.wf.timeZone);
  }

  getUser(id: string, signal?: AbortSignal): Promise<UserSummary> {
    return this.wf.run('getUser', [id], signal, this.key, () => this.find(id, 'Read the user'));
  }

  getUserDetails(id: string, signal?: AbortSignal): Promise<UserDetails> {
    return this.wf.run('getUserDetails', [id], signal, this.key, () => {
      const u = this.find(id, 'Read the user details');
      const p = this.wf.profile(id);
      const manager = p.managerID ? this.wf.users.get(p.managerID) : undefined;
      return {
        ...u,
        username: u.emailAddr,
        firstName: u.name.split(' ')[0] ?? '',
        lastName: u.name.split(' ')[1] ?? '',
        isAdmin: false,
        loginCount: 3,
        entryDate: null,
        accessLevelName: p.accessLevelName,
        homeGroupName: p.homeGroupName,
        companyName: p.companyName,
        managerName: manager?.name ?? null,
        managerID: manager?.ID ?? null,
      };
    });
  }

  setActive(id: string, active: boolean, signal?: AbortSignal): Promise<UserSummary> {
    return this.wf.run('setActive', [id, active], signal, this.key, () => this.update(id, { isActive: active }));
  }

  setScheduledDeactivation(id: string, when: number | null, signal?: AbortSignal): Promise<UserSummary> {
    return this.wf.run('setScheduledDeactivation', [id, when], signal, this.key, () =>
      this.update(id, { scheduleDeactivationDate: when }),
    );
  }

  licenseTypes(signal?: AbortSignal): Promise<LicenseTypes> {
    return this.wf.run('licenseTypes', [], signal, this.key, () => ({
      choices: ['Standard', 'Light', 'Contributor'].map((value) => ({ value, label: value })),
      editable: true,
    }));
  }

  setLicenseType(id: string, licenseType: string, signal?: AbortSignal): Promise<UserSummary> {
    return this.wf.run('setLicenseType', [id, licenseType], signal, this.key, () => this.update(id, { licenseType }));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  private find(id: string, operation: string): UserSummary {
    const u = this.wf.users.get(id);
    if (!u) throw wfError('notFound', operation, 404);
    return u;
  }

  private update(id: string, change: Partial<UserSummary>): UserSummary {
    const updated = { ...this.find(id, 'Update the user'), ...change };
    this.wf.users.set(id, updated);
    return updated;
  }
}
