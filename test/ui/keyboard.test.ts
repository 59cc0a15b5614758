// Go to User… and the keyboard, as a user does them: search by typing, land on the user in the tree,
// press Delete, and see the confirmation for exactly that user (cancelled: nothing is sent).
import * as assert from 'assert';
import type { SimUser } from '../simulator/types';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

describe('UI: Go to User… and Delete', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'keyboard', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });
  let target: SimUser;

  it('finds a user by typing part of the email, and reveals and selects them in the tree', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    await wb.waitForTreeItem(`Active (${sim.store.count(true)})`, 30_000);
    // Someone far down the alphabet, in a group that is still collapsed.
    target = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID && u.scheduleDeactivationDate === null)
      .sort((a, b) => b.name.localeCompare(a.name))[0];
    await wb.runCommand('Workfront: Go to User…');
    await wb.typeInQuickInput(target.emailAddr, { submit: false });
    await wb.pickQuickItem(target.name, 15_000);
    const row = await wb.waitForTreeItem(`${target.name}, ${target.emailAddr}`, 15_000);
    await wb.page.waitForFunction((el) => el?.getAttribute('aria-selected') === 'true', await row.elementHandle(), {
      timeout: 10_000,
    });
    await wb.screenshot('revealed');
  });

  it('Delete asks to deactivate exactly that user; Cancel sends nothing', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await wb.page.keyboard.press('Delete');
    const dialog = await wb.answerDialog('Cancel');
    assert.ok(dialog.message.includes(target.name), dialog.message);
    assert.ok(dialog.detail.includes(target.emailAddr), dialog.detail);
    assert.strictEqual(sim.log.filter((r) => r.op === 'update').length, 0);
    assert.strictEqual(sim.store.get(target.ID)?.isActive, true);
  });
});
