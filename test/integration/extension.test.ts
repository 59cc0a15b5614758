// The extension core in a real VS Code against the simulator: activation, sign-in and the key, the
// tree's groups and counts, Deactivate and Reactivate, Workfront refusals and the expired-key path.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Services } from '../../src/commands/services';
import type { Simulator } from '../simulator/types';
import {
  Prompts,
  expectedGroupLabels,
  group,
  labels,
  services,
  signIn,
  signOutAll,
  simulator,
  updatesIn,
  userRow,
  userRows,
} from './helpers';

describe('Workfront Users in VS Code', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let svc: Services;
  let prompts: Prompts | undefined;

  before(async () => {
    sim = await simulator({ users: 60 });
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(() => {
    sim.clearLog();
    sim.clearFaults();
  });
  afterEach(async () => {
    prompts?.restore();
    prompts = undefined;
    if (svc) await signOutAll(svc);
  });

  it('activates without any network call, and the view shows the welcome when signed out', async () => {
    svc = await services();
    assert.strictEqual(sim.log.length, 0, 'no request during activation');
    assert.deepStrictEqual(await svc.provider.getChildren(), [], 'signed out: no rows, so the welcome view shows');
    assert.strictEqual(sim.log.length, 0);
  });

  it('signs in with an API key only after Workfront accepts it, and shows groups with the counts', async () => {
    svc = await services();
    assert.ok(await signIn(sim));
    const host = new URL(sim.url).host;
    assert.strictEqual(await svc.keys.getKey(host), sim.apiKey, 'the verified key is stored under the host');
    const check = sim.log.find((r) => r.op === 'get');
    assert.ok(check, 'the key was checked with a who-am-I call');
    assert.strictEqual(check.headers.apikey, sim.apiKey);
    assert.deepStrictEqual(await labels(svc), expectedGroupLabels(sim));
  });

  it('does not store a key that Workfront rejects: the key box says so, keeps the flow open, and the right key signs in', async () => {
    svc = await services();
    const wrong = 'f'.repeat(32);
    const host = new URL(sim.url).host;
    prompts = new Prompts().inputs(sim.url, wrong).picks('API key').messages();
    // Escape after the rejection: nothing stored, nothing more to say (the box said it).
    assert.strictEqual(await vscode.commands.executeCommand('workfront.signIn'), false);
    assert.strictEqual(await svc.keys.getKey(host), undefined);
    assert.strictEqual(svc.model.all().length, 0);
    assert.deepStrictEqual(prompts.messagesOf('showErrorMessage'), []);
    assert.deepStrictEqual(prompts.inputProblems(), [
      `Workfront rejected the API key for ${host}. Check that you pasted the whole key for this instance and that it has not expired or been reset, then press Enter to try again.`,
    ]);
    prompts.restore();

    // The same box takes the right key after the wrong one.
    prompts = new Prompts().inputs(sim.url, wrong, sim.apiKey).picks('API key').messages();
    assert.strictEqual(await vscode.commands.executeCommand('workfront.signIn'), true);
    assert.strictEqual(await svc.keys.getKey(host), sim.apiKey);
    assert.deepStrictEqual(
      sim.log
        .filter((r) => r.op === 'get')
        .map((r) => r.headers.apikey)
        .slice(0, 3),
      [wrong, wrong, sim.apiKey],
      'every key checked with who-am-I before anything was stored',
    );
  });

  it('refuses a non-Workfront address in the address box, before any request', async () => {
    svc = await services();
    prompts = new Prompts().inputs('https://evil.example.com').picks('API key').messages();
    assert.strictEqual(await vscode.commands.executeCommand('workfront.signIn'), false);
    assert.deepStrictEqual(prompts.messagesOf('showErrorMessage'), []);
    const problems = prompts.inputProblems();
    assert.strictEqual(problems.length, 1, JSON.stringify(prompts.shown));
    assert.match(problems[0], /not a Workfront host/);
    assert.strictEqual(sim.log.length, 0);
  });

  it('obtains a key from username and password without storing the password', async () => {
    svc = await services();
    prompts = new Prompts()
      .inputs(sim.url, sim.admin.username, 'demo-password')
      .picks('username and password')
      .messages();
    assert.strictEqual(await vscode.commands.executeCommand('workfront.signIn'), true);
    const host = new URL(sim.url).host;
    assert.strictEqual(await svc.keys.getKey(host), sim.apiKey, 'the existing key is used, not a new one');
    const action = sim.log.find((r) => r.op === 'action');
    assert.ok(action);
    assert.ok(action.body.includes('password='), 'the password travels in the form body');
    for (const r of sim.log)
      assert.ok(
        !r.path.includes('demo-password') && !JSON.stringify(r.query).includes('demo-password'),
        'never in a URL',
      );
  });

  it('signs out by deleting the key', async () => {
    svc = await services();
    assert.ok(await signIn(sim));
    const host = new URL(sim.url).host;
    await signOutAll(svc);
    assert.strictEqual(await svc.keys.getKey(host), undefined);
    assert.deepStrictEqual(await svc.provider.getChildren(), []);
  });

  it('lists a group sorted by name when expanded, with rows that say who they are', async () => {
    svc = await services();
    assert.ok(await signIn(sim));
    const rows = await userRows(svc, 'active');
    assert.strictEqual(rows.length, sim.store.count(true));
    const names = rows.map((r) => String(svc.provider.getTreeItem(r).label));
    const sorted = [...names].sort(new Intl.Collator(undefined, { sensitivity: 'base', numeric: true }).compare);
    assert.deepStrictEqual(names, sorted);
    const someone = sim.store.all().find((u) => u.isActive && u.ID !== sim.admin.ID);
    assert.ok(someone);
    const item = svc.provider.getTreeItem((await userRow(svc, 'active', someone.ID))!);
    assert.strictEqual(item.description, someone.emailAddr);
    assert.match(item.contextValue ?? '', /\bcanDeactivate\b/);
    assert.match(item.accessibilityInformation?.label ?? '', /active user/);
    const inactive = (await userRows(svc, 'inactive'))[0];
    const inactiveItem = svc.provider.getTreeItem(inactive);
    assert.match(inactiveItem.contextValue ?? '', /\bcanReactivate\b/);
    assert.match(inactiveItem.accessibilityInformation?.label ?? '', /inactive user/);
    const self = svc.provider.getTreeItem((await userRow(svc, 'active', sim.admin.ID))!);
    assert.doesNotMatch(self.contextValue ?? '', /canDeactivate/);
    assert.match(String(self.description), /^you · /);
    assert.match(self.accessibilityInformation?.label ?? '', /you cannot deactivate yourself/);
  });

  it('deactivates a user after confirmation, with one request, and moves them to Inactive', async () => {
    svc = await services();
    assert.ok(await signIn(sim));
    const target = sim.store.all().find((u) => u.isActive && u.ID !== sim.admin.ID)!;
    const active = sim.store.count(true);
    const inactive = sim.store.count(false);
    const row = (await userRow(svc, 'active', target.ID))!;
    prompts = new Prompts().messages('Deactivate');
    sim.clearLog();
    await vscode.commands.executeCommand('workfront.deactivateUser', row, [row]);
    const modal = prompts.shown.find((s) => s.fn === 'showWarningMessage');
    assert.ok(modal, 'a modal confirmation was shown');
    assert.ok(modal.message.includes(target.name) && modal.detail?.includes(target.emailAddr));
    assert.match(modal.detail ?? '', /license is freed/);
    assert.match(modal.detail ?? '', /history/);
    assert.match(modal.detail ?? '', /reactivated/);
    assert.match(modal.detail ?? '', /Reassign/);
    const updates = updatesIn(sim);
    assert.strictEqual(updates.length, 1);
    assert.strictEqual(updates[0].objId, target.ID);
    assert.deepStrictEqual(JSON.parse(updates[0].query.updates[0]), { isActive: false });
    assert.strictEqual(sim.store.get(target.ID)?.isActive, false);
    const shown = await labels(svc);
    assert.deepStrictEqual(shown.slice(0, 2), [`Active (${active - 1})`, `Inactive (${inactive + 1})`]);
    assert.deepStrictEqual(shown, expectedGroupLabels(sim));
    assert.ok(await userRow(svc, 'inactive', target.ID), 'now under Inactive');
    assert.strictEqual(await userRow(svc, 'active', target.ID), undefined);
    assert.ok(prompts.messagesOf('showInformationMessage').some((m) => m.includes(`Deactivated ${target.name}`)));
  });

  it('does nothing when the confirmation is cancelled', async () => {
    svc = await services();
    assert.ok(await signIn(sim));
    const target = sim.store.all().find((u) => u.isActive && u.ID !== sim.admin.ID)!;
    const row = (await userRow(svc, 'active', target.ID))!;
    prompts = new Prompts().messages(undefined);
    sim.clearLog();
    await vscode.commands.executeCommand('workfront.deactivateUser', row, [row]);
    assert.strictEqual(updatesIn(sim).length, 0);
    assert.strictEqual(sim.store.get(target.ID)?.isActive, true);
    assert.ok(await userRow(svc, 'active', target.ID));
  });

  it('reactivates an inactive user', async () => {
    svc = await services();
    assert.ok(await signIn(sim));
    const target = sim.store.all().find((u) => !u.isActive)!;
    const row = (await userRow(svc, 'inactive', target.ID))!;
    prompts = new Prompts().messages();
    sim.clearLog();
    await vscode.commands.executeCommand('workfront.reactivateUser', row, [row]);
    assert.strictEqual(updatesIn(sim, target.ID).length, 1);
    assert.strictEqual(sim.store.get(target.ID)?.isActive, true);
    assert.ok(await userRow(svc, 'active', target.ID));
  });

  it('shows a Workfront refusal in one message naming the user, and leaves the tree as it was', async () => {
    svc = await services();
    // Sign in as another admin so that the main admin is not "you".
    const other = sim.store.all().find((u) => u.isActive && u.ID !== sim.admin.ID)!;
    sim.store.update(other.ID, { isAdmin: true });
    assert.ok(await signIn(sim, sim.issueKey(other.ID)));
    const before = await labels(svc);
    const row = (await userRow(svc, 'active', sim.admin.ID))!;
    prompts = new Prompts().messages('Deactivate');
    await vscode.commands.executeCommand('workfront.deactivateUser', row, [row]);
    const errors = prompts.messagesOf('showErrorMessage');
    assert.strictEqual(errors.length, 1, JSON.stringify(prompts.shown));
    assert.ok(errors[0].includes(sim.admin.name), errors[0]);
    assert.strictEqual(sim.store.get(sim.admin.ID)?.isActive, true);
    assert.deepStrictEqual(await labels(svc), before);
    assert.ok(await userRow(svc, 'active', sim.admin.ID));
  });

  it('refuses to deactivate the signed-in user before any request', async () => {
    svc = await services();
    assert.ok(await signIn(sim));
    const row = (await userRow(svc, 'active', sim.admin.ID))!;
    prompts = new Prompts().messages('Deactivate');
    sim.clearLog();
    await vscode.commands.executeCommand('workfront.deactivateUser', row, [row]);
    assert.strictEqual(updatesIn(sim).length, 0);
    assert.ok(prompts.messagesOf('showWarningMessage').some((m) => /cannot deactivate your own user/.test(m)));
  });

  it('says when the key has expired, offers to sign in again, and does not reuse it', async () => {
    svc = await services();
    const key = sim.issueKey(sim.admin.ID);
    assert.ok(await signIn(sim, key));
    await group(svc, 'active');
    sim.revokeKey(key);
    await vscode.commands.executeCommand('workfront.refresh');
    const rows = await svc.provider.getChildren();
    assert.strictEqual(rows.length, 1);
    const item = svc.provider.getTreeItem(rows[0]);
    assert.match(String(item.label), /rejected the API key.*expired/);
    assert.strictEqual(item.command?.command, 'workfront.signIn');
    sim.clearLog();
    await vscode.commands.executeCommand('workfront.refresh');
    await svc.provider.getChildren();
    assert.strictEqual(sim.log.length, 0, 'the rejected key is not sent again');
    // Signing in again with a good key brings the tree back.
    assert.ok(await signIn(sim));
    assert.match((await labels(svc))[0], /^Active \(\d+\)$/);
  });

  it('applies a changed timeout setting to the next request, without signing in again', async () => {
    svc = await services();
    assert.ok(await signIn(sim));
    await group(svc, 'active');
    const config = vscode.workspace.getConfiguration('workfront');
    await config.update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      sim.inject({ op: 'count', kind: 'hang' });
      const started = Date.now();
      await vscode.commands.executeCommand('workfront.refresh');
      const rows = await svc.provider.getChildren();
      assert.match(String(svc.provider.getTreeItem(rows[0]).label), /did not answer in time/);
      assert.ok(Date.now() - started < 10_000, 'the 1 s timeout was used, not the default 30 s');
    } finally {
      sim.clearFaults();
      await config.update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows a failed load as a row, never as an empty group, and keeps the last good rows', async () => {
    svc = await services();
    assert.ok(await signIn(sim));
    const before = await userRows(svc, 'active');
    sim.inject({
      op: 'count',
      kind: 'status',
      status: 500,
      errorClass: 'com.attask.common.ServerException',
      message: 'Database unavailable',
    });
    await vscode.commands.executeCommand('workfront.refresh');
    const rows = await svc.provider.getChildren();
    const first = svc.provider.getTreeItem(rows[0]);
    assert.match(String(first.label), /server error/);
    assert.strictEqual(first.command?.command, 'workfront.showLog');
    assert.deepStrictEqual(
      rows.filter((r) => r.kind === 'group').map((r) => String(svc.provider.getTreeItem(r).label)),
      expectedGroupLabels(sim),
      'the groups stay with their last counts',
    );
    sim.clearFaults();
    sim.inject({ op: 'search', kind: 'html', status: 502 });
    await vscode.commands.executeCommand('workfront.refresh');
    const groupRows = await svc.provider.getChildren(await group(svc, 'active'));
    assert.strictEqual(groupRows[0].kind, 'message');
    assert.strictEqual(
      groupRows.filter((r) => r.kind === 'user').length,
      before.length,
      'the last good users are still shown',
    );
  });
});
