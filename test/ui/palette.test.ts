// From the Command Palette: Deactivate User… offers a searchable multi-pick of active users; picking two
// and confirming deactivates exactly those two.
import * as assert from 'assert';
import type { SimUser } from '../simulator/types';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

describe('UI: Deactivate User… from the Command Palette', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'palette', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });

  it('searches, picks two users and deactivates exactly them after one confirmation', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    await wb.waitForTreeItem(`Active (${sim.store.count(true)})`, 30_000);
    const picks: SimUser[] = sim.store.all().filter((u) => u.isActive && u.ID !== sim.admin.ID).slice(0, 2);
    await wb.runCommand('Workfront: Deactivate User…');
    for (const u of picks) {
      await wb.typeInQuickInput(u.emailAddr, { submit: false });
      const row = wb.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: u.name }).first();
      await row.waitFor({ timeout: 15_000 });
      await row.locator('input[type="checkbox"], .monaco-checkbox, .quick-input-list-checkbox').first().click();
    }
    await wb.screenshot('picked');
    await wb.page.keyboard.press('Enter');
    const dialog = await wb.answerDialog('Deactivate');
    assert.match(dialog.message, /Deactivate 2 users\?/);
    await wb.waitForTreeItem(`Active (${sim.store.count(true)})`, 30_000);
    const updated = sim.log.filter((r) => r.op === 'update').map((r) => r.objId).sort();
    assert.deepStrictEqual(updated, picks.map((u) => u.ID).sort());
    for (const u of picks) assert.strictEqual(sim.store.get(u.ID)?.isActive, false);
  });
});
