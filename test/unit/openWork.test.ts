// Open work and its handover, client against the simulator over HTTP: counts per kind agree with the
// simulator's own items (completed ones left out), a failing count is "unknown" and never a zero,
// several users give totals and per-user shares, the plan follows Workfront's metadata, and a sent
// reassignment is confirmed only by reading the items back.
import * as assert from 'assert';
import type { WorkfrontClient } from '../../src/workfront/client';
import {
  WORK_KINDS,
  kindDef,
  planHandover,
  type ObjectMetadata,
  type WorkItemRef,
  type WorkKindDef,
} from '../../src/workfront';
import type { Simulator, WorkItem } from '../simulator';
import { startHarness, type Harness } from './helpers/harness';

/** What the simulator holds open for a user, worked out here from its items (not from its filters). */
function openOf(sim: Simulator, def: WorkKindDef, userId: string): WorkItem[] {
  return sim.work.items(def.objCode).filter((item) => {
    if (item[def.userField] !== userId) return false;
    if (def.kind === 'projects') return item.statusEquatesWith !== 'CPL' && item.statusEquatesWith !== 'DED';
    if (def.kind === 'templates') return item.isActive === true;
    if (def.kind === 'approvals') return true;
    return item.statusEquatesWith !== 'CPL';
  });
}

