// Handing a leaver's work over, clicked as an admin clicks: Deactivate User… shows the open work in the
// confirmation (counted in Workfront), offers Reassign Work…, which asks who receives it (searched in
// Workfront), previews what moves and what cannot, and reports what Workfront confirmed. A count that
// fails says "not known" and the deactivation still goes ahead.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../scripts/vscode/realVscode';
import { OPEN_KINDS, openItemsOf, type OpenKind } from '../simulator';
import type { SimUser } from '../simulator/types';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** How the dialog says a count (English), e.g. "2 open tasks", "1 project they own". */
const PHRASE: Record<OpenKind, [string, string]> = {
  tasks: ['open task', 'open tasks'],
  issues: ['open issue', 'open issues'],
  projects: ['project they own', 'projects they own'],
  templates: ['template they own', 'templates they own'],
  approvals: ['approval waiting on them', 'approvals waiting on them'],
};
const phrase = (kind: OpenKind, n: number) => `${n} ${PHRASE[kind][n === 1 ? 0 : 1]}`;

function saveMedia(shot: string, name: string): void {
  if (process.env.WF_UPDATE_MEDIA) fs.copyFileSync(shot, path.join(ROOT, 'media', name));
}

describe('UI: open work in the confirmation, and Reassign Work', function () {
  this.timeout(240_000);
  const ui = useWorkbench({ name: 'offboarding', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });
  let leaver: SimUser;
  let receiver: SimUser;
  let active: number;

  it('shows the leaver’s open work, per kind, in the Deactivate confirmation, and offers Reassign Work…', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    const byName = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID)
      .sort((a, b) => collator.compare(a.name, b.name));
    [leaver, receiver] = byName;
    // Some of every kind, and finished work that must not count.
    const project = sim.work.add('PROJ', { name: 'Autumn Catalogue', ownerID: leaver.ID, status: 'CUR' });
    sim.work.add('TASK', { name: 'Approve proofs', assignedToID: leaver.ID, projectID: project.ID, status: 'INP' });
    sim.work.add('TASK', { name: 'Old kickoff', assignedToID: leaver.ID, projectID: project.ID, status: 'CPL' });
    sim.work.add('OPTASK', {
      name: 'Cover image too dark',
      assignedToID: leaver.ID,
      projectID: project.ID,
      status: 'NEW',
    });
    sim.work.add('TMPL', { name: 'Catalogue Template', ownerID: leaver.ID, isActive: true });
    sim.work.add('AWAITINGAPPROVAL', { name: 'Autumn Catalogue', approverID: leaver.ID, projectID: project.ID });
    await signInFromWelcome(wb);
    active = sim.store.count(true);
    await wb.expandTreeItem(`Active (${active})`, 30_000);
    await wb.contextMenu(`${leaver.name}, ${leaver.emailAddr}`, 'Deactivate User…');
    const dialog = await wb.dialog(30_000);
    assert.ok(dialog.message.includes(leaver.name), dialog.message);
    for (const kind of OPEN_KINDS) {
      const n = openItemsOf(sim, kind, leaver.ID).length;
      assert.ok(n > 0, `the test gave ${leaver.name} some ${kind}`);
      assert.ok(dialog.detail.includes(phrase(kind, n)), `${phrase(kind, n)} in: ${dialog.detail}`);
    }
    assert.deepStrictEqual(dialog.buttons.filter((b) => b !== 'Cancel').sort(), ['Deactivate', 'Reassign Work…']);
    const counts = sim.log.filter(
      (r) => r.op === 'count' && r.path.match(/\/(task|optask|proj|tmpl|awaitingapproval)\/count$/i),
    );
    assert.strictEqual(counts.length, OPEN_KINDS.length, 'one count per kind');
    saveMedia(await wb.screenshot('open-work-confirmation'), 'screenshot-open-work.png');
  });

  it('Reassign Work…: picks the receiver by search, previews what moves and what stays', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await wb.answerDialog('Reassign Work…');
    const asked = await wb.quickInputText();
    assert.ok(asked.title.includes(`Reassign the open work of ${leaver.name} to`), asked.title);
    await wb.typeInQuickInput(receiver.name, { submit: false });
    await wb.pickQuickItem(receiver.name, 30_000);
    const preview = await wb.dialog(30_000);
    assert.strictEqual(preview.message, `Reassign the open work of ${leaver.name} to ${receiver.name}?`);
    const tasks = openItemsOf(sim, 'tasks', leaver.ID).length;
    assert.ok(
      preview.detail.includes(`• ${phrase('tasks', tasks)} (with Workfront’s swapUsersOnTasks): “`),
      preview.detail,
    );
    assert.match(preview.detail, /“Cover image too dark”/);
    assert.match(preview.detail, /\(by editing ownerID\): .*“Autumn Catalogue”/);
    // Approvals cannot be handed over through the API: said before anything is sent.
    assert.match(preview.detail, /Cannot be moved from here:\n• \d+ approvals? waiting on them: stay with/);
    assert.ok(!/Old kickoff/.test(preview.detail), 'finished work is not offered');
    assert.strictEqual(sim.log.filter((r) => r.op === 'update' || r.op === 'action').length, 0, 'nothing sent yet');
    saveMedia(await wb.screenshot('reassign-preview'), 'screenshot-reassign-preview.png');
  });

  it('reassigns with progress, and says what Workfront confirmed; the leaver is still active', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    const moving = (['tasks', 'issues', 'projects', 'templates'] as const).flatMap((k) =>
      openItemsOf(sim, k, leaver.ID),
    );
    await wb.answerDialog('Reassign');
    // Progress, then the result, are notifications: the centre shows them.
    await wb.showNotificationCenter();
    const toast = await wb.waitForNotification(`Workfront confirmed: ${receiver.name} now has`, 30_000);
    const tasks = (await toast.innerText()).match(/now has (\d+) tasks?/);
    assert.ok(tasks && Number(tasks[1]) === moving.filter((i) => i.objCode === 'TASK').length, await toast.innerText());
    const text = await toast.innerText();
    assert.match(text, /other items? could not be moved from here and stays? with/);
    // The picture once the progress notifications have gone.
    await wb.page
      .locator('.notifications-center .notification-list-item')
      .filter({ hasText: 'Reassigning the work of' })
      .waitFor({ state: 'hidden', timeout: 15_000 });
    // The palette that opened the centre fades out.
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await wb.page.waitForTimeout(500);
    for (const item of moving) {
      const now = sim.work.get(item.objCode, item.ID)!;
      assert.strictEqual(now.assignedToID ?? now.ownerID, receiver.ID, `${item.objCode} ${item.name}`);
    }
    const swaps = sim.log.filter((r) => r.op === 'action' && r.params.action === 'swapUsersOnTasks');
    assert.strictEqual(swaps.length, 1, 'the tasks moved in one swapUsersOnTasks');
    assert.strictEqual(swaps[0].headers.apikey, sim.apiKey);
    assert.ok(!JSON.stringify({ q: swaps[0].query, b: swaps[0].body }).includes(sim.apiKey), 'key only in the header');
    assert.strictEqual(sim.store.get(leaver.ID)?.isActive, true, 'Reassign Work does not deactivate');
    saveMedia(await wb.screenshot('reassign-result'), 'screenshot-reassign-result.png');
  });

  it('a count that fails says “not known”, and Deactivate still goes ahead', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    sim.inject({ objCode: 'PROJ', op: 'count', kind: 'status', status: 500, message: 'Projects are unavailable' });
    await wb.contextMenu(`${leaver.name}, ${leaver.emailAddr}`, 'Deactivate User…');
    const dialog = await wb.dialog(30_000);
    assert.match(dialog.detail, /Not known: projects/);
    assert.ok(!dialog.detail.includes('project they own'), dialog.detail);
    // The handed-over tasks no longer count for the leaver; the approval still does.
    assert.ok(
      dialog.detail.includes(phrase('approvals', openItemsOf(sim, 'approvals', leaver.ID).length)),
      dialog.detail,
    );
    await wb.answerDialog('Deactivate');
    await wb.waitForTreeItem(`Active (${active - 1})`, 30_000);
    assert.strictEqual(sim.store.get(leaver.ID)?.isActive, false);
    sim.clearFaults();
  });
});
