// Every client operation against the simulator over real HTTP: what is sent, what comes back, and that
// the store changed (or did not) as it should.
import * as assert from 'assert';
import { obtainApiKey, type WorkfrontClient } from '../../src/workfront/client';
import { parseWorkfrontDate } from '../../src/workfront/dates';
import { DETAIL_FIELDS, SUMMARY_FIELDS, type UserSummary } from '../../src/workfront/types';
import {
  ADMIN_USERNAME,
  DEFAULT_USER_PASSWORD,
  ERROR_CLASS,
  MAIN_ADMIN_DEACTIVATION,
  type SimUser,
} from '../simulator';
import {
  assertNoSecret,
  expectWfError,
  FAST,
  keyHygieneProblems,
  matchesText,
  startHarness,
  watchUnhandledRejections,
  type Harness,
} from './helpers/harness';

const API = '/attask/api/v21.0';

function expectSummary(got: UserSummary, u: SimUser): void {
  assert.deepStrictEqual(got, {
    ID: u.ID,
    name: u.name,
    emailAddr: u.emailAddr,
    title: u.title,
    isActive: u.isActive,
    licenseType: u.licenseType,
    lastLoginDate: parseWorkfrontDate(u.lastLoginDate),
    actualDeactivationDate: parseWorkfrontDate(u.actualDeactivationDate),
    scheduleDeactivationDate: parseWorkfrontDate(u.scheduleDeactivationDate),
  });
}

