// Sign-in in the browser, end to end in the real workbench: Sign In → the method "in the browser" → the
// client ID → VS Code opens the simulator's authorize page in a new browser tab → Approve is clicked →
// the redirect lands on code-server's callback page (the address asExternalUri gave) → VS Code hands it
// to the extension's URI handler → the tree loads → a user is deactivated → the account is in the
// Accounts menu → Sign Out from there → the welcome view returns.
import * as assert from 'assert';
import type { Page } from 'playwright-core';
import { useWorkbench, type Workbench } from './harness';

/** The tab VS Code opens for an external address: directly, or after its "open the external website?" dialog. */
async function openedTab(wb: Workbench, open: () => Promise<void>): Promise<Page> {
  // Whichever comes first; the other one's wait ends on its own (its failure is expected, not a problem).
  const popup = wb.page
    .context()
    .waitForEvent('page', { timeout: 20_000 })
    .then((p) => ({ p }))
    .catch(() => new Promise<never>(() => undefined));
  const dialog = wb.page
    .locator('.monaco-dialog-box')
    .waitFor({ timeout: 20_000 })
    .then(() => ({ d: true }))
    .catch(() => new Promise<never>(() => undefined));
  await open();
  const first = await Promise.race([popup, dialog, wb.page.waitForTimeout(20_000).then(() => ({ none: true }))]);
  if ('none' in first) throw new Error('Sign In opened neither a dialog nor a tab');
  if ('p' in first) return first.p;
  const tab = wb.page.context().waitForEvent('page', { timeout: 20_000 });
  const shown = await wb.answerDialog('Open');
  assert.match(shown.message, /open the external website/);
  return tab;
}

describe('UI: sign in with Workfront in the browser (OAuth2), then the Accounts menu', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'oauth', simulator: { users: 30, seed: 21 } });

  it('Approve in the browser signs in; a user is deactivated; Sign Out in the Accounts menu brings back the welcome view', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await wb.openViewContainer('Workfront Users');
    await wb.clickSidebarButton('Sign in to Workfront');
    await wb.typeInQuickInput(sim.url);
    await wb.pickQuickItem(/in the browser/);
    // The step says which redirect URL to register (here code-server's callback address).
    const deadline = Date.now() + 15_000;
    let asked = await wb.quickInputText();
    while (!/redirect URL is/.test(asked.prompt) && Date.now() < deadline) {
      await wb.page.waitForTimeout(200);
      asked = await wb.quickInputText();
    }
    assert.match(asked.prompt, /redirect URL is http:\/\/127\.0\.0\.1:\d+\/.*callback\?/);
    const tab = await openedTab(wb, () => wb.typeInQuickInput(sim.oauth.clientId));
    await tab.waitForLoadState('domcontentloaded');
    // The simulator runs beside code-server, so VS Code forwards it (…/proxy/<port>/); Workfront is not.
    const opened = new URL(tab.url());
    assert.match(opened.pathname, /\/integrations\/oauth2\/authorize$/);
    assert.match(opened.searchParams.get('redirect_uri') ?? '', /\/callback\?vscode-reqid=\d+&vscode-scheme=/);
    await tab.getByRole('button', { name: 'Approve' }).click();
    await tab.waitForURL(/\/callback\?/, { timeout: 20_000 });
    await wb.screenshot('approved');
    await tab.close();

    // The callback reached VS Code: the tree loads with the tokens.
    await wb.expandTreeItem(/^Active \(/, 30_000);
    const target = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID)
      .sort((a, b) => a.name.localeCompare(b.name))[0];
    const inactive = sim.store.all().filter((u) => !u.isActive).length;
    await wb.contextMenu(target.name, 'Deactivate User…');
    await wb.answerDialog('Deactivate');
    await wb.waitForTreeItem(`Inactive (${inactive + 1})`, 30_000);
    assert.strictEqual(sim.store.get(target.ID)?.isActive, false);
    const updates = sim.log.filter((e) => e.op === 'update' && e.status === 200);
    assert.ok(updates.length >= 1 && updates.every((e) => e.headers.sessionid && !e.headers.apikey));

    // The account in the Accounts menu, and Sign Out there.
    const account = `${sim.admin.name} (${new URL(sim.url).host})`;
    await (await wb.activityBarItem('Accounts')).click();
    const entry = wb.page.getByRole('menuitem', { name: new RegExp(`^${account.replace(/[.()]/g, '\\$&')}`) });
    await entry.first().hover({ timeout: 20_000 });
    await wb.screenshot('accounts-menu');
    const signOut = wb.page.getByRole('menuitem', { name: /^Sign Out/ }).first();
    await signOut.click({ timeout: 20_000 });
    // As in the harness's context menus: a click that lands while the submenu settles only highlights
    // the item; the menu is still open then, and Enter runs exactly that item.
    const menu = wb.page.locator('.context-view .monaco-menu').first();
    const closed = await menu.waitFor({ state: 'hidden', timeout: 2_000 }).then(
      () => true,
      () => false,
    );
    if (!closed) {
      await signOut.hover();
      await wb.page.keyboard.press('Enter');
    }
    // VS Code may ask first, naming the extensions that used the account.
    const asks = await wb.page
      .locator('.monaco-dialog-box')
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (asks) await wb.answerDialog(/^Sign Out$/);
    await wb.page
      .locator('.part.sidebar')
      .getByRole('button', { name: 'Sign in to Workfront' })
      .waitFor({ timeout: 30_000 });
    await wb.screenshot('signed-out');
  });
});
