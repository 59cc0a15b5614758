// Paging that never ends (class 2): a server that keeps answering full pages whose IDs do not advance,
// ignores the ID range of keyset reads, sorts wrongly, or sends a count that lies (5e9, 2^53, 1e6 with a
// few rows). A listing must stop with a clear error, plan pages from a count only within sane limits,
// and never send more than a small multiple of the requests the rows it received justify.
import * as assert from 'assert';
import { WorkfrontClient } from '../../src/workfront/client';
import { isWorkfrontError } from '../../src/workfront/errors';
import { parseInstance } from '../../src/workfront/instance';
import { readAllPages, type PagingSource } from '../../src/workfront/paging';
import { checkComplete, hexId, MemorySource, prng, type Row } from './helpers/memorySource';
import { expectWfError, FAST, sleep, watchUnhandledRejections } from './helpers/harness';
import { hostileServer, sendJson, userRow, type HostileServer } from './helpers/hostile';

const KEY = 'e'.repeat(32);
/** A client with 4 requests in flight pages with 8 in progress; every bound below allows for that. */
const CONCURRENCY = 4;
/** What the rows received justify: two requests per page-sized run of rows, plus a small constant. */
const justified = (rows: number, pageSize: number, pagesInProgress: number) =>
  2 * Math.ceil(rows / (pageSize - 1)) + pagesInProgress + 2;
/** The hostile servers stop answering after this many requests, so that a client without bounds fails. */
const FAILSAFE = 300;

