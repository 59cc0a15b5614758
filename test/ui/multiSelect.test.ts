// The multi-select journey: Ctrl-click three users, right-click one of them, Deactivate User…, one
// confirmation that counts and names them, and all three under Inactive; then Undo from the
// notification brings them back. The simulator's log proves what went over the wire.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../scripts/vscode/realVscode';
import type { SimUser } from '../simulator/types';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

describe('UI: deactivate several users at once, then Undo', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'multi-select', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });
  let targets: SimUser[];
  let active: number;
  let inactive: number;

  it('signs in and selects three users with Ctrl-click', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    active = sim.store.count(true);
    inactive = sim.store.count(false);
    targets = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID)
      .sort((a, b) => collator.compare(a.name, b.name))
      .slice(1, 4);
    await wb.expandTreeItem(`Active (${active})`, 30_000);
    await (await wb.waitForTreeItem(`${targets[0].name}, ${targets[0].emailAddr}`)).click();
    for (const u of targets.slice(1))
      await (await wb.waitForTreeItem(`${u.name}, ${u.emailAddr}`)).click({ modifiers: ['Control'] });
    const selected = await wb.page.locator('.part.sidebar [role="treeitem"][aria-selected="true"]').count();
    assert.strictEqual(selected, 3);
    await wb.screenshot('selected');
  });

  it('right-clicks the selection and confirms once for all three', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await wb.rightClickTreeItem(`${targets[1].name}, ${targets[1].emailAddr}`);
    await wb.chooseContextMenuItem('Deactivate User…');
    const dialog = await wb.dialog();
    assert.match(dialog.message, /Deactivate 3 users\?/);
    for (const u of targets) assert.ok(dialog.detail.includes(u.name), `${u.name} is named`);
    const confirmShot = await wb.screenshot('confirm-three');
    if (process.env.WF_UPDATE_MEDIA)
      fs.copyFileSync(confirmShot, path.join(ROOT, 'media', 'screenshot-multi-select.png'));
    await wb.answerDialog('Deactivate');
    await wb.waitForTreeItem(`Active (${active - 3})`, 30_000);
    await wb.collapseTreeItem(`Active (${active - 3})`);
    await wb.expandTreeItem(`Inactive (${inactive + 3})`);
    for (const u of targets) await wb.revealTreeItem(`${u.name}, ${u.emailAddr}, inactive user`);
    const inactiveShot = await wb.screenshot('three-inactive');
    if (process.env.WF_UPDATE_MEDIA) fs.copyFileSync(inactiveShot, path.join(ROOT, 'media', 'screenshot-inactive.png'));
    const updates = sim.log.filter((r) => r.op === 'update');
    assert.deepStrictEqual(updates.map((r) => r.objId).sort(), targets.map((u) => u.ID).sort());
    for (const r of updates) assert.deepStrictEqual(JSON.parse(r.params.updates), { isActive: false });
  });

  it('Undo in the notification reactivates the same three', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await wb.showNotificationCenter();
    await wb.clickNotificationButton('Deactivated 3 users', 'Undo');
    await wb.waitForTreeItem(`Inactive (${inactive})`, 30_000);
    for (const u of targets) assert.strictEqual(sim.store.get(u.ID)?.isActive, true);
    const undo = sim.log.filter((r) => r.op === 'update').slice(3);
    assert.deepStrictEqual(undo.map((r) => r.objId).sort(), targets.map((u) => u.ID).sort());
    await wb.screenshot('after-undo');
  });
});
