// Licence reclamation in the real workbench: the Not Signed In for 90 Days group lists the active users
// Workfront finds idle (one never signed in), each row with its licence and last sign-in and the group
// with its totals per licence; three are selected, Change Licence Type… offers the types of Workfront's
// metadata, one confirmation changes them, and the totals follow.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../scripts/vscode/realVscode';
import { formatWorkfrontDate } from '../simulator';
import type { SimUser } from '../simulator/types';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

const DAY = 86_400_000;
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

describe('UI: Not Signed In for 90 Days and a bulk license change', function () {
  this.timeout(180_000);
  const ui = useWorkbench({ name: 'reclaim', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });
  let idle: SimUser[];

  it('shows the idle users with their license and last sign-in, and the totals per license', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    const now = Date.now();
    for (const u of sim.store.all())
      if (u.isActive) sim.store.update(u.ID, { lastLoginDate: formatWorkfrontDate(now - DAY) });
    idle = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID)
      .sort((a, b) => collator.compare(a.name, b.name))
      .slice(0, 5);
    idle.forEach((u, i) =>
      sim.store.update(u.ID, {
        licenseType: i < 3 ? 'Standard' : 'Light',
        lastLoginDate: i === 1 ? null : formatWorkfrontDate(now - (120 + 30 * i) * DAY),
        entryDate: formatWorkfrontDate(now - 800 * DAY),
      }),
    );
    await signInFromWelcome(wb);
    await wb.expandTreeItem(/^Not Signed In for 90 Days/, 30_000);
    await wb.waitForTreeItem('Not Signed In for 90 Days (5), 3 Standard · 2 Light', 30_000);
    // Also as the group's first row: the label's description is cut at the default sidebar width.
    await wb.waitForTreeItem('Licenses held: 3 Standard · 2 Light');
    const never = idle[1];
    await wb.waitForTreeItem(`${never.name}, ${never.emailAddr}, active user, Standard, never signed in`);
    const once = idle[0];
    await wb.waitForTreeItem(`${once.name}, ${once.emailAddr}, active user, Standard, signed in `);
    // The same on screen, at the default sidebar width.
    const row = await wb.waitForTreeItem(`${once.name}, ${once.emailAddr}`);
    assert.match(await row.innerText(), /Standard · signed in/);
    assert.ok(
      sim.log.some((r) => r.params.lastLoginDate === '$$TODAY-90d'),
      'Workfront filtered the users',
    );
    const shot = await wb.screenshot('not-signed-in');
    if (process.env.WF_UPDATE_MEDIA) fs.copyFileSync(shot, path.join(ROOT, 'media', 'screenshot-not-signed-in.png'));
  });

  it('changes the license of three selected users after one confirmation; the totals follow', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    const standard = idle.slice(0, 3);
    await (await wb.waitForTreeItem(`${standard[0].name}, ${standard[0].emailAddr}`)).click();
    for (const u of standard.slice(1))
      await (await wb.waitForTreeItem(`${u.name}, ${u.emailAddr}`)).click({ modifiers: ['Control'] });
    sim.clearLog();
    await wb.rightClickTreeItem(`${standard[2].name}, ${standard[2].emailAddr}`);
    await wb.chooseContextMenuItem('Change License Type…');
    await wb.pickQuickItem('Light', 30_000);
    assert.ok(
      sim.log.some((r) => r.path.toLowerCase().endsWith('/user/metadata')),
      'the types come from the metadata',
    );
    const dialog = await wb.dialog();
    assert.match(dialog.message, /Change the license type of 3 users to Light\?/);
    for (const u of standard) assert.ok(dialog.detail.includes(u.name), `${u.name} is named`);
    const shot = await wb.screenshot('licence-confirm');
    if (process.env.WF_UPDATE_MEDIA) fs.copyFileSync(shot, path.join(ROOT, 'media', 'screenshot-license-change.png'));
    await wb.answerDialog('Change License Type');
    await wb.waitForTreeItem('Not Signed In for 90 Days (5), 5 Light', 30_000);
    await wb.waitForTreeItem('Licenses held: 5 Light');
    for (const u of standard) assert.strictEqual(sim.store.get(u.ID)?.licenseType, 'Light');
    const updates = sim.log.filter((r) => r.op === 'update');
    assert.deepStrictEqual(updates.map((r) => r.objId).sort(), standard.map((u) => u.ID).sort());
    for (const r of updates) assert.deepStrictEqual(JSON.parse(r.params.updates), { licenseType: 'Light' });
    await wb.showNotificationCenter();
    await wb.waitForNotification(/3 users now have a Light license \(were 3 Standard\)/, 30_000);
    await wb.screenshot('license-changed');
  });
});
