// What an admin decides with is visible at the default sidebar width, in the real workbench: who is signed
// in where, the licence totals (current after a change), a leaving date before the email; a filter shows
// its result; the slices of a large group keep their names while users change.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../scripts/vscode/realVscode';
import type { SimUser } from '../simulator/types';
import { useWorkbench, type Workbench } from './harness';
import { signInFromWelcome } from './steps';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const byName = (a: SimUser, b: SimUser) => collator.compare(a.name, b.name) || (a.ID < b.ID ? -1 : 1);
const row = (u: SimUser) => `${u.name}, ${u.emailAddr}`;

/** Goes to the top of the tree with the keyboard and waits for the row there (it may appear a moment late). */
async function shownAtTop(wb: Workbench, name: string): Promise<void> {
  await wb.page.mouse.move(0, 0);
  await wb.page.locator('.part.sidebar [role="treeitem"]').first().click();
  await wb.page.keyboard.press('Home');
  await wb.waitForTreeItem(name, 15_000);
}

describe('UI: the view at the default width', function () {
  this.timeout(180_000);
  // Sticky group headers would cover rows the test right-clicks after scrolling.
  const ui = useWorkbench({
    name: 'view',
    settings: (sim) => ({
      'workbench.tree.enableStickyScroll': false,
      ...(sim ? { 'workfront.instance': sim.url } : {}),
    }),
  });

  it('shows who is signed in where, the license totals, and a leaving date before the email', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    const account = await wb.waitForTreeItem(/^Signed in to /, 30_000);
    assert.match(await account.innerText(), new RegExp(`${sim.admin.name}\\s*127\\.0\\.0\\.1`));
    const active = sim.store.count(true);
    await wb.waitForTreeItem(`Licenses in use (${active})`);
    const types = new Map<string, number>();
    for (const u of sim.store.all().filter((x) => x.isActive))
      types.set(u.licenseType, (types.get(u.licenseType) ?? 0) + 1);
    for (const [type, n] of types) await wb.waitForTreeItem(`${n} ${type}`);
    const shot = await wb.screenshot('view-default-width');
    if (process.env.WF_UPDATE_MEDIA) fs.copyFileSync(shot, path.join(ROOT, 'media', 'screenshot-view.png'));
    const leaving = sim.store.all().find((u) => u.isActive && u.scheduleDeactivationDate !== null)!;
    await wb.expandTreeItem(`Active (${active})`);
    const leavingRow = await wb.revealTreeItem(row(leaving));
    const description = await leavingRow.locator('.label-description').innerText();
    assert.match(description, /^leaves .* · /, 'the date comes before the email');
    // At the default sidebar width the whole date is on screen: the text up to the " · " ends before the
    // edge where the row cuts it off.
    const fit = await leavingRow.evaluate((rowEl) => {
      type Box = { getBoundingClientRect(): { right: number }; parentElement: Box | null };
      type Range = {
        getBoundingClientRect(): { right: number };
        setStart(n: unknown, o: number): void;
        setEnd(n: unknown, o: number): void;
      };
      const win = globalThis as unknown as {
        document: { createRange(): Range };
        getComputedStyle(e: unknown): { overflow: string; paddingRight: string };
      };
      const text = rowEl.querySelector('.label-description')?.firstChild;
      const content = text?.textContent ?? '';
      const range = win.document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, content.indexOf(' · '));
      // Where the row stops showing text: the nearest box that clips it (less its padding).
      let edge = (rowEl as unknown as Box).getBoundingClientRect().right;
      for (let e = (text as unknown as Box).parentElement; e && e !== (rowEl as unknown); e = e.parentElement) {
        const style = win.getComputedStyle(e);
        if (style.overflow !== 'visible')
          edge = Math.min(edge, e.getBoundingClientRect().right - parseFloat(style.paddingRight || '0'));
      }
      return { date: range.getBoundingClientRect().right, edge, content };
    });
    // An ellipsis takes the last few pixels where text is cut.
    assert.ok(
      fit.date <= fit.edge - 12,
      `"${fit.content}": the date ends at ${fit.date}, the text is cut at ${fit.edge}`,
    );
    await wb.screenshot('leaving');
  });

  it('keeps the license totals current after a deactivation', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    const active = sim.store.count(true);
    const target = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID)
      .sort(byName)[1];
    const sameType = sim.store.all().filter((u) => u.isActive && u.licenseType === target.licenseType).length;
    await wb.revealTreeItem(row(target));
    await wb.contextMenu(row(target), 'Deactivate User…');
    await wb.answerDialog('Deactivate');
    await shownAtTop(wb, `Licenses in use (${active - 1})`);
    if (sameType > 1) await wb.waitForTreeItem(`${sameType - 1} ${target.licenseType}`);
  });

  it('a filter opens the groups with matches, keeps the others at (0), and says what is shown', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    const someone = sim.store.all().find((u) => u.isActive && u.ID !== sim.admin.ID)!;
    const text = someone.emailAddr.split('@')[0];
    const matches = sim.store
      .all()
      .filter((u) => [u.name, u.emailAddr, u.title].some((f) => f.toLowerCase().includes(text)));
    await wb.runCommand('Workfront: Filter…');
    await wb.typeInQuickInput(text);
    const activeMatches = matches.filter((u) => u.isActive).length;
    const group = await wb.waitForTreeItem(`Active (${activeMatches})`, 30_000);
    assert.strictEqual(await group.getAttribute('aria-expanded'), 'true', 'the group with matches is open');
    await wb.waitForTreeItem(row(someone));
    const inactiveMatches = matches.filter((u) => !u.isActive).length;
    const inactive = await wb.waitForTreeItem(`Inactive (${inactiveMatches})`);
    if (inactiveMatches === 0)
      assert.strictEqual(await inactive.getAttribute('aria-expanded'), null, '(0) without an arrow');
    await wb.waitForTreeItem(/^Scheduled to Leave \(\d+\)/);
    await wb.page.locator('.part.sidebar').getByText(`contains "${text}"`).waitFor({ timeout: 10_000 });
    const filtered = await wb.screenshot('filtered');
    if (process.env.WF_UPDATE_MEDIA) fs.copyFileSync(filtered, path.join(ROOT, 'media', 'screenshot-filter.png'));
    await wb.runCommand('Workfront: Clear Filter');
    await wb.revealTreeItem(`Licenses in use (${sim.store.count(true)})`);
    assert.strictEqual(await wb.page.locator('.part.sidebar').getByText(`contains "${text}"`).count(), 0);
  });
});

