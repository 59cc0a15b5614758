// Issue 5 at full size: 100,000 users in the simulator (no added latency). Not timed (the benchmark
// measures time); this checks what must hold at scale: every user exactly once, the request count near
// ceil(N/2000), never more requests in flight than the client's concurrency, and completeness while
// users are deactivated, reactivated, added and removed between pages.
import * as assert from 'assert';
import type { ClientOptions } from '../../src/workfront/client';
import type { UserSummary } from '../../src/workfront/types';
import type { LoggedRequest } from '../simulator';
import { startHarness, watchUnhandledRejections, type Harness } from './helpers/harness';
import { prng } from './helpers/memorySource';

const USERS = 100_000;
/** No retries: a retried page would hide a refused or lost request, and it would show in the counts. */
const STRICT: ClientOptions = { maxAttempts: 1 };

const searches = (log: readonly LoggedRequest[]) => log.filter((e) => e.op === 'search');
const isRange = (e: LoggedRequest) => e.query.ID_Mod !== undefined;

function duplicates(rows: readonly { ID: string }[]): string[] {
  const seen = new Set<string>();
  return rows.filter((r) => seen.has(r.ID) || !seen.add(r.ID)).map((r) => r.ID);
}

/** The first few differences between two ID sets, for a readable failure. */
function setDiff(got: Iterable<string>, want: Iterable<string>): { missing: string[]; extra: string[] } {
  const g = new Set(got);
  const w = new Set(want);
  return {
    missing: [...w].filter((id) => !g.has(id)).slice(0, 5),
    extra: [...g].filter((id) => !w.has(id)).slice(0, 5),
  };
}

