// Export in the real workbench: select two users, right-click → Export Selected Users as CSV…, VS Code's
// save dialog offers workfront-<host>-selected-<day>.csv in the workspace, and the file holds exactly
// those two users with the reference columns and dates in the stated time zone; the notification
// offers Open (the file opens in an editor) and Reveal. From the palette, the picker shows each group's
// count.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../scripts/vscode/realVscode';
import type { SimUser } from '../simulator/types';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

describe('UI: export users as CSV', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'export', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });
  let targets: SimUser[];
  let file: string;

  it('offers Export Selected Users only when several users are selected', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    targets = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID && u.managerID !== null)
      .sort((a, b) => collator.compare(a.name, b.name))
      .slice(0, 2);
    await wb.expandTreeItem(`Active (${sim.store.count(true)})`, 30_000);
    const [first, second] = targets.map((u) => `${u.name}, ${u.emailAddr}`);
    await (await wb.waitForTreeItem(first)).click();
    await wb.rightClickTreeItem(first);
    assert.ok(!(await wb.contextMenuItems()).includes('Export Selected Users as CSV…'), 'not for one user');
    await wb.page.keyboard.press('Escape');
    await (await wb.waitForTreeItem(second)).click({ modifiers: ['Control'] });
    await wb.rightClickTreeItem(second);
    assert.ok((await wb.contextMenuItems()).includes('Export Selected Users as CSV…'));
  });

  it('saves the two users through VS Code’s save dialog, under a name with the instance and the day', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await wb.chooseContextMenuItem('Export Selected Users as CSV…');
    // In a browser, VS Code's save dialog is its own (a path in a quick input), not the system's.
    // It shows the folder first, then fills in the offered name.
    let dialog = await wb.quickInputText(30_000);
    for (const deadline = Date.now() + 15_000; !dialog.value.endsWith('.csv') && Date.now() < deadline;) {
      await wb.page.waitForTimeout(200);
      dialog = await wb.quickInputText();
    }
    await wb.screenshot('save-dialog');
    const host = new URL(sim.url).host.replace(':', '_');
    const day = new Date().toLocaleDateString('sv-SE'); // YYYY-MM-DD, this machine's day
    const expectedName = `workfront-${host}-selected-${day}.csv`;
    assert.ok(dialog.value.endsWith(`/${expectedName}`), `the dialog offers ${expectedName}: ${dialog.value}`);
    assert.ok(dialog.value.startsWith(wb.workspace), `in the workspace folder: ${dialog.value}`);
    file = dialog.value;
    await wb.page.keyboard.press('Enter');
    // Where the notification stays (a toast may already have gone).
    await wb.showNotificationCenter();
    await wb.waitForNotification(/Exported 2 selected users to /, 30_000);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith('\ufeff'), 'UTF-8 with a byte-order mark');
    const lines = text.slice(1).trimEnd().split('\r\n');
    const zone = sim.admin.timeZone;
    assert.strictEqual(
      lines[0],
      `ID,Name,Email,Title,Active,License type,Access level,Home group,Manager,Manager email,Last sign-in (${zone}),Deactivated on (${zone}),Scheduled deactivation (${zone})`,
    );
    assert.deepStrictEqual(
      lines.slice(1).map((l) => l.slice(0, 32)),
      targets.map((u) => u.ID),
      'exactly the two, by name',
    );
    for (const [i, u] of targets.entries()) {
      const manager = sim.store.get(u.managerID!)!;
      assert.ok(lines[1 + i].includes(`,${manager.name},${manager.emailAddr},`), lines[1 + i]);
      if (u.lastLoginDate) assert.match(lines[1 + i], /,\d{4}-\d{2}-\d{2} \d{2}:\d{2},/);
    }
  });

  it('the notification offers Open and Reveal; Open shows the file in an editor', async () => {
    const { wb } = ui;
    const toast = await wb.waitForNotification(/Exported 2 selected users to /);
    const message = (await toast.innerText()).replace(/\s+/g, ' ');
    assert.match(message, new RegExp(`\\(times in ${wb.sim!.admin.timeZone}\\)`));
    const buttons = (await toast.getByRole('button').allInnerTexts()).map((b) => b.trim()).filter(Boolean);
    // In a browser no file manager can show the file: VS Code's Explorer does (a desktop offers
    // "Reveal in File Explorer", "Reveal in Finder" or "Open Containing Folder": revealFileInOS).
    assert.ok(buttons.includes('Open') && buttons.includes('Reveal in Explorer View'), JSON.stringify(buttons));
    await wb.page.mouse.move(700, 500);
    const shot = await wb.screenshot('exported');
    if (process.env.WF_UPDATE_MEDIA) fs.copyFileSync(shot, path.join(ROOT, 'media', 'screenshot-export.png'));
    // A click that lands while the notification centre settles may only focus the item: click until
    // the notification goes (running an action closes it).
    for (let i = 0; i < 3 && (await toast.isVisible()); i++) {
      await wb.clickNotificationButton(/Exported 2 selected users/, 'Open');
      await toast.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
    }
    await wb.page
      .locator('.tabs-container .tab')
      .filter({ hasText: path.basename(file) })
      .first()
      .waitFor({ timeout: 15_000 });
    await wb.page.locator('.editor-instance .view-lines').getByText(targets[0].ID).first().waitFor({ timeout: 15_000 });
  });

  it('from the palette, the picker shows each group’s count', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    // The two users selected again (opening the file moved the focus; the selection is what counts).
    const [first, second] = targets.map((u) => `${u.name}, ${u.emailAddr}`);
    await (await wb.waitForTreeItem(first)).click();
    await (await wb.waitForTreeItem(second)).click({ modifiers: ['Control'] });
    await wb.runCommand('Workfront: Export as CSV…');
    const rows = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.nth(3).waitFor({ timeout: 15_000 });
    // Label and description (the count) side by side, spaces aside.
    const items = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ''));
    const scheduled = sim.store.all().filter((u) => u.isActive && u.scheduleDeactivationDate !== null).length;
    for (const expected of [
      `Active users ${sim.store.count(true)} users`,
      `Inactive users ${sim.store.count(false)} users`,
      `Users scheduled to leave ${scheduled === 1 ? '1 user' : `${scheduled} users`}`,
      'Selected users 2 users',
    ])
      assert.ok(items.includes(expected.replace(/\s+/g, '')), `${expected} in ${JSON.stringify(items)}`);
    await wb.screenshot('palette-picker');
    // Escape closes what is on top first (the notification centre, opened above), then the picker.
    const picker = wb.page.locator('.quick-input-widget');
    for (let i = 0; i < 3 && (await picker.isVisible()); i++) {
      await wb.page.keyboard.press('Escape');
      await wb.page.waitForTimeout(300);
    }
    await picker.waitFor({ state: 'hidden', timeout: 5_000 });
  });
});
