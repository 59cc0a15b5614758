// Reassign Work… in a real VS Code against the simulator, when Workfront refuses some of it: the items
// it refused stay with the leaver and are named with Workfront's reason; an item is reported as moved
// only when Workfront shows it with the receiver (also when the answer to the swap was lost on the way).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ItemOutcome } from '../../src/commands/reassignWork';
import type { Services } from '../../src/commands/services';
import { OPEN_KINDS, openItemsOf, type Simulator, type SimUser, type WorkItem } from '../simulator';
import { Prompts, services, signIn, signOutAll, simulator, userRows } from './helpers';

describe('Reassign Work in VS Code: partial failures', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let svc: Services;
  let prompts: Prompts | undefined;

  before(async () => {
    sim = await simulator({ users: 80, seed: 9 });
    svc = await services();
  });
  after(async () => {
    await signOutAll(svc);
    await sim.close();
  });
  afterEach(() => {
    prompts?.restore();
    prompts = undefined;
    sim.clearFaults();
  });

  /** The holder of an item as the simulator has it now. */
  const holder = (item: WorkItem) => {
    const now = sim.work.get(item.objCode, item.ID)!;
    return now.assignedToID ?? now.ownerID;
  };

  it('names the items Workfront refused, keeps them with the leaver, and reports the rest as moved', async () => {
    assert.ok(await signIn(sim));
    const rows = (await userRows(svc, 'active')).filter((r) => r.userId !== sim.admin.ID);
    const leaver: SimUser = sim.store.get(rows[0].userId)!;
    const receiver: SimUser = sim.store.get(rows[1].userId)!;
    const project = sim.work.add('PROJ', { name: 'Launch Plan', ownerID: leaver.ID, status: 'CUR' });
    const task = sim.work.add('TASK', {
      name: 'Write press release',
      assignedToID: leaver.ID,
      projectID: project.ID,
      status: 'INP',
    });
    const stuck = sim.work.add('OPTASK', {
      name: 'Stuck issue',
      assignedToID: leaver.ID,
      projectID: project.ID,
      status: 'NEW',
    });
    const fine = sim.work.add('OPTASK', {
      name: 'Fine issue',
      assignedToID: leaver.ID,
      projectID: project.ID,
      status: 'NEW',
    });
    sim.inject({
      objCode: 'OPTASK',
      op: 'update',
      userId: stuck.ID,
      kind: 'status',
      status: 422,
      errorClass: 'com.attask.common.ValidationException',
      message: 'This issue is locked by its queue',
    });
    // The swap is applied but its answer never arrives: only reading the tasks back can tell.
    sim.inject({ objCode: 'ASSGN', op: 'action', action: 'swapUsersOnTasks', kind: 'applyThenReset', times: 1 });
    prompts = new Prompts().picks(receiver.name).messages('Reassign');
    const outcomes = (await vscode.commands.executeCommand('workfront.reassignWork', rows[0])) as ItemOutcome[];
    assert.ok(Array.isArray(outcomes), 'the command ran to the end');

    const openBefore = [task, stuck, fine, project];
    for (const item of openBefore) {
      const outcome = outcomes.find((o) => o.item.ID === item.ID);
      assert.ok(outcome, `${item.name} has an outcome`);
      // Reported as moved exactly when Workfront has it with the receiver.
      assert.strictEqual(outcome.moved, holder(item) === receiver.ID, `${item.name}: ${JSON.stringify(outcome)}`);
    }
    assert.strictEqual(holder(stuck), leaver.ID, 'the refused issue stayed');
    assert.strictEqual(holder(task), receiver.ID, 'the swap was applied although its answer was lost');
    const stuckOutcome = outcomes.find((o) => o.item.ID === stuck.ID)!;
    assert.match(stuckOutcome.reason ?? '', /locked by its queue/);
    for (const o of outcomes.filter((x) => x.item.ID !== stuck.ID)) assert.ok(o.moved, `${o.item.name} moved`);

    const summary = prompts.shown.find((s) => s.fn === 'showWarningMessage' && /items moved to/.test(s.message));
    assert.ok(summary, JSON.stringify(prompts.shown.map((s) => s.message)));
    assert.match(
      summary.message,
      new RegExp(`^${outcomes.length - 1} of ${outcomes.length} items moved to ${receiver.name}`),
    );
    assert.match(summary.message, /stayed with .*“Stuck issue” \(.*locked by its queue/);
    assert.ok(!/“Fine issue”/.test(summary.message), 'only what stayed is named');
    // Nothing is claimed before the admin confirmed the preview, which named what would move.
    const preview = prompts.shown.find(
      (s) => s.fn === 'showWarningMessage' && /^Reassign the open work of/.test(s.message),
    );
    assert.ok(preview?.detail?.includes('“Stuck issue”'), preview?.detail);
    // Every reassignment sent is in the audit trail under the leaver, with Workfront's answer: the refused
    // edit as refused; the swap whose answer was lost was sent again (it is idempotent) and answered.
    const audited = (await svc.model.audit.entries()).entries.filter(
      (e) => e.action === 'reassignWork' && e.user.ID === leaver.ID,
    );
    const entryOf = (id: string) => audited.find((e) => e.field.includes(id));
    assert.strictEqual(entryOf(stuck.ID)?.end?.answer, 'refused', JSON.stringify(audited));
    assert.match(entryOf(stuck.ID)?.end?.message ?? '', /locked by its queue/);
    assert.strictEqual(entryOf(task.ID)?.end?.answer, 'confirmed');
    assert.strictEqual(entryOf(fine.ID)?.end?.answer, 'confirmed');
    assert.strictEqual(entryOf(fine.ID)?.to, `${receiver.name} (${receiver.ID})`);
  });

  it('from the Command Palette: picks whose work, then who receives it, both searched in Workfront', async () => {
    assert.ok(await signIn(sim));
    const rows = (await userRows(svc, 'active')).filter((r) => r.userId !== sim.admin.ID);
    const leaver = sim.store.get(rows[4].userId)!;
    const receiver = sim.store.get(rows[5].userId)!;
    const issue = sim.work.add('OPTASK', { name: 'Palette issue', assignedToID: leaver.ID, status: 'INP' });
    prompts = new Prompts().picks(leaver.name, receiver.name).messages('Reassign');
    const outcomes = (await vscode.commands.executeCommand('workfront.reassignWork')) as ItemOutcome[];
    const titles = prompts.shown.filter((s) => s.fn === 'showQuickPick').map((s) => s.title);
    assert.deepStrictEqual(titles, ['Reassign whose work?', `Reassign the open work of ${leaver.name} to…`]);
    assert.ok(outcomes.some((o) => o.item.ID === issue.ID && o.moved));
    assert.strictEqual(sim.work.get('OPTASK', issue.ID)?.assignedToID, receiver.ID);
  });

  it('a preview the admin cancels sends nothing', async () => {
    assert.ok(await signIn(sim));
    const rows = (await userRows(svc, 'active')).filter((r) => r.userId !== sim.admin.ID);
    const receiver = sim.store.get(rows[3].userId)!;
    sim.clearLog();
    prompts = new Prompts().picks(receiver.name).messages();
    await vscode.commands.executeCommand('workfront.reassignWork', rows[2]);
    assert.ok(
      prompts.shown.some((s) => /^Reassign the open work of/.test(s.message)),
      'the preview was shown',
    );
    assert.deepStrictEqual(
      sim.log.filter((r) => r.op === 'update' || r.op === 'action').map((r) => r.path),
      [],
    );
  });
});

