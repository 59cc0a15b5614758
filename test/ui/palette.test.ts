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
    const activeBefore = sim.store.count(true);
    const picks: SimUser[] = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID)
      .slice(0, 2);
    await wb.runCommand('Workfront: Deactivate User…');
    const count = wb.page.locator('.quick-input-widget .quick-input-count');
    for (const [i, u] of picks.entries()) {
      await wb.typeInQuickInput(u.emailAddr, { submit: false });
      // The list is replaced when each search answers; a click on a row being replaced can be lost, so
      // check the "N Selected" badge and click again until the pick took, as a user would.
      for (let attempt = 0; !(await count.innerText().catch(() => '')).includes(`${i + 1} Selected`); attempt++) {
        assert.ok(attempt < 10, `${u.name} could not be picked`);
        const row = wb.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: u.name }).first();
        await row.waitFor({ timeout: 15_000 });
        await row.locator('input[type="checkbox"], .monaco-checkbox, .quick-input-list-checkbox').first().click();
        await wb.page.waitForTimeout(700);
      }
    }
    await wb.screenshot('picked');
    await wb.page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click();
    const dialog = await wb.answerDialog('Deactivate');
    assert.match(dialog.message, /Deactivate 2 users\?/);
    // Both updates run after the one confirmation; the tree shows both once Workfront confirmed them.
    await wb.waitForTreeItem(`Active (${activeBefore - 2})`, 30_000);
    const updated = sim.log
      .filter((r) => r.op === 'update')
      .map((r) => r.objId)
      .sort();
    assert.deepStrictEqual(updated, picks.map((u) => u.ID).sort());
    for (const u of picks) assert.strictEqual(sim.store.get(u.ID)?.isActive, false);
  });
});
