// Search and get answers are assembled from each user's cached JSON text (test/simulator/rowText.ts).
// These check that a cached answer is byte for byte the answer built without the cache, and that an
// edit, however it was made, shows up on the next read.
import * as assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator';
import { parseFields } from '../simulator/fields';
import { USER_DEF, USER_DEFAULT_FIELDS, asRow } from '../simulator/model';
import type { Store } from '../simulator/store';
import { call, ids, qs, rows, type Reply } from '../simulator/testHttp';

const FIELDS =
  'ID,name,emailAddr,title,isActive,licenseType,lastLoginDate,actualDeactivationDate,scheduleDeactivationDate';

describe('simulator: cached row texts', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ users: 500, maxConcurrent: 0 });
  });
  after(() => sim?.close());

  /** What the answer was before the cache: the envelope's objects through JSON.stringify. */
  function uncached(reply: Reply, fields: string | undefined, single = false): string {
    const projection = parseFields(USER_DEF, fields === undefined ? [] : [fields], USER_DEFAULT_FIELDS, false);
    const store = sim.store as unknown as Store;
    const objects = ids(single ? { ...reply, json: { data: [reply.json?.data ?? null] } } : reply).map((id) => {
      const user = sim.store.get(id);
      assert.ok(user, id);
      return projection.project(asRow(user), store);
    });
    return JSON.stringify({ data: single ? objects[0] : objects });
  }

  const page = (fields: string | undefined, extra: [string, string][] = []) => {
    const pairs: [string, string][] = [['ID_Sort', 'asc'], ['$$LIMIT', '200'], ...extra];
    if (fields !== undefined) pairs.push(['fields', fields]);
    return call(sim, `/user/search?${qs(pairs)}`);
  };

  it('a page read twice is the same bytes as the uncached answer, and its content-length matches', async () => {
    const first = await page(FIELDS);
    const second = await page(FIELDS);
    assert.equal(first.status, 200);
    assert.equal(second.text, first.text);
    assert.equal(second.text, uncached(second, FIELDS));
    assert.equal(Number(second.headers.get('content-length')), Buffer.byteLength(second.text));
    assert.ok(/[^\x20-\x7e]/.test(second.text), 'the page should carry non-ASCII names (multi-byte UTF-8)');
  });

  it('a deactivation through the API shows on the next page; the answer still equals the uncached one', async () => {
    await page(FIELDS); // cached
    const target = rows(await page(FIELDS, [['isActive', 'true']])).find((r) => r.ID !== sim.admin.ID);
    assert.ok(target);
    const id = String(target.ID);
    const edit = await call(sim, `/user/${id}?updates=${encodeURIComponent('{"isActive":false}')}`, { method: 'PUT' });
    assert.equal(edit.status, 200, edit.text);
    const after = await page(FIELDS);
    const row = rows(after).find((r) => r.ID === id);
    assert.ok(row);
    assert.equal(row.isActive, false);
    assert.equal(typeof row.actualDeactivationDate, 'string');
    assert.equal(after.text, uncached(after, FIELDS));
    const activeIds = ids(await page(FIELDS, [['isActive', 'true']]));
    assert.ok(!activeIds.includes(id));
  });

  it('changes made on the store directly (as by another admin) show too', async () => {
    const before = rows(await page(FIELDS));
    const user = sim.store.get(String(before[3].ID));
    assert.ok(user);
    sim.store.update(user.ID, { title: 'Chief Ünïcode Officer', firstName: 'Zoë' });
    const after = await page(FIELDS);
    const row = rows(after).find((r) => r.ID === user.ID);
    assert.equal(row?.title, 'Chief Ünïcode Officer');
    assert.equal(row?.name, `Zoë ${user.lastName}`);
    assert.equal(after.text, uncached(after, FIELDS));
  });

  it('the default fields, `*`, references and gets match the uncached answers', async () => {
    for (const fields of [undefined, '*', 'name,manager:name,accessLevel:*,homeGroup']) {
      await page(fields);
      const reply = await page(fields);
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.text, uncached(reply, fields), String(fields));
    }
    // A manager renamed: the reports' manager:name follows (projections with references are not cached).
    const report = sim.store.all().find((u) => u.managerID !== null && u.ID !== sim.admin.ID);
    assert.ok(report?.managerID);
    const fields = 'name,manager:name';
    await call(sim, `/user/${report.ID}?fields=${fields}`);
    sim.store.update(report.managerID, { lastName: 'Renamed' });
    const one = await call(sim, `/user/${report.ID}?fields=${fields}`);
    assert.match(one.text, /"manager":\{[^}]*"name":"[^"]* Renamed"/);
    assert.equal(one.text, uncached(one, fields, true));

    const two = [sim.admin.ID, report.ID];
    await call(sim, `/user?id=${two.join(',')}&fields=${FIELDS}`);
    sim.store.setActive(report.ID, !report.isActive);
    const many = await call(sim, `/user?id=${two.join(',')}&fields=${FIELDS}`);
    assert.deepEqual(ids(many), two);
    assert.equal(many.text, uncached(many, FIELDS));
    const single = await call(sim, `/user/${report.ID}?fields=${FIELDS}`);
    assert.equal(single.text, uncached(single, FIELDS, true));
    assert.equal(Number(single.headers.get('content-length')), Buffer.byteLength(single.text));
  });

  it('an empty page is {"data":[]}', async () => {
    const reply = await page(FIELDS, [['ID', 'no-such-id']]);
    assert.equal(reply.text, '{"data":[]}');
  });
});
