// The instance model on plain Node with a fake Workfront: counts, lists, stops, filters, confirmed moves.
import * as assert from 'assert';
import { readAheadLimits } from '../../src/tree/groupLoads';
import { busyMarks, type InstanceModel } from '../../src/tree/instanceModel';
import { activateFake, type Activated } from '../fakes/extension';
import { wfError } from '../fakes/client';
import * as fake from '../fakes/vscode';

describe('InstanceModel (fake Workfront)', () => {
  let a: Activated;
  let model: InstanceModel;

  function setUp(opts: Parameters<typeof activateFake>[0] = {}) {
    a = activateFake(opts);
    const m = a.svc.model.all()[0];
    assert.ok(m, 'the signed-in instance has a model');
    model = m;
  }
  afterEach(() => a?.dispose());

  it('asks who is signed in and the three counts in parallel, once', async () => {
    setUp({ users: 12, shape: (i) => ({ isActive: i % 4 !== 0, scheduleDeactivationDate: i === 1 ? 1 : null }) });
    await Promise.all([model.ensureCounts(), model.ensureCounts()]);
    assert.deepStrictEqual(model.counts, { active: 9, inactive: 3, scheduled: 1 });
    assert.strictEqual(model.me?.ID, a.wf.me.ID);
    assert.strictEqual(a.wf.callsOf('countUsers').length, 3);
    assert.strictEqual(a.wf.callsOf('whoAmI').length, 1);
    assert.deepStrictEqual(a.wf.keysUsed, ['good-key', 'good-key', 'good-key', 'good-key']);
  });

  it('a group opened soon after its count uses the first page read ahead; later, or after a change, reads it again', async () => {
    setUp({ users: 6, shape: (i) => ({ isActive: i > 2 }) });
    await model.ensureCounts();
    for (const g of ['active', 'inactive', 'scheduled'] as const) model.readAhead(g); // as the tree does
    model.readAhead('active'); // once is enough
    await fake.settle();
    assert.strictEqual(a.wf.callsOf('firstUsersByName').length, 2, 'not for the empty group');
    const release = a.wf.hold('listUsersByName');
    const rows = model.ensureRows('active');
    await rows; // the first page is here, though the listing is held
    assert.strictEqual(model.listState('active').users?.length, 4);
    release();
    await model.ensureList('active');
    assert.strictEqual(model.listState('active').users?.length, 4, 'each user once');
    // Inactive's page is forgotten when a user changes (it may show them as they were).
    const user = model.users.get(model.listState('active').users![0].ID)!;
    a.wf.users.set(user.ID, { ...user, isActive: false });
    model.applyUser({ ...user, isActive: false });
    const releaseAgain = a.wf.hold('listUsersByName');
    const inactive = model.ensureRows('inactive');
    await fake.settle();
    assert.strictEqual(model.listState('inactive').users?.length ?? 0, 0, 'no rows before the listing answers');
    releaseAgain();
    await inactive;
    assert.strictEqual(model.listState('inactive').users?.length, 3);
  });

  it('a first page read ahead more than readAheadLimits.maxAgeMs before is not used', async () => {
    setUp({ users: 6, shape: (i) => ({ isActive: i > 2 }) });
    const saved = readAheadLimits.maxAgeMs;
    readAheadLimits.maxAgeMs = 20;
    try {
      await model.ensureCounts();
      model.readAhead('active');
      await new Promise((resolve) => setTimeout(resolve, 40));
      const release = a.wf.hold('listUsersByName');
      const rows = model.ensureRows('active');
      await fake.settle();
      assert.strictEqual(model.listState('active').users?.length ?? 0, 0, 'the old page is not shown');
      release();
      await rows;
      assert.strictEqual(model.listState('active').users?.length, 4);
    } finally {
      readAheadLimits.maxAgeMs = saved;
    }
  });

  it('a refresh aborts the count requests in flight as well as the listings (they held request slots)', async () => {
    setUp();
    await model.ensureCounts();
    const releaseCounts = a.wf.hold('countUsers');
    const releaseList = a.wf.hold('listUsersByName');
    model.refresh();
    const counts = model.ensureCounts();
    const list = model.ensureList('active');
    await fake.settle();
    const inFlight = a.wf.calls.filter((c) => !c.done);
    assert.deepStrictEqual(inFlight.map((c) => c.method).sort(), [
      'countUsers',
      'countUsers',
      'countUsers',
      'listUsersByName',
    ]);
    model.refresh();
    await fake.settle();
    for (const c of inFlight) assert.ok(c.signal?.aborted, `${c.method} aborted by the refresh`);
    assert.ok(
      inFlight.every((c) => c.done),
      'the aborted calls are settled (their slots free)',
    );
    releaseCounts();
    releaseList();
    await Promise.all([counts, list]);
  });

  it('a filter change stops what loads and forgets the old rows (they are not matches)', async () => {
    setUp({ users: 20 });
    await model.ensureCounts();
    await model.ensureList('active');
    assert.strictEqual(model.listState('active').users?.length, 20);
    const release = a.wf.hold('listUsersByName');
    model.refresh();
    const pending = model.ensureList('active');
    await fake.settle();
    model.setFilter('User 0001');
    assert.strictEqual(model.listState('active').users, undefined);
    assert.strictEqual(model.counts, undefined);
    assert.ok(a.wf.callsOf('listUsersByName')[1].signal?.aborted);
    release();
    await pending;
    await model.ensureCounts();
    await model.ensureList('active');
    assert.deepStrictEqual(
      model.listState('active').users?.map((u) => u.name),
      Array.from({ length: 10 }, (_, i) => `User 000${10 + i}`),
    );
    assert.deepStrictEqual(a.wf.callsOf('listUsersByName').at(-1)?.args[0], {
      isActive: true,
      scheduledOnly: false,
      text: 'User 0001',
    });
  });

  it('lists are sorted by name and kept when a reload fails (the error is shown beside them)', async () => {
    setUp({ users: 5, shape: (i) => ({ name: ['eve', 'Bob', 'alice', 'Dan', 'carol'][i - 1] }) });
    await model.ensureCounts();
    await model.ensureList('active');
    assert.deepStrictEqual(
      model.listState('active').users?.map((u) => u.name),
      ['alice', 'Bob', 'carol', 'Dan', 'eve'],
    );
    a.wf.failNext('listUsersByName', wfError('server', 'List active users', 500));
    model.refresh();
    await model.ensureList('active');
    assert.strictEqual(model.listState('active').users?.length, 5);
    assert.strictEqual(model.listState('active').error?.message, 'List active users: server');
    assert.ok(fake.record.log.some((l) => l.level === 'error' && l.message.includes('List active users')));
  });

  it('an auth failure marks the key rejected: no more requests with it, the client is closed', async () => {
    setUp();
    a.wf.failNext('countUsers', wfError('auth', 'Count active users', 401));
    await model.ensureCounts();
    assert.strictEqual(model.status, 'keyRejected');
    assert.ok(a.wf.clientsMade[0].disposed);
    const before = a.wf.calls.length;
    model.refresh();
    await model.ensureCounts();
    assert.strictEqual(a.wf.calls.length, before, 'a rejected key is not used again');
  });

  it('no key stored: status noKey, and a refresh tries again once a key is there', async () => {
    setUp();
    a.context.secrets.values.clear();
    await model.ensureCounts();
    assert.strictEqual(model.status, 'noKey');
    a.context.secrets.values.set(`workfront.apiKey/${a.instance.host}`, 'good-key');
    model.refresh();
    await model.ensureCounts();
    assert.strictEqual(model.status, 'ready');
    assert.ok(model.counts);
  });

  it('applyUser moves a confirmed user between the loaded groups and adjusts the counts', async () => {
    setUp({ users: 6, shape: (i) => ({ isActive: i <= 4 }) });
    await model.ensureCounts();
    await Promise.all([model.ensureList('active'), model.ensureList('inactive')]);
    const user = model.listState('active').users![2];
    model.applyUser({ ...user, isActive: false });
    assert.ok(!model.listState('active').users!.some((u) => u.ID === user.ID));
    assert.ok(model.listState('inactive').users!.some((u) => u.ID === user.ID));
    assert.deepStrictEqual(model.counts, { active: 3, inactive: 3, scheduled: 0 });
    const names = model.listState('inactive').users!.map((u) => u.name);
    assert.deepStrictEqual(names, [...names].sort(), 'inserted in name order');
  });

  it('removeUser drops a deleted user everywhere', async () => {
    setUp({ users: 4 });
    await model.ensureCounts();
    await model.ensureList('active');
    const gone = model.listState('active').users![0];
    model.removeUser(gone.ID);
    assert.ok(!model.users.has(gone.ID));
    assert.strictEqual(model.listState('active').users!.length, 3);
    assert.strictEqual(model.counts?.active, 3);
  });

  it('pauseLoads stops the tree’s listings but not one a command waits for', async () => {
    setUp({ users: 4, shape: (i) => ({ isActive: i > 1 }) });
    await model.ensureCounts();
    const release = a.wf.hold('listUsersByName');
    const treeLoad = model.ensureList('active');
    const exportLoad = model.ensureList('inactive', true);
    await fake.settle();
    assert.deepStrictEqual(model.pauseLoads(), ['active']);
    const [active, inactive] = a.wf.callsOf('listUsersByName');
    assert.ok(active.signal?.aborted);
    assert.ok(!inactive.signal?.aborted);
    release();
    await Promise.all([treeLoad, exportLoad]);
    assert.strictEqual(model.listState('inactive').users?.length, 1);
    assert.strictEqual(model.listState('active').users, undefined, 'loads again when shown');
  });

  it('setBusy marks several rows at once, and shows them in one change after busyMarks.delayMs', async () => {
    setUp();
    const changes: unknown[] = [];
    model.onDidChange((c) => changes.push(c));
    const started = Date.now();
    model.setBusy(['a', 'b', 'c'], 'Deactivating…');
    assert.strictEqual(model.busy.size, 3, 'busy at once: a second command leaves them out');
    assert.deepStrictEqual(changes, [], 'not rendered yet: a quick answer needs no mark');
    await fake.until(() => changes.length > 0, 2000);
    assert.ok(Date.now() - started >= busyMarks.delayMs - 5, `shown after ${Date.now() - started} ms`);
    assert.deepStrictEqual(changes, [{ kind: 'users', ids: ['a', 'b', 'c'] }]);
    model.setBusy(['a', 'b', 'c'], undefined);
    assert.strictEqual(model.busy.size, 0);
    assert.deepStrictEqual(changes.at(-1), { kind: 'users', ids: ['a', 'b', 'c'] }, 'cleared at once');
  });

  it('a change answered before busyMarks.delayMs never renders its rows busy', async () => {
    setUp();
    const changes: unknown[] = [];
    model.onDidChange((c) => changes.push(c));
    model.setBusy(['a', 'b'], 'Deactivating…');
    model.setBusy(['a'], undefined);
    await new Promise((resolve) => setTimeout(resolve, busyMarks.delayMs + 50));
    assert.deepStrictEqual(changes, [
      { kind: 'users', ids: ['a'] },
      { kind: 'users', ids: ['b'] },
    ]);
  });

  it('close() stops every load and waits for the client to close', async () => {
    setUp();
    await model.ensureCounts();
    const release = a.wf.hold('listUsersByName');
    const load = model.ensureList('active');
    await fake.settle();
    await model.close();
    assert.ok(a.wf.callsOf('listUsersByName')[0].signal?.aborted);
    assert.ok(a.wf.clientsMade[0].disposed);
    release();
    await load;
  });
});