describe('WorkfrontClient operations (simulator over HTTP)', function () {
  this.timeout(20_000);
  let h: Harness;
  let client: WorkfrontClient;
  let unhandled: ReturnType<typeof watchUnhandledRejections>;
  const users = () => h.sim.store.all();
  // Each test gets users no earlier test touched (keys issued, states changed).
  const taken = new Set<string>();
  const someone = (pred: (u: SimUser) => boolean) => {
    const u = users().find((x) => x.ID !== h.sim.admin.ID && !taken.has(x.ID) && pred(x));
    if (!u) throw new Error('no such user in the seeded organisation');
    taken.add(u.ID);
    return u;
  };

  before(async () => {
    unhandled = watchUnhandledRejections();
    h = await startHarness({ users: 60, seed: 7 });
    h.secrets.add(DEFAULT_USER_PASSWORD);
    client = h.client();
  });

  after(async () => {
    unhandled.stop();
    await h?.close();
  });

  describe('whoAmI', () => {
    it("returns the key's owner with one GET of user?id=$$USER", async () => {
      const mark = h.sim.log.length;
      const me = await client.whoAmI();
      assert.deepStrictEqual(me, {
        ID: h.sim.admin.ID,
        name: h.sim.admin.name,
        username: ADMIN_USERNAME,
        isAdmin: true,
      });
      const sent = h.since(mark);
      assert.strictEqual(sent.length, 1);
      assert.strictEqual(sent[0].method, 'GET');
      assert.strictEqual(sent[0].path, `${API}/user`);
      assert.deepStrictEqual(sent[0].query.id, ['$$USER']);
      assert.strictEqual(sent[0].headers.apikey, h.sim.apiKey);
      assert.strictEqual(sent[0].status, 200);
    });

    it('another key gives another user', async () => {
      const u = someone((x) => x.isActive && !x.isAdmin);
      const key = h.sim.issueKey(u.ID);
      const me = await h.client(FAST, key).whoAmI();
      assert.strictEqual(me.ID, u.ID);
      assert.strictEqual(me.username, u.username);
      assert.strictEqual(me.isAdmin, false);
    });
  });

  describe('countUsers', () => {
    it('all, active and inactive equal the store', async () => {
      assert.strictEqual(await client.countUsers({}), h.sim.store.count());
      assert.strictEqual(await client.countUsers({ isActive: true }), h.sim.store.count(true));
      assert.strictEqual(await client.countUsers({ isActive: false }), h.sim.store.count(false));
      assert.ok(h.sim.store.count(false) > 0, 'the seed has inactive users');
    });

    it('sends GET user/count with isActive and isActive_Mod', async () => {
      const mark = h.sim.log.length;
      await client.countUsers({ isActive: false });
      const [e] = h.since(mark);
      assert.strictEqual(e.method, 'GET');
      assert.strictEqual(e.path, `${API}/user/count`);
      assert.deepStrictEqual(e.query.isActive, ['false']);
      assert.deepStrictEqual(e.query.isActive_Mod, ['eq']);
      assert.strictEqual(e.op, 'count');
    });

    it('scheduled deactivations only', async () => {
      const expected = users().filter((u) => u.scheduleDeactivationDate !== null).length;
      assert.strictEqual(await client.countUsers({ scheduledOnly: true }), expected);
    });

    it('a text filter on a name counts name, email or title matches (Workfront OR semantics)', async () => {
      const first = [...users()]
        .sort((a, b) => (a.ID < b.ID ? -1 : 1))
        .find((u) => u.isActive && u.ID !== h.sim.admin.ID)!;
      const text = first.lastName.slice(0, 3);
      const expected = users().filter((u) => u.isActive && matchesText(u, text)).length;
      assert.strictEqual(await client.countUsers({ isActive: true, text }), expected);
    });

    it('a text filter that matches titles only counts them (Workfront OR semantics)', async () => {
      // A word from a title that appears in no name: only the OR:2:title group can match it.
      const words = users()
        .map((u) => u.title.split(' ').pop()!)
        .filter((w) => w.length > 4 && !users().some((u) => u.name.toLowerCase().includes(w.toLowerCase())));
      const freq = (w: string) => words.filter((x) => x === w).length;
      const title = [...new Set(words)].sort((a, b) => freq(b) - freq(a))[0]!;
      const expectedActive = users().filter((u) => u.isActive && matchesText(u, title)).length;
      const expectedInactive = users().filter((u) => !u.isActive && matchesText(u, title)).length;
      assert.ok(expectedActive > 0);
      assert.strictEqual(
        await client.countUsers({ isActive: true, text: title }),
        expectedActive,
        `active users matching "${title}"`,
      );
      assert.strictEqual(
        await client.countUsers({ isActive: false, text: title }),
        expectedInactive,
        `inactive users matching "${title}"`,
      );
    });
  });

  describe('searchUsers', () => {
    it('asks for only the summary fields and ID, sorted by ID ascending, with $$FIRST and $$LIMIT', async () => {
      const mark = h.sim.log.length;
      await client.searchUsers({ isActive: true }, { first: 5, limit: 7 });
      const [e] = h.since(mark);
      assert.strictEqual(e.method, 'GET');
      assert.strictEqual(e.path, `${API}/user/search`);
      assert.deepStrictEqual(e.query.fields, [['ID', ...SUMMARY_FIELDS].join(',')]);
      assert.deepStrictEqual(e.query.ID_Sort, ['asc']);
      assert.deepStrictEqual(e.query.$$FIRST, ['5']);
      assert.deepStrictEqual(e.query.$$LIMIT, ['7']);
      assert.deepStrictEqual(e.query.isActive, ['true']);
      assert.deepStrictEqual(e.query.isActive_Mod, ['eq']);
      const sortKeys = Object.keys(e.query).filter((k) => k.endsWith('_Sort'));
      assert.deepStrictEqual(sortKeys, ['ID_Sort']);
    });

    it('returns that page of the ID order, each user as the store has it', async () => {
      const active = users()
        .filter((u) => u.isActive)
        .sort((a, b) => (a.ID < b.ID ? -1 : 1));
      const page = await client.searchUsers({ isActive: true }, { first: 5, limit: 7 });
      assert.deepStrictEqual(
        page.map((u) => u.ID),
        active.slice(5, 12).map((u) => u.ID),
      );
      for (const got of page) expectSummary(got, h.sim.store.get(got.ID)!);
    });

    it('clamps $$LIMIT to 1..2000', async () => {
      const mark = h.sim.log.length;
      await client.searchUsers({}, { first: 0, limit: 5000 });
      await client.searchUsers({}, { first: 0, limit: 0 });
      const sent = h.since(mark);
      assert.deepStrictEqual(
        sent.map((e) => e.query.$$LIMIT?.[0]),
        ['2000', '1'],
      );
      assert.ok(sent.every((e) => e.status === 200));
    });

    it('an offset past the end gives an empty page', async () => {
      assert.deepStrictEqual(await client.searchUsers({}, { first: 10_000, limit: 10 }), []);
    });
  });

  describe('getUser and getUserDetails', () => {
    it('getUser returns the summary as the store has it, asking only for summary fields', async () => {
      const u = someone((x) => !x.isActive);
      const mark = h.sim.log.length;
      expectSummary(await client.getUser(u.ID), u);
      const [e] = h.since(mark);
      assert.strictEqual(e.method, 'GET');
      assert.strictEqual(e.path, `${API}/user/${u.ID}`);
      assert.deepStrictEqual(e.query.fields, [['ID', ...SUMMARY_FIELDS].join(',')]);
    });

    it('getUser accepts an upper-case ID and sends it in lower case', async () => {
      const u = someone((x) => x.isActive);
      const mark = h.sim.log.length;
      assert.strictEqual((await client.getUser(u.ID.toUpperCase())).ID, u.ID);
      assert.strictEqual(h.since(mark)[0].path, `${API}/user/${u.ID}`);
    });

    it('getUserDetails resolves references to names', async () => {
      const u = someone((x) => x.managerID !== null && x.lastLoginDate !== null);
      const mark = h.sim.log.length;
      const d = await client.getUserDetails(u.ID);
      const [e] = h.since(mark);
      assert.deepStrictEqual(e.query.fields, [['ID', ...DETAIL_FIELDS].join(',')]);
      const {
        username,
        firstName,
        lastName,
        isAdmin,
        loginCount,
        entryDate,
        accessLevelName,
        homeGroupName,
        companyName,
        managerName,
        managerID,
        ...summary
      } = d;
      expectSummary(summary, u);
      assert.strictEqual(username, u.username);
      assert.strictEqual(firstName, u.firstName);
      assert.strictEqual(lastName, u.lastName);
      assert.strictEqual(isAdmin, u.isAdmin);
      assert.strictEqual(loginCount, u.loginCount);
      assert.strictEqual(entryDate, parseWorkfrontDate(u.entryDate));
      assert.ok(entryDate !== null);
      assert.strictEqual(managerName, h.sim.store.get(u.managerID!)!.name);
      assert.strictEqual(managerID, u.managerID, 'the manager’s ID, so their details can be shown in turn');
      for (const ref of [accessLevelName, homeGroupName, companyName])
        assert.ok(typeof ref === 'string' && ref.length > 0, String(ref));
    });

    it("the main admin's details: System Administrator, no manager", async () => {
      const d = await client.getUserDetails(h.sim.admin.ID);
      assert.strictEqual(d.accessLevelName, 'System Administrator');
      assert.strictEqual(d.managerName, null);
      assert.strictEqual(d.managerID, null);
      assert.strictEqual(d.isAdmin, true);
    });

    it('an unknown ID is notFound (404) with Workfront’s class and message', async () => {
      const err = await expectWfError(client.getUser('0123456789abcdef0123456789abcdef'), 'notFound', h.secrets);
      assert.strictEqual(err.status, 404);
      assert.strictEqual(err.wfClass, ERROR_CLASS.notFound);
      assert.ok(err.wfMessage && err.message.includes(err.wfMessage));
      assert.strictEqual(err.operation, 'Read the user');
    });
  });

  describe('IDs are checked before any request', () => {
    const bad = [
      '../x',
      '../../attask/api/v21.0/user',
      '0123456789abcdef0123456789abcde',
      '0123456789abcdef0123456789abcdeg',
      '0123456789abcdef0123456789abcdef/../x',
      '0123456789abcdef0123456789abcdef?x=1',
      '$$USER',
      '',
    ];
    for (const id of bad) {
      it(`refuses ${JSON.stringify(id)} in every operation, sending nothing`, async () => {
        const mark = h.sim.log.length;
        const before = client.requestCount;
        await expectWfError(client.getUser(id), 'malformed');
        await expectWfError(client.getUserDetails(id), 'malformed');
        await expectWfError(client.setActive(id, false), 'malformed');
        await expectWfError(client.setActive(id, true), 'malformed');
        await expectWfError(client.setScheduledDeactivation(id, Date.now()), 'malformed');
        await expectWfError(client.setScheduledDeactivation(id, null), 'malformed');
        assert.strictEqual(h.sim.log.length, mark, 'no request reached the server');
        assert.strictEqual(client.requestCount, before);
      });
    }
  });

  describe('setActive', () => {
    it('deactivates: one PUT with updates in the query, the confirmed state returned, the store changed', async () => {
      const u = someone((x) => x.isActive && !x.isAdmin);
      const mark = h.sim.log.length;
      const got = await client.setActive(u.ID, false);
      assert.strictEqual(got.ID, u.ID);
      assert.strictEqual(got.isActive, false);
      assert.ok(got.actualDeactivationDate !== null, 'Workfront stamps the deactivation date');
      assert.strictEqual(h.sim.store.get(u.ID)!.isActive, false);
      expectSummary(got, h.sim.store.get(u.ID)!);
      const sent = h.since(mark);
      assert.strictEqual(sent.length, 1, 'exactly one request');
      const [e] = sent;
      assert.strictEqual(e.method, 'PUT');
      assert.strictEqual(e.effectiveMethod, 'PUT');
      assert.strictEqual(e.path, `${API}/user/${u.ID}`);
      assert.strictEqual(e.op, 'update');
      assert.strictEqual(e.body, '', 'updates travel in the query, not the body');
      assert.strictEqual(e.query.updates?.length, 1);
      const updates = JSON.parse(e.query.updates[0]) as Record<string, unknown>;
      assert.deepStrictEqual(Object.keys(updates), ['isActive']);
      assert.strictEqual(String(updates.isActive), 'false');
      assert.ok(e.query.fields?.[0].split(',').includes('isActive'), 'asks for isActive back');
    });

    it('reactivates: one PUT, the confirmed state returned, the store changed', async () => {
      const u = someone((x) => !x.isActive);
      const mark = h.sim.log.length;
      const got = await client.setActive(u.ID, true);
      assert.strictEqual(got.isActive, true);
      assert.strictEqual(got.actualDeactivationDate, null);
      assert.strictEqual(h.sim.store.get(u.ID)!.isActive, true);
      const sent = h.since(mark);
      assert.strictEqual(sent.length, 1);
      assert.strictEqual(String((JSON.parse(sent[0].query.updates[0]) as Record<string, unknown>).isActive), 'true');
    });

    it('a round trip leaves the user as before', async () => {
      const u = someone((x) => x.isActive && !x.isAdmin && x.scheduleDeactivationDate === null);
      assert.strictEqual((await client.setActive(u.ID, false)).isActive, false);
      assert.strictEqual((await client.setActive(u.ID, true)).isActive, true);
      assert.strictEqual((await client.getUser(u.ID)).isActive, true);
    });

    it('setting the state the user already has succeeds and changes nothing', async () => {
      const u = someone((x) => !x.isActive);
      const stamp = u.actualDeactivationDate;
      assert.strictEqual((await client.setActive(u.ID, false)).isActive, false);
      assert.strictEqual(h.sim.store.get(u.ID)!.actualDeactivationDate, stamp);
    });

    it('the main admin is refused: a validation error with Workfront’s message, sent once, store unchanged', async () => {
      const admin = h.sim.admin;
      const before = JSON.stringify(admin);
      const mark = h.sim.log.length;
      const err = await expectWfError(client.setActive(admin.ID, false), 'validation', h.secrets);
      assert.strictEqual(err.status, 422);
      assert.strictEqual(err.wfClass, ERROR_CLASS.validation);
      assert.strictEqual(err.wfMessage, MAIN_ADMIN_DEACTIVATION);
      assert.ok(err.message.includes(MAIN_ADMIN_DEACTIVATION));
      assert.strictEqual(err.operation, 'Deactivate the user');
      assert.strictEqual(h.since(mark).length, 1, 'a refusal is not retried');
      assert.strictEqual(JSON.stringify(h.sim.store.get(admin.ID)), before);
      assert.strictEqual(h.sim.store.get(admin.ID)!.isActive, true);
    });

    it('a non-admin key may not deactivate someone else: a refusal, store unchanged', async () => {
      const actor = someone((x) => x.isActive && !x.isAdmin);
      const target = someone((x) => x.isActive && x.ID !== actor.ID);
      const c = h.client(FAST, h.sim.issueKey(actor.ID));
      const err = await c.setActive(target.ID, false).then(
        () => assert.fail('allowed'),
        (e: unknown) => e,
      );
      assert.ok(
        err instanceof Error && 'kind' in err && ['validation', 'forbidden'].includes((err as { kind: string }).kind),
        String(err),
      );
      assert.strictEqual(h.sim.store.get(target.ID)!.isActive, true);
    });
  });

  describe('setScheduledDeactivation', () => {
    it('sets a date (sent in Workfront’s colon form) and clears it', async () => {
      const u = someone((x) => x.isActive && !x.isAdmin && x.scheduleDeactivationDate === null);
      const when = Date.UTC(2031, 0, 15, 7, 0, 0, 0);
      let mark = h.sim.log.length;
      const set = await client.setScheduledDeactivation(u.ID, when);
      assert.strictEqual(set.scheduleDeactivationDate, when);
      assert.strictEqual(set.isActive, true);
      assert.strictEqual(parseWorkfrontDate(h.sim.store.get(u.ID)!.scheduleDeactivationDate), when);
      let sent = h.since(mark);
      assert.strictEqual(sent.length, 1);
      assert.strictEqual(sent[0].method, 'PUT');
      assert.deepStrictEqual(JSON.parse(sent[0].query.updates[0]), {
        scheduleDeactivationDate: '2031-01-15T07:00:00:000+0000',
      });

      mark = h.sim.log.length;
      const cleared = await client.setScheduledDeactivation(u.ID, null);
      assert.strictEqual(cleared.scheduleDeactivationDate, null);
      assert.strictEqual(h.sim.store.get(u.ID)!.scheduleDeactivationDate, null);
      sent = h.since(mark);
      assert.strictEqual(sent.length, 1);
      assert.deepStrictEqual(JSON.parse(sent[0].query.updates[0]), { scheduleDeactivationDate: null });
    });

    it('shows up in the scheduledOnly count', async () => {
      const u = someone((x) => x.isActive && !x.isAdmin && x.scheduleDeactivationDate === null);
      const before = await client.countUsers({ scheduledOnly: true });
      await client.setScheduledDeactivation(u.ID, Date.UTC(2032, 5, 1));
      assert.strictEqual(await client.countUsers({ scheduledOnly: true }), before + 1);
      await client.setScheduledDeactivation(u.ID, null);
      assert.strictEqual(await client.countUsers({ scheduledOnly: true }), before);
    });
  });

  describe('obtainApiKey', () => {
    const keyActions = (mark: number) => h.since(mark).map((e) => e.query.action?.[0] ?? e.params.action);

    it("returns the admin's existing key and does not regenerate it", async () => {
      const keyBefore = h.sim.apiKey;
      const mark = h.sim.log.length;
      const key = await obtainApiKey(h.instance, ADMIN_USERNAME, 'demo-password', FAST);
      assert.strictEqual(key, keyBefore);
      assert.strictEqual(h.sim.apiKey, keyBefore, 'the key was not replaced');
      assert.deepStrictEqual(keyActions(mark), ['getApiKey']);
      assert.strictEqual((await client.whoAmI()).ID, h.sim.admin.ID, 'the existing key still works');
    });

    it('sends the password only in a form body of a PUT, never in the URL, and no key header', async () => {
      const mark = h.sim.log.length;
      await obtainApiKey(h.instance, ADMIN_USERNAME, 'demo-password', FAST);
      const [e] = h.since(mark);
      assert.strictEqual(e.method, 'PUT');
      assert.strictEqual(e.path, `${API}/user`);
      assert.deepStrictEqual(Object.keys(e.query), ['action']);
      assert.ok(!JSON.stringify(e.query).includes('demo-password'));
      assert.ok(!e.path.includes('demo-password'));
      assert.match(e.headers['content-type'] ?? '', /application\/x-www-form-urlencoded/);
      const form = new URLSearchParams(e.body);
      assert.strictEqual(form.get('password'), 'demo-password');
      assert.strictEqual(form.get('username'), ADMIN_USERNAME);
      assert.strictEqual(form.get('method'), 'PUT');
      assert.strictEqual(e.headers.apikey, undefined);
    });

    it('generates a key only when the user has none, then returns that same key', async () => {
      const u = someone((x) => x.isActive && !x.isAdmin);
      h.secrets.add(DEFAULT_USER_PASSWORD);
      let mark = h.sim.log.length;
      const key = await obtainApiKey(h.instance, u.username, DEFAULT_USER_PASSWORD, FAST);
      h.secrets.add(key);
      assert.match(key, /^[0-9a-f]{32}$/);
      assert.deepStrictEqual(keyActions(mark), ['getApiKey', 'generateApiKey']);
      assert.strictEqual((await h.client(FAST, key).whoAmI()).ID, u.ID);

      mark = h.sim.log.length;
      assert.strictEqual(await obtainApiKey(h.instance, u.username, DEFAULT_USER_PASSWORD, FAST), key);
      assert.deepStrictEqual(keyActions(mark), ['getApiKey'], 'not regenerated');
      assert.strictEqual((await h.client(FAST, key).whoAmI()).ID, u.ID, 'still valid');
    });

    it('after clearApiKey a new key is generated and the old one stops working', async () => {
      const u = someone((x) => x.isActive && !x.isAdmin);
      const old = await obtainApiKey(h.instance, u.username, DEFAULT_USER_PASSWORD, FAST);
      h.secrets.add(old);
      const res = await fetch(`${h.instance.apiBase}/user?action=clearApiKey`, {
        method: 'PUT',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: u.username, password: DEFAULT_USER_PASSWORD, method: 'PUT' }).toString(),
      });
      assert.strictEqual(res.status, 200);
      const mark = h.sim.log.length;
      const fresh = await obtainApiKey(h.instance, u.username, DEFAULT_USER_PASSWORD, FAST);
      h.secrets.add(fresh);
      assert.notStrictEqual(fresh, old);
      assert.deepStrictEqual(keyActions(mark), ['getApiKey', 'generateApiKey']);
      assert.strictEqual((await h.client(FAST, fresh).whoAmI()).ID, u.ID);
      const err = await expectWfError(h.client(FAST, old).whoAmI(), 'auth', h.secrets);
      assert.strictEqual(err.status, 401);
    });

    it('a wrong password is an auth error that does not contain the password, sent once', async () => {
      const mark = h.sim.log.length;
      const wrong = 'wrong-Pa55word';
      const err = await expectWfError(obtainApiKey(h.instance, ADMIN_USERNAME, wrong, FAST), 'auth', [
        ...h.secrets,
        wrong,
      ]);
      assert.strictEqual(err.status, 401);
      assert.strictEqual(err.wfClass, ERROR_CLASS.auth);
      assert.strictEqual(err.operation, 'Get the API key');
      assert.strictEqual(h.since(mark).length, 1);
      assertNoSecret(err, ['demo-password']);
    });

    it('an unknown user is an auth error too', async () => {
      await expectWfError(obtainApiKey(h.instance, 'nobody@acme.example', 'x', FAST), 'auth', h.secrets);
    });
  });

  describe('at the end', () => {
    it('key hygiene: in every request of this file the key was only in the apikey header, passwords only in form bodies', () => {
      assert.ok(h.sim.log.length > 30);
      const keys = [...h.secrets].filter((s) => /^[0-9a-f]{32}$/.test(s));
      assert.deepStrictEqual(keyHygieneProblems(h.sim.log, keys, ['demo-password', DEFAULT_USER_PASSWORD]), []);
      const withKey = h.sim.log.filter((e) => e.headers.apikey !== undefined);
      assert.ok(withKey.length > 0);
      for (const e of withKey) assert.ok(keys.includes(e.headers.apikey!), 'only known keys are sent');
    });

    it('no unhandled promise rejections', () => {
      assert.deepStrictEqual(unhandled.seen, []);
    });
  });
});
