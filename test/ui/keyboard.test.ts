// The keyboard, as an admin uses it in the real workbench: keys act on the row with the focus (the one the
// admin sees outlined), not on an older selection, unless several rows are selected; Enter and Space open
// groups and users; F5 refreshes; Ctrl+C copies; Shift+Delete reactivates; Go to User lands on a user and
// Delete asks for exactly that user.
import * as assert from 'assert';
import type { SimUser } from '../simulator/types';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

describe('UI: the keyboard acts on what the admin sees', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'keyboard', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });
  /** Active users other than the admin, in the tree's order. */
  let others: SimUser[];
  const row = (u: SimUser) => `${u.name}, ${u.emailAddr}`;
  const updates = () => ui.wb.sim!.log.filter((r) => r.op === 'update');
  const inactiveUsers = () =>
    ui.wb
      .sim!.store.all()
      .filter((u) => !u.isActive)
      .sort((a, b) => collator.compare(a.name, b.name) || (a.ID < b.ID ? -1 : 1));
  /** The user whose row has the keyboard focus (outlined), among `among`. */
  async function focusedUser(among: readonly SimUser[]): Promise<SimUser> {
    const name = (await ui.wb.page.locator('.part.sidebar [role="treeitem"].focused').getAttribute('aria-label')) ?? '';
    const user = among.find((u) => name.startsWith(row(u)));
    assert.ok(user, `the focused row is a user: ${name}`);
    return user;
  }

  it('Delete after moving with the arrows asks for the focused user, not the one selected before', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    others = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID)
      .sort((a, b) => collator.compare(a.name, b.name) || (a.ID < b.ID ? -1 : 1));
    await wb.expandTreeItem(`Active (${sim.store.count(true)})`, 30_000);
    // Click one user (selected), then move the focus two rows down with the arrows.
    const first = others[0];
    await (await wb.waitForTreeItem(row(first))).click();
    await wb.page.keyboard.press('ArrowDown');
    await wb.page.keyboard.press('ArrowDown');
    const target = await focusedUser(others);
    assert.notStrictEqual(target.ID, first.ID, 'the focus moved to another user');
    await wb.screenshot('focus-moved');
    await wb.page.keyboard.press('Delete');
    const dialog = await wb.answerDialog('Cancel');
    assert.strictEqual(dialog.message, `Deactivate ${target.name}?`);
    assert.ok(dialog.detail.startsWith(target.emailAddr), dialog.detail);
    assert.strictEqual(updates().length, 0, 'Cancel sends nothing');
  });

  it('with several rows selected, Delete asks for all of them in one dialog', async () => {
    const { wb } = ui;
    const [a, b] = [others[3], others[4]];
    await (await wb.waitForTreeItem(row(a))).click();
    await (await wb.waitForTreeItem(row(b))).click({ modifiers: ['Control'] });
    await wb.page.keyboard.press('Delete');
    const dialog = await wb.answerDialog('Cancel');
    assert.strictEqual(dialog.message, 'Deactivate 2 users?');
    for (const u of [a, b]) assert.ok(dialog.detail.includes(u.name), `${u.name} is named`);
    assert.strictEqual(updates().length, 0);
  });

  it('Enter and Space open and close a group, and Enter opens the details of the focused user', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await wb.collapseTreeItem(`Active (${sim.store.count(true)})`);
    const group = await wb.waitForTreeItem(`Inactive (${sim.store.count(false)})`);
    await group.click(); // the click itself opens the group: put it back closed with the keyboard
    if ((await group.getAttribute('aria-expanded')) === 'true') await wb.page.keyboard.press('Enter');
    await wb.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'false', await group.elementHandle());
    await wb.page.keyboard.press('Space');
    await wb.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await group.elementHandle());
    await wb.page.keyboard.press('Enter');
    await wb.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'false', await group.elementHandle());
    await wb.page.keyboard.press('Enter');
    await wb.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await group.elementHandle());
    // Down to the second inactive user with the arrows only, and Enter: their details open.
    await wb.page.keyboard.press('ArrowDown');
    await wb.page.keyboard.press('ArrowDown');
    const target = await focusedUser(inactiveUsers());
    await wb.page.keyboard.press('Enter');
    const tab = wb.page.locator('.tabs-container .tab').filter({ hasText: target.name }).first();
    await tab.waitFor({ timeout: 15_000 });
    await wb.screenshot('details-by-enter');
    await (await wb.waitForTreeItem(row(target))).click();
  });

  it('Shift+Delete reactivates the focused inactive user at once, with Undo', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await wb.page.keyboard.press('ArrowDown');
    const target = await focusedUser(inactiveUsers());
    await wb.page.keyboard.press('Shift+Delete');
    await wb.showNotificationCenter();
    await wb.waitForNotification(`Reactivated ${target.name}.`, 30_000);
    assert.strictEqual(sim.store.get(target.ID)?.isActive, true);
    assert.deepStrictEqual(
      updates().map((r) => r.objId),
      [target.ID],
      'exactly the focused user',
    );
    await wb.screenshot('reactivated-by-key');
    await wb.clickNotificationButton(`Reactivated ${target.name}.`, 'Undo');
    for (let i = 0; i < 100 && sim.store.get(target.ID)?.isActive; i++) await wb.page.waitForTimeout(100);
    assert.strictEqual(sim.store.get(target.ID)?.isActive, false, 'Undo deactivated them again');
  });

  it('Ctrl+C copies the focused user’s ID; F5 refreshes from Workfront', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await wb.collapseTreeItem(/^Inactive \(/);
    await wb.expandTreeItem(/^Active \(/);
    await (await wb.waitForTreeItem(row(others[6]))).click();
    await wb.page.keyboard.press('ArrowDown');
    const target = await focusedUser(others);
    await wb.page.keyboard.press('Control+C');
    await wb.page.locator('.statusbar').getByText(`Copied the ID of ${target.name}.`).waitFor({ timeout: 10_000 });
    const counts = () => sim.log.filter((r) => r.op === 'count').length;
    const before = counts();
    await wb.page.keyboard.press('F5');
    for (let i = 0; i < 100 && counts() < before + 3; i++) await wb.page.waitForTimeout(100);
    assert.ok(counts() >= before + 3, `F5 asked Workfront for the counts again (${counts() - before} counts)`);
  });

  it('Go to User… finds a user by part of the email and selects them; Delete asks for exactly them', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    // Someone far down the alphabet, in a group that is still collapsed.
    const target = [...others].reverse().find((u) => u.scheduleDeactivationDate === null)!;
    await wb.runCommand('Workfront: Go to User…');
    await wb.typeInQuickInput(target.emailAddr, { submit: false });
    await wb.pickQuickItem(target.name, 15_000);
    const found = await wb.waitForTreeItem(row(target), 15_000);
    await wb.page.waitForFunction((el) => el?.getAttribute('aria-selected') === 'true', await found.elementHandle(), {
      timeout: 10_000,
    });
    await wb.screenshot('revealed');
    const before = updates().length;
    await wb.page.keyboard.press('Delete');
    const dialog = await wb.answerDialog('Cancel');
    assert.ok(dialog.message.includes(target.name), dialog.message);
    assert.strictEqual(updates().length, before);
    assert.strictEqual(sim.store.get(target.ID)?.isActive, true);
  });
});