describe('hostile servers: paging that never ends (class 2)', function () {
  this.timeout(10_000);
  const unhandled = watchUnhandledRejections();
  const clients: WorkfrontClient[] = [];
  const servers: HostileServer[] = [];
  after(async () => {
    unhandled.stop();
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all(servers.map((s) => s.close()));
  });

  interface Behaviour {
    count: number | string;
    /** The rows the server holds, ascending. */
    rows: Array<Record<string, unknown>>;
    ignoreFirst?: boolean;
    ignoreRange?: boolean;
    reverse?: boolean;
  }
  const start = async (b: Behaviour, pageSize = 2000) => {
    const server = await hostileServer((req, res, i) => {
      if (i >= FAILSAFE) return sendJson(res, { error: { class: 'Failsafe', message: 'test failsafe' } }, 500);
      const q = req.url.searchParams;
      if (req.url.pathname.endsWith('/user/count')) return sendJson(res, `{"data":{"count":${b.count}}}`);
      let rows = b.rows;
      const id = q.get('ID');
      if (id && !b.ignoreRange) {
        const mod = q.get('ID_Mod');
        const to = q.get('ID_Range') ?? '';
        rows = rows.filter((r) => (mod === 'gt' ? String(r.ID) > id : String(r.ID) >= id && String(r.ID) <= to));
      }
      const first = b.ignoreFirst ? 0 : Number(q.get('$$FIRST') ?? 0);
      let page = rows.slice(first, first + Number(q.get('$$LIMIT') ?? 2000));
      if (b.reverse) page = [...page].reverse();
      sendJson(res, { data: page });
    });
    servers.push(server);
    const client = new WorkfrontClient(parseInstance(server.url), KEY, { ...FAST, pageSize, concurrency: CONCURRENCY });
    clients.push(client);
    const searches = () => server.requests.filter((r) => r.url.pathname.endsWith('/user/search')).length;
    return { server, client, searches };
  };
  const rows = (n: number, from = 0x1000) => Array.from({ length: n }, (_, i) => userRow(hexId(from + i)));

  for (const count of ['5000000000', '1000000', '1e6', '999999999999']) {
    it(`a count of ${count} with 3 users: the 3 users, in a bounded number of requests`, async () => {
      const { client, searches } = await start({ count, rows: rows(3) });
      const got = await client.listUsers({});
      assert.strictEqual(got.length, 3);
      assert.ok(searches() <= justified(3, 2000, 2 * CONCURRENCY), `${searches()} searches for 3 users`);
    });
  }

  it('a count of 2^53 (not an exact number): a malformed count, never a RangeError or a page plan', async () => {
    const { client, searches } = await start({ count: '9007199254740992', rows: rows(3) });
    const err = await expectWfError(client.listUsers({}), 'malformed', [KEY]);
    assert.match(err.message, /count/);
    assert.strictEqual(searches(), 0);
  });

  it('a known total (from the caller) of 5e9, 2^53, NaN or -1 with 3 users: the 3 users, few requests', async () => {
    for (const total of [5e9, 2 ** 53, 2 ** 64, NaN, -1, Infinity]) {
      const { client, searches } = await start({ count: 3, rows: rows(3) });
      const got = await client.listUsers({}, { total });
      assert.strictEqual(got.length, 3, `total ${total}`);
      assert.ok(searches() <= justified(3, 2000, 2 * CONCURRENCY), `total ${total}: ${searches()} searches`);
    }
  });

  it('full pages whose IDs never advance ($$FIRST ignored): stopped with a clear error, requests bounded', async () => {
    const { client, searches } = await start({ count: 100_000, rows: rows(2000), ignoreFirst: true });
    const err = await expectWfError(client.listUsers({ isActive: true }), 'malformed', [KEY]);
    assert.match(err.message, /^List active users: /);
    assert.match(err.message, /did not advance/);
    await sleep(100); // pages queued when the listing stopped must not go out afterwards
    assert.ok(searches() <= justified(2000, 2000, 2 * CONCURRENCY), `${searches()} searches`);
    // 2,000 different users justify 2 x 2 + 4 (the first wave: the requests in flight) + 2 = 10 pages
    // asked for, sent or cancelled when the listing stopped; nothing goes out afterwards.
    assert.ok(searches() <= justified(2000, 2000, CONCURRENCY), `${searches()} searches`);
  });

  it('keyset reads whose ID range is ignored (the same rows again): stopped, requests bounded', async () => {
    // One full page forces a keyset read of the tail; the server answers it with the same full page.
    const { client, searches } = await start({ count: 50, rows: rows(50), ignoreRange: true }, 50);
    const err = await expectWfError(client.listUsers({}), 'malformed', [KEY]);
    assert.match(err.message, /ID range|did not advance/);
    await sleep(100);
    assert.ok(searches() <= 4, `${searches()} searches`);
  });

  it('pages not in ID order: stopped with a clear error (the gap logic would silently miss users)', async () => {
    const { client } = await start({ count: 5, rows: rows(5), reverse: true });
    const err = await expectWfError(client.listUsers({}), 'malformed', [KEY]);
    assert.match(err.message, /not in ID order/);
  });

  describe('readAllPages against hostile sources', () => {
    const ids = (n: number, start = 1000) => Array.from({ length: n }, (_, i) => hexId(start + i * 10));
    const fails = async (p: Promise<unknown>, pattern: RegExp) => {
      let err: unknown;
      await p.then(
        () => assert.fail('expected a failure'),
        (e) => (err = e),
      );
      assert.ok(isWorkfrontError(err, 'malformed'), `expected malformed, got ${String(err)}`);
      assert.match(err.message, pattern);
      return err;
    };

    /** An endless supply of new, ascending users: every page and every range read full. */
    const endless = (): PagingSource<Row> & { calls: number } => {
      const src = {
        calls: 0,
        async page(first: number, limit: number) {
          src.calls++;
          return Array.from({ length: limit }, (_, i) => ({ ID: hexId(1e6 + first + i), version: 0 }));
        },
        async range(from: string, _to: string | undefined, limit: number) {
          src.calls++;
          const base = parseInt(from, 16) + 1;
          return Array.from({ length: limit }, (_, i) => ({ ID: hexId(base + i), version: 0 }));
        },
      };
      return src;
    };

    it('an endless supply of users stops at maxRows with a clear error', async () => {
      const src = endless();
      await fails(
        readAllPages(src, { total: 10, pageSize: 10, concurrency: 3, maxRows: 500, operation: 'List users' }),
        /more than 500 users/,
      );
      assert.ok(src.calls <= justified(500, 10, 3) + 3, `${src.calls} calls`);
    });

    it('a page with more rows than asked for: malformed', async () => {
      const src: PagingSource<Row> = {
        page: async (_first, limit) => ids(limit + 5).map((ID) => ({ ID, version: 0 })),
        range: async () => [],
      };
      await fails(readAllPages(src, { total: 30, pageSize: 10, concurrency: 2 }), /more users than asked for/);
    });

    it('a range read with rows outside the range: malformed', async () => {
      const all = ids(10);
      const src: PagingSource<Row> = {
        page: async (first, limit) => all.slice(first, first + limit).map((ID) => ({ ID, version: 0 })),
        range: async () => all.slice(0, 3).map((ID) => ({ ID, version: 0 })),
      };
      await fails(readAllPages(src, { total: 10, pageSize: 10, concurrency: 2 }), /outside the ID range/);
    });

    it('a page with a repeated ID: malformed', async () => {
      const src: PagingSource<Row> = {
        page: async () => ['a', 'b', 'b'].map((c) => ({ ID: c.repeat(32), version: 0 })),
        range: async () => [],
      };
      await fails(readAllPages(src, { total: 3, pageSize: 10, concurrency: 2 }), /not in ID order/);
    });

    for (const total of [NaN, -5, Infinity, 1e300, 5e9, 2 ** 53]) {
      it(`a total of ${total} plans within sane limits: every row, few calls, no RangeError`, async () => {
        const src = new MemorySource(ids(25));
        const rows = await readAllPages(src, { total, pageSize: 10, concurrency: 3 });
        assert.deepStrictEqual(checkComplete(rows, src), []);
        assert.ok(src.calls.length <= justified(25, 10, 3), `${src.calls.length} calls`);
      });
    }

    it('randomised: while the set changes, requests stay within the bound and nothing is missed', async () => {
      const failures: string[] = [];
      for (let seed = 1; seed <= 150; seed++) {
        const rnd = prng(1000 + seed);
        const n = Math.floor(rnd() * 120);
        const p = 2 + Math.floor(rnd() * 12);
        const concurrency = 1 + Math.floor(rnd() * 5);
        const src = new MemorySource(ids(n), {
          inclusiveRange: rnd() < 0.5,
          delayMs: () => Math.floor(rnd() * 3),
          beforeRead: (_c, s) => {
            if (rnd() < 0.3 && s.size > 0) s.removeAt(Math.floor(rnd() * s.size));
            if (rnd() < 0.3) s.insert(hexId(1000 + Math.floor(rnd() * (n + 5) * 10) + 1));
          },
        });
        const rows = await readAllPages(src, { total: n, pageSize: p, concurrency });
        const problems = checkComplete(rows, src);
        if (problems.length) failures.push(`seed ${seed}: ${problems.slice(0, 3).join('; ')}`);
        const bound = justified(src.everSeen.size, p, concurrency);
        if (src.calls.length > bound) failures.push(`seed ${seed}: ${src.calls.length} calls > ${bound}`);
      }
      assert.deepStrictEqual(failures, []);
    });
  });

  it('no unhandled promise rejections', () => {
    assert.deepStrictEqual(unhandled.seen, []);
  });
});
