// UI smoke: the real workbench opens with the extension loaded, its view container and commands are
// there for a user, and nothing goes wrong or leaves the machine on the way.
import * as assert from 'assert';
import * as fs from 'fs';
import { useWorkbench } from './harness';
import { readManifest } from './manifest';

describe('UI smoke: the workbench with the extension', function () {
  this.timeout(120_000);
  const manifest = readManifest();
  const ui = useWorkbench({ name: 'smoke', settings: (sim) => (sim ? { 'workfront.instance': sim.url } : {}) });

  it('opens the workbench and writes a screenshot', async () => {
    const shot = await ui.wb.screenshot('workbench');
    assert.ok(fs.statSync(shot).size > 10_000, `${shot} is a real screenshot`);
  });

  it("opens the extension's view container from the activity bar", async () => {
    // Nothing to open would prove nothing: the extension's whole UI lives in its view container.
    const [title] = manifest.activityBarTitles;
    assert.ok(title, 'package.json contributes a view container to the activity bar');
    await ui.wb.openViewContainer(title);
    assert.match(await ui.wb.page.locator('.part.sidebar .composite.title').innerText(), new RegExp(title, 'i'));
    await ui.wb.screenshot('view-container');
  });

  it("finds the extension's commands in the command palette", async () => {
    // Commands with a palette `when` clause may be hidden (e.g. until signed in); the others must show,
    // and there must be some (Sign In, Show Log): a check with nothing to check would pass on anything.
    const always = manifest.commands.filter((c) => c.paletteWhen === undefined);
    assert.ok(always.length > 0, 'package.json contributes commands the palette shows before signing in');
    const category = always[0].paletteTitle.split(':')[0];
    await ui.wb.openCommandPalette(category);
    const shown = await ui.wb.quickPickItems();
    await ui.wb.screenshot('command-palette');
    await ui.wb.closeQuickInput();
    for (const command of always)
      assert.ok(shown.includes(command.paletteTitle), `"${command.paletteTitle}" in ${JSON.stringify(shown)}`);
  });

  it('had no uncaught error in the page and sent nothing off this machine', () => {
    assert.deepStrictEqual(ui.wb.pageErrors, []);
    assert.deepStrictEqual(ui.wb.blocked, []);
  });
});
