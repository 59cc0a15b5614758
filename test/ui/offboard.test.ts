// Offboard from List in the real workbench: a CSV from HR in the workspace, opened through VS Code's own
// open dialog, with a line of every kind (two leavers, one already inactive, one unknown, one shared
// email, yourself); the preview names each category, one confirmation deactivates the two, the result
// is saved as CSV through the save dialog, and the same list run again changes nothing and says so.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../scripts/vscode/realVscode';
import type { SimUser } from '../simulator/types';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

describe('UI: Offboard from List', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'offboard', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });
  let leavers: SimUser[];
  let twins: SimUser[];
  let list: string;

  /** Opens the list through the command and VS Code's open dialog (a path in a quick input, in a browser). */
  async function runOnList(): Promise<void> {
    const { wb } = ui;
    await wb.runCommand('Workfront: Offboard from List…');
    await wb.pickQuickItem('Open a File…');
    // The dialog first shows its title, then fills in the folder it starts in: type only after that,
    // or the folder replaces what was typed.
    for (const deadline = Date.now() + 15_000; ;) {
      const box = await wb.quickInputText();
      if (box.title.includes('Offboard from List') && box.value.endsWith('/')) break;
      if (Date.now() > deadline) throw new Error(`the open dialog shows ${JSON.stringify(box)}`);
      await wb.page.waitForTimeout(200);
    }
    // The dialog checks the typed path as it comes, and may still put its folder in front of what was
    // typed: Enter only when the box holds the path and has had a moment to check it.
    const widget = wb.page.locator('.quick-input-widget');
    const input = widget.locator('input.input').first();
    for (let attempt = 0; attempt < 5 && (await widget.isVisible()); attempt++) {
      if ((await input.inputValue()) !== list) await input.fill(list);
      await wb.page.waitForTimeout(600);
      if (!(await widget.isVisible())) break; // an Enter now would answer the preview instead
      if ((await input.inputValue()) !== list) continue;
      await wb.page.keyboard.press('Enter');
      await widget.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
    }
    await widget.waitFor({ state: 'hidden', timeout: 5_000 });
  }

  it('previews a list with every kind of line before anything changes', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    const active = sim.store.all().filter((u) => u.isActive && u.ID !== sim.admin.ID);
    leavers = active.slice(0, 2);
    twins = active.slice(2, 4);
    for (const t of twins) sim.store.update(t.ID, { emailAddr: 'shared.inbox@acme.example', username: t.username });
    const inactive = sim.store.all().find((u) => !u.isActive)!;
    list = path.join(wb.workspace, 'leavers-from-hr.csv');
    fs.writeFileSync(
      list,
      [
        'Employee,Last day,Email',
        `"${leavers[0].name}",2026-12-01,${leavers[0].emailAddr.toUpperCase()}`,
        `"${leavers[1].name}",2026-12-01,${leavers[1].emailAddr}`,
        `"${inactive.name}",2026-10-01,${inactive.emailAddr}`,
        'Pat Unknown,2026-12-01,pat.unknown@elsewhere.example',
        'Shared Inbox,2026-12-01,shared.inbox@acme.example',
        `"${sim.admin.name}",2026-12-31,${sim.admin.emailAddr}`,
      ].join('\r\n'),
    );
    await wb.waitForTreeItem(`Active (${sim.store.count(true)})`, 30_000);
    sim.clearLog();
    await runOnList();
    const dialog = await wb.dialog(30_000);
    assert.match(dialog.message, /deactivate 2 of the 6 listed users\?/);
    for (const part of [
      'Will be deactivated (2)',
      leavers[0].name,
      leavers[1].name,
      'Already inactive (1)',
      inactive.name,
      'Not found in Workfront (1)',
      'pat.unknown@elsewhere.example',
      'More than one match, left alone (1)',
      twins[0].name,
      twins[1].name,
      'Protected, left alone (1)',
      `${sim.admin.name} (you)`,
    ])
      assert.ok(dialog.detail.includes(part), `${part} in ${dialog.detail}`);
    for (const button of ['Deactivate 2 Users', 'Save Preview as CSV…'])
      assert.ok(dialog.buttons.includes(button), `${button} in ${JSON.stringify(dialog.buttons)}`);
    assert.strictEqual(sim.log.filter((r) => r.op === 'update').length, 0, 'nothing changed yet');
    assert.strictEqual(sim.log.filter((r) => r.op === 'search').length, 1, 'one search for the whole list');
    const shot = await wb.screenshot('preview');
    if (process.env.WF_UPDATE_MEDIA) fs.copyFileSync(shot, path.join(ROOT, 'media', 'screenshot-offboard-preview.png'));
  });

  it('one confirmation deactivates the two; the result is saved as CSV', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await wb.answerDialog('Deactivate 2 Users');
    await wb.showNotificationCenter();
    await wb.waitForNotification(/Offboarded from list: deactivated 2 users\./, 30_000);
    for (const u of leavers) assert.strictEqual(sim.store.get(u.ID)?.isActive, false, `${u.name} is inactive`);
    for (const t of twins) assert.strictEqual(sim.store.get(t.ID)?.isActive, true, 'an ambiguous line changes no one');
    assert.deepStrictEqual(
      sim.log
        .filter((r) => r.op === 'update')
        .map((r) => r.objId)
        .sort(),
      leavers.map((u) => u.ID).sort(),
    );
    await wb.page.mouse.move(700, 500);
    const shot = await wb.screenshot('result');
    if (process.env.WF_UPDATE_MEDIA) fs.copyFileSync(shot, path.join(ROOT, 'media', 'screenshot-offboard-result.png'));
    await wb.clickNotificationButton(/Offboarded from list/, 'Save Result as CSV…');
    let dialog = await wb.quickInputText(30_000);
    for (const deadline = Date.now() + 15_000; !dialog.value.endsWith('.csv') && Date.now() < deadline;) {
      await wb.page.waitForTimeout(200);
      dialog = await wb.quickInputText();
    }
    assert.match(dialog.value, /workfront-.*-offboarding-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = dialog.value;
    await wb.page.keyboard.press('Enter');
    await wb.waitForNotification(/Saved the offboarding result to /, 30_000);
    const lines = fs
      .readFileSync(file, 'utf8')
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    assert.strictEqual(lines[0], 'Line,Listed as,Result,Name,Email,Username,ID,Details');
    assert.strictEqual(lines.length, 7);
    assert.match(lines[1], new RegExp(`^2,${leavers[0].emailAddr.toUpperCase()},Deactivated,`));
    assert.match(lines[3], /^4,.*,Already inactive,/);
    assert.match(lines[4], /^5,pat\.unknown@elsewhere\.example,Not found in Workfront,/);
    assert.match(lines[5], /^6,shared\.inbox@acme\.example,"More than one match, left alone",/);
    assert.match(lines[6], /^7,.*,"Protected, left alone",.*You cannot deactivate your own user\./);
  });

  it('the same list run again changes nothing and says so', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    sim.clearLog();
    // This time from the list open in an editor (Go to File, then "Use the Open Editor").
    await wb.openCommandPalette();
    await wb.typeInQuickInput(path.basename(list), { replace: true, submit: false });
    await wb.pickQuickItem(path.basename(list));
    await wb.page
      .locator('.tabs-container .tab')
      .filter({ hasText: path.basename(list) })
      .first()
      .waitFor({ timeout: 15_000 });
    await wb.runCommand('Workfront: Offboard from List…');
    await wb.pickQuickItem('Use the Open Editor');
    await wb.showNotificationCenter();
    await wb.waitForNotification(
      /Nothing to change: no listed user can be deactivated\. Already inactive: 3\./,
      30_000,
    );
    assert.strictEqual(sim.log.filter((r) => r.op === 'update').length, 0);
    await wb.screenshot('again');
  });
});
