// Sign-in forgives a typo, in the real workbench: a wrong key is shown in the box it was typed in and the
// right one, typed in the same box, signs in; an address pasted from the browser is understood (and said
// so) while signed in, which adds a second instance; with two, Sign Out asks which, from the view's
// title bar and from the Command Palette; with one it signs out of that one.
import * as assert from 'assert';
import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator/types';
import { useWorkbench, type Workbench } from './harness';
import { pasteApiKey, quickInputSays } from './steps';

/** Finds a notification in the notification centre (toasts may be gone, or never shown, in this harness). */
async function inNotificationCentre(wb: Workbench, text: string): Promise<void> {
  await wb.showNotificationCenter();
  await wb.waitForNotification(text);
  await wb.runCommand('Notifications: Clear All Notifications');
}

/** The items of the quick pick once it offers `expected` (the palette's own rows may still be there). */
async function pickOffers(wb: Workbench, expected: string[], timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items = await wb.quickPickItems();
    if (expected.every((e) => items.includes(e)) || Date.now() > deadline) return items;
    await wb.page.waitForTimeout(100);
  }
}

/** Opens the view's "More Actions…" menu in its title bar and chooses an item. */
async function titleBarMenu(wb: Workbench, item: string): Promise<void> {
  await wb.page
    .locator('.part.sidebar .title-actions, .part.sidebar .pane-header .actions')
    .getByRole('button', { name: /More Actions/ })
    .first()
    .click();
  await wb.page.locator('.context-view .monaco-menu').waitFor({ timeout: 15_000 });
  await wb.chooseContextMenuItem(item);
}

describe('UI: sign-in forgives a typo; Sign Out asks which instance', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'sign-in', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });
  let second: Simulator | undefined;
  after(async () => {
    await second?.close();
  });

  it('a wrong key is shown in the box it was typed in; the right one, typed there, signs in', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    const host = new URL(sim.url).host;
    await wb.openViewContainer('Workfront Users');
    await wb.clickSidebarButton('Sign in to Workfront');
    const first = await quickInputSays(wb, new RegExp(`^Signing in to ${host.replace(/\./g, '\\.')}\\.`));
    assert.strictEqual(first.value, sim.url, 'the configured instance is offered');
    assert.strictEqual(first.title, 'Sign in to Workfront (1/3)');
    await wb.page.keyboard.press('Enter');
    const wrong = 'f'.repeat(32);
    await pasteApiKey(wb, wrong);
    const refused = await quickInputSays(wb, /Workfront rejected the API key for/, 30_000);
    assert.strictEqual(refused.value, wrong, 'the key typed is kept in the box');
    assert.match(refused.title, new RegExp(`^Sign in to ${host}`));
    await wb.screenshot('wrong-key');
    await wb.typeInQuickInput(sim.apiKey);
    await wb.waitForTreeItem(`Active (${sim.store.count(true)})`, 30_000);
    await inNotificationCentre(wb, `Signed in to ${host} as ${sim.admin.name}.`);
    const checks = sim.log.filter((r) => r.op === 'get').map((r) => r.headers.apikey);
    assert.deepStrictEqual(checks.slice(0, 2), [wrong, sim.apiKey], 'both keys were checked, in the same flow');
    await wb.screenshot('signed-in');
  });

  it('Sign In… while signed in adds another instance; a URL pasted from the browser is understood', async () => {
    const { wb } = ui;
    second = await startSimulator({ users: 12, seed: 71 });
    const host = new URL(wb.sim!.url).host;
    const secondHost = new URL(second.url).host;
    const someone = second.store.all().find((u) => u.isActive)!;
    const pasted = `${second.url}/user/${someone.ID}/overview?activeTab=details#/people`;
    const toSecond = async () => {
      await wb.runCommand('Workfront: Sign In…');
      const first = await quickInputSays(wb, /^Adds another instance/);
      assert.strictEqual(first.title, 'Sign in to another Workfront instance (1/3)');
      assert.ok(first.prompt.includes(`(signed in: ${host})`), first.prompt);
      assert.strictEqual(first.value, '', 'the signed-in instance is not offered');
      await wb.typeInQuickInput(pasted, { submit: false });
      await quickInputSays(wb, new RegExp(`^Signing in to ${secondHost.replace(/\./g, '\\.')}\\.`));
    };

    // Escape while the key is checked cancels the check: nothing is stored, the tree is as it was.
    await toSecond();
    await wb.page.keyboard.press('Enter');
    second.inject({ op: 'get', kind: 'hang', times: 1 });
    await pasteApiKey(wb, second.apiKey);
    await quickInputSays(wb, new RegExp(`^Checking the API key with ${secondHost.replace(/\./g, '\\.')}`));
    await wb.screenshot('checking');
    await wb.page.keyboard.press('Escape');
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
    await wb.page.waitForTimeout(1_000);
    assert.ok(!(await wb.treeItemNames()).some((n) => n.startsWith(secondHost)), 'the second instance was not added');
    second.clearFaults();

    await toSecond();
    await wb.screenshot('pasted-url');
    await wb.page.keyboard.press('Enter');
    await pasteApiKey(wb, second.apiKey);
    await wb.waitForTreeItem(new RegExp(`^${secondHost.replace(/\./g, '\\.')}`), 30_000);
    await wb.waitForTreeItem(new RegExp(`^${host.replace(/\./g, '\\.')}`));
    assert.ok(
      second.log.length > 0 && second.log.every((r) => r.path.startsWith('/attask/api/v21.0/')),
      'only the host of the pasted address was used',
    );
    await wb.screenshot('two-instances');
  });

  it('with two instances, Sign Out asks which from the title bar and from the palette; with one it signs out of it', async () => {
    const { wb } = ui;
    const host = new URL(wb.sim!.url).host;
    const secondHost = new URL(second!.url).host;
    await titleBarMenu(wb, 'Sign Out');
    const asked = await pickOffers(wb, [host, secondHost]);
    assert.deepStrictEqual([...asked].sort(), [host, secondHost].sort(), 'the title-bar button asks which');
    await wb.screenshot('sign-out-asks');
    await wb.closeQuickInput();
    await wb.waitForTreeItem(new RegExp(`^${secondHost.replace(/\./g, '\\.')}`));

    await wb.runCommand('Workfront: Sign Out');
    assert.deepStrictEqual(
      (await pickOffers(wb, [host, secondHost])).sort(),
      [host, secondHost].sort(),
      'the palette asks too',
    );
    await wb.pickQuickItem(secondHost);
    await inNotificationCentre(wb, `Signed out of ${secondHost}.`);
    await wb.waitForTreeItem(`Active (${wb.sim!.store.count(true)})`, 30_000);

    await wb.runCommand('Workfront: Sign Out');
    await inNotificationCentre(wb, `Signed out of ${host}.`);
    await wb.page
      .locator('.part.sidebar')
      .getByRole('button', { name: 'Sign in to Workfront' })
      .waitFor({ timeout: 15_000 });
    await wb.screenshot('signed-out');
    assert.deepStrictEqual(wb.pageErrors, []);
  });
});
