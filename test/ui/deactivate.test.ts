// The user's journey, clicked as a user clicks: sign in from the welcome view, see Active (N) and
// Inactive (M), right-click a user, Deactivate…, confirm the modal, and find the user under Inactive
// with both counts changed by one — while the simulator's log proves exactly one update went out,
// for that user's ID, with isActive false, and the API key only in a header.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../scripts/vscode/realVscode';
import type { SimUser } from '../simulator/types';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

describe('UI: deactivate a user from the sidebar', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'deactivate', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });
  let target: SimUser;
  let active: number;
  let inactive: number;

  it('signs in from the welcome view with an API key', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    assert.strictEqual(await signInFromWelcome(wb), sim.url, 'the configured instance is offered');
    active = sim.store.count(true);
    inactive = sim.store.count(false);
    await wb.waitForTreeItem(`Active (${active})`, 30_000);
    await wb.waitForTreeItem(`Inactive (${inactive})`);
    await wb.screenshot('signed-in');
  });

  it('right-clicks a user, chooses Deactivate User…, and sees the confirmation', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    // The first active user by name who is not the signed-in admin: visible without scrolling.
    target = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID)
      .sort((a, b) => collator.compare(a.name, b.name))[0];
    await wb.expandTreeItem(`Active (${active})`);
    await wb.waitForTreeItem(`${target.name}, ${target.emailAddr}`);
    await wb.screenshot('active-users');
    await wb.rightClickTreeItem(`${target.name}, ${target.emailAddr}`);
    const items = await wb.contextMenuItems();
    assert.ok(items.includes('Deactivate User…'), JSON.stringify(items));
    assert.ok(!items.includes('Reactivate User'), 'Reactivate is offered only for inactive users');
    // The menu fades in: let it finish before the picture (it is the README's first image).
    await wb.page.waitForTimeout(500);
    const menuShot = await wb.screenshot('context-menu');
    await wb.chooseContextMenuItem('Deactivate User…');
    const dialog = await wb.dialog();
    assert.ok(dialog.message.includes(target.name), dialog.message);
    assert.ok(dialog.detail.includes(target.emailAddr), dialog.detail);
    assert.match(dialog.detail, /license is freed/);
    assert.ok(dialog.buttons.includes('Deactivate'), JSON.stringify(dialog.buttons));
    const dialogShot = await wb.screenshot('confirmation');
    if (process.env.WF_UPDATE_MEDIA) {
      fs.copyFileSync(menuShot, path.join(ROOT, 'media', 'screenshot-context-menu.png'));
      fs.copyFileSync(dialogShot, path.join(ROOT, 'media', 'screenshot-confirmation.png'));
    }
    assert.strictEqual(sim.log.filter((r) => r.op === 'update').length, 0, 'nothing is sent before the confirmation');
  });

  it('confirms, and the user moves to Inactive with both counts changed by one', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await wb.answerDialog('Deactivate');
    const activeRow = await wb.waitForTreeItem(`Active (${active - 1})`, 30_000);
    // Fold Active, as a user would, to bring Inactive into view.
    await activeRow.locator('.monaco-tl-twistie').click();
    await wb.waitForTreeItem(`Inactive (${inactive + 1})`);
    await wb.expandTreeItem(`Inactive (${inactive + 1})`);
    await wb.waitForTreeItem(`${target.name}, ${target.emailAddr}, inactive user`);
    await wb.screenshot('after-deactivate');
    // The confirmation notification (with Undo) is in the notification centre.
    await wb.page
      .locator('.statusbar [id="status.notifications"], .statusbar .codicon-bell, .statusbar .codicon-bell-dot')
      .first()
      .click();
    await wb.waitForNotification(`Deactivated ${target.name}`);
    await wb.screenshot('notification');
    assert.strictEqual(sim.store.get(target.ID)?.isActive, false);
  });

  it('sent exactly one update for that user, isActive false, and the key only in a header', () => {
    const sim = ui.wb.sim!;
    const updates = sim.log.filter((r) => r.op === 'update');
    assert.strictEqual(updates.length, 1, JSON.stringify(updates.map((u) => u.path)));
    assert.strictEqual(updates[0].objId, target.ID);
    assert.deepStrictEqual(JSON.parse(updates[0].params.updates), { isActive: false });
    assert.strictEqual(updates[0].headers.apikey, sim.apiKey);
    for (const r of sim.log) {
      const outside = JSON.stringify({
        path: r.path,
        query: r.query,
        body: r.body,
        headers: { ...r.headers, apikey: undefined },
      });
      assert.ok(!outside.includes(sim.apiKey), `the key appears outside the apiKey header in ${r.method} ${r.path}`);
    }
  });
});
