// The Users tree on plain Node: rows from the model, rows for failures, slices, and change events that
// name the nodes that changed (the real workbench tests check what a user sees; these check the logic).
import * as assert from 'assert';
import { TREE_TIMING, treeTiming } from '../../src/tree/provider';
import { SLICE_SIZE as CHUNK_SIZE, MAX_ROWS_PER_NODE } from '../../src/tree/slices';
import type { GroupNode, TreeNode, UserNode } from '../../src/tree/nodes';
import { activateFake, type Activated } from '../fakes/extension';
import { wfError } from '../fakes/client';
import * as fake from '../fakes/vscode';

describe('UsersTreeProvider (fake Workfront)', () => {
  let a: Activated;
  /** Every onDidChangeTreeData event: 'root' for the whole tree, else the ids of the nodes. */
  let events: Array<'root' | string[]>;

  function setUp(opts: Parameters<typeof activateFake>[0] = {}) {
    // The fake VS Code has no answer in transit nor a debounce; one test sets the real wait.
    Object.assign(treeTiming, { answerSettleMs: 0, pageWaveMs: 0, pageRefreshMs: 0, changeSpacingMs: 0 });
    a = activateFake(opts);
    events = [];
    a.svc.provider.onDidChangeTreeData((e) => {
      events.push(e === undefined || e === null ? 'root' : (Array.isArray(e) ? e : [e]).map((n) => n.id));
    });
  }
  afterEach(() => {
    a?.dispose();
    Object.assign(treeTiming, TREE_TIMING);
  });

  const label = (n: TreeNode) => String(a.svc.provider.getTreeItem(n).label);
  /** The labels of the group rows at the top level. */
  const groupLabels = async () => (await a.svc.provider.getChildren()).filter((n) => n.kind === 'group').map(label);
  async function group(which: GroupNode['group']): Promise<GroupNode> {
    const found = (await a.svc.provider.getChildren()).find(
      (n): n is GroupNode => n.kind === 'group' && n.group === which,
    );
    assert.ok(found, `the ${which} group is shown`);
    return found;
  }
  async function users(which: GroupNode['group']): Promise<UserNode[]> {
    return (await a.svc.provider.getChildren(await group(which))).filter((n): n is UserNode => n.kind === 'user');
  }

  it('shows Active and Inactive with their counts, and Scheduled to Leave only when someone leaves', async () => {
    setUp({ users: 5, shape: (i) => ({ isActive: i !== 5 }) });
    assert.deepStrictEqual(await groupLabels(), ['Active (4)', 'Inactive (1)', 'Not Signed In for 90 Days']);
    a.dispose();
    setUp({ users: 5, shape: (i) => ({ scheduleDeactivationDate: i === 2 ? Date.UTC(2027, 0, 31) : null }) });
    assert.deepStrictEqual(await groupLabels(), [
      'Active (5)',
      'Inactive (0)',
      'Scheduled to Leave (1)',
      'Not Signed In for 90 Days',
    ]);
  });

  it('hands VS Code the same node object for the same id (it finds nodes to refresh by identity)', async () => {
    setUp({ users: 3 });
    const first = await a.svc.provider.getChildren();
    const again = await a.svc.provider.getChildren();
    first.forEach((n, i) => assert.strictEqual(n, again[i]));
    const rows = await users('active');
    assert.strictEqual(rows[0], (await users('active'))[0]);
    assert.strictEqual(a.svc.provider.getParent(rows[0]), await group('active'));
  });

  it('a failed listing is a row beside the last good users, never an exception', async () => {
    setUp({ users: 3 });
    const before = (await users('active')).map(label);
    a.wf.failNext('listUsersByName', wfError('server', 'List active users', 503));
    a.svc.model.all()[0].refresh();
    const rows = await a.svc.provider.getChildren(await group('active'));
    assert.strictEqual(rows[0].kind, 'message');
    assert.match(label(rows[0]), /^List active users failed: Workfront had a server error \(503\)/);
    assert.deepStrictEqual(rows.slice(1).map(label), before);
  });

  it('a rejected key is one row that signs in again', async () => {
    setUp();
    a.wf.validKeys.clear();
    const rows = await a.svc.provider.getChildren();
    assert.strictEqual(rows.length, 1);
    const item = a.svc.provider.getTreeItem(rows[0]);
    assert.match(String(item.label), /rejected the API key/);
    assert.strictEqual(item.command?.command, 'workfront.signIn');
  });

  it(`splits a group of more than ${MAX_ROWS_PER_NODE} users into slices of ${CHUNK_SIZE}, every user once`, async () => {
    setUp({ users: 2_345 });
    const slices = await a.svc.provider.getChildren(await group('active'));
    assert.strictEqual(slices.length, Math.ceil(2_345 / CHUNK_SIZE));
    const seen = new Set<string>();
    for (const slice of slices) {
      assert.strictEqual(slice.kind, 'chunk');
      for (const row of await a.svc.provider.getChildren(slice)) seen.add((row as UserNode).userId);
    }
    assert.strictEqual(seen.size, 2_345);
    assert.match(label(slices[0]), /^User 00001 – User 00500 \(500\)$/);
  });

  it('marking rows busy refreshes those rows only, in one event', async () => {
    setUp({ users: 10 });
    const rows = await users('active');
    await new Promise((resolve) => setTimeout(resolve, 20)); // the group's own change, held while it answered
    events.length = 0;
    a.svc.model.all()[0].setBusy(
      rows.slice(0, 4).map((r) => r.userId),
      'Deactivating…',
    );
    await fake.until(() => events.length > 0, 2000);
    await fake.settle();
    assert.deepStrictEqual(events, [rows.slice(0, 4).map((r) => r.id)]);
    assert.strictEqual(a.svc.provider.getTreeItem(rows[0]).description, 'Deactivating…');
  });

  it('a confirmed deactivation refreshes the two groups it moves between, not the whole tree', async () => {
    setUp({ users: 10 });
    const rows = await users('active');
    await users('inactive');
    await fake.settle();
    events.length = 0;
    const model = a.svc.model.all()[0];
    const user = model.users.get(rows[3].userId)!;
    model.applyUser({ ...user, isActive: false });
    model.setBusy([user.ID], undefined);
    await fake.settle();
    assert.strictEqual(events.length, 1, JSON.stringify(events));
    assert.notStrictEqual(events[0], 'root');
    const ids = events[0] as string[];
    assert.ok(ids.includes((await group('active')).id) && ids.includes((await group('inactive')).id), ids.join());
    assert.deepStrictEqual(await groupLabels(), ['Active (9)', 'Inactive (1)', 'Not Signed In for 90 Days']);
  });

  it('the first leaving date makes the Scheduled group appear (the instance rows change)', async () => {
    setUp({ users: 3 });
    await a.svc.provider.getChildren();
    await fake.settle();
    events.length = 0;
    const model = a.svc.model.all()[0];
    const [row] = await users('active');
    await fake.settle();
    events.length = 0;
    const user = model.users.get(row.userId)!;
    model.applyUser({ ...user, scheduleDeactivationDate: Date.UTC(2027, 5, 1) });
    await fake.settle();
    assert.deepStrictEqual(events, ['root']);
    assert.deepStrictEqual(await groupLabels(), [
      'Active (3)',
      'Inactive (0)',
      'Scheduled to Leave (1)',
      'Not Signed In for 90 Days',
    ]);
  });

  it('rows show the user: name, email, icon, context for the menus', async () => {
    setUp({ users: 3, shape: (i) => ({ isActive: i !== 3 }) });
    const [me, other] = await users('active');
    const mine = a.svc.provider.getTreeItem(me);
    assert.strictEqual(mine.description, 'you · user1@acme.example');
    assert.match(String(mine.accessibilityInformation?.label), /you cannot deactivate yourself/);
    assert.match(String(mine.contextValue), /\bself\b/);
    assert.doesNotMatch(String(mine.contextValue), /canDeactivate/);
    const theirs = a.svc.provider.getTreeItem(other);
    assert.strictEqual(theirs.description, 'user2@acme.example');
    assert.match(String(theirs.contextValue), /\bcanDeactivate\b/);
    const [inactive] = await users('inactive');
    assert.match(String(a.svc.provider.getTreeItem(inactive).contextValue), /\bcanReactivate\b/);
  });

  it('showing the groups reads their first pages ahead, once; a refresh does not read them again', async () => {
    setUp({ users: 5, shape: (i) => ({ isActive: i > 1 }) });
    await a.svc.provider.getChildren();
    await fake.settle();
    const queries = () => a.wf.callsOf('firstUsersByName').map((c) => c.args[0]);
    const model = a.svc.model.all()[0];
    assert.deepStrictEqual(queries(), [model.query('active'), model.query('inactive')], 'the groups with users');
    await a.svc.provider.getChildren(await group('active'));
    assert.strictEqual(a.wf.callsOf('firstUsersByName').length, 2, 'opening a group reads no first page again');
    model.refresh();
    await a.svc.provider.getChildren();
    await fake.settle();
    assert.strictEqual(a.wf.callsOf('firstUsersByName').length, 2, 'nor does a refresh');
  });

  it('a change of a group while VS Code waits for its rows is held until the answer is there', async () => {
    setUp({ users: 6, shape: (i) => ({ isActive: i > 2 }) });
    treeTiming.answerSettleMs = TREE_TIMING.answerSettleMs;
    const releaseAhead = a.wf.hold('firstUsersByName');
    const release = a.wf.hold('listUsersByName');
    const active = await group('active');
    await fake.settle();
    events.length = 0;
    const pending = a.svc.provider.getChildren(active);
    await fake.settle();
    const model = a.svc.model.all()[0];
    // Counts move while the rows are being fetched (a user deactivated elsewhere was confirmed).
    const someone = [...a.wf.users.values()].find((u) => u.isActive && u.ID !== a.wf.me.ID)!;
    model.remember([someone]);
    a.wf.users.set(someone.ID, { ...someone, isActive: false });
    model.applyUser({ ...someone, isActive: false });
    await fake.settle();
    assert.ok(!events.some((e) => e === 'root' || e.includes(active.id)), JSON.stringify(events));
    releaseAhead();
    release();
    const rows = await pending;
    assert.ok(!rows.some((n) => n.kind === 'user' && n.userId === someone.ID), 'the answer shows the change');
    // Once the answer has reached VS Code, the change is sent (the group's label shows the new count).
    const answered = Date.now();
    await fake.until(() => events.some((e) => e !== 'root' && e.includes(active.id)), 2000);
    assert.ok(
      Date.now() - answered >= treeTiming.answerSettleMs - 5,
      `sent ${Date.now() - answered} ms after the answer`,
    );
    assert.strictEqual(label(active), 'Active (3)');
  });

  it('rows that arrive while VS Code waits for them are not sent again when the group’s own row is the same', async () => {
    setUp({ users: 6, shape: (i) => ({ isActive: i > 2 }) });
    treeTiming.answerSettleMs = 30;
    const releaseAhead = a.wf.hold('firstUsersByName');
    const active = await group('active');
    a.svc.provider.getTreeItem(active); // as VS Code draws the row before opening it
    await fake.settle();
    events.length = 0;
    const pending = a.svc.provider.getChildren(active);
    await fake.settle();
    releaseAhead(); // the whole (small) group arrives while VS Code waits for it
    assert.strictEqual((await pending).length, 4);
    await new Promise((resolve) => setTimeout(resolve, 80));
    // A refresh would make VS Code forget these rows for a moment; the answer already has them.
    assert.ok(!events.some((e) => e === 'root' || e.includes(active.id)), JSON.stringify(events));
  });

  it('hiding the view stops the listing; showing it again re-renders only that group', async () => {
    setUp({ users: 5 });
    await a.svc.provider.getChildren();
    const active = await group('active');
    const release = a.wf.hold('listUsersByName');
    const load = a.svc.provider.getChildren(active);
    await load; // the first page, read ahead, is shown while the listing is held
    await fake.settle();
    events.length = 0;
    a.view.setVisible(false);
    assert.ok(a.wf.callsOf('listUsersByName')[0].signal?.aborted);
    a.view.setVisible(true);
    await fake.settle();
    assert.deepStrictEqual(events, [[active.id]]);
    release();
    await load;
    assert.strictEqual((await a.svc.provider.getChildren(active)).length, 5);
  });

  it('shows who is signed in where, and the license totals, kept current after a change', async () => {
    setUp({ users: 6, shape: (i) => ({ licenseType: i <= 4 ? 'Standard' : 'Light' }) });
    const top = await a.svc.provider.getChildren();
    assert.strictEqual(top[0].kind, 'account');
    const account = a.svc.provider.getTreeItem(top[0]);
    assert.strictEqual(account.label, 'User 00001');
    assert.strictEqual(account.description, 'acme.my.workfront.com');
    const licences = top.find((n) => n.kind === 'licences')!;
    assert.strictEqual(label(licences), 'Licenses in use (6)');
    assert.strictEqual(a.svc.provider.getTreeItem(licences).collapsibleState, fake.TreeItemCollapsibleState.Expanded);
    assert.deepStrictEqual((await a.svc.provider.getChildren(licences)).map(label), ['4 Standard', '2 Light']);
    await fake.settle();
    events.length = 0;
    const model = a.svc.model.all()[0];
    const dana = model.users.get((await users('active'))[1].userId)!;
    model.applyUser({ ...dana, isActive: false });
    await fake.settle();
    assert.ok((events[0] as string[]).includes(licences.id), 'the totals are re-rendered');
    assert.strictEqual(label(licences), 'Licenses in use (5)');
    assert.deepStrictEqual((await a.svc.provider.getChildren(licences)).map(label), ['3 Standard', '2 Light']);
  });

  it('a leaving date comes before the email, with its own icon; "you" too', async () => {
    const when = Date.UTC(2031, 0, 15, 12);
    setUp({ users: 3, shape: (i) => ({ scheduleDeactivationDate: i === 2 ? when : null }) });
    const [me, leaving, other] = await users('active');
    const item = a.svc.provider.getTreeItem(leaving);
    assert.match(String(item.description), /^leaves .*2031 · user2@acme\.example$/);
    assert.strictEqual((item.iconPath as fake.ThemeIcon).id, 'calendar');
    assert.strictEqual((a.svc.provider.getTreeItem(me).iconPath as fake.ThemeIcon).id, 'account');
    assert.strictEqual((a.svc.provider.getTreeItem(other).iconPath as fake.ThemeIcon).id, 'person');
  });

  it('under a filter, groups with matches open, the others stay at (0), and the view says what it shows', async () => {
    setUp({ users: 6, shape: (i) => ({ isActive: i !== 6, name: i === 3 ? 'Zed Match' : `User ${i}` }) });
    const before = await group('active');
    const model = a.svc.model.all()[0];
    model.setFilter('zed');
    const top = await a.svc.provider.getChildren();
    assert.ok(!top.some((n) => n.kind === 'licences'), 'totals of everyone are not shown under a filter');
    assert.deepStrictEqual(await groupLabels(), ['Active (1)', 'Inactive (0)', 'Scheduled to Leave (0)']);
    const active = await group('active');
    assert.notStrictEqual(active.id, before.id, 'rows of their own under a filter');
    assert.strictEqual(a.svc.provider.getTreeItem(active).collapsibleState, fake.TreeItemCollapsibleState.Expanded);
    const inactive = await group('inactive');
    assert.strictEqual(a.svc.provider.getTreeItem(inactive).collapsibleState, fake.TreeItemCollapsibleState.None);
    assert.match(String(a.view.message), /contains "zed"/);
    assert.strictEqual(a.view.description, 'filter: "zed"');
    model.setFilter(undefined);
    await a.svc.provider.getChildren();
    assert.strictEqual((await group('active')).id, before.id, 'the unfiltered rows come back as they were');
    assert.strictEqual(a.view.message, undefined);
  });

  it('slices keep their names after a deactivation; the user leaves only their own slice', async () => {
    setUp({ users: 1_600 });
    const slices = await a.svc.provider.getChildren(await group('active'));
    const labelsBefore = slices.map(label);
    assert.deepStrictEqual(labelsBefore.slice(0, 2), [
      'User 00001 – User 00500 (500)',
      'User 00501 – User 01000 (500)',
    ]);
    const model = a.svc.model.all()[0];
    const first = (await a.svc.provider.getChildren(slices[0]))[10] as UserNode;
    const u = model.users.get(first.userId)!;
    model.applyUser({ ...u, isActive: false });
    const after = await a.svc.provider.getChildren(await group('active'));
    assert.deepStrictEqual(after.map(label), ['User 00001 – User 00500 (499)', ...labelsBefore.slice(1)]);
    assert.strictEqual(after[0], slices[0], 'the same slice rows');
    const second = (await a.svc.provider.getChildren(after[1]))[0] as UserNode;
    assert.strictEqual(a.svc.provider.getParent(second), after[1]);
    model.applyUser({ ...u, isActive: true });
    assert.strictEqual(label(after[0]), 'User 00001 – User 00500 (500)', 'a reactivation joins the slice of its name');
  });
});
