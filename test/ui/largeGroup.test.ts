// A 100,000-user organisation over a slow network, clicked as a user clicks: Active is expanded, its
// first slice shows from the first page (read ahead when the count was shown) while the rest is still
// loading (the group says how far it is), and a user of that first slice is right-clicked and deactivated before the load ends. The user
// leaves Active and joins Inactive once Workfront has answered, and stays out of Active when the load
// ends, with exactly one update sent.
import * as assert from 'assert';
import { useWorkbench } from './harness';
import { firstSlice, signInFromWelcome } from './steps';

/** Per request: about 43 pages at 4 at once make the load last well over ten seconds. */
const LATENCY_MS = 700;

describe('UI: a 100,000-user group while it loads', function () {
  this.timeout(240_000);
  const ui = useWorkbench({
    name: 'large-group',
    simulator: { users: 100_000, seed: 15 },
    settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}),
  });

  it('shows the first slice while loading, and a user of it is right-clicked and deactivated', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    const active = sim.store.count(true);
    const inactive = sim.store.count(false);
    await wb.waitForTreeItem(`Active (${active})`, 60_000);
    sim.setLatency(LATENCY_MS);
    const { label: sliceLabel, target } = firstSlice(sim);
    const expanded = Date.now();
    await wb.expandTreeItem(`Active (${active})`);
    await wb.expandTreeItem(sliceLabel, 30_000);
    const progress = wb.page.locator('.part.sidebar .monaco-list-row', { hasText: /\d of \d/ });
    const shownAt = Date.now() - expanded;
    const pagesBefore = sim.log.filter((r) => r.op === 'search' && r.query.name_1_Sort).length;
    // The group's label follows the pages (VS Code renders it again at the next page).
    await progress.first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await progress.first().innerText(), /Active \(\d+\)[\s\S]*[\d,]+ of [\d,]+/);
    await wb.screenshot('first-slice-while-loading');
    await wb.rightClickTreeItem(`${target.name}, ${target.emailAddr}`);
    await wb.chooseContextMenuItem('Deactivate User…');
    // The confirmation counts the user's open work first (those requests go ahead of the waiting pages).
    await wb.answerDialog('Deactivate', 30_000);
    assert.ok(pagesBefore < Math.ceil(active / 1999), `${pagesBefore} name pages asked for before the first slice`);

    await wb.waitForTreeItem(`Active (${active - 1})`, 30_000);
    await wb.waitForTreeItem(sliceLabel.replace('(500)', '(499)'));
    assert.strictEqual(await wb.treeItem(`${target.name}, ${target.emailAddr}`).count(), 0, 'gone from Active');
    // The load ends (the progress goes) and the user has not come back under Active.
    await progress.waitFor({ state: 'detached', timeout: 120_000 });
    await wb.waitForTreeItem(sliceLabel.replace('(500)', '(499)'));
    assert.strictEqual(await wb.treeItem(`${target.name}, ${target.emailAddr}`).count(), 0, 'not back after the load');
    // Fold Active, as a user would, to bring Inactive into view.
    await wb.collapseTreeItem(`Active (${active - 1})`);
    await wb.waitForTreeItem(`Inactive (${inactive + 1})`);
    await wb.screenshot('after-load');
    assert.strictEqual(sim.store.get(target.ID)?.isActive, false);
    const updates = sim.log.filter((r) => r.op === 'update');
    assert.deepStrictEqual(
      updates.map((u) => u.objId),
      [target.ID],
    );
    // Deactivated while the group loaded: Workfront had the change before the last name-ordered page.
    const lastPage = Math.max(...sim.log.filter((r) => r.op === 'search' && r.query.name_1_Sort).map((r) => r.time));
    assert.ok(
      updates[0].time < lastPage,
      `the update came ${updates[0].time - lastPage} ms after the last page (first slice after ${shownAt} ms)`,
    );
    // Active's first page was read once: ahead, when its count was shown; the listing did not ask again.
    const activeFirstPages = sim.log.filter(
      (r) =>
        r.op === 'search' &&
        r.query.name_1_Sort &&
        r.query.$$FIRST?.[0] === '0' &&
        r.query.isActive?.[0] === 'true' &&
        !r.query.scheduleDeactivationDate_Mod &&
        !r.query.lastLoginDate,
    );
    assert.strictEqual(activeFirstPages.length, 1, `Active's first page read ${activeFirstPages.length} times`);
    sim.setLatency(0);
  });
});
