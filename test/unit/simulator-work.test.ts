// The simulator's work objects over HTTP: the routes and names Workfront uses, filters, edits that check
// the user, the ASSIGNMENT actions, /metadata, and a fault rule on each of the new calls.
import * as assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator';
import { call, data, rows, type JsonObj } from '../simulator/testHttp';

describe('simulator: tasks, issues, projects, templates, approvals and assignment actions', () => {
  let sim: Simulator;
  let leaver: string;
  let receiver: string;
  before(async () => {
    sim = await startSimulator({ users: 40, seed: 5 });
    const active = sim.store.all().filter((u) => u.isActive && u.ID !== sim.admin.ID);
    [leaver, receiver] = [active[0].ID, active[1].ID];
  });
  after(() => sim.close());
  afterEach(() => sim.clearFaults());

  const put = (path: string) => call(sim, path, { method: 'PUT' });

  it('counts and searches with _Mod filters, under each object code and alternate name', async () => {
    const open = sim.work.items('TASK').filter((t) => t.assignedToID === leaver && t.statusEquatesWith !== 'CPL');
    for (const name of ['task', 'TASK']) {
      const reply = data(
        await call(sim, `/${name}/count?assignedToID=${leaver}&statusEquatesWith=CPL&statusEquatesWith_Mod=ne`),
      ) as JsonObj;
      assert.equal(reply.count, open.length);
    }
    const found = rows(
      await call(
        sim,
        `/task/search?assignedToID=${leaver}&statusEquatesWith=CPL&statusEquatesWith_Mod=ne&fields=assignedToID`,
      ),
    );
    assert.deepEqual(found.map((r) => r.ID).sort(), open.map((t) => t.ID).sort());
    assert.ok(found.every((r) => r.assignedToID === leaver && r.objCode === 'TASK'));
    const projects = data(
      await call(
        sim,
        `/project/count?ownerID=${leaver}&statusEquatesWith=CPL&statusEquatesWith=DED&statusEquatesWith_Mod=notin`,
      ),
    ) as JsonObj;
    assert.equal(
      projects.count,
      sim.work
        .items('PROJ')
        .filter((p) => p.ownerID === leaver && !['CPL', 'DED'].includes(String(p.statusEquatesWith))).length,
    );
    const unknown = await call(sim, '/task/count?nosuchfield=x&nosuchfield_Mod=eq');
    assert.equal(unknown.status, 422);
  });

  it('edits an owner only to an existing, active user; read-only fields are refused', async () => {
    const project = sim.work.add('PROJ', { name: 'P', ownerID: leaver, status: 'CUR' });
    const inactive = sim.store.all().find((u) => !u.isActive)!;
    const refused = await put(
      `/proj/${project.ID}?updates=${encodeURIComponent(JSON.stringify({ ownerID: inactive.ID }))}`,
    );
    assert.equal(refused.status, 422);
    assert.equal(sim.work.get('PROJ', project.ID)?.ownerID, leaver);
    const ok = data(
      await put(
        `/proj/${project.ID}?updates=${encodeURIComponent(JSON.stringify({ ownerID: receiver }))}&fields=ownerID`,
      ),
    ) as JsonObj;
    assert.equal(ok.ownerID, receiver);
    const approval = sim.work.add('AWAITINGAPPROVAL', { name: 'A', approverID: leaver });
    assert.equal(
      (
        await put(
          `/awaitingapproval/${approval.ID}?updates=${encodeURIComponent(JSON.stringify({ approverID: receiver }))}`,
        )
      ).status,
      422,
    );
  });

  it('swapUsersOnTasks moves only the listed tasks of the leaver; metadata lists the actions with arguments', async () => {
    const a = sim.work.add('TASK', { name: 'a', assignedToID: leaver, status: 'NEW' });
    const b = sim.work.add('TASK', { name: 'b', assignedToID: leaver, status: 'NEW' });
    const list = encodeURIComponent(JSON.stringify([a.ID]));
    const reply = await put(
      `/assignment?action=swapUsersOnTasks&taskIDs=${list}&swapFromUserID=${leaver}&swapToUserID=${receiver}`,
    );
    assert.equal(reply.status, 200, reply.text);
    assert.equal(sim.work.get('TASK', a.ID)?.assignedToID, receiver);
    assert.equal(sim.work.get('TASK', b.ID)?.assignedToID, leaver);
    assert.equal(
      (await call(sim, `/assignment?action=swapUsersOnTasks&taskIDs=${list}`)).status,
      422,
      'actions need PUT',
    );
    const meta = data(await call(sim, '/assignment/metadata')) as JsonObj;
    const actions = meta.actions as JsonObj;
    for (const name of ['swapUsersOnTasks', 'swapUsersOnProjects', 'unassignUserFromProjects'])
      assert.ok(actions[name], name);
    const c = sim.work.add('TASK', { name: 'c', assignedToID: leaver, projectID: 'p1', status: 'NEW' });
    await put(`/assignment?action=unassignUserFromProjects&projectIDs=p1&unassignUserID=${leaver}`);
    assert.equal(sim.work.get('TASK', c.ID)?.assignedToID, null);
  });

  it('a fault rule can target each new call by object code and operation', async () => {
    const task = sim.work.add('TASK', { name: 't', assignedToID: leaver, status: 'NEW' });
    const calls: Array<[string, Parameters<Simulator['inject']>[0]['op'], () => ReturnType<typeof call>]> = [
      ['TASK', 'count', () => call(sim, '/task/count')],
      ['OPTASK', 'search', () => call(sim, '/optask/search')],
      ['TASK', 'get', () => call(sim, `/task/${task.ID}`)],
      ['TASK', 'update', () => put(`/task/${task.ID}?updates=${encodeURIComponent(JSON.stringify({ name: 'x' }))}`)],
      [
        'ASSGN',
        'action',
        () =>
          put(
            `/assignment?action=swapUsersOnProjects&projectIDs=none&swapFromUserID=${leaver}&swapToUserID=${receiver}`,
          ),
      ],
      ['TMPL', 'other', () => call(sim, '/tmpl/metadata')],
    ];
    for (const [objCode, op, send] of calls) {
      sim.inject({ objCode, op, kind: 'status', status: 503, times: 1 });
      assert.equal((await send()).status, 503, `${objCode} ${op} faulted`);
      assert.equal((await send()).status, 200, `${objCode} ${op} answers again`);
    }
    // A rule for another object code leaves these alone.
    sim.inject({ objCode: 'PROJ', op: 'count', kind: 'status', status: 503 });
    assert.equal((await call(sim, '/task/count')).status, 200);
    assert.equal(sim.work.get('TASK', task.ID)?.name, 'x');
  });
});
