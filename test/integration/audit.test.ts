// The audit trail in a real VS Code against the simulator: a bulk run with a refusal, a lost answer and
// Undo; what is on disk while requests are out (what a closed window would leave); scheduled dates; the
// log as a document and as CSV. The file itself is in the profile the suite's secret scan reads.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AuditEntry } from '../../src/audit/records';
import type { Services } from '../../src/commands/services';
import type { Simulator } from '../simulator/types';
import { Prompts, eventually, hostOf, signedInSuite, updatesIn, userRows } from './helpers';

describe('Audit trail in VS Code', function () {
  this.timeout(90_000);
  const suite = signedInSuite({ users: 40, seed: 11, timeoutSeconds: 2 });
  let prompts: Prompts | undefined;
  afterEach(() => {
    prompts?.restore();
    prompts = undefined;
    suite.sim.clearFaults();
  });

  /** The records in the files, as they are on disk now. */
  function recordsOnDisk(svc: Services): Array<Record<string, unknown>> {
    const dir = svc.model.audit.store.dir;
    return fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.jsonl'))
      .flatMap((n) => fs.readFileSync(path.join(dir, n), 'utf8').split('\n'))
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  async function entriesOf(sim: Simulator, ids: readonly string[]): Promise<AuditEntry[]> {
    const { entries } = await suite.svc.model.audit.entries();
    return entries.filter((e) => e.instance === hostOf(sim) && ids.includes(e.user.ID));
  }

  async function someActive(n: number) {
    const { sim, svc } = suite;
    return (await userRows(svc, 'active')).filter((r) => r.userId !== sim.admin.ID).slice(0, n);
  }

  it('a bulk run with a refusal and a lost answer, then Undo: every change recorded with Workfront’s answer', async () => {
    const { sim, svc } = suite;
    const rows = await someActive(4);
    const ids = rows.map((r) => r.userId);
    sim.inject({
      op: 'update',
      userId: ids[1],
      kind: 'status',
      status: 422,
      errorClass: 'com.attask.common.ValidationException',
      // A server that echoes the key: the audit trail must not keep it.
      message: `User owns open work (request key ${sim.apiKey})`,
    });
    sim.inject({ op: 'update', userId: ids[2], kind: 'applyThenHang', times: 1 });
    prompts = new Prompts().messages('Deactivate', 'Undo', true);
    await vscode.commands.executeCommand('workfront.deactivateUser', rows[0], rows);
    // Undo reactivates the three Workfront confirmed (the lost answer was confirmed by reading the user).
    await eventually(
      () => [ids[0], ids[2], ids[3]].every((id) => sim.store.get(id)?.isActive === true),
      'Undo reactivated them',
    );
    await eventually(async () => (await entriesOf(sim, ids)).filter((e) => e.end).length === 7, 'seven answers');
    const entries = await entriesOf(sim, ids);
    const byUser = (id: string, action: string) => entries.find((e) => e.user.ID === id && e.action === action)!;
    for (const id of ids) {
      const e = byUser(id, 'deactivate');
      const u = sim.store.get(id)!;
      assert.deepStrictEqual(
        [e.user.name, e.user.email, e.field, e.from, e.to],
        [u.name, u.emailAddr, 'isActive', 'true', 'false'],
      );
      assert.deepStrictEqual([e.by?.ID, e.by?.name], [sim.admin.ID, sim.admin.name]);
      assert.ok(Date.parse(e.at) <= Date.parse(e.end!.at), 'written before its answer');
    }
    assert.deepStrictEqual(
      [byUser(ids[0], 'deactivate').end?.answer, byUser(ids[0], 'deactivate').end?.now],
      ['confirmed', 'false'],
    );
    const refused = byUser(ids[1], 'deactivate');
    assert.strictEqual(refused.end?.answer, 'refused');
    assert.match(refused.end?.message ?? '', /User owns open work/);
    assert.ok(!refused.end?.message?.includes(sim.apiKey), 'the echoed key is not kept');
    const lost = byUser(ids[2], 'deactivate');
    assert.strictEqual(lost.end?.answer, 'unknown');
    assert.deepStrictEqual([lost.check?.now, lost.check?.asIntended], ['false', true], 'read again: applied');
    for (const id of [ids[0], ids[2], ids[3]]) {
      const undo = byUser(id, 'reactivate');
      assert.deepStrictEqual([undo.from, undo.to, undo.end?.answer], ['false', 'true', 'confirmed']);
    }
    assert.strictEqual(entries.filter((e) => e.action === 'reactivate').length, 3, 'the refused one is not undone');
    const onDisk = JSON.stringify(recordsOnDisk(svc));
    assert.ok(!onDisk.includes(sim.apiKey), 'no key in the files');
  });

  it('while the requests are out, the entries of what was sent are already on disk, with no answer', async () => {
    const { sim, svc } = suite;
    const rows = await someActive(5);
    const ids = rows.map((r) => r.userId);
    const before = recordsOnDisk(svc).length;
    const earlier = new Set((await svc.model.audit.entries()).entries.map((e) => e.id));
    sim.inject({ op: 'update', kind: 'hang' });
    sim.clearLog();
    prompts = new Prompts().messages('Deactivate');
    const running = vscode.commands.executeCommand('workfront.deactivateUser', rows[0], rows);
    // Three at a time: a window closed now would have sent exactly these.
    await eventually(() => updatesIn(sim).length === 3, 'three updates out');
    const sent = updatesIn(sim).map((u) => u.objId);
    const now = recordsOnDisk(svc).slice(before);
    assert.deepStrictEqual(
      now.map((r) => r.type),
      ['begin', 'begin', 'begin'],
    );
    assert.deepStrictEqual(now.map((r) => (r.user as { ID: string }).ID).sort(), [...sent].sort());
    assert.ok(
      now.every((r) => r.pid === process.pid && r.session === svc.model.audit.session),
      'marked as this window’s',
    );
    await running;
    // No answer came: unknown, then read again: Workfront still has them active, not as intended.
    const entries = (await entriesOf(sim, ids)).filter((e) => !earlier.has(e.id));
    assert.strictEqual(entries.length, 5);
    for (const e of entries) {
      assert.strictEqual(e.end?.answer, 'unknown', e.user.name);
      assert.deepStrictEqual([e.check?.now, e.check?.asIntended], ['true', false]);
    }
    // This window is alive: its own entries are never announced as cut off.
    assert.deepStrictEqual(await svc.model.audit.cutOff(), []);
  });

  it('a scheduled date set and cleared is recorded; the log opens as a document and exports as CSV', async () => {
    const { sim, svc } = suite;
    const [row] = await someActive(1);
    prompts = new Prompts().messages();
    assert.strictEqual(
      await vscode.commands.executeCommand('workfront.scheduleDeactivation', row, '2031-03-01 10:00'),
      true,
    );
    const scheduled = sim.store.get(row.userId)!.scheduleDeactivationDate;
    assert.ok(scheduled, 'Workfront has the date');
    assert.strictEqual(await vscode.commands.executeCommand('workfront.clearScheduledDeactivation', row), true);
    const entries = await entriesOf(sim, [row.userId]);
    const set = entries.find((e) => e.action === 'scheduleDeactivation')!;
    const cleared = entries.find((e) => e.action === 'clearScheduledDeactivation')!;
    assert.strictEqual(set.field, 'scheduleDeactivationDate');
    assert.deepStrictEqual([set.from, set.end?.answer], [null, 'confirmed']);
    assert.strictEqual(set.to, set.end?.now, 'Workfront has what was sent');
    assert.deepStrictEqual(
      [cleared.from, cleared.to, cleared.end?.answer, cleared.end?.now],
      [set.to, null, 'confirmed', null],
    );

    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('workfront.showAuditLog', hostOf(sim));
    assert.ok(editor, 'the log opened');
    const text = editor.document.getText();
    assert.strictEqual(editor.document.uri.scheme, 'workfront-audit');
    const name = sim.store.get(row.userId)!.name;
    assert.ok(text.indexOf('Clear scheduled deactivation') < text.indexOf('Schedule deactivation'), 'newest first');
    assert.match(text, new RegExp(`Schedule deactivation  ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} <`));
    assert.match(text, /Refused by Workfront at .*User owns open work/);
    assert.match(text, /Result unknown at .*Read again at .*/s);
    assert.ok(!text.includes(sim.apiKey));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    const target = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wf-audit-csv-')), 'audit.csv'));
    const saved = await vscode.commands.executeCommand<vscode.Uri>('workfront.exportAuditLog', target);
    assert.strictEqual(saved?.fsPath, target.fsPath);
    const csv = fs.readFileSync(target.fsPath, 'utf8');
    const lines = csv
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    assert.match(lines[0], /^When \(UTC\),Instance,Signed in as,/);
    const all = (await svc.model.audit.entries()).entries;
    assert.strictEqual(lines.length, 1 + all.length, 'one line per entry');
    assert.ok(
      lines.some((l) => l.includes(row.userId) && l.includes('clearScheduledDeactivation') && l.includes('confirmed')),
    );
    assert.ok(!csv.includes(sim.apiKey));
    fs.rmSync(path.dirname(target.fsPath), { recursive: true, force: true });
  });
});
