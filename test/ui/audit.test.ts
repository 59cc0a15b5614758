// The audit trail through the real workbench: a bulk run with an injected refusal; then a bulk run
// during which the extension host is killed (SIGKILL, as a crash) with requests out, the window
// reloaded, the next start's notice, "Refresh These Users" (which says what Workfront now has), and
// Show Audit Log. Its own server: the run leaves entries in the server's global storage on purpose.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../scripts/vscode/realVscode';
import type { SimUser } from '../simulator/types';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Every audit file under the server's profile. */
function auditRecords(userDataDir: string): Array<Record<string, unknown>> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/^audit.*\.jsonl$/.test(e.name)) files.push(p);
    }
  };
  walk(userDataDir);
  return files
    .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'))
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('UI: the audit trail after a failure and after the extension host dies mid-run', function () {
  this.timeout(300_000);
  const ui = useWorkbench({
    name: 'audit',
    ownServer: true,
    simulator: { users: 30, seed: 61 },
    settings: (sim) => (sim ? { 'workfront.instance': sim.url, 'workfront.requestTimeoutSeconds': 10 } : {}),
  });
  let sorted: SimUser[];
  let active: number;

  /** A notification, in the centre (a toast may have faded by the time it is looked for). */
  async function notification(text: RegExp, timeoutMs: number) {
    await ui.wb.showNotificationCenter();
    return ui.wb.waitForNotification(text, timeoutMs);
  }

  async function select(users: readonly SimUser[]) {
    const { wb } = ui;
    await (await wb.revealTreeItem(`${users[0].name}, ${users[0].emailAddr}`)).click();
    for (const u of users.slice(1))
      await (await wb.revealTreeItem(`${u.name}, ${u.emailAddr}`)).click({ modifiers: ['Control'] });
  }

  it('a bulk run with a refusal from Workfront', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    active = sim.store.count(true);
    sorted = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID)
      .sort((a, b) => collator.compare(a.name, b.name));
    const targets = sorted.slice(1, 4);
    sim.inject({
      op: 'update',
      userId: targets[1].ID,
      kind: 'status',
      status: 422,
      errorClass: 'com.attask.common.ValidationException',
      message: 'User is the sole approver of 3 approvals',
    });
    await wb.expandTreeItem(`Active (${active})`, 30_000);
    await select(targets);
    await wb.rightClickTreeItem(`${targets[0].name}, ${targets[0].emailAddr}`);
    await wb.chooseContextMenuItem('Deactivate User…');
    await wb.answerDialog('Deactivate');
    await notification(/Deactivated 2 of 3 users/, 30_000);
    sim.clearFaults();
  });

  it('the extension host is killed with three changes out; the next start says so and reads those users again', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    const targets = sorted.slice(5, 9);
    const updatesBefore = sim.log.filter((r) => r.op === 'update').length;
    // The first request is applied and its answer never comes; the others are never applied.
    sim.inject({ op: 'update', kind: 'applyThenHang', times: 1 });
    sim.inject({ op: 'update', kind: 'hang' });
    await wb.waitForTreeItem(`Active (${sim.store.count(true)})`, 30_000);
    await select(targets);
    await wb.rightClickTreeItem(`${targets[0].name}, ${targets[0].emailAddr}`);
    await wb.chooseContextMenuItem('Deactivate User…');
    await wb.answerDialog('Deactivate');
    const deadline = Date.now() + 30_000;
    while (sim.log.filter((r) => r.op === 'update').length < updatesBefore + 3) {
      assert.ok(Date.now() < deadline, 'three updates were sent');
      await wb.page.waitForTimeout(100);
    }
    const sent = sim.log
      .filter((r) => r.op === 'update')
      .slice(updatesBefore)
      .map((r) => r.objId);
    const applied = sim.store.get(sent[0]!)!;
    assert.strictEqual(applied.isActive, false, 'Workfront applied the first');
    // On disk before the answers: the begin records of exactly what was sent, from one process.
    const records = auditRecords(wb.server.userDataDir);
    const ended = new Set(records.filter((r) => r.type === 'end').map((r) => r.id));
    const open = records.filter((r) => r.type === 'begin' && !ended.has(r.id));
    assert.deepStrictEqual(open.map((r) => (r.user as { ID: string }).ID).sort(), [...sent].sort());
    const pids = [...new Set(open.map((r) => r.pid as number))];
    assert.strictEqual(pids.length, 1);
    process.kill(pids[0], 'SIGKILL'); // the extension host this window started, as a crash
    const killed = Date.now() + 10_000;
    while (alive(pids[0])) {
      assert.ok(Date.now() < killed, 'the extension host stopped');
      await wb.page.waitForTimeout(100);
    }
    sim.clearFaults();
    await wb.page.reload();
    await wb.waitForReady();
    await wb.openViewContainer('Workfront Users');
    // The new extension host has activated and loaded the view: the workbench takes commands now.
    await wb.waitForTreeItem(`Active (${sim.store.count(true)})`, 60_000);
    await notification(/3 changes of .* have no answer from Workfront/, 60_000);
    await wb.screenshot('notice');
    await wb.clickNotificationButton(/3 changes of .* have no answer/, 'Refresh These Users');
    const notApplied = sent.slice(1).map((id) => sim.store.get(id!)!.name);
    const result = await notification(/Workfront has 1 of 3 changes as intended/, 60_000);
    const text = await result.innerText();
    for (const name of notApplied) assert.ok(text.includes(name), `${name} is named as not applied`);
    assert.ok(!text.includes(applied.name), 'the applied one is not named');
    await wb.screenshot('refreshed');
  });

  it('Show Audit Log: every change with Workfront’s answer, newest first', async () => {
    const { wb } = ui;
    await wb.runCommand('Workfront: Show Audit Log');
    const lines = wb.page.locator('.editor-instance .view-lines').first();
    await lines.filter({ hasText: /Refused\sby\sWorkfront.*sole\sapprover/ }).waitFor({ timeout: 30_000 });
    const text = (await lines.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /Sent at .*no answer recorded|Read again at .*not as intended/);
    assert.match(text, /Read again at .*, as intended\./);
    assert.ok(!text.includes(wb.sim!.apiKey), 'no key in the log');
    const shot = await wb.screenshot('audit-log');
    if (process.env.WF_UPDATE_MEDIA) fs.copyFileSync(shot, path.join(ROOT, 'media', 'screenshot-audit-log.png'));
  });
});
