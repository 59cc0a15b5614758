// Licence reclamation and Offboard from List in a real VS Code against the simulator: the list is matched
// case-insensitively in a few searches (counted on the wire), bulk runs with failures say which users
// stayed, a list run again changes nothing and says so, and licence totals follow confirmed answers.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { OffboardRun } from '../../src/commands/offboardList';
import type { GroupNode, UserNode } from '../../src/tree/nodes';
import { formatWorkfrontDate, type SimUser } from '../simulator';
import { eventually, Prompts, signedInSuite, updatesIn } from './helpers';

const DAY = 86_400_000;

describe('Offboarding and license reclamation in VS Code', function () {
  this.timeout(60_000);
  const suite = signedInSuite({ users: 400, seed: 21 });
  let prompts: Prompts | undefined;
  let restoreSave: (() => void) | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-offboard-'));

  afterEach(() => {
    prompts?.restore();
    prompts = undefined;
    restoreSave?.();
    restoreSave = undefined;
  });

  /** Answers save dialogs with this file (the result CSV), recording that one was shown. */
  function saveTo(file: string): { shown: number } {
    const state = { shown: 0 };
    const original = vscode.window.showSaveDialog;
    (vscode.window as { showSaveDialog: unknown }).showSaveDialog = async () => {
      state.shown++;
      return vscode.Uri.file(file);
    };
    restoreSave = () => ((vscode.window as { showSaveDialog: unknown }).showSaveDialog = original);
    return state;
  }

  const others = () => suite.sim.store.all().filter((u) => u.ID !== suite.sim.admin.ID);
  const writeList = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, lines.join('\n'));
    return vscode.Uri.file(file);
  };
  const offboard = (uri: vscode.Uri) =>
    vscode.commands.executeCommand<OffboardRun | undefined>('workfront.offboardFromList', uri);

  it('matches a list case-insensitively in a few batched searches, with every category in the preview', async () => {
    const { sim } = suite;
    const active = others().filter((u) => u.isActive);
    const leavers = active.slice(0, 150);
    const inactive = others().find((u) => !u.isActive) as SimUser;
    const uri = writeList('leavers.txt', [
      'Email',
      ...leavers.map((u, i) => (i % 2 === 0 ? u.emailAddr.toUpperCase() : u.emailAddr)),
      inactive.emailAddr,
      'nobody.here@example.com',
      sim.admin.username.toUpperCase(),
    ]);
    sim.clearLog();
    prompts = new Prompts().messages([]); // the preview is cancelled: nothing changes
    const run = await offboard(uri);
    const searches = sim.log.filter((r) => r.op === 'search');
    assert.ok(searches.length >= 1 && searches.length <= 3, `${searches.length} searches for 153 lines`);
    assert.ok(
      searches.every((r) => /"emailAddr_Mod":"ciin"/.test(r.params.filters)),
      searches[0]?.params.filters,
    );
    assert.strictEqual(updatesIn(sim).length, 0, 'nothing changed before the confirmation');
    const preview = prompts.shown.find((s) => s.fn === 'showWarningMessage');
    assert.ok(preview, JSON.stringify(prompts.shown));
    assert.match(preview.message, /deactivate 150 of the 153 listed users\?/);
    assert.match(preview.detail ?? '', /Will be deactivated \(150\)/);
    assert.match(preview.detail ?? '', /Already inactive \(1\)/);
    assert.match(preview.detail ?? '', /Not found in Workfront \(1\)/);
    assert.match(preview.detail ?? '', /Protected, left alone \(1\)/);
    assert.deepStrictEqual(preview.items, ['Deactivate 150 Users', 'Save Preview as CSV…']);
    assert.strictEqual(run?.plan.length, 153);
  });

  it('a bulk run with failures deactivates the others, says which stayed, and the result file says why', async () => {
    const { sim, svc } = suite;
    const leavers = others()
      .filter((u) => u.isActive)
      .slice(200, 206);
    const [refused, lost] = leavers;
    sim.inject({
      op: 'update',
      userId: refused.ID,
      kind: 'status',
      status: 422,
      errorClass: 'ValidationException',
      message: 'This user owns an approval process.',
    });
    sim.inject({ op: 'update', userId: lost.ID, kind: 'reset' });
    const uri = writeList('hr.csv', ['Name,Email', ...leavers.map((u) => `"${u.name}",${u.emailAddr}`)]);
    const result = path.join(dir, 'result.csv');
    const save = saveTo(result);
    sim.clearLog();
    prompts = new Prompts().messages('Deactivate 6 Users', 'Save Result as CSV…');
    const run = await offboard(uri);
    assert.strictEqual(run?.outcomes.length, 6);
    for (const u of leavers.slice(2)) assert.strictEqual(sim.store.get(u.ID)?.isActive, false, `${u.name} deactivated`);
    assert.strictEqual(sim.store.get(refused.ID)?.isActive, true, 'the refused user stays active');
    assert.strictEqual(sim.store.get(lost.ID)?.isActive, true, 'the user whose request never arrived stays active');
    const summary = prompts.shown.find((s) => s.fn === 'showErrorMessage');
    assert.ok(summary, JSON.stringify(prompts.shown.map((s) => s.message)));
    assert.match(summary.message, /deactivated 4 of 6 users; 2 failed/);
    // Saved once the file is written whole (the save runs after the notification's button).
    await eventually(
      () => prompts!.messagesOf('showInformationMessage').some((m) => m.startsWith('Saved the offboarding result')),
      'the result file was saved',
    );
    assert.strictEqual(save.shown, 1);
    const lines = fs
      .readFileSync(result, 'utf8')
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    assert.strictEqual(lines[0], 'Line,Listed as,Result,Name,Email,Username,ID,Details');
    const lineOf = (u: SimUser) => lines.find((l) => l.includes(u.ID)) ?? '';
    assert.match(lineOf(refused), /,Failed,.*owns an approval process/);
    assert.match(lineOf(lost), /,Failed,/);
    for (const u of leavers.slice(2)) assert.match(lineOf(u), /,Deactivated,/);
    // The tree shows what Workfront has: the two failures are still active.
    const model = svc.model.all()[0];
    assert.strictEqual(model.users.get(refused.ID)?.isActive ?? true, true);
    sim.clearFaults();
  });

  it('running the same list again changes nothing and says so', async () => {
    const { sim } = suite;
    const leavers = others()
      .filter((u) => u.isActive)
      .slice(300, 304);
    const uri = writeList(
      'again.txt',
      leavers.map((u) => u.emailAddr),
    );
    prompts = new Prompts().messages('Deactivate 4 Users');
    await offboard(uri);
    for (const u of leavers) assert.strictEqual(sim.store.get(u.ID)?.isActive, false);
    prompts.restore();
    sim.clearLog();
    prompts = new Prompts().messages('Deactivate 4 Users');
    const again = await offboard(uri);
    assert.strictEqual(updatesIn(sim).length, 0, 'no change was sent');
    assert.strictEqual(again?.outcomes.length, 0);
    assert.ok(!prompts.shown.some((s) => s.fn === 'showWarningMessage'), 'no confirmation is asked');
    assert.ok(
      prompts
        .messagesOf('showInformationMessage')
        .includes('Nothing to change: all 4 listed users are already inactive.'),
      JSON.stringify(prompts.shown),
    );
  });

  it('a failed search stops the run before the preview: one message, nothing changed', async () => {
    const { sim } = suite;
    const someone = others().find((u) => u.isActive) as SimUser;
    sim.inject({ op: 'search', kind: 'status', status: 500, errorClass: 'InternalError', message: 'Busy.', times: 1 });
    sim.clearLog();
    prompts = new Prompts().messages('Deactivate 1 Users');
    const run = await offboard(writeList('one.txt', [someone.emailAddr]));
    assert.strictEqual(run, undefined);
    assert.strictEqual(updatesIn(sim).length, 0);
    assert.ok(!prompts.shown.some((s) => s.fn === 'showWarningMessage'), 'no preview');
    const errors = prompts.messagesOf('showErrorMessage');
    assert.strictEqual(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0], /Find the listed users/);
    assert.strictEqual(sim.store.get(someone.ID)?.isActive, true);
    sim.clearFaults();
  });

  it('a list with no usable column is refused with one message, and nothing is asked of Workfront', async () => {
    const { sim } = suite;
    sim.clearLog();
    prompts = new Prompts().messages();
    await offboard(writeList('wrong.csv', ['Name,Department', 'Ana,Sales']));
    assert.strictEqual(sim.log.filter((r) => r.op === 'search').length, 0);
    const errors = prompts.messagesOf('showErrorMessage');
    assert.strictEqual(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0], /no column of its header row is an email or username column \(found: Name, Department\)/);
  });

  it('Not Signed In: a bulk license change with a failure; the totals follow what Workfront confirmed', async () => {
    const { sim, svc } = suite;
    const now = Date.now();
    // A small, known group: everyone else signed in yesterday.
    const idle = others()
      .filter((u) => u.isActive)
      .slice(-4);
    assert.strictEqual(idle.length, 4);
    for (const u of others()) if (u.isActive) sim.store.update(u.ID, { lastLoginDate: formatWorkfrontDate(now - DAY) });
    sim.store.update(sim.admin.ID, { lastLoginDate: formatWorkfrontDate(now - DAY) });
    idle.forEach((u, i) =>
      sim.store.update(u.ID, {
        licenseType: i < 3 ? 'Standard' : 'Light',
        lastLoginDate: i === 0 ? null : formatWorkfrontDate(now - (200 + i) * DAY),
        entryDate: formatWorkfrontDate(now - 900 * DAY),
      }),
    );
    await vscode.commands.executeCommand('workfront.refresh');
    const model = svc.model.all()[0];
    const roots = await svc.provider.getChildren();
    const group = roots.find((n): n is GroupNode => n.kind === 'group' && n.group === 'dormant');
    assert.ok(group, 'the group is shown');
    sim.clearLog();
    const children = await svc.provider.getChildren(group);
    assert.strictEqual(svc.provider.getTreeItem(children[0]).label, 'Licenses held: 3 Standard · 1 Light');
    const rows = children.filter((n): n is UserNode => n.kind === 'user');
    assert.deepStrictEqual(rows.map((r) => r.userId).sort(), idle.map((u) => u.ID).sort());
    // The other groups' first pages are read ahead when the groups are shown (not part of this list).
    const readAhead = (r: (typeof sim.log)[number]) => r.params.$$FIRST === '0' && r.params.lastLoginDate === undefined;
    const listed = sim.log.filter((r) => !readAhead(r));
    assert.ok(
      listed.length > 0 && listed.every((r) => r.params.lastLoginDate === '$$TODAY-90d'),
      'filtered by Workfront',
    );
    let item = svc.provider.getTreeItem(group);
    assert.strictEqual(item.label, 'Not Signed In for 90 Days (4)');
    assert.strictEqual(item.description, '3 Standard · 1 Light');
    const never = svc.provider.getTreeItem(rows.find((r) => r.userId === idle[0].ID) as UserNode);
    assert.match(String(never.description), /^Standard · never signed in · /);
    const once = svc.provider.getTreeItem(rows.find((r) => r.userId === idle[1].ID) as UserNode);
    assert.match(String(once.description), /^Standard · signed in [^·]*\d[^·]* · /);

    sim.inject({
      op: 'update',
      userId: idle[2].ID,
      kind: 'status',
      status: 422,
      errorClass: 'ValidationException',
      message: 'No Light licenses left.',
    });
    sim.clearLog();
    prompts = new Prompts().picks('Light').messages('Change License Type');
    await vscode.commands.executeCommand('workfront.changeLicenseType', group);
    assert.strictEqual(sim.log.filter((r) => r.path.endsWith('/metadata')).length, 1, 'types read from the metadata');
    const updates = updatesIn(sim);
    assert.deepStrictEqual(
      updates.map((u) => u.objId).sort(),
      idle
        .slice(0, 3)
        .map((u) => u.ID)
        .sort(),
      'Light users are left alone',
    );
    for (const u of updates) assert.deepStrictEqual(JSON.parse(u.params.updates), { licenseType: 'Light' });
    assert.strictEqual(sim.store.get(idle[0].ID)?.licenseType, 'Light');
    assert.strictEqual(sim.store.get(idle[2].ID)?.licenseType, 'Standard');
    const confirm = prompts.shown.find((s) => s.fn === 'showWarningMessage');
    assert.match(confirm?.message ?? '', /Change the license type of 3 users to Light\?/);
    const summary = prompts.messagesOf('showErrorMessage')[0] ?? '';
    assert.match(summary, /Changed 2 of 3 licenses to Light\. Not changed: .*No Light licenses left/);
    item = svc.provider.getTreeItem(group);
    assert.strictEqual(item.description, '3 Light · 1 Standard', 'totals after what Workfront confirmed');
    const first = (await svc.provider.getChildren(group))[0];
    assert.strictEqual(svc.provider.getTreeItem(first).label, 'Licenses held: 3 Light · 1 Standard');
    assert.strictEqual(model.users.get(idle[2].ID)?.licenseType, 'Standard');
    // Each change is in the audit trail with Workfront's answer: two confirmed, the refused one with its reason.
    const audited = (await svc.model.audit.entries()).entries.filter(
      (e) => e.action === 'licenseType' && idle.some((u) => u.ID === e.user.ID),
    );
    assert.deepStrictEqual(
      audited.map((e) => [e.user.ID, e.from, e.to, e.end?.answer]).sort(),
      idle
        .slice(0, 3)
        .map((u, i) => [u.ID, 'Standard', 'Light', i === 2 ? 'refused' : 'confirmed'])
        .sort(),
    );
    assert.match(audited.find((e) => e.user.ID === idle[2].ID)?.end?.message ?? '', /No Light licenses left/);
    sim.clearFaults();

    // Deactivate All…: one confirmation for the whole group, and the group empties.
    prompts.restore();
    prompts = new Prompts().messages('Deactivate');
    sim.clearLog();
    await vscode.commands.executeCommand('workfront.deactivateNotSignedIn', group);
    const modal = prompts.shown.filter((s) => s.fn === 'showWarningMessage');
    assert.strictEqual(modal.length, 1);
    assert.match(modal[0].message, /Deactivate 4 users\?/);
    for (const u of idle) assert.strictEqual(sim.store.get(u.ID)?.isActive, false);
    assert.strictEqual(svc.provider.getTreeItem(group).label, 'Not Signed In for 90 Days (0)');
  });
});
