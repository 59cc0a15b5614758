// One fault and one hostile name, through the real workbench: a 500 on the counts becomes an error row
// (the groups stay, with their counts) that opens the log when clicked; a user whose name is a command
// link is shown as text in the row, its tooltip and the notification, never as a link.
import * as assert from 'assert';
import type { SimUser } from '../simulator/types';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

const HOSTILE_NAME = 'Aaron [Sign out](command:workfront.signOut)';
const HOSTILE_TITLE = '[Open](https://evil.example/) <img src=x onerror=alert(1)>';

describe('UI: a fault and a hostile name in the real workbench', function () {
  this.timeout(180_000);
  const ui = useWorkbench({
    name: 'fault',
    simulator: { users: 30, seed: 51 },
    settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}),
  });
  let hostile: SimUser;
  let active: number;
  let inactive: number;

  it('signs in', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    hostile = sim.store.update(sim.store.all().find((u) => u.isActive && u.ID !== sim.admin.ID)!.ID, {
      name: HOSTILE_NAME,
      title: HOSTILE_TITLE,
    });
    await signInFromWelcome(wb);
    active = sim.store.count(true);
    inactive = sim.store.count(false);
    await wb.waitForTreeItem(`Active (${active})`, 30_000);
  });

  it('a 500 on the counts shows an error row with a warning-coloured icon above the last good groups; clicking it opens the log', async () => {
    const { wb } = ui;
    wb.sim!.inject({ op: 'count', kind: 'status', status: 500, message: 'Database unavailable' });
    await wb.runCommand('Workfront: Refresh');
    const row = await wb.waitForTreeItem(/server error \(500\)/, 30_000);
    assert.match(
      (await row.innerText()).trim(),
      /^Count (active|inactive) users failed: Workfront had a server error \(500\) \(Database unavailable\)\. Try again later\.$/,
    );
    assert.strictEqual(
      await row
        .locator('.custom-view-tree-node-item-icon.codicon-error, .custom-view-tree-node-item-icon.codicon-warning')
        .count(),
      1,
      'the row has an error/warning icon',
    );
    await wb.waitForTreeItem(`Active (${active})`);
    await wb.waitForTreeItem(`Inactive (${inactive})`);
    await wb.screenshot('count-500');
    await row.click();
    const output = wb.page.locator('.part.panel .output-view, .part.panel [id="workbench.panel.output"]').first();
    await output.waitFor({ state: 'visible', timeout: 15_000 });
    // Monaco renders spaces as no-break spaces: \s matches both.
    await wb.page
      .locator('.part.panel .view-lines')
      .filter({ hasText: /Count\sactive\susers:\sWorkfront\shad\sa\sserver\serror\s\(500\)/ })
      .first()
      .waitFor({ timeout: 15_000 });
    // The channel picker is a <select>; its chosen option is the channel shown (no DOM types in this project).
    const channel = await wb.page
      .locator('.part.panel select')
      .first()
      .evaluate((el) => {
        const select = el as unknown as { selectedIndex: number; options: ArrayLike<{ text: string }> };
        return select.options[select.selectedIndex]?.text ?? '';
      });
    assert.strictEqual(channel, 'Workfront Users', 'the Workfront Users log is the channel shown');
    const shownText = await wb.page.locator('.part.panel .view-lines').first().innerText();
    assert.ok(!shownText.includes(wb.sim!.apiKey), 'the log does not show the key');
    await wb.screenshot('log-opened');
    wb.sim!.clearFaults();
  });

  it('a name and title with Markdown and command links are text in the row, the tooltip and the notification', async () => {
    const { wb } = ui;
    await wb.runCommand('Workfront: Refresh');
    await wb.expandTreeItem(`Active (${active})`, 30_000);
    const rowName = `${HOSTILE_NAME}, ${hostile.emailAddr}`;
    // The licence totals above the groups fill in too: hover only once the rows stopped moving.
    await wb.waitForTreeItem(/^\d+ (Standard|Light|Contributor|External)$/, 30_000);
    const row = await wb.waitForTreeItem(rowName);
    assert.strictEqual(await row.locator('a[href]').count(), 0, 'no link in the row');
    // Hover until the tooltip is the hostile user's (on a loaded machine, rows can still move under the
    // pointer while the tree fills in).
    const hover = wb.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Aaron' }).first();
    for (let attempt = 0; ; attempt++) {
      await wb.page.mouse.move(0, 0);
      await (await wb.waitForTreeItem(rowName)).hover();
      try {
        await hover.waitFor({ timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
    const hoverText = (await hover.innerText()).replace(/\u00a0/g, ' ');
    assert.ok(hoverText.includes(HOSTILE_NAME), `the tooltip shows the name as typed: ${hoverText}`);
    assert.ok(hoverText.includes(HOSTILE_TITLE), `and the title: ${hoverText}`);
    // The email may be a mailto: link; nothing from the name or title may be a link of any kind.
    const links = await hover
      .locator('a')
      .evaluateAll((as) =>
        as.map((a) => `${a.textContent ?? ''} -> ${a.getAttribute('data-href') ?? a.getAttribute('href') ?? ''}`),
      );
    assert.deepStrictEqual(
      links.filter((l) => !l.includes(`${hostile.emailAddr} -> mailto:`)),
      [],
      'no link in the tooltip but the email',
    );
    assert.strictEqual(await hover.locator('img').count(), 0, 'no image in the tooltip');
    await wb.screenshot('hostile-tooltip');
    await wb.page.mouse.move(0, 0);
    await wb.contextMenu(rowName, 'Deactivate User…');
    const dialog = await wb.answerDialog('Deactivate');
    assert.ok(dialog.message.includes(HOSTILE_NAME), 'the dialog shows the name as text');
    // Toasts may be hidden while the panel has focus: read it in the notification centre.
    await wb.page
      .locator('.statusbar [id="status.notifications"], .statusbar .codicon-bell, .statusbar .codicon-bell-dot')
      .first()
      .click();
    const toast = await wb.waitForNotification('Deactivated', 30_000);
    await wb.screenshot('hostile-notification');
    const toastLinks = await toast
      .locator('.notification-list-item-message a')
      .evaluateAll((as) => as.map((a) => `${a.textContent ?? ''} -> ${a.getAttribute('href') ?? ''}`));
    assert.deepStrictEqual(toastLinks, [], `no link in the notification: ${await toast.innerText()}`);
    assert.ok((await toast.innerText()).includes('Sign out'), 'the name is there, as text');
    assert.strictEqual(wb.sim!.store.get(hostile.ID)?.isActive, false);
  });

  it('had no uncaught error in the page, and the key only ever went in the apiKey header', () => {
    const { wb } = ui;
    assert.deepStrictEqual(wb.pageErrors, []);
    for (const r of wb.sim!.log) {
      const outside = JSON.stringify({
        path: r.path,
        query: r.query,
        body: r.body,
        headers: { ...r.headers, apikey: undefined },
      });
      assert.ok(!outside.includes(wb.sim!.apiKey), `the key outside the apiKey header in ${r.method} ${r.path}`);
    }
  });
});