describe('Scale: 100,000 users (simulator over HTTP, no added latency)', function () {
  this.timeout(60_000);
  let h: Harness;
  let unhandled: ReturnType<typeof watchUnhandledRejections>;

  before(async () => {
    unhandled = watchUnhandledRejections();
    h = await startHarness({ users: USERS, seed: 5 });
  });

  afterEach(() => {
    h.sim.clearFaults();
    h.sim.setLatency(0);
  });

  after(async () => {
    unhandled.stop();
    await h?.close();
    assert.deepStrictEqual(unhandled.seen, []);
  });

  for (const concurrency of [4, 10]) {
    it(`concurrency ${concurrency}: active and inactive lists hold each user exactly once, in ≤ ceil(N/2000)+2 requests, ≤ ${concurrency} in flight`, async () => {
      const client = h.client({ ...STRICT, concurrency });
      assert.strictEqual(h.sim.store.count(), USERS);
      for (const isActive of [true, false]) {
        const expected = h.sim.store
          .all()
          .filter((u) => u.isActive === isActive)
          .map((u) => u.ID);
        assert.ok(expected.length > 1000, `${expected.length} ${isActive ? 'active' : 'inactive'} users`);
        const total = await client.countUsers({ isActive });
        assert.strictEqual(total, expected.length);
        h.sim.resetStats();
        const mark = h.sim.log.length;
        const rows = await client.listUsers({ isActive }, { total });
        const sent = h.since(mark);

        assert.deepStrictEqual(duplicates(rows), [], 'no user twice');
        assert.strictEqual(rows.length, expected.length);
        assert.deepStrictEqual(
          setDiff(
            rows.map((r) => r.ID),
            expected,
          ),
          { missing: [], extra: [] },
        );
        assert.ok(rows.every((r) => r.isActive === isActive));

        const limit = Math.ceil(expected.length / 2000) + 2;
        assert.ok(sent.length <= limit, `${sent.length} requests for ${expected.length} users; at most ${limit}`);
        assert.deepStrictEqual(
          sent.map((e) => e.op).filter((op) => op !== 'search'),
          [],
          'only searches while listing',
        );
        assert.deepStrictEqual(
          sent.filter((e) => e.status !== 200).map((e) => e.status),
          [],
        );
        assert.ok(
          h.sim.stats.maxInFlight <= concurrency,
          `maxInFlight ${h.sim.stats.maxInFlight} > concurrency ${concurrency}`,
        );
        assert.strictEqual(h.sim.stats.rejectedByCap, 0);
      }
    });
  }

  it('users deactivated, reactivated, added and removed between pages: every user there throughout is listed, none twice', async () => {
    const store = h.sim.store;
    const adminId = h.sim.admin.ID;
    const client = h.client({ ...STRICT, concurrency: 4 });
    const activeAtStart = new Set(
      store
        .all()
        .filter((u) => u.isActive)
        .map((u) => u.ID),
    );
    const inactiveAtStart = new Set(
      store
        .all()
        .filter((u) => !u.isActive)
        .map((u) => u.ID),
    );
    const totals = { active: activeAtStart.size, inactive: inactiveAtStart.size };
    const touched = new Set<string>();
    const done = { deactivated: 0, reactivated: 0, added: 0, removed: 0 };
    const rand = prng(20260501);
    const anyUser = () => {
      const all = store.all();
      for (;;) {
        const u = all[Math.floor(rand() * all.length)];
        if (u.ID !== adminId) return u;
      }
    };
    // Status flips are cheap for the simulator; an addition or removal re-sorts its ID index (about a
    // hundred milliseconds at this size), so there are a few of those, early in the first listing.
    let tick = 0;
    const mutate = () => {
      tick++;
      for (let i = 0; i < 3; i++) {
        const u = anyUser();
        touched.add(u.ID);
        store.setActive(u.ID, !u.isActive);
        if (u.isActive) done.reactivated++;
        else done.deactivated++;
      }
      if (tick % 4 === 0 && done.added < 3) {
        const removed = anyUser();
        touched.add(removed.ID);
        store.remove(removed.ID);
        done.removed++;
        const added = store.add({ isActive: rand() < 0.5 });
        touched.add(added.ID);
        done.added++;
      }
    };
    // Every search waits 20 ms before it is answered, and the store changes every 5 ms: pages of one
    // listing see different states, and offsets shift between them.
    h.sim.inject({ op: 'search', kind: 'latency', latencyMs: 20 });
    const timer = setInterval(mutate, 5);
    let active: UserSummary[];
    let inactive: UserSummary[];
    const mark = h.sim.log.length;
    try {
      active = await client.listUsers({ isActive: true }, { total: totals.active });
      inactive = await client.listUsers({ isActive: false }, { total: totals.inactive });
    } finally {
      clearInterval(timer);
    }
    const sent = searches(h.since(mark));

    assert.ok(
      done.deactivated + done.reactivated >= 30 && done.added === 3 && done.removed === 3,
      `changes while listing: ${JSON.stringify(done)}`,
    );
    assert.ok(sent.some(isRange), 'rows moved between pages, and the gaps were read again by ID range');
    for (const [rows, atStart, otherAtStart, isActive] of [
      [active, activeAtStart, inactiveAtStart, true],
      [inactive, inactiveAtStart, activeAtStart, false],
    ] as const) {
      const label = isActive ? 'active' : 'inactive';
      assert.deepStrictEqual(duplicates(rows), [], `${label}: no user twice`);
      assert.ok(
        rows.every((r) => r.isActive === isActive),
        `${label}: every row as Workfront answered for this list`,
      );
      const ids = new Set(rows.map((r) => r.ID));
      const throughout = [...atStart].filter((id) => !touched.has(id));
      const missing = throughout.filter((id) => !ids.has(id));
      assert.deepStrictEqual(
        missing.slice(0, 5),
        [],
        `${label}: ${missing.length} of the ${throughout.length} users ${label} throughout are missing`,
      );
      const strangers = rows.filter((r) => otherAtStart.has(r.ID) && !touched.has(r.ID)).map((r) => r.ID);
      assert.deepStrictEqual(strangers.slice(0, 5), [], `${label}: users never ${label} were listed`);
    }
  });
});
