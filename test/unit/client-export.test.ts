// What an export asks of Workfront (simulator over HTTP): a listing with the reference fields (same pages,
// same guarantees as the tree's), users read by ID in bounded batches, the signed-in user's time zone.
// Never one request per user.
import * as assert from 'assert';
import { USER_EXPORT, USER_SUMMARY } from '../../src/workfront/fieldSets';
import { EXPORT_BYTES_PER_ROW, MAX_IDS_PER_READ, searchAnswerBytes } from '../../src/workfront/limits';
import { EXPORT_FIELDS, SUMMARY_FIELDS, type UserExportRow } from '../../src/workfront/types';
import { WorkfrontClient } from '../../src/workfront/client';
import { parseInstance } from '../../src/workfront/instance';
import { ADMIN_TIME_ZONE, type LoggedRequest, type SimUser } from '../simulator';
import {
  expectWfError,
  FAST,
  keyHygieneProblems,
  startHarness,
  watchUnhandledRejections,
  type Harness,
} from './helpers/harness';
import { hostileServer, sendJson, userRow } from './helpers/hostile';

const API = '/attask/api/v21.0';
const byId = (a: { ID: string }, b: { ID: string }) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0);

describe('WorkfrontClient for exports (simulator over HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  let client: WorkfrontClient;
  let unhandled: ReturnType<typeof watchUnhandledRejections>;
  const searches = (log: readonly LoggedRequest[]) => log.filter((e) => e.op === 'search');

  before(async () => {
    unhandled = watchUnhandledRejections();
    h = await startHarness({ users: 1_500, seed: 5 });
    client = h.client({ ...FAST, pageSize: 200 });
  });
  after(async () => {
    unhandled.stop();
    await h?.close();
  });

  /** What the store says an export row of this user holds (references by name, dates as parsed). */
  function expectRow(row: UserExportRow, u: SimUser): void {
    const manager = u.managerID ? h.sim.store.get(u.managerID) : undefined;
    assert.strictEqual(row.name, u.name);
    assert.strictEqual(row.isActive, u.isActive);
    assert.strictEqual(row.managerName, manager?.name ?? null);
    assert.strictEqual(row.managerEmail, manager?.emailAddr ?? null);
    assert.ok(typeof row.accessLevelName === 'string' && row.accessLevelName !== '', 'an access level');
    assert.ok(typeof row.homeGroupName === 'string' && row.homeGroupName !== '', 'a home group');
  }

  describe('listUsers with the export fields', () => {
    it('every active user once, with access level, home group and manager, in the same pages as a summary listing', async () => {
      const mark = h.sim.log.length;
      const rows = await client.listUsers({ isActive: true }, { fields: USER_EXPORT });
      const exportRequests = h.since(mark);
      const expected = h.sim.store.all().filter((u) => u.isActive);
      assert.deepStrictEqual(rows.map((r) => r.ID).sort(), expected.map((u) => u.ID).sort());
      for (const r of rows) expectRow(r, h.sim.store.get(r.ID)!);
      assert.deepStrictEqual(
        exportRequests.filter((e) => e.op !== 'count' && e.op !== 'search'),
        [],
        'no user read one by one',
      );
      for (const e of searches(exportRequests))
        assert.deepStrictEqual(e.query.fields, [['ID', ...EXPORT_FIELDS].join(',')]);
      const mark2 = h.sim.log.length;
      await client.listUsers({ isActive: true });
      assert.strictEqual(
        searches(exportRequests).length,
        searches(h.since(mark2)).length,
        'as many pages as the tree’s listing',
      );
      for (const e of searches(h.since(mark2)))
        assert.deepStrictEqual(e.query.fields, [['ID', ...SUMMARY_FIELDS].join(',')], 'the tree’s lists stay lean');
    });

    it('the details agree with the listing for a sample of users', async () => {
      const rows = await client.listUsers({ isActive: false }, { fields: USER_EXPORT });
      for (const r of rows.slice(0, 5)) {
        const d = await client.getUserDetails(r.ID);
        assert.deepStrictEqual(
          [r.accessLevelName, r.homeGroupName, r.managerName],
          [d.accessLevelName, d.homeGroupName, d.managerName],
        );
      }
    });

    it('stays complete while users change between pages (the same paging as the tree’s)', async () => {
      const before = h.sim.store
        .all()
        .filter((u) => u.isActive)
        .sort(byId);
      // After the first page, deactivate users it held: every later offset shifts.
      const victims = before.slice(5, 25);
      let done = false;
      h.onRequest = (e) => {
        if (!done && e.op === 'search' && e.query.$$FIRST?.[0] === '0') {
          done = true;
          for (const u of victims) h.sim.store.setActive(u.ID, false);
        }
      };
      try {
        const rows = await client.listUsers({ isActive: true }, { fields: USER_EXPORT });
        assert.ok(done, 'users changed while the listing ran');
        const got = new Set(rows.map((r) => r.ID));
        assert.strictEqual(got.size, rows.length, 'no user twice');
        for (const u of before.filter((x) => !victims.includes(x))) assert.ok(got.has(u.ID), `${u.ID} listed`);
      } finally {
        h.onRequest = undefined;
        for (const u of victims) h.sim.store.setActive(u.ID, true);
      }
    });

    it('an endless answer stops at the cap for export rows (larger than a summary’s, still bounded)', async () => {
      assert.ok(searchAnswerBytes(200, EXPORT_BYTES_PER_ROW) > searchAnswerBytes(200));
      h.sim.inject({ op: 'search', kind: 'endless', times: 1 });
      try {
        const err = await expectWfError(
          client.listUsers({ isActive: true }, { fields: USER_EXPORT, total: 10 }),
          'malformed',
        );
        assert.match(err.message, /reading stopped at 4\.1 MB/);
      } finally {
        h.sim.clearFaults();
      }
    });
  });

  describe('getUsers', () => {
    it('reads exactly the users asked for, 100 IDs per request (ID in …), in ID order, with the export fields', async () => {
      const wanted = h.sim.store
        .all()
        .filter((_, i) => i % 6 === 1)
        .slice(0, 250);
      const mark = h.sim.log.length;
      const rows = await client.getUsers(
        wanted.map((u) => u.ID.toUpperCase()),
        { fields: USER_EXPORT },
      );
      assert.deepStrictEqual(
        rows.map((r) => r.ID),
        wanted.map((u) => u.ID).sort(),
      );
      for (const r of rows) expectRow(r, h.sim.store.get(r.ID)!);
      const sent = h.since(mark);
      assert.deepStrictEqual(
        sent.map((e) => [e.op, e.query.ID.length, e.query.ID_Mod, e.query.$$LIMIT]),
        [
          ['search', MAX_IDS_PER_READ, ['in'], ['100']],
          ['search', MAX_IDS_PER_READ, ['in'], ['100']],
          ['search', 50, ['in'], ['50']],
        ].map(([op, n, mod, limit]) => [op, n, mod, limit]),
      );
      for (const e of sent) {
        const address = `${h.sim.url}${e.path}?${new URLSearchParams(Object.entries(e.query).flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v]))).toString()}`;
        assert.ok(address.length < 8_892, `the address stays within Workfront's URI limit (${address.length})`);
      }
    });

    it('a user deleted meanwhile is not returned; a repeated ID is read once', async () => {
      const [a, b] = h.sim.store
        .all()
        .filter((u) => u.ID !== h.sim.admin.ID)
        .slice(10, 12);
      const gone = h.sim.store.add({ firstName: 'Gone', lastName: 'Soon' });
      h.sim.store.remove(gone.ID);
      const rows = await client.getUsers([a.ID, gone.ID, b.ID, a.ID]);
      assert.deepStrictEqual(
        rows.map((r) => r.ID),
        [a.ID, b.ID].sort(),
      );
      assert.deepStrictEqual(Object.keys(rows[0]).sort(), ['ID', ...SUMMARY_FIELDS].sort(), 'summaries by default');
      assert.strictEqual(USER_SUMMARY.fields, SUMMARY_FIELDS);
    });

    it('refuses an ID that is not a Workfront ID before any request', async () => {
      const mark = h.sim.log.length;
      await expectWfError(client.getUsers([h.sim.admin.ID, '../user?x=']), 'malformed');
      assert.strictEqual(h.sim.log.length, mark);
    });

    it('an answer with a user not asked for, or one twice, is refused', async () => {
      const asked = 'a'.repeat(32);
      for (const answer of [[userRow('b'.repeat(32))], [userRow(asked), userRow(asked)]]) {
        const server = await hostileServer((_req, res) => sendJson(res, { data: answer }));
        const c = new WorkfrontClient(parseInstance(server.url), 'k'.repeat(32), FAST);
        try {
          const err = await expectWfError(c.getUsers([asked]), 'malformed');
          assert.match(err.message, /a user not asked for, or the same user twice/);
        } finally {
          await c.dispose();
          await server.close();
        }
      }
    });
  });

  describe('myTimeZone', () => {
    it("reads the signed-in user's timeZone with one GET of user?id=$$USER", async () => {
      const mark = h.sim.log.length;
      assert.strictEqual(await client.myTimeZone(), ADMIN_TIME_ZONE);
      const [e, ...more] = h.since(mark);
      assert.deepStrictEqual(more, []);
      assert.strictEqual(e.path, `${API}/user`);
      assert.deepStrictEqual(e.query.id, ['$$USER']);
      assert.deepStrictEqual(e.query.fields, ['ID,timeZone']);
    });

    it('null when the user has none; a value of the wrong type is malformed', async () => {
      h.sim.store.update(h.sim.admin.ID, { timeZone: null });
      try {
        assert.strictEqual(await client.myTimeZone(), null);
      } finally {
        h.sim.store.update(h.sim.admin.ID, { timeZone: ADMIN_TIME_ZONE });
      }
      const server = await hostileServer((_req, res) => sendJson(res, { data: { ID: 'a'.repeat(32), timeZone: 42 } }));
      const c = new WorkfrontClient(parseInstance(server.url), 'k'.repeat(32), FAST);
      try {
        await expectWfError(c.myTimeZone(), 'malformed');
      } finally {
        await c.dispose();
        await server.close();
      }
    });
  });

  describe('afterwards', () => {
    it('key hygiene and no unhandled rejections', async () => {
      assert.deepStrictEqual(keyHygieneProblems(h.sim.log, [h.sim.apiKey]), []);
      await new Promise((r) => setTimeout(r, 20));
      assert.deepStrictEqual(unhandled.seen, []);
    });
  });
});
