// A fake Workfront for the unit tests of the model and the commands: users in memory, a client per
// instance that answers from them, every call recorded with its signal, and calls that a test can hold
// (to see what is shown meanwhile), fail, or check for aborts. The real client is tested against the
// simulator over HTTP (client-*.test.ts); this one makes the layers above fast and deterministic.
import { WorkfrontError, type WorkfrontErrorKind } from '../../src/workfront/errors';
import type { ClientFactory } from '../../src/util/clientFactory';
import type { CurrentUser, Instance, UserDetails, UserQuery, UserSummary, WorkfrontApi } from '../../src/workfront';

export type Method = Exclude<keyof WorkfrontApi, 'instance' | 'dispose'>;

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
      client: (instance, key) => {
        const client = new FakeClient(this, instance, key);
        this.clientsMade.push(client);
        return client;
      },
      obtainApiKey: async (_instance, _username, password) => {
        passwordsSeen.push(password);
        if (password !== 'right-password') throw wfError('auth', 'Get the API key', 401);
        return 'good-key';
      },
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

  whoAmI(signal?: AbortSignal): Promise<CurrentUser> {
    return this.wf.run('whoAmI', [], signal, this.key, () => this.wf.me);
  }

  countUsers(query: UserQuery, signal?: AbortSignal): Promise<number> {
    return this.wf.run('countUsers', [query], signal, this.key, () => this.wf.matching(query).length);
  }

  searchUsers(query: UserQuery, page: { first: number; limit: number }, signal?: AbortSignal): Promise<UserSummary[]> {
    return this.wf.run('searchUsers', [query, page], signal, this.key, () =>
      this.wf.matching(query).slice(page.first, page.first + page.limit),
    );
  }

  listUsers(query: UserQuery, options: { total?: number; signal?: AbortSignal } = {}): Promise<UserSummary[]> {
    return this.wf.run('listUsers', [query, options.total], options.signal, this.key, () => this.wf.matching(query));
  }

  getUser(id: string, signal?: AbortSignal): Promise<UserSummary> {
    return this.wf.run('getUser', [id], signal, this.key, () => this.find(id, 'Read the user'));
  }

  getUserDetails(id: string, signal?: AbortSignal): Promise<UserDetails> {
    return this.wf.run('getUserDetails', [id], signal, this.key, () => {
      const u = this.find(id, 'Read the user details');
      return {
        ...u,
        username: u.emailAddr,
        firstName: u.name.split(' ')[0] ?? '',
        lastName: u.name.split(' ')[1] ?? '',
        isAdmin: false,
        loginCount: 3,
        entryDate: null,
        accessLevelName: 'Standard',
        homeGroupName: null,
        companyName: null,
        managerName: null,
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
