// Every failure the client can meet, over real HTTP against the simulator's injected faults: the typed
// error kind, its details, how many attempts were made, cancellation, and lost responses.
import * as assert from 'assert';
import { obtainApiKey, type WorkfrontClient } from '../../src/workfront/client';
import { WorkfrontClient as Client } from '../../src/workfront/client';
import { parseInstance } from '../../src/workfront/instance';
import type { WorkfrontErrorKind } from '../../src/workfront/errors';
import { DEFAULT_USER_PASSWORD, ERROR_CLASS, NOT_LOGGED_IN, type FaultSpec, type SimUser } from '../simulator';
import {
  closedPort,
  expectWfError,
  FAST,
  keyHygieneProblems,
  recordingServer,
  sleep,
  startHarness,
  watchUnhandledRejections,
  type Harness,
} from './helpers/harness';

describe('WorkfrontClient failures (simulator over HTTP)', function () {
  this.timeout(20_000);
  let h: Harness;
  let client: WorkfrontClient;
  let unhandled: ReturnType<typeof watchUnhandledRejections>;
  let target: SimUser;
  const taken = new Set<string>();
  const someone = (pred: (u: SimUser) => boolean) => {
    const u = h.sim.store.all().find((x) => x.ID !== h.sim.admin.ID && !taken.has(x.ID) && pred(x));
    if (!u) throw new Error('no such user in the seeded organisation');
    taken.add(u.ID);
    return u;
  };
  /** Requests for `op` since `mark`. */
  const attempts = (mark: number, op = 'get') => h.since(mark).filter((e) => e.op === op);

  before(async () => {
    unhandled = watchUnhandledRejections();
    h = await startHarness({ users: 60, seed: 3 });
    client = h.client();
    target = someone((u) => u.isActive);
  });

  afterEach(() => {
    h.sim.clearFaults();
    h.sim.setLatency(0);
  });

  after(async () => {
    unhandled.stop();
    await h?.close();
  });

  interface Case {
    readonly name: string;
    readonly fault: FaultSpec;
    readonly kind: WorkfrontErrorKind;
    readonly status?: number;
    readonly wfClass?: string;
    readonly wfMessage?: string;
    /** Requests expected (FAST: maxAttempts 3). */
    readonly tries: number;
    readonly messageIncludes?: RegExp;
  }

  const cases: Case[] = [
    {
      name: '401 AuthenticationException',
      fault: { op: 'get', kind: 'status', status: 401, errorClass: ERROR_CLASS.auth, message: NOT_LOGGED_IN },
      kind: 'auth',
      status: 401,
      wfClass: ERROR_CLASS.auth,
      wfMessage: NOT_LOGGED_IN,
      tries: 1,
    },
    {
      name: '401 without an envelope class',
      fault: { op: 'get', kind: 'html', status: 401 },
      kind: 'auth',
      status: 401,
      tries: 1,
    },
    {
      name: '200 with an AuthenticationException error',
      fault: { op: 'get', kind: 'authError200' },
      kind: 'auth',
      status: 200,
      wfClass: ERROR_CLASS.auth,
      wfMessage: NOT_LOGGED_IN,
      tries: 1,
    },
    {
      name: '403',
      fault: { op: 'get', kind: 'status', status: 403, errorClass: ERROR_CLASS.security, message: 'Not allowed' },
      kind: 'forbidden',
      status: 403,
      wfClass: ERROR_CLASS.security,
      wfMessage: 'Not allowed',
      tries: 1,
    },
    {
      name: '404 NotFoundException',
      fault: {
        op: 'get',
        kind: 'status',
        status: 404,
        errorClass: ERROR_CLASS.notFound,
        message: 'Could not find USER',
      },
      kind: 'notFound',
      status: 404,
      wfClass: ERROR_CLASS.notFound,
      wfMessage: 'Could not find USER',
      tries: 1,
    },
    {
      name: '200 with a NotFoundException error',
      fault: { op: 'get', kind: 'status', status: 200, errorClass: ERROR_CLASS.notFound, message: 'gone' },
      kind: 'notFound',
      status: 200,
      wfClass: ERROR_CLASS.notFound,
      wfMessage: 'gone',
      tries: 1,
    },
    {
      name: '422 ValidationException',
      fault: {
        op: 'get',
        kind: 'status',
        status: 422,
        errorClass: ERROR_CLASS.validation,
        message: 'That is not allowed.',
      },
      kind: 'validation',
      status: 422,
      wfClass: ERROR_CLASS.validation,
      wfMessage: 'That is not allowed.',
      tries: 1,
      messageIncludes: /That is not allowed\./,
    },
    {
      name: '400 InvalidParameterException',
      fault: {
        op: 'get',
        kind: 'status',
        status: 400,
        errorClass: ERROR_CLASS.invalidParameter,
        message: 'Bad parameter',
      },
      kind: 'validation',
      status: 400,
      wfClass: ERROR_CLASS.invalidParameter,
      wfMessage: 'Bad parameter',
      tries: 1,
      messageIncludes: /Bad parameter/,
    },
    {
      name: '429 (retried, bounded)',
      fault: { op: 'get', kind: 'status', status: 429, errorClass: ERROR_CLASS.tooManyRequests, message: 'Slow down' },
      kind: 'rateLimited',
      status: 429,
      wfClass: ERROR_CLASS.tooManyRequests,
      tries: 3,
    },
    {
      name: '500 (not retried)',
      fault: { op: 'get', kind: 'status', status: 500 },
      kind: 'server',
      status: 500,
      wfClass: ERROR_CLASS.internal,
      tries: 1,
    },
    {
      name: '502 HTML page (retried)',
      fault: { op: 'get', kind: 'html', status: 502 },
      kind: 'server',
      status: 502,
      tries: 3,
      messageIncludes: /HTML/,
    },
    {
      name: '503 (retried)',
      fault: { op: 'get', kind: 'status', status: 503, message: 'Unavailable' },
      kind: 'server',
      status: 503,
      tries: 3,
    },
    {
      name: '503 HTML page (retried)',
      fault: { op: 'get', kind: 'html', status: 503 },
      kind: 'server',
      status: 503,
      tries: 3,
      messageIncludes: /HTML/,
    },
    {
      name: '504 (retried)',
      fault: { op: 'get', kind: 'html', status: 504 },
      kind: 'server',
      status: 504,
      tries: 3,
    },
    {
      name: 'connection reset (retried)',
      fault: { op: 'get', kind: 'reset' },
      kind: 'network',
      tries: 3,
    },
    {
      name: 'connection reset mid-body (retried)',
      fault: { op: 'get', kind: 'resetMidBody' },
      kind: 'network',
      tries: 3,
    },
    {
      name: 'truncated JSON',
      fault: { op: 'get', kind: 'truncated' },
      kind: 'malformed',
      status: 200,
      tries: 1,
      messageIncludes: /cut off|not valid JSON/,
    },
    {
      name: 'empty body',
      fault: { op: 'get', kind: 'empty' },
      kind: 'malformed',
      status: 200,
      tries: 1,
      messageIncludes: /empty/,
    },
    {
      name: 'neither data nor error',
      fault: { op: 'get', kind: 'noEnvelope' },
      kind: 'malformed',
      status: 200,
      tries: 1,
      messageIncludes: /neither data nor an error/,
    },
    {
      name: 'data of the wrong shape',
      fault: { op: 'get', kind: 'wrongShape' },
      kind: 'malformed',
      tries: 1,
      messageIncludes: /unexpected shape/,
    },
    {
      name: 'an HTML page with 200',
      fault: { op: 'get', kind: 'html', status: 200 },
      kind: 'malformed',
      status: 200,
      tries: 1,
      messageIncludes: /HTML/,
    },
    {
      name: '302 redirect (not followed)',
      fault: { op: 'get', kind: 'redirect' },
      kind: 'redirect',
      status: 302,
      tries: 1,
    },
  ];

  describe('error kinds', () => {
    for (const c of cases) {
      it(`${c.name} → ${c.kind}${c.status !== undefined ? ` (${c.status})` : ''}, ${c.tries} request(s)`, async () => {
        h.sim.inject(c.fault);
        const mark = h.sim.log.length;
        const err = await expectWfError(client.getUser(target.ID), c.kind, h.secrets);
        assert.strictEqual(err.operation, 'Read the user');
        if (c.status !== undefined) assert.strictEqual(err.status, c.status);
        if (c.wfClass !== undefined) assert.strictEqual(err.wfClass, c.wfClass);
        if (c.wfMessage !== undefined) {
          assert.strictEqual(err.wfMessage, c.wfMessage);
          assert.ok(err.message.includes(c.wfMessage), err.message);
        }
        if (c.messageIncludes) assert.match(err.message, c.messageIncludes);
        assert.strictEqual(
          attempts(mark).length,
          c.tries,
          `requests: ${attempts(mark)
            .map((e) => e.status)
            .join(',')}`,
        );
        assert.strictEqual(h.sim.log.length - mark, c.tries, 'nothing else was sent');
      });
    }

    it('a revoked (expired) key → auth with Workfront’s class and message', async () => {
      const key = h.sim.issueKey(h.sim.admin.ID);
      h.secrets.add(key);
      h.sim.revokeKey(key);
      const c = h.client(FAST, key);
      const err = await expectWfError(c.whoAmI(), 'auth', h.secrets);
      assert.strictEqual(err.status, 401);
      assert.strictEqual(err.wfClass, ERROR_CLASS.auth);
      assert.strictEqual(err.wfMessage, NOT_LOGGED_IN);
      assert.strictEqual(err.operation, 'Check the API key');
      assert.strictEqual(err.outcomeUnknown, false);
    });

    it('a made-up key → auth', async () => {
      await expectWfError(h.client(FAST, 'f'.repeat(32)).countUsers({}), 'auth', h.secrets);
    });

    it('connection refused (nothing listening) → network, retried maxAttempts times', async () => {
      const port = await closedPort();
      const c = new Client(parseInstance(`http://127.0.0.1:${port}`), h.sim.apiKey, FAST);
      try {
        const err = await expectWfError(c.getUser(target.ID), 'network', h.secrets);
        assert.match(err.message, /refused/);
        assert.strictEqual(c.requestCount, 3);
      } finally {
        await c.dispose();
      }
    });

    it('a hang → timeout that fires after timeoutMs, bounded by maxAttempts', async () => {
      h.sim.inject({ op: 'get', kind: 'hang' });
      const c = h.client({ ...FAST, timeoutMs: 150 });
      const mark = h.sim.log.length;
      const started = Date.now();
      const err = await expectWfError(c.getUser(target.ID), 'timeout', h.secrets);
      const took = Date.now() - started;
      const tries = attempts(mark).length;
      assert.ok(tries >= 1 && tries <= 3, `${tries} requests`);
      assert.ok(took >= 140, `fired after ${took} ms`);
      assert.ok(took < 150 * tries + 1_500, `took ${took} ms for ${tries} attempt(s)`);
      assert.strictEqual(err.outcomeUnknown, true);
      assert.strictEqual(err.status, undefined);
    });

    it('a slow answer within timeoutMs is fine', async () => {
      h.sim.inject({ op: 'get', kind: 'latency', latencyMs: 100 });
      const c = h.client({ ...FAST, timeoutMs: 1_000 });
      assert.strictEqual((await c.getUser(target.ID)).ID, target.ID);
    });

    it('a read that is applied and then never answered (applyThenHang) → timeout', async () => {
      h.sim.inject({ op: 'get', kind: 'applyThenHang' });
      const c = h.client({ ...FAST, timeoutMs: 150, maxAttempts: 1 });
      await expectWfError(c.getUser(target.ID), 'timeout', h.secrets);
    });
  });

  describe('redirects are never followed', () => {
    for (const status of [301, 302, 303, 307, 308]) {
      it(`${status} to another server: 'redirect', and the other server gets nothing`, async () => {
        const other = await recordingServer();
        try {
          h.sim.inject({
            op: 'get',
            kind: 'redirect',
            status,
            location: `${other.url}/attask/api/v21.0/user/${target.ID}`,
          });
          const mark = h.sim.log.length;
          const err = await expectWfError(client.getUser(target.ID), 'redirect', h.secrets);
          assert.strictEqual(err.status, status);
          assert.ok(err.message.includes(new URL(other.url).host), 'names where it pointed');
          await sleep(30);
          assert.deepStrictEqual(other.hits, []);
          assert.strictEqual(h.sim.log.length - mark, 1);
        } finally {
          await other.close();
        }
      });
    }

    it('a redirect to the login page on the same host is not followed either', async () => {
      h.sim.inject({ op: 'search', kind: 'redirect' });
      const mark = h.sim.log.length;
      await expectWfError(client.searchUsers({}, { first: 0, limit: 5 }), 'redirect', h.secrets);
      await sleep(30);
      const sent = h.since(mark);
      assert.strictEqual(sent.length, 1);
      assert.ok(sent.every((e) => e.path.startsWith('/attask/api/')));
    });
  });

  describe('retries', () => {
    for (const maxAttempts of [1, 2, 5]) {
      it(`a permanent 503 makes exactly maxAttempts = ${maxAttempts} requests`, async () => {
        h.sim.inject({ op: 'count', kind: 'status', status: 503 });
        const c = h.client({ ...FAST, maxAttempts });
        const mark = h.sim.log.length;
        await expectWfError(c.countUsers({ isActive: true }), 'server', h.secrets);
        assert.strictEqual(attempts(mark, 'count').length, maxAttempts);
      });
    }

    it('a passing fault is ridden out: two 503s, then the answer', async () => {
      h.sim.inject({ op: 'count', kind: 'status', status: 503, times: 2 });
      const mark = h.sim.log.length;
      assert.strictEqual(await client.countUsers({}), h.sim.store.count());
      assert.deepStrictEqual(
        attempts(mark, 'count').map((e) => e.status),
        [503, 503, 200],
      );
    });

    it('a reset, then the answer', async () => {
      h.sim.inject({ op: 'get', kind: 'reset', times: 1 });
      const mark = h.sim.log.length;
      assert.strictEqual((await client.getUser(target.ID)).ID, target.ID);
      assert.deepStrictEqual(
        attempts(mark).map((e) => e.status),
        [0, 200],
      );
    });

    it('backs off between attempts (retryBaseMs), without exceeding retryMaxMs by much', async () => {
      h.sim.inject({ op: 'count', kind: 'status', status: 503 });
      const c = h.client({ ...FAST, retryBaseMs: 60, retryMaxMs: 80, maxAttempts: 3 });
      const mark = h.sim.log.length;
      const started = Date.now();
      await expectWfError(c.countUsers({}), 'server');
      const took = Date.now() - started;
      const times = attempts(mark, 'count').map((e) => e.time);
      assert.strictEqual(times.length, 3);
      assert.ok(times[1] - times[0] >= 25, `first wait ${times[1] - times[0]} ms`);
      assert.ok(took < 1_500, `took ${took} ms`);
    });

    it('non-idempotent generateApiKey is sent once, even on a 503', async () => {
      const u = someone((x) => x.isActive && !x.isAdmin);
      h.sim.inject({ op: 'action', action: 'generateApiKey', kind: 'status', status: 503 });
      const mark = h.sim.log.length;
      await expectWfError(obtainApiKey(h.instance, u.username, DEFAULT_USER_PASSWORD, FAST), 'server', [
        ...h.secrets,
        DEFAULT_USER_PASSWORD,
      ]);
      const actions = h.since(mark).map((e) => e.params.action);
      assert.deepStrictEqual(actions, ['getApiKey', 'generateApiKey']);
    });

    it('non-idempotent generateApiKey is sent once, even on a reset', async () => {
      const u = someone((x) => x.isActive && !x.isAdmin);
      h.sim.inject({ op: 'action', action: 'generateApiKey', kind: 'applyThenReset' });
      const mark = h.sim.log.length;
      const err = await expectWfError(obtainApiKey(h.instance, u.username, DEFAULT_USER_PASSWORD, FAST), 'network', [
        ...h.secrets,
        DEFAULT_USER_PASSWORD,
      ]);
      assert.strictEqual(err.outcomeUnknown, true);
      assert.deepStrictEqual(
        h.since(mark).map((e) => e.params.action),
        ['getApiKey', 'generateApiKey'],
      );
    });

    it('getApiKey (a read) is retried', async () => {
      h.sim.inject({ op: 'action', action: 'getApiKey', kind: 'status', status: 503 });
      const mark = h.sim.log.length;
      await expectWfError(obtainApiKey(h.instance, 'admin@acme.example', 'demo-password', FAST), 'server', h.secrets);
      assert.deepStrictEqual(
        h.since(mark).map((e) => e.params.action),
        ['getApiKey', 'getApiKey', 'getApiKey'],
      );
    });

    it('an auth failure is never retried', async () => {
      h.sim.inject({ op: 'count', kind: 'status', status: 401, errorClass: ERROR_CLASS.auth });
      const mark = h.sim.log.length;
      await expectWfError(client.countUsers({}), 'auth');
      assert.strictEqual(attempts(mark, 'count').length, 1);
    });
  });

  describe('the concurrency cap', () => {
    let capped: Harness;
    before(async () => {
      capped = await startHarness({ users: 20, seed: 5, maxConcurrent: 1, latencyMs: 150 });
    });
    after(async () => {
      await capped?.close();
    });

    it('a request over the cap → rateLimited (429, TooManyRequests) when retries are used up', async () => {
      const c = capped.client({ ...FAST, maxAttempts: 1 });
      const id = capped.sim.admin.ID;
      const results = await Promise.allSettled([c.getUser(id), c.getUser(id)]);
      const rejected = results.filter((r) => r.status === 'rejected');
      assert.strictEqual(rejected.length, 1);
      const err = await expectWfError(
        Promise.reject((rejected[0] as PromiseRejectedResult).reason),
        'rateLimited',
        capped.secrets,
      );
      assert.strictEqual(err.status, 429);
      assert.strictEqual(err.wfClass, ERROR_CLASS.tooManyRequests);
      assert.strictEqual(capped.sim.stats.rejectedByCap, 1);
    });

    it('is retried with backoff and then succeeds', async () => {
      const c = capped.client({ ...FAST, retryBaseMs: 400, retryMaxMs: 500, maxAttempts: 3 });
      const id = capped.sim.admin.ID;
      const mark = capped.sim.log.length;
      const both = await Promise.all([c.getUser(id), c.getUser(id)]);
      assert.ok(both.every((u) => u.ID === id));
      const statuses = capped.since(mark).map((e) => e.status);
      assert.ok(statuses.includes(429), `statuses ${statuses.join(',')}`);
      assert.strictEqual(statuses.filter((s) => s === 200).length, 2);
    });

    it('retries stay bounded when the cap keeps refusing', async () => {
      const c = capped.client({ ...FAST, retryBaseMs: 1, retryMaxMs: 2, maxAttempts: 2 });
      const id = capped.sim.admin.ID;
      const mark = capped.sim.log.length;
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => c.getUser(id)));
      assert.ok(results.some((r) => r.status === 'rejected'));
      for (const r of results)
        if (r.status === 'rejected') await expectWfError(Promise.reject(r.reason), 'rateLimited');
      assert.ok(capped.since(mark).length <= 12, `${capped.since(mark).length} requests for 6 calls × 2 attempts`);
    });
  });

  describe('cancellation', () => {
    it('an already aborted signal sends nothing', async () => {
      const mark = h.sim.log.length;
      await expectWfError(client.getUser(target.ID, AbortSignal.abort()), 'cancelled');
      await expectWfError(client.listUsers({}, { signal: AbortSignal.abort() }), 'cancelled');
      assert.strictEqual(h.sim.log.length, mark);
    });

    it('aborting a call in flight cancels it at once', async () => {
      h.sim.inject({ op: 'get', kind: 'latency', latencyMs: 2_000 });
      const ctl = new AbortController();
      const mark = h.sim.log.length;
      const started = Date.now();
      const p = client.getUser(target.ID, ctl.signal);
      setTimeout(() => ctl.abort(), 50);
      await expectWfError(p, 'cancelled', h.secrets);
      assert.ok(Date.now() - started < 500, `took ${Date.now() - started} ms`);
      assert.strictEqual(attempts(mark).length, 1, 'not retried after the abort');
    });

    it('aborting during the backoff between attempts cancels it at once', async () => {
      h.sim.inject({ op: 'get', kind: 'status', status: 503 });
      const c = h.client({ ...FAST, retryBaseMs: 3_000, retryMaxMs: 3_000 });
      const ctl = new AbortController();
      const mark = h.sim.log.length;
      h.onRequest = (e) => {
        if (e.op === 'get') setTimeout(() => ctl.abort(), 20);
      };
      try {
        const started = Date.now();
        await expectWfError(c.getUser(target.ID, ctl.signal), 'cancelled', h.secrets);
        assert.ok(Date.now() - started < 700, `took ${Date.now() - started} ms`);
        await sleep(50);
        assert.strictEqual(attempts(mark).length, 1, 'no attempt after the abort');
      } finally {
        h.onRequest = undefined;
      }
    });

    it('aborting a listing cancels every page, and nothing is left unhandled', async () => {
      h.sim.setLatency(40);
      const c = h.client({ ...FAST, pageSize: 5, concurrency: 3 });
      const ctl = new AbortController();
      const p = c.listUsers({}, { signal: ctl.signal });
      setTimeout(() => ctl.abort(), 70);
      await expectWfError(p, 'cancelled', h.secrets);
      await sleep(150);
      assert.deepStrictEqual(unhandled.seen, []);
      assert.strictEqual(h.sim.stats.inFlight, 0, 'no request left open');
    });
  });

  describe('lost responses of setActive', () => {
    it('applied, then the connection reset every time: outcomeUnknown, and getUser shows the change', async () => {
      const u = someone((x) => x.isActive && !x.isAdmin);
      h.sim.inject({ op: 'update', userId: u.ID, kind: 'applyThenReset' });
      const mark = h.sim.log.length;
      const err = await expectWfError(client.setActive(u.ID, false), 'network', h.secrets);
      assert.strictEqual(err.outcomeUnknown, true);
      assert.strictEqual(err.operation, 'Deactivate the user');
      assert.ok(attempts(mark, 'update').length >= 1 && attempts(mark, 'update').length <= 3);
      h.sim.clearFaults();
      assert.strictEqual(h.sim.store.get(u.ID)!.isActive, false);
      assert.strictEqual((await client.getUser(u.ID)).isActive, false, 'the true state');
    });

    it('applied, then one reset: the idempotent retry confirms the new state', async () => {
      const u = someone((x) => !x.isActive);
      h.sim.inject({ op: 'update', userId: u.ID, kind: 'applyThenReset', times: 1 });
      const mark = h.sim.log.length;
      const got = await client.setActive(u.ID, true);
      assert.strictEqual(got.isActive, true);
      assert.deepStrictEqual(
        attempts(mark, 'update').map((e) => e.status),
        [0, 200],
      );
    });

    it('applied, then no answer: timeout with outcomeUnknown, and getUser shows the change', async () => {
      const u = someone((x) => x.isActive && !x.isAdmin);
      h.sim.inject({ op: 'update', userId: u.ID, kind: 'applyThenHang' });
      const c = h.client({ ...FAST, timeoutMs: 150 });
      const err = await expectWfError(c.setActive(u.ID, false), 'timeout', h.secrets);
      assert.strictEqual(err.outcomeUnknown, true);
      h.sim.clearFaults();
      assert.strictEqual((await client.getUser(u.ID)).isActive, false);
    });

    it('a refused change is not outcomeUnknown', async () => {
      const err = await expectWfError(client.setActive(h.sim.admin.ID, false), 'validation', h.secrets);
      assert.strictEqual(err.outcomeUnknown, false);
    });
  });

  describe('the key never leaks into errors', () => {
    it('a Workfront message that quotes the key is redacted', async () => {
      const key = h.sim.apiKey;
      h.sim.inject({
        op: 'get',
        kind: 'status',
        status: 422,
        errorClass: ERROR_CLASS.invalidParameter,
        message: `Invalid apiKey=${key} for this call`,
      });
      const err = await expectWfError(client.getUser(target.ID), 'validation', h.secrets);
      assert.ok(!err.wfMessage!.includes(key));
      assert.match(err.wfMessage!, /\*\*\*/);
    });

    it('also under 200 + AuthenticationException and 503', async () => {
      const key = h.sim.apiKey;
      h.sim.inject({ op: 'get', kind: 'authError200', message: `Key ${key} expired` });
      await expectWfError(client.getUser(target.ID), 'auth', h.secrets);
      h.sim.clearFaults();
      h.sim.inject({ op: 'get', kind: 'status', status: 503, message: `${key}` });
      await expectWfError(client.getUser(target.ID), 'server', h.secrets);
    });
  });

  describe('at the end', () => {
    it('key hygiene: in every request of this file the key was only in the apikey header', () => {
      const keys = [...h.secrets].filter((s) => /^[0-9a-f]{32}$/.test(s));
      assert.ok(h.sim.log.length > 50);
      assert.deepStrictEqual(keyHygieneProblems(h.sim.log, keys, ['demo-password', DEFAULT_USER_PASSWORD]), []);
    });

    it('no unhandled promise rejections in the whole file', async () => {
      await sleep(20);
      assert.deepStrictEqual(unhandled.seen, []);
    });
  });
});
