// What admins do next, in a real VS Code against the simulator: a multi-selection with one
// confirmation, Undo, Filter, details, copy, CSV export, scheduled deactivation and two instances.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Services } from '../../src/commands/services';
import { escapeHtml } from '../../src/details/html';
import type { Simulator } from '../simulator/types';
import {
  Prompts,
  eventually,
  labels,
  services,
  signIn,
  signOutAll,
  simulator,
  updatesIn,
  userRow,
  userRows,
} from './helpers';

describe('Admin actions in VS Code', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let svc: Services;
  let prompts: Prompts | undefined;

  before(async () => {
    sim = await simulator({ users: 80, seed: 7 });
    svc = await services();
  });
  after(async () => {
    await signOutAll(svc);
    await sim.close();
  });
  beforeEach(async () => {
    await signOutAll(svc);
    assert.ok(await signIn(sim));
    sim.clearLog();
  });
  afterEach(() => {
    prompts?.restore();
    prompts = undefined;
  });

  it('deactivates a selection after one confirmation that counts and names them, then Undo reactivates them', async () => {
    const rows = (await userRows(svc, 'active')).filter((r) => r.userId !== sim.admin.ID).slice(0, 3);
    const names = rows.map((r) => sim.store.get(r.userId)!.name);
    prompts = new Prompts().messages('Deactivate', 'Undo', true);
    await vscode.commands.executeCommand('workfront.deactivateUser', rows[1], rows);
    const modal = prompts.shown.find((s) => s.fn === 'showWarningMessage')!;
    assert.match(modal.message, /Deactivate 3 users\?/);
    for (const n of names) assert.ok(modal.detail?.includes(n), `${n} is named`);
    const first = updatesIn(sim).slice(0, 3);
    assert.deepStrictEqual(first.map((u) => u.objId).sort(), rows.map((r) => r.userId).sort());
    for (const u of first) assert.deepStrictEqual(JSON.parse(u.params.updates), { isActive: false });
    const done = prompts.shown.find((s) => s.fn === 'showInformationMessage' && /Deactivated 3 users/.test(s.message));
    assert.ok(done, JSON.stringify(prompts.shown));
    assert.deepStrictEqual(done.items, ['Undo']);
    // Undo was clicked: the same users are reactivated, with no second confirmation.
    await eventually(() => rows.every((r) => sim.store.get(r.userId)?.isActive === true), 'Undo reactivated them');
    const undo = updatesIn(sim).slice(3);
    assert.deepStrictEqual(undo.map((u) => u.objId).sort(), rows.map((r) => r.userId).sort());
    for (const u of undo) assert.deepStrictEqual(JSON.parse(u.params.updates), { isActive: true });
    await eventually(
      async () => (await userRow(svc, 'active', rows[0].userId)) !== undefined,
      'the tree shows them active',
    );
  });

  it('names the users that failed in the summary, and shows every user’s true state', async () => {
    const rows = (await userRows(svc, 'active')).filter((r) => r.userId !== sim.admin.ID).slice(0, 3);
    const failing = sim.store.get(rows[2].userId)!;
    sim.inject({
      op: 'update',
      userId: failing.ID,
      kind: 'status',
      status: 422,
      errorClass: 'com.attask.common.ValidationException',
      message: 'User is the sole approver',
    });
    prompts = new Prompts().messages('Deactivate');
    await vscode.commands.executeCommand('workfront.deactivateUser', rows[0], rows);
    const summary = prompts.messagesOf('showErrorMessage');
    assert.strictEqual(summary.length, 1);
    assert.match(summary[0], /Deactivated 2 of 3 users/);
    assert.ok(summary[0].includes(failing.name) && summary[0].includes('sole approver'), summary[0]);
    assert.ok(await userRow(svc, 'active', failing.ID), 'the failed user stays active');
    assert.ok(await userRow(svc, 'inactive', rows[0].userId));
  });

  it('filters on the server by name, email or title and shows the filter; Clear Filter restores everything', async () => {
    const someone = sim.store.all().find((u) => u.isActive && u.ID !== sim.admin.ID)!;
    const text = someone.lastName;
    await vscode.commands.executeCommand('workfront.filter', text);
    const matching = sim.store
      .all()
      .filter(
        (u) => u.isActive && [u.name, u.emailAddr, u.title].some((v) => v.toLowerCase().includes(text.toLowerCase())),
      );
    assert.strictEqual((await labels(svc))[0], `Active (${matching.length})`);
    assert.match(String(svc.view.description), new RegExp(text));
    const shown = (await userRows(svc, 'active')).map((r) => r.userId).sort();
    assert.deepStrictEqual(shown, matching.map((u) => u.ID).sort());
    assert.ok(
      sim.log.some((r) => r.op === 'search' && JSON.stringify(r.query).includes('cicontains')),
      'the search ran in Workfront',
    );
    await vscode.commands.executeCommand('workfront.clearFilter');
    assert.strictEqual((await labels(svc))[0], `Active (${sim.store.count(true)})`);
  });

  it('shows details in a rendered page, one per user, and copies the ID and email', async () => {
    const u = sim.store.all().find((x) => x.isActive && x.ID !== sim.admin.ID && x.managerID)!;
    const row = (await userRow(svc, 'active', u.ID))!;
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('workfront.showDetails', row);
    assert.ok(panel, 'a webview panel');
    try {
      assert.strictEqual(panel.viewType, 'workfront.userDetails');
      assert.strictEqual(panel.title, u.name);
      assert.strictEqual(panel.webview.options.enableCommandUris, false);
      const html = panel.webview.html;
      for (const v of [u.emailAddr, u.username, u.title, u.licenseType, u.ID])
        assert.ok(html.includes(escapeHtml(v)), `${v} in details`);
      assert.match(html, /<dt>Access level<\/dt><dd><bdi>[^<]+<\/bdi><\/dd>/);
      const manager = sim.store.get(u.managerID!)!;
      assert.ok(
        html.includes(`data-action="openManager" title="Show the details of ${escapeHtml(manager.name)}">`),
        'the manager is a link to their details',
      );
      assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
      const again = await vscode.commands.executeCommand<vscode.WebviewPanel>('workfront.showDetails', row);
      assert.strictEqual(again, panel, 'the same tab is brought forward');
    } finally {
      panel.dispose();
    }
    await vscode.commands.executeCommand('workfront.copyId', row);
    assert.strictEqual(await vscode.env.clipboard.readText(), u.ID);
    await vscode.commands.executeCommand('workfront.copyEmail', row);
    assert.strictEqual(await vscode.env.clipboard.readText(), u.emailAddr);
  });

  it('exports a group as CSV with proper quoting, the reference columns and dates in the stated zone', async () => {
    const active = (await svc.provider.getChildren()).find((n) => n.kind === 'group' && n.group === 'active')!;
    const file = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wf-csv-')), 'active.csv'));
    prompts = new Prompts().messages();
    await vscode.commands.executeCommand('workfront.exportCsv', active, file);
    const text = fs.readFileSync(file.fsPath, 'utf8');
    const lines = text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    const zone = sim.admin.timeZone;
    assert.strictEqual(
      lines[0],
      `ID,Name,Email,Title,Active,License type,Access level,Home group,Manager,Manager email,Last sign-in (${zone}),Deactivated on (${zone}),Scheduled deactivation (${zone})`,
    );
    assert.strictEqual(lines.length, sim.store.count(true) + 1);
    const withComma = sim.store.all().find((u) => u.isActive && u.title.includes(','));
    if (withComma) assert.ok(text.includes(`"${withComma.title}"`), 'a title with a comma is quoted');
    const managed = sim.store.all().find((u) => u.isActive && u.managerID && u.lastLoginDate && !/[,"]/.test(u.name))!;
    const line = lines.find((l) => l.startsWith(managed.ID))!;
    assert.ok(line.includes(`,${sim.store.get(managed.managerID!)!.name},`), line);
    assert.match(line, /,\d{4}-\d{2}-\d{2} \d{2}:\d{2},/, 'a date a spreadsheet reads');
    const note = prompts.shown.find((m) => m.fn === 'showInformationMessage')!;
    assert.match(
      note.message,
      new RegExp(`^Exported ${sim.store.count(true)} active users to .*active\\.csv \\(times in ${zone}\\)\\.$`),
    );
    assert.strictEqual(note.items[0], 'Open');
    assert.ok(!sim.log.some((r) => /\/user\/[0-9a-f]{32}$/.test(r.path)), 'no user was read one by one');
  });

  it('exports the selected users only', async () => {
    const rows = (await userRows(svc, 'active')).slice(2, 5);
    const file = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wf-csv-')), 'selected.csv'));
    prompts = new Prompts().messages();
    sim.clearLog();
    await vscode.commands.executeCommand('workfront.exportSelectedCsv', rows[0], rows, file);
    const lines = fs.readFileSync(file.fsPath, 'utf8').trim().split('\r\n');
    assert.deepStrictEqual(
      lines
        .slice(1)
        .map((l) => l.slice(0, 32))
        .sort(),
      rows.map((r) => r.userId).sort(),
    );
    const searches = sim.log.filter((r) => r.op === 'search');
    assert.strictEqual(searches.length, 1, 'one read for the three');
    assert.deepStrictEqual([...searches[0].query.ID].sort(), rows.map((r) => r.userId).sort());
  });

  it('schedules and clears a deactivation date, and shows the user under Scheduled to Leave', async () => {
    const u = sim.store.all().find((x) => x.isActive && x.ID !== sim.admin.ID && x.scheduleDeactivationDate === null)!;
    const row = (await userRow(svc, 'active', u.ID))!;
    const next = new Date(Date.now() + 40 * 86_400_000);
    const day = `${next.getFullYear()}-${String(next.getMonth() + 1).padStart(2, '0')}-${String(next.getDate()).padStart(2, '0')}`;
    assert.strictEqual(await vscode.commands.executeCommand('workfront.scheduleDeactivation', row, day), true);
    assert.ok(sim.store.get(u.ID)?.scheduleDeactivationDate, 'Workfront has the date');
    assert.ok(await userRow(svc, 'scheduled' as 'active', u.ID), 'listed under Scheduled to Leave');
    assert.strictEqual(await vscode.commands.executeCommand('workfront.clearScheduledDeactivation', row), true);
    assert.strictEqual(sim.store.get(u.ID)?.scheduleDeactivationDate, null);
  });

  it('shows two instances side by side, each with its own key and host-prefixed ids', async () => {
    const other = await simulator({ users: 20, seed: 99 });
    try {
      assert.ok(await signIn(other));
      const roots = await svc.provider.getChildren();
      assert.deepStrictEqual(
        roots.map((r) => r.kind),
        ['instance', 'instance'],
      );
      const hosts = roots.map((r) => r.host);
      assert.deepStrictEqual(hosts.sort(), [new URL(sim.url).host, new URL(other.url).host].sort());
      for (const root of roots) {
        const groups = await svc.provider.getChildren(root);
        for (const g of groups)
          assert.ok(svc.provider.getTreeItem(g).id?.startsWith(root.host), 'ids are prefixed by host');
      }
      const keysSeen = new Set(other.log.map((r) => r.headers.apikey));
      assert.deepStrictEqual([...keysSeen], [other.apiKey], 'the second instance only ever got its own key');
      assert.ok(!sim.log.some((r) => r.headers.apikey === other.apiKey));
    } finally {
      await signOutAll(svc);
      await other.close();
    }
  });
});
