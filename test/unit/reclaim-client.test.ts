// License reclamation and list matching in the client, against the simulator over real HTTP: the
// "not signed in" filter is Workfront's (`$$TODAY` arithmetic), the licence types come from the
// metadata, and a list of logins is matched in a few case-insensitive searches, counted on the wire.
import * as assert from 'assert';
import type { WorkfrontClient } from '../../src/workfront/client';
import { loginBatches, matchLogins, MAX_LOGINS_PER_SEARCH } from '../../src/workfront/matchLogins';
import { formatWorkfrontDate, LICENSE_TYPES, parseDate, type SimUser } from '../simulator';
import { resolveDateWildcard } from '../simulator/dates';
import { FAST, startHarness, type Harness } from './helpers/harness';

const DAY = 86_400_000;

describe('License reclamation and list matching (simulator over HTTP)', function () {
  this.timeout(20_000);
  let h: Harness;
  let client: WorkfrontClient;

  before(async () => {
    h = await startHarness({ users: 300, seed: 11 });
    client = h.client(FAST);
  });
  after(() => h.close());

  const others = () => h.sim.store.all().filter((u) => u.ID !== h.sim.admin.ID && u.isActive);

  it('lists active users not signed in for N days, never-signed-in ones by their creation date', async () => {
    const now = Date.now();
    const [recent, newcomer, oldNever, oldLogin] = others();
    h.sim.store.update(recent.ID, { lastLoginDate: formatWorkfrontDate(now - 10 * DAY) });
    h.sim.store.update(newcomer.ID, { lastLoginDate: null, entryDate: formatWorkfrontDate(now - 5 * DAY) });
    h.sim.store.update(oldNever.ID, { lastLoginDate: null, entryDate: formatWorkfrontDate(now - 400 * DAY) });
    h.sim.store.update(oldLogin.ID, { lastLoginDate: formatWorkfrontDate(now - 200 * DAY) });
    const cutoff = resolveDateWildcard('$$TODAY-90d') as number;
    const dormant = (u: SimUser) => {
      const last = u.lastLoginDate === null ? null : (parseDate(u.lastLoginDate) as number);
      return u.isActive && (last !== null ? last < cutoff : (parseDate(u.entryDate) as number) < cutoff);
    };
    const expected = h.sim.store
      .all()
      .filter(dormant)
      .map((u) => u.ID)
      .sort();
    const mark = h.sim.log.length;
    const query = { isActive: true, notSignedInDays: 90 };
    const listed = await client.listUsers(query);
    assert.deepStrictEqual(listed.map((u) => u.ID).sort(), expected);
    assert.strictEqual(await client.countUsers(query), expected.length);
    const ids = new Set(listed.map((u) => u.ID));
    assert.ok(ids.has(oldNever.ID) && ids.has(oldLogin.ID), 'the long-idle users are listed');
    assert.ok(!ids.has(recent.ID) && !ids.has(newcomer.ID), 'a recent sign-in or a recent creation is not');
    assert.ok(expected.length < h.sim.store.count(true), 'the filter left users out');
    // Workfront did the filtering: the wildcard travelled, and no request asked for every user.
    const sent = h.since(mark);
    assert.ok(
      sent.every((r) => r.params.lastLoginDate === '$$TODAY-90d'),
      JSON.stringify(sent[0]?.params),
    );
    assert.ok(sent.some((r) => r.params['OR:1:entryDate'] === '$$TODAY-90d'));
  });

  it('reads the license types from /user/metadata and changes one, confirmed by Workfront', async () => {
    const types = await client.licenseTypes();
    assert.deepStrictEqual(
      types.choices.map((c) => c.value),
      LICENSE_TYPES,
    );
    assert.strictEqual(types.editable, true);
    const u = others().find((x) => x.licenseType !== 'Light') as SimUser;
    const updated = await client.setLicenseType(u.ID, 'Light');
    assert.strictEqual(updated.licenseType, 'Light');
    assert.strictEqual(h.sim.store.get(u.ID)?.licenseType, 'Light');
    await assert.rejects(client.setLicenseType(u.ID, 'Gold'), /licenseType/);
    assert.strictEqual(h.sim.store.get(u.ID)?.licenseType, 'Light', 'a refused change changes nothing');
  });

  it('a failed metadata read is an error naming the operation', async () => {
    h.sim.inject({ op: 'other', kind: 'status', status: 500, times: 1 });
    await assert.rejects(client.licenseTypes(), /Read the license types/);
  });

  it('matches a list case-insensitively, by email or username, in batches of searches', async () => {
    const people = others().slice(0, 250);
    const upper = people[0];
    h.sim.store.update(people[1].ID, { username: 'legacy.login' });
    const list = [
      ...people.slice(2).map((u) => u.emailAddr),
      upper.emailAddr.toUpperCase(),
      'LEGACY.Login',
      'nobody@example.com',
      ` ${people[3].emailAddr} `, // the same person twice, with spaces
    ];
    const mark = h.sim.log.length;
    const { matches, searches } = await matchLogins(client, list);
    const sent = h.since(mark).filter((r) => r.op === 'search');
    assert.strictEqual(sent.length, searches);
    const distinct = new Set(list.map((v) => v.trim().toLowerCase()));
    assert.strictEqual(searches, loginBatches([...distinct]).length);
    assert.ok(searches <= Math.ceil(distinct.size / 50), `${searches} searches for ${distinct.size} values`);
    assert.deepStrictEqual(
      matches.get(upper.emailAddr.toLowerCase())?.map((u) => u.ID),
      [upper.ID],
    );
    assert.deepStrictEqual(
      matches.get('legacy.login')?.map((u) => u.ID),
      [people[1].ID],
    );
    assert.deepStrictEqual(matches.get('nobody@example.com'), []);
    for (const u of people.slice(2))
      assert.deepStrictEqual(
        matches.get(u.emailAddr.toLowerCase())?.map((x) => x.ID),
        [u.ID],
      );
  });

  it('the simulator answers a login lookup exactly as its full scan does', async () => {
    const people = others().slice(0, 30);
    const values = [...people.map((u) => u.emailAddr.toUpperCase()), 'nobody@example.com'];
    const lookup = { emailAddr: values, emailAddr_Mod: 'ciin', 'OR:1:username': values, 'OR:1:username_Mod': 'ciin' };
    // A second term in each alternative that always holds makes the simulator scan everyone instead.
    const scan = { ...lookup, ID_Mod: 'notnull', 'OR:1:ID_Mod': 'notnull' };
    const ask = (filters: object) =>
      client.searchUsers({}, { first: 0, limit: 2000, extra: [['filters', JSON.stringify(filters)]] });
    const [fast, slow] = await Promise.all([ask(lookup), ask(scan)]);
    assert.strictEqual(fast.length, 30);
    assert.deepStrictEqual(fast, slow);
  });

  it('keeps every batch inside the address limit, whatever the values', () => {
    const long = Array.from({ length: 300 }, (_, i) => `${'ü'.repeat(60)}${i}@example.com`);
    const batches = loginBatches(long);
    assert.ok(batches.length > 3, `${batches.length} batches`);
    assert.deepStrictEqual(batches.flat(), long);
    for (const b of batches) assert.ok(b.length <= MAX_LOGINS_PER_SEARCH);
  });

  it('fails a search whose answer holds a user not asked for (a filter Workfront ignored)', async () => {
    const fake = { searchUsers: async () => [{ ...(await client.getUser(others()[0].ID)), username: 'x' }] } as never;
    await assert.rejects(matchLogins(fake, ['someone@example.com']), /not on the list/);
  });
});
