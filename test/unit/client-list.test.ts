// listUsers against a 10,000+ user organisation over real HTTP: completeness, request counts,
// concurrency, text filters, and completeness while users change between pages.
import * as assert from 'assert';
import type { WorkfrontClient } from '../../src/workfront/client';
import { MAX_CONCURRENCY } from '../../src/workfront/client';
import { parseWorkfrontDate } from '../../src/workfront/dates';
import type { UserSummary } from '../../src/workfront/types';
import type { LoggedRequest, SimUser } from '../simulator';
import { hexId, prng } from './helpers/memorySource';
import { orSemanticsFilter, startOrSemanticsServer, type FakeUser } from './helpers/orSemanticsServer';
import { WorkfrontClient as Client } from '../../src/workfront/client';
import { parseInstance } from '../../src/workfront/instance';
import {
  FAST,
  keyHygieneProblems,
  matchesText,
  sleep,
  startHarness,
  watchUnhandledRejections,
  type Harness,
} from './helpers/harness';

const ORG_SIZE = 10_050;
const byId = (a: { ID: string }, b: { ID: string }) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0);
/** Page requests for n rows at page size p when nothing changes (a full last page adds one tail read). */
const expectedSearches = (n: number, p: number) =>
  (n <= p ? 1 : Math.ceil((n - 1) / (p - 1))) + ((n <= p ? n === p : (n - 1) % (p - 1) === 0) ? 1 : 0);
const isRange = (e: LoggedRequest) => e.query.ID_Mod !== undefined;

function duplicates(rows: readonly { ID: string }[]): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const r of rows) {
    if (seen.has(r.ID)) dup.push(r.ID);
    seen.add(r.ID);
  }
  return dup;
}

function missing(rows: readonly { ID: string }[], expected: Iterable<string>): string[] {
  const got = new Set(rows.map((r) => r.ID));
  return [...expected].filter((id) => !got.has(id));
}

