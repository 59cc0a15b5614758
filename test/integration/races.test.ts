// Lost answers and races, in a real VS Code against the simulator: an update that reached Workfront but
// whose answer was lost (reset, no answer), with and without a working re-read; a refresh while a
// deactivation runs; two deactivations of the same user at once; a user deactivated or deleted elsewhere.
// In every case the tree ends up showing what the simulator has, and a user is shown as deactivated
// only once Workfront confirmed it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Services } from '../../src/commands/services';
import type { UserNode } from '../../src/tree/nodes';
import type { Simulator, SimUser } from '../simulator/types';
import {
  eventually,
  expectedGroupLabels,
  labels,
  Prompts,
  signedInSuite,
  updatesIn,
  userRow,
  userRows,
  userRequests,
} from './helpers';

describe('Lost answers and races in VS Code', function () {
  this.timeout(60_000);
  const suite = signedInSuite({ users: 50, seed: 31, timeoutSeconds: 1 });
  let sim: Simulator;
  let svc: Services;
  let prompts: Prompts | undefined;
  const used = new Set<string>();

  /** A user no earlier test touched, active or not. */
  const someone = (active: boolean): SimUser => {
    const u = sim.store
      .all()
      .find(
        (x) => x.ID !== sim.admin.ID && x.isActive === active && x.scheduleDeactivationDate === null && !used.has(x.ID),
      );
    assert.ok(u, 'a fresh user is left');
    used.add(u.ID);
    return u;
  };
  const deactivate = (row: UserNode) => vscode.commands.executeCommand('workfront.deactivateUser', row, [row]);
  /** Messages other than the confirmation modal. */
  const results = (p: Prompts) =>
    p.shown.filter((m) => m.detail === undefined && m.fn !== 'showInputBox' && m.fn !== 'showQuickPick');

  /** The tree, without a refresh, agrees with the simulator about this user and about the counts. */
  async function agrees(u: SimUser): Promise<void> {
    const active = sim.store.get(u.ID)?.isActive;
    const inActive = (await userRows(svc, 'active')).filter((r) => r.userId === u.ID).length;
    const inInactive = (await userRows(svc, 'inactive')).filter((r) => r.userId === u.ID).length;
    assert.deepStrictEqual(
      [inActive, inInactive],
      active === undefined ? [0, 0] : active ? [1, 0] : [0, 1],
      `${u.name} is listed once, in the right group`,
    );
    assert.deepStrictEqual(await labels(svc), expectedGroupLabels(sim), 'the counts');
  }

  before(() => ({ sim, svc } = suite));
  beforeEach(async () => {
    sim.clearFaults();
    sim.setLatency(0);
    await vscode.commands.executeCommand('workfront.refresh');
    await userRows(svc, 'active');
    await userRows(svc, 'inactive');
    sim.clearLog();
  });
  afterEach(async () => {
    prompts?.restore();
    prompts = undefined;
    // A slow update of a failed test must not land in the next one.
    await eventually(() => sim.stats.inFlight === 0, 'nothing in flight', 5_000).catch(() => undefined);
    assert.deepStrictEqual(suite.unhandled.seen, [], 'no unhandled promise rejection');
  });

  it('the update reached Workfront but every answer was reset: the user is read again and shown as deactivated, with one message', async () => {
    const u = someone(true);
    sim.inject({ op: 'update', userId: u.ID, kind: 'applyThenReset' });
    prompts = new Prompts().messages('Deactivate');
    await deactivate((await userRow(svc, 'active', u.ID))!);
    assert.strictEqual(sim.store.get(u.ID)?.isActive, false, 'Workfront has the change');
    const shown = results(prompts);
    assert.deepStrictEqual(
      shown.map((m) => [m.fn, m.message]),
      [['showInformationMessage', `Deactivated ${u.name}. Their license is now free.`]],
    );
    const ops = userRequests(sim.log).map((r) => r.op);
    assert.deepStrictEqual(
      ops,
      ['update', 'update', 'update', 'get'],
      'three attempts (setting isActive is idempotent), then a re-read',
    );
    await agrees(u);
  });

  it('the update reached Workfront but no answer came (timeout): the user is read again, and the truth is shown', async () => {
    const u = someone(false);
    sim.inject({ op: 'update', userId: u.ID, kind: 'applyThenHang' });
    prompts = new Prompts().messages();
    await vscode.commands.executeCommand('workfront.reactivateUser', (await userRow(svc, 'inactive', u.ID))!, []);
    assert.strictEqual(sim.store.get(u.ID)?.isActive, true);
    assert.deepStrictEqual(
      results(prompts).map((m) => m.message),
      [`Reactivated ${u.name}. They use a ${u.licenseType} license again.`],
    );
    assert.deepStrictEqual(
      userRequests(sim.log).map((r) => r.op),
      ['update', 'get'],
      'a timeout is not retried; the re-read settles it',
    );
    await agrees(u);
  });

  it('the answer was lost and the re-read failed too: the user is not shown as deactivated, the message says the result is unknown, and a refresh shows the truth', async () => {
    const u = someone(true);
    sim.inject({ op: 'update', userId: u.ID, kind: 'applyThenReset' });
    sim.inject({ op: 'get', userId: u.ID, kind: 'reset' });
    prompts = new Prompts().messages('Deactivate');
    await deactivate((await userRow(svc, 'active', u.ID))!);
    assert.strictEqual(sim.store.get(u.ID)?.isActive, false, 'Workfront did deactivate them');
    const shown = results(prompts);
    assert.strictEqual(shown.length, 1, JSON.stringify(shown));
    assert.strictEqual(shown[0].fn, 'showErrorMessage');
    assert.ok(
      shown[0].message.startsWith(`Deactivate ${u.name} (${u.emailAddr}): the answer was lost`),
      shown[0].message,
    );
    assert.match(shown[0].message, /result is unknown\. Refresh to see the current state/);
    const row = await userRow(svc, 'active', u.ID);
    assert.ok(row, 'still listed as active: nothing confirmed the change');
    assert.strictEqual(svc.provider.getTreeItem(row).description, u.emailAddr, 'and no longer busy');
    assert.strictEqual(await userRow(svc, 'inactive', u.ID), undefined);
    sim.clearFaults();
    await vscode.commands.executeCommand('workfront.refresh');
    await agrees(u);
  });

  it('a refresh while a deactivation runs: the row says Deactivating… until Workfront answers, then the user is under Inactive once, with the right counts', async () => {
    const u = someone(true);
    sim.inject({ op: 'update', userId: u.ID, kind: 'latency', latencyMs: 700 }); // within the 1 s timeout
    prompts = new Prompts().messages('Deactivate');
    const running = deactivate((await userRow(svc, 'active', u.ID))!);
    await eventually(() => updatesIn(sim, u.ID).length === 1, 'the update is in flight');
    await vscode.commands.executeCommand('workfront.refresh');
    const during = await userRow(svc, 'active', u.ID);
    assert.ok(during, 'reloaded during the update: still active in Workfront');
    const item = svc.provider.getTreeItem(during);
    assert.strictEqual(item.description, 'Deactivating…');
    assert.match(item.contextValue ?? '', /\bbusy\b/);
    assert.doesNotMatch(item.contextValue ?? '', /canDeactivate/, 'no second deactivation offered while one runs');
    assert.strictEqual(
      await userRow(svc, 'inactive', u.ID),
      undefined,
      'not shown as deactivated before Workfront says so',
    );
    await running;
    assert.deepStrictEqual(
      results(prompts).map((m) => m.message),
      [`Deactivated ${u.name}. Their license is now free.`],
    );
    await agrees(u);
  });

  it('Workfront applies the change only after the answer timed out and the re-read: the message does not claim a failure, and a refresh shows the truth', async () => {
    const u = someone(true);
    sim.inject({ op: 'update', userId: u.ID, kind: 'latency', latencyMs: 1_600 }); // applied after the 1 s timeout
    prompts = new Prompts().messages('Deactivate');
    await deactivate((await userRow(svc, 'active', u.ID))!);
    assert.deepStrictEqual(
      userRequests(sim.log).map((r) => r.op),
      ['update', 'get'],
      'a timeout, then a re-read while the update still runs',
    );
    const shown = results(prompts);
    assert.strictEqual(shown.length, 1, JSON.stringify(shown));
    assert.ok(shown[0].message.startsWith(`Deactivate ${u.name} (${u.emailAddr})`), shown[0].message);
    assert.doesNotMatch(shown[0].message, /\bfailed\b/, 'the outcome is not known, so no failure is claimed');
    assert.match(shown[0].message, /did not answer in time.*still shows.*may still be applied.*[Rr]efresh/);
    assert.ok(await userRow(svc, 'active', u.ID), 'shown as Workfront last said: active');
    await eventually(() => sim.store.get(u.ID)?.isActive === false, 'Workfront applied it late');
    await vscode.commands.executeCommand('workfront.refresh');
    await agrees(u);
  });

  it('a refresh while the answer is lost: the reloaded list already shows the change, and the re-read agrees, with the counts right', async () => {
    const u = someone(true);
    sim.inject({ op: 'update', userId: u.ID, kind: 'applyThenHang' });
    prompts = new Prompts().messages('Deactivate');
    const running = deactivate((await userRow(svc, 'active', u.ID))!);
    await eventually(() => sim.store.get(u.ID)?.isActive === false, 'Workfront applied the change');
    await vscode.commands.executeCommand('workfront.refresh');
    await agrees(u);
    await running;
    assert.deepStrictEqual(
      results(prompts).map((m) => m.message),
      [`Deactivated ${u.name}. Their license is now free.`],
    );
    await agrees(u);
  });

  it('two deactivations of the same user at once: one update, the second told to wait, the user listed once under Inactive, the counts right', async () => {
    const u = someone(true);
    sim.inject({ op: 'update', userId: u.ID, kind: 'latency', latencyMs: 400 });
    prompts = new Prompts().messages('Deactivate');
    const row = (await userRow(svc, 'active', u.ID))!;
    await Promise.all([deactivate(row), deactivate(row)]);
    const shown = results(prompts);
    assert.deepStrictEqual(
      shown.filter((m) => m.fn === 'showErrorMessage'),
      [],
      'no error',
    );
    assert.deepStrictEqual(
      shown.map((m) => m.message).sort(),
      [
        `${u.name} is already being updated in Workfront; wait for that to finish.`,
        `Deactivated ${u.name}. Their license is now free.`,
      ].sort(),
    );
    assert.strictEqual(updatesIn(sim, u.ID).length, 1, 'one update');
    assert.strictEqual(sim.store.get(u.ID)?.isActive, false);
    await agrees(u);
    assert.strictEqual(
      svc.provider.getTreeItem((await userRow(svc, 'inactive', u.ID))!).description,
      u.emailAddr,
      'not left busy',
    );
  });

  it('a user already deactivated elsewhere: deactivating shows the truth, without an error', async () => {
    const u = someone(true);
    const row = (await userRow(svc, 'active', u.ID))!;
    sim.store.setActive(u.ID, false); // another admin, in Workfront itself
    prompts = new Prompts().messages('Deactivate');
    await deactivate(row);
    assert.deepStrictEqual(
      results(prompts).map((m) => [m.fn, m.message]),
      [['showInformationMessage', `Deactivated ${u.name}. Their license is now free.`]],
    );
    await agrees(u);
  });

  it('a selection where one user was deleted and one deactivated elsewhere meanwhile: one summary that names the deleted user, everyone in their true state', async () => {
    const [a, b, c] = [someone(true), someone(true), someone(true)];
    const rows = await Promise.all([a, b, c].map(async (u) => (await userRow(svc, 'active', u.ID))!));
    sim.store.remove(b.ID);
    sim.store.setActive(c.ID, false);
    prompts = new Prompts().messages('Deactivate');
    await vscode.commands.executeCommand('workfront.deactivateUser', rows[0], rows);
    const shown = results(prompts);
    assert.strictEqual(shown.length, 1, JSON.stringify(shown));
    assert.strictEqual(shown[0].fn, 'showErrorMessage');
    assert.match(shown[0].message, /^Deactivated 2 of 3 users\. Failed: /);
    assert.ok(
      shown[0].message.includes(
        `${b.name} (${b.emailAddr}) no longer exists in Workfront; it was removed from the list.`,
      ),
      shown[0].message,
    );
    assert.ok(!shown[0].message.includes(c.name), 'the user deactivated elsewhere is not reported as a failure');
    for (const u of [a, b, c]) await agrees(u);
  });

  it('a user deleted in Workfront meanwhile: one message, the row removed, the count follows', async () => {
    const u = someone(false);
    const row = (await userRow(svc, 'inactive', u.ID))!;
    sim.store.remove(u.ID);
    prompts = new Prompts().messages();
    await vscode.commands.executeCommand('workfront.reactivateUser', row, [row]);
    assert.deepStrictEqual(
      results(prompts).map((m) => [m.fn, m.message]),
      [['showErrorMessage', `${u.name} (${u.emailAddr}) no longer exists in Workfront; it was removed from the list.`]],
    );
    assert.strictEqual(sim.log.length, 1, 'one request, no retry');
    await agrees(u);
  });
});