describe('Open work in the Deactivate confirmation, for several users', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let svc: Services;
  let prompts: Prompts | undefined;

  before(async () => {
    sim = await simulator({ users: 80, seed: 11 });
    svc = await services();
  });
  after(async () => {
    prompts?.restore();
    await signOutAll(svc);
    await sim.close();
  });

  it('gives the totals per kind and names the users with the most open work; cancelling sends nothing', async () => {
    assert.ok(await signIn(sim));
    const rows = (await userRows(svc, 'active')).filter((r) => r.userId !== sim.admin.ID).slice(0, 4);
    const busiest = sim.store.get(rows[2].userId)!;
    for (let i = 0; i < 6; i++) sim.work.add('TASK', { name: `Extra ${i}`, assignedToID: busiest.ID, status: 'NEW' });
    sim.clearLog();
    prompts = new Prompts().messages();
    await vscode.commands.executeCommand('workfront.deactivateUser', rows[0], rows);
    const modal = prompts.shown.find((s) => s.fn === 'showWarningMessage')!;
    const ids = rows.map((r) => r.userId);
    const tasks = ids.reduce((n, id) => n + openItemsOf(sim, 'tasks', id).length, 0);
    assert.match(modal.detail ?? '', new RegExp(`Open work of these 4 users in Workfront: ${tasks} open tasks`));
    const totals = ids.map((id) => OPEN_KINDS.reduce((n, k) => n + openItemsOf(sim, k, id).length, 0));
    const most = Math.max(...totals);
    assert.strictEqual(totals[2], most, 'the test made this user the busiest');
    assert.match(modal.detail ?? '', new RegExp(`Most open work: ${busiest.name} \\(${most}\\)`));
    assert.ok(!modal.items.includes('Reassign Work…'), 'handing over is offered one user at a time');
    assert.deepStrictEqual(
      sim.log.filter((r) => r.op !== 'search' && r.op !== 'count' && r.op !== 'get').map((r) => r.path),
      [],
      'only reads before the answer, and nothing after a cancel',
    );
    for (const id of ids) assert.strictEqual(sim.store.get(id)?.isActive, true);
  });
});
