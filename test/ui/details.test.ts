// Show Details in the real workbench: right-click a user → Show Details opens a rendered page in an editor
// tab titled with their name (a webview: no line numbers, no minimap), with every field; Copy ID says so
// in the status bar; the manager link opens the manager's page; Deactivate… confirms in VS Code's modal
// and the page then shows the user inactive, with Reactivate.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator } from 'playwright-core';
import { ROOT } from '../../scripts/vscode/realVscode';
import type { SimUser } from '../simulator/types';
import { useWorkbench, type Workbench } from './harness';
import { signInFromWelcome } from './steps';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The content of the webview in the active editor (VS Code nests it in two iframes). */
function activeWebview(wb: Workbench): FrameLocator {
  return wb.page
    .locator('.webview.ready[name]:visible, iframe.webview.ready:visible')
    .last()
    .contentFrame()
    .locator('iframe#active-frame')
    .contentFrame();
}

/** The label of the active editor tab. */
async function activeTabTitle(wb: Workbench): Promise<string> {
  return (await wb.page.locator('.tabs-container .tab.active .label-name').first().innerText()).trim();
}

describe('UI: user details page', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'details', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });
  let target: SimUser;
  let manager: SimUser;

  it('opens from the context menu as a rendered page titled with the user’s name, every field shown', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    const active = sim.store.count(true);
    // The first active user by name with a manager, who is not the signed-in admin: visible without scrolling.
    target = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID && u.managerID !== null)
      .sort((a, b) => collator.compare(a.name, b.name))[0];
    manager = sim.store.get(target.managerID!)!;
    await wb.expandTreeItem(`Active (${active})`, 30_000);
    await wb.contextMenu(`${target.name}, ${target.emailAddr}`, 'Show Details');
    const page = activeWebview(wb);
    await page.locator('h1').filter({ hasText: target.name }).waitFor({ timeout: 30_000 });
    assert.strictEqual(await activeTabTitle(wb), target.name);
    assert.strictEqual(
      await wb.page.locator('.editor-instance .monaco-editor .line-numbers').count(),
      0,
      'no text editor',
    );
    const fields = await page.locator('dl').innerText();
    for (const v of [target.emailAddr, target.title, target.licenseType, target.ID, manager.name])
      assert.ok(fields.includes(v), `${v} shown:\n${fields}`);
    for (const label of ['Access level', 'Home group', 'Manager', 'Last sign-in', 'Instance'])
      assert.ok(fields.includes(label), label);
    for (const button of ['Deactivate…', 'Copy ID', 'Copy Email', 'Refresh'])
      await page.getByRole('button', { name: button }).waitFor({ timeout: 5_000 });
    // The page asked for nothing outside this machine (the CSP allows nothing remote anyway).
    assert.deepStrictEqual(wb.blocked, []);
    // The pointer off the tree, so no tooltip covers the screenshot.
    await wb.page.mouse.move(900, 700);
    const shot = await wb.screenshot('details');
    if (process.env.WF_UPDATE_MEDIA) fs.copyFileSync(shot, path.join(ROOT, 'media', 'screenshot-details.png'));
  });

  it('Copy ID copies the user’s ID and says so in the status bar', async () => {
    const { wb } = ui;
    await activeWebview(wb).getByRole('button', { name: 'Copy ID' }).click();
    await wb.page.locator('.statusbar').getByText(`Copied the ID of ${target.name}.`).waitFor({ timeout: 10_000 });
  });

  it('the manager link opens the manager’s page in a tab of its own', async () => {
    const { wb } = ui;
    await activeWebview(wb).getByRole('link', { name: manager.name }).click();
    await activeWebview(wb).locator('h1').filter({ hasText: manager.name }).waitFor({ timeout: 30_000 });
    assert.strictEqual(await activeTabTitle(wb), manager.name);
    // Back to the user's tab.
    await wb.page.locator('.tabs-container .tab').filter({ hasText: target.name }).first().click();
    await activeWebview(wb).locator('h1').filter({ hasText: target.name }).waitFor({ timeout: 30_000 });
  });

  it('Deactivate… confirms in VS Code’s dialog, and the page then shows the user inactive', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await activeWebview(wb).getByRole('button', { name: 'Deactivate…' }).click();
    const dialog = await wb.answerDialog('Deactivate');
    assert.ok(dialog.message.includes(target.name), dialog.message);
    const page = activeWebview(wb);
    await page.getByRole('button', { name: 'Reactivate' }).waitFor({ timeout: 30_000 });
    assert.strictEqual(await page.locator('.status').innerText(), 'Inactive');
    assert.strictEqual(await page.getByRole('button', { name: 'Deactivate…' }).count(), 0);
    assert.strictEqual(sim.store.get(target.ID)?.isActive, false);
    const updates = sim.log.filter((r) => r.op === 'update');
    assert.deepStrictEqual(
      updates.map((r) => [r.objId, JSON.parse(r.params.updates)]),
      [[target.ID, { isActive: false }]],
    );
    await wb.screenshot('deactivated');
  });
});