describe('WorkfrontClient.listUsers over 10,000+ users (simulator over HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  let client: WorkfrontClient;
  let unhandled: ReturnType<typeof watchUnhandledRejections>;

  before(async () => {
    unhandled = watchUnhandledRejections();
    h = await startHarness({ users: ORG_SIZE, seed: 11 });
    client = h.client();
  });

  afterEach(() => {
    h.onRequest = undefined;
    h.sim.setLatency(0);
    h.sim.clearFaults();
  });

  after(async () => {
    unhandled.stop();
    await h?.close();
  });

  describe('with nothing changing', () => {
    it('all users, active and inactive: each exactly once, equal to the store, in ceil((N-1)/1999) pages', async () => {
      const N = h.sim.store.count();
      assert.ok(N >= 10_000);
      const mark = h.sim.log.length;
      const rows = await client.listUsers({});
      assert.deepStrictEqual(duplicates(rows), []);
      assert.deepStrictEqual(
        rows.map((r) => r.ID).sort(),
        h.sim.store
          .all()
          .map((u) => u.ID)
          .sort(),
      );
      const sent = h.since(mark);
      assert.strictEqual(sent.filter((e) => e.op === 'count').length, 1);
      const searches = sent.filter((e) => e.op === 'search');
      assert.strictEqual(searches.length, Math.ceil((N - 1) / 1999));
      assert.strictEqual(searches.length, expectedSearches(N, 2000));
      assert.deepStrictEqual(searches.filter(isRange), []);
      for (const e of searches) {
        assert.deepStrictEqual(e.query.ID_Sort, ['asc']);
        assert.deepStrictEqual(e.query.$$LIMIT, ['2000']);
        assert.strictEqual(Number(e.query.$$FIRST[0]) % 1999, 0, 'pages overlap by one row');
        assert.strictEqual(e.status, 200);
      }
    });

    it('every row carries what the store has', async () => {
      const rows = await client.listUsers({}, { total: h.sim.store.count() });
      for (const r of rows) {
        const u = h.sim.store.get(r.ID)!;
        assert.deepStrictEqual(r, {
          ID: u.ID,
          name: u.name,
          emailAddr: u.emailAddr,
          title: u.title,
          isActive: u.isActive,
          licenseType: u.licenseType,
          lastLoginDate: parseWorkfrontDate(u.lastLoginDate),
          actualDeactivationDate: parseWorkfrontDate(u.actualDeactivationDate),
          scheduleDeactivationDate: parseWorkfrontDate(u.scheduleDeactivationDate),
        } satisfies UserSummary);
      }
    });

    it('active and inactive lists: each equal to the store’s set, together all users, in the expected number of pages', async () => {
      for (const isActive of [true, false]) {
        const mark = h.sim.log.length;
        const rows = await client.listUsers({ isActive });
        const expected = h.sim.store
          .all()
          .filter((u) => u.isActive === isActive)
          .map((u) => u.ID)
          .sort();
        assert.deepStrictEqual(duplicates(rows), []);
        assert.deepStrictEqual(rows.map((r) => r.ID).sort(), expected);
        assert.ok(rows.every((r) => r.isActive === isActive));
        const searches = h.since(mark).filter((e) => e.op === 'search');
        assert.strictEqual(searches.length, expectedSearches(expected.length, 2000), `isActive=${isActive}`);
        assert.ok(
          searches.every((e) => e.query.isActive?.[0] === String(isActive) && e.query.isActive_Mod?.[0] === 'eq'),
        );
      }
    });

    it('a known total skips the count call', async () => {
      const mark = h.sim.log.length;
      await client.listUsers({ isActive: false }, { total: h.sim.store.count(false) });
      assert.strictEqual(h.since(mark).filter((e) => e.op === 'count').length, 0);
    });

    it('smaller pages: still each user once, in ceil((N-1)/(P-1)) requests', async () => {
      const c = h.client({ ...FAST, pageSize: 700, concurrency: 5 });
      const N = h.sim.store.count();
      const mark = h.sim.log.length;
      const rows = await c.listUsers({}, { total: N });
      assert.strictEqual(new Set(rows.map((r) => r.ID)).size, N);
      assert.strictEqual(rows.length, N);
      assert.strictEqual(h.since(mark).length, expectedSearches(N, 700));
    });
  });

  describe('concurrency', () => {
    for (const concurrency of [1, 3, 4, 10]) {
      it(`never more than concurrency = ${concurrency} requests in flight (stats.maxInFlight)`, async () => {
        const c = h.client({ ...FAST, pageSize: 500, concurrency });
        // Long enough that every slot fills even while other test layers load the machine's two cores.
        h.sim.setLatency(concurrency > 1 ? 80 : 15);
        h.sim.resetStats();
        const rows = await c.listUsers({});
        assert.strictEqual(rows.length, h.sim.store.count());
        assert.ok(h.sim.stats.maxInFlight <= concurrency, `maxInFlight ${h.sim.stats.maxInFlight}`);
        assert.strictEqual(h.sim.stats.maxInFlight, concurrency, 'and it does use them');
        assert.strictEqual(h.sim.stats.rejectedByCap, 0);
      });
    }

    it('the limit is for the whole client: two listings, counts and reads at once stay within it', async () => {
      const c = h.client({ ...FAST, pageSize: 400, concurrency: 3 });
      h.sim.setLatency(15);
      h.sim.resetStats();
      const some = h.sim.store.all().slice(0, 5);
      const [active, inactive] = await Promise.all([
        c.listUsers({ isActive: true }),
        c.listUsers({ isActive: false }),
        c.countUsers({ isActive: true }),
        ...some.map((u) => c.getUser(u.ID)),
      ]);
      assert.strictEqual((active as UserSummary[]).length + (inactive as UserSummary[]).length, h.sim.store.count());
      assert.ok(h.sim.stats.maxInFlight <= 3, `maxInFlight ${h.sim.stats.maxInFlight}`);
      assert.strictEqual(h.sim.stats.maxInFlight, 3, 'and it does use them');
    });

    it('a call waiting for a slot can be cancelled: it is never sent, and the others go on', async () => {
      const c = h.client({ ...FAST, concurrency: 1 });
      h.sim.setLatency(40);
      const [first, second] = h.sim.store.all();
      const mark = h.sim.log.length;
      const ctl = new AbortController();
      const running = c.getUser(first.ID);
      const waiting = c.getUser(second.ID, ctl.signal);
      ctl.abort();
      await assert.rejects(waiting, (e: Error & { kind?: string }) => e.kind === 'cancelled');
      assert.strictEqual((await running).ID, first.ID.toLowerCase());
      assert.strictEqual((await c.getUser(second.ID)).ID, second.ID.toLowerCase(), 'the slot was given back');
      assert.deepStrictEqual(
        h.since(mark).map((e) => e.path.split('/').pop()?.toLowerCase()),
        [first.ID.toLowerCase(), second.ID.toLowerCase()],
      );
    });

    it('the timeout counts from sending, not from waiting for a slot', async () => {
      const c = h.client({ ...FAST, timeoutMs: 800, maxAttempts: 1, concurrency: 1 });
      h.sim.setLatency(300);
      // Four reads one after another take ~1.2 s in all; each on the wire takes ~0.3 s.
      const users = h.sim.store.all().slice(10, 14);
      const read = await Promise.all(users.map((u) => c.getUser(u.ID)));
      assert.deepStrictEqual(
        read.map((u) => u.ID),
        users.map((u) => u.ID.toLowerCase()),
      );
    });

    it(`a concurrency option above ${MAX_CONCURRENCY} is capped at ${MAX_CONCURRENCY} (Workfront’s historical per-customer cap)`, async () => {
      const c = h.client({ ...FAST, pageSize: 300, concurrency: 50 });
      h.sim.setLatency(15);
      h.sim.resetStats();
      await c.listUsers({});
      assert.ok(h.sim.stats.maxInFlight <= MAX_CONCURRENCY, `maxInFlight ${h.sim.stats.maxInFlight}`);
      assert.strictEqual(h.sim.stats.rejectedByCap, 0);
    });
  });

  describe('text filters', () => {
    it('lists the users whose name, email or title contains the text (Workfront OR semantics)', async () => {
      // A word from titles that appears in no name: only the title group can match it.
      const all = h.sim.store.all();
      const word = ['Engineer', 'Analyst', 'Manager', 'Designer'].find(
        (w) => !all.some((u) => u.name.toLowerCase().includes(w.toLowerCase())),
      )!;
      const expected = all
        .filter((u) => u.isActive && matchesText(u, word.toLowerCase()))
        .map((u) => u.ID)
        .sort();
      assert.ok(expected.length > 100);
      const rows = await client.listUsers({ isActive: true, text: word.toLowerCase() });
      assert.deepStrictEqual(duplicates(rows), []);
      assert.strictEqual(rows.length, expected.length, `users matching "${word}"`);
      assert.deepStrictEqual(rows.map((r) => r.ID).sort(), expected);
    });

    it('a name filter: each match once, inactive and active kept apart', async () => {
      const all = h.sim.store.all();
      const sample = [...all].sort(byId).find((u) => /^[a-z]+$/i.test(u.lastName) && u.lastName.length >= 5)!;
      const text = sample.lastName.toLowerCase();
      for (const isActive of [true, false]) {
        const rows = await client.listUsers({ isActive, text });
        assert.deepStrictEqual(duplicates(rows), []);
        assert.ok(rows.every((r) => r.isActive === isActive));
        const expected = all
          .filter((u) => u.isActive === isActive && matchesText(u, text))
          .map((u) => u.ID)
          .sort();
        assert.deepStrictEqual(rows.map((r) => r.ID).sort(), expected, `"${text}", isActive=${isActive}`);
      }
    });

    it('keyset (ID range) reads with a text filter repeat the ID condition in every OR group', async () => {
      // Workfront ORs each OR:n: group with the unprefixed statements. An ID range given only
      // unprefixed would bound the first group alone: the other groups would return rows outside the
      // range, and a full batch would make the keyset loop re-read the same rows forever.
      const all = h.sim.store.all();
      const sample = [...all].sort(byId).find((u) => /^[a-z]+$/i.test(u.lastName) && u.lastName.length >= 4)!;
      const text = sample.lastName.toLowerCase();
      const total = await client.countUsers({ text });
      assert.ok(total >= 2, `"${text}" matches ${total}`);
      // A page size equal to the total makes the only page full, which forces one keyset read of the tail.
      const c = h.client({ ...FAST, pageSize: total, concurrency: 2 });
      const mark = h.sim.log.length;
      await c.listUsers({ text }, { total });
      const ranges = h.since(mark).filter(isRange);
      assert.ok(ranges.length >= 1, 'a keyset read happened');
      for (const e of ranges) {
        const groups = Object.keys(e.query)
          .map((k) => /^(OR:\d+:)/.exec(k)?.[1])
          .filter((g): g is string => g !== undefined);
        assert.ok(groups.length > 0);
        for (const g of new Set(groups)) {
          assert.deepStrictEqual(e.query[`${g}ID_Mod`], e.query.ID_Mod, `${g}ID_Mod in ${JSON.stringify(e.query)}`);
          assert.deepStrictEqual(e.query[`${g}ID`], e.query.ID, `${g}ID`);
          if (e.query.ID_Range) assert.deepStrictEqual(e.query[`${g}ID_Range`], e.query.ID_Range, `${g}ID_Range`);
        }
      }
    });
  });

  describe('text filters under Workfront’s OR semantics (a minimal stand-in server, not the simulator)', () => {
    // 6 users match "zeta" by email only, 2 by title only, none by name; 4 do not match.
    const fake: FakeUser[] = Array.from({ length: 12 }, (_, i) => ({
      ID: hexId(0x1000 + i * 37),
      name: `Person ${i}`,
      emailAddr: i < 6 ? `p${i}@zeta-partner.example` : `p${i}@acme.example`,
      title: i === 6 || i === 7 ? 'Zeta Liaison' : 'Analyst',
      isActive: i % 3 !== 2,
    }));
    const run = async (pageSize: number, query: { isActive?: boolean; text: string }) => {
      const server = await startOrSemanticsServer(fake);
      const c = new Client(parseInstance(server.url), 'a'.repeat(32), { ...FAST, pageSize, concurrency: 2 });
      try {
        const rows = await c.listUsers(query);
        return { rows, searches: server.searches.length };
      } finally {
        await c.dispose();
        await server.close();
      }
    };

    it('the stand-in agrees with the client’s plain page parameters (isActive repeated in each group)', async () => {
      const { rows } = await run(2000, { isActive: true, text: 'zeta' });
      const expected = fake
        .filter((u) => u.isActive && matchesText(u, 'zeta'))
        .map((u) => u.ID)
        .sort();
      assert.deepStrictEqual(rows.map((r) => r.ID).sort(), expected);
      assert.deepStrictEqual(orSemanticsFilter(fake, new URLSearchParams('name=zeta&name_Mod=cicontains')).length, 0);
    });

    it('a text listing whose only page is full reads the tail once and ends, each match once', async () => {
      // 8 matches, page size 8: the full page forces a keyset read of the tail (ID > last). If the ID
      // bound is only in the unprefixed group, the email and title groups return all 8 again, the batch
      // is full again, and the keyset loop never ends (the stand-in stops it after 40 searches).
      const { rows, searches } = await run(8, { text: 'zeta' });
      assert.strictEqual(rows.length, 8);
      assert.deepStrictEqual(duplicates(rows), []);
      assert.ok(searches <= 3, `${searches} searches`);
    });
  });

  describe('while users change between pages', () => {
    interface Changes {
      removed: Set<string>;
      added: Set<string>;
      toggled: Set<string>;
      count: number;
    }
    const track = (): Changes => ({ removed: new Set(), added: new Set(), toggled: new Set(), count: 0 });

    /** Randomly deactivates, reactivates, adds and removes users. */
    function mutate(rnd: () => number, ch: Changes): void {
      const store = h.sim.store;
      const users = store.all();
      const pick = () => {
        for (;;) {
          const u = users[Math.floor(rnd() * users.length)];
          if (u.ID !== h.sim.admin.ID) return u;
        }
      };
      const r = rnd();
      if (r < 0.3) {
        const u = pick();
        store.setActive(u.ID, !u.isActive);
        ch.toggled.add(u.ID);
      } else if (r < 0.55) {
        const u = pick();
        ch.removed.add(u.ID);
        store.remove(u.ID);
      } else if (r < 0.8) {
        const u = store.add({ isActive: rnd() < 0.7 });
        ch.added.add(u.ID);
      } else {
        // A new user whose ID sorts before almost everyone: every later offset shifts by one.
        const u = store.add({
          ID: `000${Math.floor(rnd() * 0xfffffff)
            .toString(16)
            .padStart(7, '0')}${'0'.repeat(22)}`,
        });
        ch.added.add(u.ID);
      }
      ch.count++;
    }

    function checkAll(
      rows: readonly UserSummary[],
      initial: readonly SimUser[],
      ch: Changes,
      isActive?: boolean,
    ): void {
      assert.deepStrictEqual(duplicates(rows), [], 'no user twice');
      const initialIds = new Set(initial.map((u) => u.ID));
      const invented = rows.filter((r) => !initialIds.has(r.ID) && !ch.added.has(r.ID)).map((r) => r.ID);
      assert.deepStrictEqual(invented, [], 'no user that never existed');
      const throughout = initial
        .filter((u) => !ch.removed.has(u.ID))
        .filter((u) => !ch.added.has(u.ID))
        .filter((u) => isActive === undefined || (u.isActive === isActive && !ch.toggled.has(u.ID)))
        .map((u) => u.ID);
      assert.deepStrictEqual(missing(rows, throughout), [], 'every user present throughout is listed');
      if (isActive !== undefined) assert.ok(rows.every((r) => r.isActive === isActive));
    }

    /** Every user now (the check filters by isActive itself). */
    const snapshot = () => h.sim.store.all().map((u) => ({ ...u }));

    it('deterministic: users of the first page removed after it was read → the gap is read by ID range', async () => {
      const c = h.client({ ...FAST, pageSize: 400, concurrency: 1 });
      const initial = snapshot();
      const order = [...initial].sort(byId);
      const ch = track();
      let done = false;
      h.onRequest = (e) => {
        if (!done && e.op === 'search' && e.query.$$FIRST?.[0] === '0') {
          done = true;
          for (const u of order.slice(100, 106)) {
            ch.removed.add(u.ID);
            h.sim.store.remove(u.ID);
          }
        }
      };
      const mark = h.sim.log.length;
      const rows = await c.listUsers({}, { total: initial.length });
      checkAll(rows, initial, ch);
      const ranges = h.since(mark).filter(isRange);
      assert.ok(
        ranges.some((e) => e.query.ID_Mod?.[0] === 'between'),
        'a gap read',
      );
    });

    it('deterministic: users deactivated ahead of the next page of the active list → nothing missed', async () => {
      const c = h.client({ ...FAST, pageSize: 300, concurrency: 1 });
      const initial = snapshot();
      const order = initial.filter((u) => u.isActive).sort(byId);
      const ch = track();
      let pages = 0;
      h.onRequest = (e) => {
        if (e.op !== 'search' || isRange(e)) return;
        pages++;
        // After each page, deactivate 3 users at the start of the list and reactivate 1 inactive user.
        for (const u of order.slice(pages * 3, pages * 3 + 3)) {
          if (u.ID === h.sim.admin.ID) continue;
          h.sim.store.setActive(u.ID, false);
          ch.toggled.add(u.ID);
        }
        const back = h.sim.store.all().find((u) => !u.isActive && !ch.toggled.has(u.ID));
        if (back) {
          h.sim.store.setActive(back.ID, true);
          ch.toggled.add(back.ID);
        }
      };
      const rows = await c.listUsers({ isActive: true }, { total: order.length });
      assert.ok(pages >= 10);
      checkAll(rows, initial, ch, true);
    });

    it('deterministic: users added before every ID after each page → overlap absorbs the shift, nothing missed', async () => {
      const c = h.client({ ...FAST, pageSize: 500, concurrency: 1 });
      const initial = snapshot();
      const ch = track();
      let n = 0;
      h.onRequest = (e) => {
        if (e.op !== 'search') return;
        for (let i = 0; i < 7; i++) {
          const u = h.sim.store.add({ ID: `0000000${(++n).toString(16).padStart(6, '0')}${'0'.repeat(19)}` });
          ch.added.add(u.ID);
        }
      };
      const rows = await c.listUsers({}, { total: initial.length });
      checkAll(rows, initial, ch);
    });

    for (const isActive of [undefined, true, false]) {
      it(`random changes from a timer while pages are in flight (isActive=${String(isActive)}): every user present throughout, none twice`, async () => {
        const rnd = prng(isActive === undefined ? 1 : isActive ? 2 : 3);
        const c = h.client({ ...FAST, pageSize: 500, concurrency: 4 });
        h.sim.setLatency(6);
        const initial = snapshot();
        const ch = track();
        const timer = setInterval(() => {
          for (let i = 0; i < 3; i++) mutate(rnd, ch);
        }, 2);
        let rows: UserSummary[];
        try {
          rows = await c.listUsers(isActive === undefined ? {} : { isActive });
        } finally {
          clearInterval(timer);
        }
        assert.ok(ch.count > 20, `${ch.count} changes during the listing`);
        checkAll(rows, initial, ch, isActive);
      });
    }
  });

  describe('at the end', () => {
    it('key hygiene: in every request of this file the key was only in the apikey header', () => {
      const keys = [...h.secrets].filter((s) => /^[0-9a-f]{32}$/.test(s));
      assert.deepStrictEqual(keyHygieneProblems(h.sim.log, keys, ['demo-password']), []);
      assert.ok(h.sim.log.every((e) => e.headers.apikey === h.sim.apiKey));
    });

    it('no unhandled promise rejections', async () => {
      await sleep(10);
      assert.deepStrictEqual(unhandled.seen, []);
    });
  });
});
