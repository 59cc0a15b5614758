// Every change answers, in the real workbench: scheduling or clearing a deactivation says what Workfront now
// has (with the time zone) and Undo puts it back; reactivating several users asks first, naming the
// licences they will take.
import * as assert from 'assert';
import type { SimUser } from '../simulator/types';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const byName = (a: SimUser, b: SimUser) => collator.compare(a.name, b.name) || (a.ID < b.ID ? -1 : 1);

describe('UI: every change answers, with Undo', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'changes', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });
  const row = (u: SimUser) => `${u.name}, ${u.emailAddr}`;

  it('scheduling a deactivation says when, in which time zone, and Undo clears it again', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    const target = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID && u.scheduleDeactivationDate === null)
      .sort(byName)[2];
    await wb.expandTreeItem(`Active (${sim.store.count(true)})`, 30_000);
    await wb.contextMenu(row(target), 'Schedule Deactivation…');
    const box = await wb.quickInputText();
    assert.match(box.prompt, /on or after that time/);
    await wb.typeInQuickInput('2030-06-01 14:00');
    // The box closes when the value is accepted; opening the palette before that would cancel it.
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await wb.showNotificationCenter();
    const said = await wb.waitForNotification(`Workfront will deactivate ${target.name} on or after`, 30_000);
    assert.match(await said.innerText(), /2030.*\(.+\/.+\)|2030.*\(UTC\)/s);
    assert.ok(sim.store.get(target.ID)?.scheduleDeactivationDate, 'Workfront has the date');
    const description = wb.treeItem(row(target)).locator('.label-description');
    await description.filter({ hasText: /^leaves / }).waitFor({ timeout: 10_000 });
    await wb.screenshot('scheduled');
    await wb.clickNotificationButton(`Workfront will deactivate ${target.name}`, 'Undo');
    await wb.waitForNotification(`Undone: ${target.name} has no scheduled deactivation.`, 30_000);
    assert.strictEqual(
      sim.store.get(target.ID)?.scheduleDeactivationDate ?? null,
      null,
      'Undo cleared it in Workfront',
    );
  });

  it('reactivating two users asks first, naming the licenses they take, and offers Undo', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    const inactive = sim.store
      .all()
      .filter((u) => !u.isActive)
      .sort(byName);
    await wb.collapseTreeItem(/^Active \(/);
    await wb.expandTreeItem(`Inactive (${inactive.length})`);
    const [a, b] = inactive;
    await (await wb.waitForTreeItem(row(a))).click();
    await (await wb.waitForTreeItem(row(b))).click({ modifiers: ['Control'] });
    await wb.contextMenu(row(b), 'Reactivate User');
    const dialog = await wb.dialog();
    assert.strictEqual(dialog.message, 'Reactivate 2 users?');
    const licences = [a, b].map((u) => u.licenseType);
    for (const type of new Set(licences)) assert.ok(dialog.detail.includes(type), `${type} is named: ${dialog.detail}`);
    assert.match(dialog.detail, /They will use 2 licenses: /);
    await wb.screenshot('confirm-reactivation');
    await wb.answerDialog('Reactivate');
    await wb.showNotificationCenter();
    await wb.waitForNotification('Reactivated 2 users. They use licenses again', 30_000);
    for (const u of [a, b]) assert.strictEqual(sim.store.get(u.ID)?.isActive, true);
    await wb.clickNotificationButton('Reactivated 2 users', 'Undo');
    for (let i = 0; i < 100 && [a, b].some((u) => sim.store.get(u.ID)?.isActive); i++)
      await wb.page.waitForTimeout(100);
    for (const u of [a, b]) assert.strictEqual(sim.store.get(u.ID)?.isActive, false, 'Undo deactivated them again');
  });
});
