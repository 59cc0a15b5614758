// listUsersByName against 10,000+ users over real HTTP: the first page asked for first, rows handed over
// in Workfront's name order as the pages arrive (only ever growing at the end), every user once, as few
// requests as the ID-ordered listing; and, when users change between pages, the ID-ordered listing as
// the answer, complete.
import * as assert from 'assert';
import type { WorkfrontClient } from '../../src/workfront/client';
import type { UserSummary } from '../../src/workfront/types';
import type { LoggedRequest, SimUser } from '../simulator';
import { FAST, startHarness, watchUnhandledRejections, type Harness } from './helpers/harness';

const ORG_SIZE = 10_050;
const isNamePage = (e: LoggedRequest) => e.op === 'search' && e.query.name_1_Sort?.[0] === 'ciasc';
const isIdPage = (e: LoggedRequest) => e.op === 'search' && e.query.ID_Sort?.[0] === 'asc';
/** The simulator's name order: lower case by UTF-16 code units (Workfront's own is not documented), then ID. */
const simNameOrder = (a: { name: string; ID: string }, b: { name: string; ID: string }) => {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0;
};

describe('WorkfrontClient.listUsersByName over 10,000+ users (simulator over HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  let client: WorkfrontClient;
  let unhandled: ReturnType<typeof watchUnhandledRejections>;

  before(async () => {
    unhandled = watchUnhandledRejections();
    h = await startHarness({ users: ORG_SIZE, seed: 23 });
    client = h.client();
  });

  afterEach(() => {
    h.onRequest = undefined;
    h.sim.setLatency(0);
  });

  after(async () => {
    unhandled.stop();
    await h?.close();
  });

  it('hands every active user once, in Workfront’s name order, in batches that only grow at the end', async () => {
    const active = h.sim.store.all().filter((u) => u.isActive);
    const batches: UserSummary[][] = [];
    const mark = h.sim.log.length;
    const listing = await client.listUsersByName(
      { isActive: true },
      { total: active.length, rows: (rows) => batches.push([...rows]) },
    );
    assert.strictEqual(listing.inNameOrder, true);
    assert.ok(batches.length >= 3, `several batches (${batches.length})`);
    const handed = batches.flat();
    assert.deepStrictEqual(
      handed.map((u) => u.ID),
      listing.users.map((u) => u.ID),
      'the answer is the batches, in the order handed over',
    );
    assert.deepStrictEqual(
      handed.map((u) => u.ID),
      [...active].sort(simNameOrder).map((u) => u.ID),
      'every active user once, in the order Workfront sorts them',
    );
    const requests = h.since(mark);
    assert.strictEqual(requests.filter(isIdPage).length, 0, 'no ID-ordered read was needed');
    assert.strictEqual(requests.filter(isNamePage).length, Math.ceil((active.length - 1) / 1999));
    assert.strictEqual(requests.filter(isNamePage)[0].query.$$FIRST?.[0], '0', 'the first page is asked for first');
  });

  it('the first rows are handed over after the first page, before the last pages are even asked for', async () => {
    h.sim.setLatency(100);
    const mark = h.sim.log.length;
    let sentAtFirst = -1;
    const listing = await client.listUsersByName(
      {},
      { total: ORG_SIZE, rows: () => sentAtFirst < 0 && (sentAtFirst = h.since(mark).filter(isNamePage).length) },
    );
    const pages = h.since(mark).filter(isNamePage).length;
    assert.strictEqual(listing.users.length, ORG_SIZE);
    // 6 pages with 4 at first (slow start): the first rows came while 2 pages were still to be asked for.
    assert.strictEqual(pages, Math.ceil((ORG_SIZE - 1) / 1999));
    assert.ok(sentAtFirst > 0 && sentAtFirst < pages, `${sentAtFirst} of ${pages} pages asked for at the first rows`);
  });

  it('a first page read ahead (firstUsersByName) is handed over at once and not asked for again', async () => {
    const active = h.sim.store.all().filter((u) => u.isActive);
    const ahead = await client.firstUsersByName({ isActive: true });
    assert.strictEqual(ahead.length, 2000);
    const mark = h.sim.log.length;
    const batches: UserSummary[][] = [];
    const listing = await client.listUsersByName(
      { isActive: true },
      { total: active.length, firstPage: Promise.resolve(ahead), rows: (rows) => batches.push([...rows]) },
    );
    assert.strictEqual(listing.inNameOrder, true);
    assert.deepStrictEqual(
      batches[0].map((u) => u.ID),
      ahead.map((u) => u.ID),
      'the page read ahead comes first',
    );
    assert.deepStrictEqual(
      listing.users.map((u) => u.ID),
      [...active].sort(simNameOrder).map((u) => u.ID),
      'every active user once, in name order',
    );
    const pages = h.since(mark).filter(isNamePage);
    assert.ok(!pages.some((e) => e.query.$$FIRST?.[0] === '0'), 'the first page is not read again');
    assert.strictEqual(pages.length, Math.ceil((active.length - 1) / 1999) - 1);
  });

  it('a first page read ahead that failed (undefined) is read again; one from before a change does not tile', async () => {
    const active = h.sim.store.all().filter((u) => u.isActive);
    let mark = h.sim.log.length;
    const again = await client.listUsersByName(
      { isActive: true },
      { total: active.length, firstPage: Promise.resolve(undefined) },
    );
    assert.strictEqual(again.users.length, active.length);
    assert.strictEqual(h.since(mark).filter(isNamePage)[0].query.$$FIRST?.[0], '0', 'read again, first');

    // A user of the first page deactivated after it was read: the next page starts one row later.
    const ahead = await client.firstUsersByName({ isActive: true });
    const gone = ahead.find((u) => u.ID !== h.sim.admin.ID)!;
    h.sim.store.setActive(gone.ID, false);
    try {
      mark = h.sim.log.length;
      const listing = await client.listUsersByName(
        { isActive: true },
        { total: active.length - 1, firstPage: Promise.resolve(ahead) },
      );
      assert.strictEqual(listing.inNameOrder, false, 'the pages did not line up with the old first page');
      assert.ok(h.since(mark).some(isIdPage), 'the ID-ordered listing answered');
      assert.strictEqual(listing.users.length, active.length - 1);
      assert.ok(!listing.users.some((u) => u.ID === gone.ID), 'the user deactivated meanwhile is not listed');
    } finally {
      h.sim.store.setActive(gone.ID, true);
    }
  });

  it('users deactivated between pages: the pages do not tile, and the ID-ordered listing answers, complete', async () => {
    const c = h.client({ ...FAST, pageSize: 300, concurrency: 1 });
    const initial = h.sim.store.all().map((u): SimUser => ({ ...u }));
    const active = initial.filter((u) => u.isActive).sort(simNameOrder);
    const toggled = new Set<string>();
    let pages = 0;
    h.onRequest = (e) => {
      if (!isNamePage(e)) return;
      pages++;
      // After each page, deactivate two users of the pages already read.
      for (const u of active.slice(pages * 2, pages * 2 + 2)) {
        if (u.ID === h.sim.admin.ID) continue;
        h.sim.store.setActive(u.ID, false);
        toggled.add(u.ID);
      }
    };
    const handed: UserSummary[] = [];
    const mark = h.sim.log.length;
    const listing = await c.listUsersByName(
      { isActive: true },
      { total: active.length, rows: (rows) => handed.push(...rows) },
    );
    assert.ok(pages >= 10);
    assert.strictEqual(listing.inNameOrder, false);
    assert.ok(h.since(mark).some(isIdPage), 'the ID-ordered listing was read');
    const ids = listing.users.map((u) => u.ID);
    assert.strictEqual(new Set(ids).size, ids.length, 'nobody twice');
    const listed = new Set(ids);
    const throughout = active.filter((u) => !toggled.has(u.ID));
    assert.deepStrictEqual(
      throughout.filter((u) => !listed.has(u.ID)).map((u) => u.ID),
      [],
      'every user active throughout is listed',
    );
    assert.ok(listing.users.every((u) => u.isActive));
    assert.ok(handed.length > 0, 'rows were handed over while the pages came');
    for (const id of toggled) h.sim.store.setActive(id, true);
  });
});