describe('open work and its handover (client against the simulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  let client: WorkfrontClient;
  let leaver: string;
  before(async () => {
    h = await startHarness({ users: 80, seed: 3 });
    client = h.client();
    // A user with some of every kind, completed work included (so the filter has something to leave out).
    leaver = h.sim.store.all().find((u) => u.isActive && u.ID !== h.sim.admin.ID)!.ID;
    const project = h.sim.work.add('PROJ', { name: 'Done project', ownerID: leaver, status: 'CPL' });
    h.sim.work.add('TASK', { name: 'Done task', assignedToID: leaver, projectID: project.ID, status: 'CPL' });
    h.sim.work.add('TASK', { name: 'Open task', assignedToID: leaver, projectID: project.ID, status: 'INP' });
    h.sim.work.add('OPTASK', { name: 'Open issue', assignedToID: leaver, projectID: project.ID, status: 'NEW' });
    h.sim.work.add('TMPL', { name: 'Old template', ownerID: leaver, isActive: false });
    h.sim.work.add('TMPL', { name: 'Live template', ownerID: leaver, isActive: true });
    h.sim.work.add('AWAITINGAPPROVAL', { name: 'Sign-off', approverID: leaver, projectID: project.ID });
  });
  after(() => h.close());
  afterEach(() => h.sim.clearFaults());

  it('counts each kind of open work of one user with one count call per kind, all sent before any answer', async () => {
    const mark = h.sim.log.length;
    const work = await client.work.countOpenWork(leaver);
    for (const def of WORK_KINDS) {
      assert.strictEqual(work.counts[def.kind], openOf(h.sim, def, leaver).length, def.kind);
    }
    assert.ok((work.counts.tasks ?? 0) >= 1 && (work.counts.templates ?? 0) >= 1);
    assert.deepStrictEqual(work.failures, []);
    const sent = h.since(mark);
    assert.deepStrictEqual(
      sent.map((r) => r.op),
      WORK_KINDS.map(() => 'count'),
    );
  });

  it('a count Workfront refuses is unknown (undefined, with the reason), never zero; the others still come', async () => {
    h.sim.inject({ objCode: 'OPTASK', op: 'count', kind: 'status', status: 500, message: 'issues are down' });
    const work = await client.work.countOpenWork(leaver);
    assert.strictEqual(work.counts.issues, undefined);
    assert.strictEqual(work.counts.tasks, openOf(h.sim, kindDef('tasks'), leaver).length);
    assert.strictEqual(work.failures.length, 1);
    assert.match(work.failures[0], /issues are down/);
  });

  it('several users: totals per kind and each user’s share, from the same rows', async () => {
    const users = h.sim.store
      .all()
      .filter((u) => u.isActive)
      .slice(0, 12)
      .map((u) => u.ID);
    const work = await client.work.countOpenWorkOfMany(users);
    for (const def of WORK_KINDS) {
      const expected = users.reduce((n, id) => n + openOf(h.sim, def, id).length, 0);
      assert.strictEqual(work.counts[def.kind], expected, def.kind);
    }
    for (const id of users) {
      const expected = WORK_KINDS.reduce((n, def) => n + openOf(h.sim, def, id).length, 0);
      assert.strictEqual(work.perUser.get(id) ?? 0, expected, id);
    }
  });

  async function planFor(from: string, to: string, metadata?: Map<string, ObjectMetadata>) {
    const items = new Map<WorkKindDef, WorkItemRef[]>();
    for (const def of WORK_KINDS) items.set(def, await client.work.listOpenWork(def, from));
    if (!metadata) {
      metadata = new Map();
      metadata.set('ASSGN', await client.work.metadata('assignment'));
      for (const def of WORK_KINDS) metadata.set(def.objCode, await client.work.metadata(def.path));
    }
    return { items, plan: planHandover({ fromUserId: from, toUserId: to, items, metadata }) };
  }

  it('plans from the metadata: tasks by swapUsersOnTasks, issues/projects/templates by edits, approvals stay', async () => {
    const to = h.sim.store.all().filter((u) => u.isActive && u.ID !== leaver)[1].ID;
    const { items, plan } = await planFor(leaver, to);
    assert.strictEqual(plan.how.get('tasks'), 'swapUsersOnTasks');
    assert.strictEqual(plan.how.get('issues'), 'edit assignedToID');
    assert.strictEqual(plan.how.get('projects'), 'edit ownerID');
    assert.deepStrictEqual(
      plan.staying.map((s) => s.def.kind),
      ['approvals'],
    );
    const moving = plan.changes.reduce((n, c) => n + c.itemIds.length, 0);
    const listed = [...items].filter(([def]) => def.kind !== 'approvals').reduce((n, [, l]) => n + l.length, 0);
    assert.strictEqual(moving, listed);
    // Without swapUsersOnTasks in the metadata, tasks are edited one by one instead.
    const bare = new Map<string, ObjectMetadata>();
    for (const def of WORK_KINDS) bare.set(def.objCode, await client.work.metadata(def.path));
    const fallback = (await planFor(leaver, to, bare)).plan;
    assert.strictEqual(fallback.how.get('tasks'), 'edit assignedToID');
    // An object whose metadata could not be read has no way to move: its items stay, and the plan says why.
    bare.delete('PROJ');
    const unread = (await planFor(leaver, to, bare)).plan;
    const projects = unread.staying.find((x) => x.def.kind === 'projects');
    assert.ok(projects && projects.items.length > 0, JSON.stringify(unread.staying));
    assert.match(projects.reason, /could not be read/);
    assert.ok(!unread.changes.some((c) => c.def.kind === 'projects'), 'nothing is sent for them');
  });

  it('sends the swap and the edits; holders() read back shows the receiver on every item', async () => {
    const from = h.sim.store.all().filter((u) => u.isActive && u.ID !== h.sim.admin.ID)[2].ID;
    const to = h.sim.store.all().filter((u) => u.isActive && u.ID !== from && u.ID !== h.sim.admin.ID)[3].ID;
    h.sim.work.add('TASK', { name: 'Mine', assignedToID: from, status: 'NEW' });
    const { plan } = await planFor(from, to);
    for (const change of plan.changes) {
      await client.work.send(change);
      const holders = await client.work.holders(change.def, change.itemIds);
      for (const id of change.itemIds) assert.strictEqual(holders.get(id), to, `${change.def.kind} ${id}`);
    }
    const after = await client.work.countOpenWork(from);
    for (const def of WORK_KINDS.filter((d) => d.kind !== 'approvals'))
      assert.strictEqual(after.counts[def.kind], 0, def.kind);
  });
});
