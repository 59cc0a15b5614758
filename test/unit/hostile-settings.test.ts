// Hostile settings (class 3): a workspace can set requestTimeoutSeconds, maxConcurrentRequests and friends
// to "abc", 1e9, -1, NaN or a value past Node's timer limit. The client must take any value without
// hanging, failing every request, retrying without end or leaking a request slot.
import * as assert from 'assert';
import { WorkfrontClient, type ClientOptions } from '../../src/workfront/client';
import { parseInstance } from '../../src/workfront/instance';
import { hexId } from './helpers/memorySource';
import { FAST, watchUnhandledRejections } from './helpers/harness';
import { hostileServer, sendJson, userRow, type HostileServer } from './helpers/hostile';

const KEY = 'c'.repeat(32);
const USERS = Array.from({ length: 7 }, (_, i) => userRow(hexId(0x5000 + i)));
/** Values a workspace's settings.json can hold, as the settings reader might pass them on. */
const HOSTILE = [NaN, 'abc', -1, 0, 1e9, 2 ** 31, 2 ** 32, Infinity, -Infinity, null, '30'] as unknown as number[];

/** Rejects if `p` has not settled within `ms`: a hang is a failure, not a test timeout. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (hung)`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

describe('hostile settings: any option value is safe (class 3)', function () {
  this.timeout(10_000);
  const unhandled = watchUnhandledRejections();
  let server: HostileServer;
  /** Every answer waits this long, so that a timeout turned into 1 ms by an overflow shows. */
  const DELAY_MS = 25;
  let failNext = 0;
  const clients: WorkfrontClient[] = [];
  const client = (options: ClientOptions) => {
    const c = new WorkfrontClient(parseInstance(server.url), KEY, options);
    clients.push(c);
    return c;
  };

  before(async () => {
    server = await hostileServer((req, res) => {
      if (failNext > 0) {
        failNext--;
        return sendJson(res, { error: { class: 'ServiceUnavailable', message: 'busy' } }, 503);
      }
      setTimeout(() => {
        if (req.url.pathname.endsWith('/user/count')) return sendJson(res, { data: { count: USERS.length } });
        if (req.url.pathname.endsWith('/user/search')) {
          const first = Number(req.url.searchParams.get('$$FIRST') ?? 0);
          const limit = Number(req.url.searchParams.get('$$LIMIT') ?? 2000);
          const id = req.url.searchParams.get('ID');
          const mod = req.url.searchParams.get('ID_Mod');
          let rows = USERS;
          if (id && mod === 'gt') rows = rows.filter((u) => String(u.ID) > id);
          return sendJson(res, { data: rows.slice(first, first + limit) });
        }
        sendJson(res, { data: USERS[0] });
      }, DELAY_MS);
    });
  });
  after(async () => {
    unhandled.stop();
    await Promise.all(clients.map((c) => c.dispose()));
    await server.close();
  });
  afterEach(() => {
    failNext = 0;
  });

  for (const timeoutMs of HOSTILE) {
    it(`timeoutMs = ${String(timeoutMs)}: requests still go through (no RangeError, no 1 ms timer)`, async () => {
      const c = client({ ...FAST, timeoutMs, concurrency: 1 });
      assert.strictEqual(await within(c.countUsers({}), 3_000, 'count'), USERS.length);
      // A second call through the one slot: the first released it whatever happened.
      assert.strictEqual((await within(c.getUser(String(USERS[0].ID)), 3_000, 'get')).ID, USERS[0].ID);
    });
  }

  for (const concurrency of HOSTILE) {
    it(`concurrency = ${String(concurrency)}: no hang, the listing completes`, async () => {
      const c = client({ ...FAST, concurrency });
      const rows = await within(c.listUsers({}), 3_000, 'list');
      assert.strictEqual(rows.length, USERS.length);
    });
  }

  for (const connections of HOSTILE) {
    it(`connections = ${String(connections)}: requests still go through`, async () => {
      const c = client({ ...FAST, connections });
      assert.strictEqual(await within(c.countUsers({}), 3_000, 'count'), USERS.length);
    });
  }

  for (const pageSize of HOSTILE) {
    it(`pageSize = ${String(pageSize)}: the listing completes with sane pages`, async () => {
      const c = client({ ...FAST, pageSize });
      const mark = server.requests.length;
      const rows = await within(c.listUsers({}), 3_000, 'list');
      assert.strictEqual(rows.length, USERS.length);
      for (const r of server.requests.slice(mark)) {
        const limit = r.url.searchParams.get('$$LIMIT');
        if (limit !== null) assert.match(limit, /^\d+$/, `$$LIMIT=${limit}`);
        const first = r.url.searchParams.get('$$FIRST');
        if (first !== null) assert.match(first, /^\d+$/, `$$FIRST=${first}`);
      }
    });
  }

  for (const maxAttempts of HOSTILE) {
    it(`maxAttempts = ${String(maxAttempts)}: a refusing server gets a bounded number of attempts`, async () => {
      failNext = 1_000;
      const c = client({ ...FAST, maxAttempts, retryBaseMs: 1, retryMaxMs: 2 });
      const mark = server.requests.length;
      await within(
        c.countUsers({}).then(
          () => assert.fail('expected a failure'),
          () => undefined,
        ),
        3_000,
        'count',
      );
      const sent = server.requests.length - mark;
      assert.ok(sent >= 1 && sent <= 5, `${sent} attempts`);
    });
  }

  for (const retry of HOSTILE) {
    it(`retryBaseMs = retryMaxMs = ${String(retry)}: the wait before a retry is a sane number of ms`, async () => {
      failNext = 1;
      const ctl = new AbortController();
      const waits: string[] = [];
      const log = (_level: string, message: string) => {
        const m = /retry 2\/3 in (\S+) ms/.exec(message);
        if (m) {
          waits.push(m[1]);
          ctl.abort(); // the wait itself is not what this test measures
        }
      };
      const c = client({ ...FAST, maxAttempts: 3, retryBaseMs: retry, retryMaxMs: retry, log });
      await within(
        c.countUsers({}, ctl.signal).catch(() => undefined),
        3_000,
        'count',
      );
      assert.strictEqual(waits.length, 1, 'one retry was planned');
      const wait = Number(waits[0]);
      assert.ok(Number.isInteger(wait) && wait >= 0 && wait <= 60_000, `waits ${waits[0]} ms`);
    });
  }

  it('searchUsers with a NaN or negative first/limit sends sane numbers', async () => {
    const c = client(FAST);
    const mark = server.requests.length;
    await c.searchUsers({}, { first: NaN, limit: NaN });
    await c.searchUsers({}, { first: -5, limit: -1 });
    for (const r of server.requests.slice(mark)) {
      assert.match(r.url.searchParams.get('$$FIRST') ?? '', /^\d+$/);
      assert.match(r.url.searchParams.get('$$LIMIT') ?? '', /^[1-9]\d*$/);
    }
  });

  it('no unhandled promise rejections', () => {
    assert.deepStrictEqual(unhandled.seen, []);
  });
});
