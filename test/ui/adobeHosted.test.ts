// Both kinds of organisation in the real workbench. Adobe-hosted: an admin pastes the experience.adobe.com
// address from the browser, is offered only the sign-ins that work there (no username and password),
// signs in with a Server-to-Server credential, deactivates a user (told they stay in the Admin Console
// product profile), and "Open in Workfront" goes to the experience.adobe.com page. Classic: the same
// command goes to the documented `/user/<ID>/details` page of the instance.
import * as assert from 'assert';
import { adobeHosted, ADOBE_COMPANY } from '../simulator';
import type { SimUser } from '../simulator/types';
import { useWorkbench, type Workbench } from './harness';
import { quickInputSays, signInFromWelcome } from './steps';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The first active user by name who is not the signed-in admin: visible without scrolling. */
function firstActive(wb: Workbench): SimUser {
  const sim = wb.sim!;
  return sim.store
    .all()
    .filter((u) => u.isActive && u.ID !== sim.admin.ID)
    .sort((a, b) => collator.compare(a.name, b.name))[0];
}

/**
 * Runs "Open in Workfront" on a row and returns the address VS Code was asked to open: copied with the
 * Copy button of its "open the external website?" dialog (which shortens long addresses), or from the new
 * tab (closed; the harness blocks leaving 127.0.0.1).
 */
async function openedAddress(wb: Workbench, row: string): Promise<string> {
  // Whichever comes first; the other one's wait ends on its own (its failure is expected, not a problem).
  const popup = wb.page
    .context()
    .waitForEvent('page', { timeout: 15_000 })
    .then((p) => ({ p }))
    .catch(() => new Promise<never>(() => undefined));
  const dialog = wb.page
    .locator('.monaco-dialog-box')
    .waitFor({ timeout: 15_000 })
    .then(() => ({ d: true }))
    .catch(() => new Promise<never>(() => undefined));
  await wb.contextMenu(row, 'Open in Workfront');
  const first = await Promise.race([popup, dialog, wb.page.waitForTimeout(15_000).then(() => ({ none: true }))]);
  if ('none' in first) throw new Error('Open in Workfront opened neither a dialog nor a tab');
  if ('p' in first) {
    const tab = first.p;
    const deadline = Date.now() + 10_000;
    const blocked = () => wb.blocked.find((u) => u.includes('/user/'));
    while (tab.url() === 'about:blank' && !blocked() && Date.now() < deadline) await wb.page.waitForTimeout(100);
    const url = blocked() ?? tab.url();
    await tab.close();
    return url;
  }
  const origin = new URL(wb.page.url()).origin;
  await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const shown = await wb.answerDialog('Copy');
  assert.match(shown.message, /open the external website/);
  return String(await wb.page.evaluate('navigator.clipboard.readText()'));
}

describe('UI: an Adobe-hosted organisation (experience.adobe.com, Server-to-Server)', function () {
  this.timeout(180_000);
  const ui = useWorkbench({
    name: 'adobe-hosted',
    simulator: { users: 40, seed: 5, adobeHosted: true },
    settings: (sim) => (sim ? { ...adobeHosted(sim).settings } : {}),
  });

  it('pasting the experience.adobe.com address offers Server-to-Server and an API key, not username and password; S2S signs in', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    const adobe = adobeHosted(sim);
    const c = sim.ims!.credential;
    await wb.openViewContainer('Workfront Users');
    await wb.clickSidebarButton('Sign in to Workfront');
    await wb.typeInQuickInput(adobe.address, { submit: false });
    await quickInputSays(wb, /^Signing in to acme\.my\.workfront\.adobe\.com \(Adobe-hosted\)\./);
    await wb.page.keyboard.press('Enter');
    const deadline = Date.now() + 15_000;
    let methods = await wb.quickPickItems();
    while (!methods.some((m) => m.includes('Server-to-Server')) && Date.now() < deadline) {
      await wb.page.waitForTimeout(100);
      methods = await wb.quickPickItems();
    }
    // The browser sign-in is offered too: not documented either way for such organisations (docs/oauth.md).
    assert.deepStrictEqual(methods, [
      'Server-to-Server credential (Adobe Developer Console)',
      'Sign in with Workfront in the browser (OAuth2 application)',
      'Paste an API key',
    ]);
    const placeholder = await wb.page.locator('.quick-input-widget input.input').first().getAttribute('placeholder');
    assert.match(placeholder ?? '', /Username and password is not offered/);
    await wb.screenshot('methods');
    await wb.pickQuickItem(/Server-to-Server credential/);
    await quickInputSays(wb, /^The Client ID of the Server-to-Server credential/);
    await wb.typeInQuickInput(c.clientId);
    await quickInputSays(wb, /^The client secret/);
    await wb.typeInQuickInput(sim.ims!.clientSecret);
    await quickInputSays(wb, /^The IMS organization ID/);
    await wb.typeInQuickInput(c.orgId);
    const scopes = await quickInputSays(wb, /^The scopes listed on the credential page/);
    assert.match(scopes.prompt, /admin rights from the Admin Console product profile/);
    await wb.typeInQuickInput(c.scopes);
    await wb.waitForTreeItem(`Active (${sim.store.count(true)})`, 30_000);
    const api = sim.log.filter((e) => e.path.startsWith('/attask/'));
    assert.ok(api.length > 0 && api.every((e) => /^Bearer /.test(e.headers.authorization ?? '')));
    assert.ok(api.every((e) => e.headers['x-gw-ims-org-id'] === c.orgId && e.headers.apikey === undefined));
    await wb.screenshot('signed-in');
  });

  it('"Open in Workfront" goes to the user\'s page at experience.adobe.com', async () => {
    const { wb } = ui;
    const target = firstActive(wb);
    await wb.expandTreeItem(`Active (${wb.sim!.store.count(true)})`);
    const opened = await openedAddress(wb, `${target.name}, ${target.emailAddr}`);
    assert.ok(
      opened.includes(
        `https://experience.adobe.com/#/@${ADOBE_COMPANY}/so:acme-Production/workfront/user/${target.ID}/details`,
      ),
      opened,
    );
  });
  it('deactivates a user, saying they stay in the Admin Console product profile', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    const target = firstActive(wb);
    const inactiveAfter = sim.store.count(false) + 1;
    sim.clearLog();
    await wb.contextMenu(`${target.name}, ${target.emailAddr}`, 'Deactivate User…');
    const shown = await wb.answerDialog('Deactivate');
    assert.match(shown.detail, /stay in the Adobe Admin Console product profile/);
    await wb.revealTreeItem(`Inactive (${inactiveAfter})`, 30_000);
    assert.strictEqual(sim.store.get(target.ID)?.isActive, false);
    const updates = sim.log.filter((e) => e.op === 'update');
    assert.deepStrictEqual(
      updates.map((e) => [e.objId, /^Bearer /.test(e.headers.authorization ?? '')]),
      [[target.ID, true]],
    );
  });
});

describe('UI: "Open in Workfront" on a classic instance', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'classic-link', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });

  it('goes to the documented /user/<ID>/details page of the instance', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    await wb.expandTreeItem(`Active (${sim.store.count(true)})`, 30_000);
    const target = firstActive(wb);
    const opened = await openedAddress(wb, `${target.name}, ${target.emailAddr}`);
    // code-server forwards loopback addresses through its own /proxy/<port>/ (a desktop VS Code opens them as they are).
    const where = new RegExp(`^(${sim.url}|http://127\\.0\\.0\\.1:\\d+/proxy/${sim.port})/user/${target.ID}/details$`);
    assert.match(opened, where);
  });
});