describe('UI: slices of a large group stay put', function () {
  this.timeout(180_000);
  const ui = useWorkbench({
    name: 'slices',
    simulator: { users: 1_400, seed: 5 },
    settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}),
  });

  it('a deactivation shrinks its slice; no slice is renamed', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    const active = sim.store
      .all()
      .filter((u) => u.isActive)
      .sort(byName);
    await wb.expandTreeItem(`Active (${active.length})`, 30_000);
    const sliceLabels = async () =>
      (await wb.treeItemNames()).filter((n) => / – .* \(\d+\)$/.test(n)).map((n) => n.replace(/\s+/g, ' '));
    await wb.waitForTreeItem(/ – .* \(500\)$/, 30_000);
    const before = await sliceLabels();
    assert.ok(before.length >= 2, before.join(' | '));
    const target = active.find((u) => u.ID !== sim.admin.ID && u.scheduleDeactivationDate === null)!;
    await wb.expandTreeItem(before[0]);
    await wb.contextMenu(row(target), 'Deactivate User…');
    await wb.answerDialog('Deactivate');
    await wb.waitForTreeItem(/ – .* \(499\)$/, 30_000);
    await wb.collapseTreeItem(/ – .* \(499\)$/);
    const after = await sliceLabels();
    assert.deepStrictEqual(after.slice(1), before.slice(1), 'the other slices are as they were');
    assert.strictEqual(after[0], before[0].replace('(500)', '(499)'), 'the first slice keeps its names');
    await wb.screenshot('slices');
  });
});
