// A workspace cannot send the key elsewhere, in the real workbench: the folder opened has a
// .vscode/settings.json naming another instance and API version. The sign-in box does not offer that
// address; signing in to the real instance sends the key only there, on the user-level API version;
// the workspace's instance receives nothing at all.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench } from './harness';
import { pasteApiKey } from './steps';

describe('UI: a workspace cannot redirect the key', function () {
  this.timeout(180_000);
  let elsewhere: Simulator;
  let folder: string;
  // Runs before useWorkbench's own hook: the folder must exist when the workbench opens it.
  before(async () => {
    elsewhere = await startSimulator({ users: 5, seed: 62 });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-ui-workspace-'));
    fs.mkdirSync(path.join(folder, '.vscode'));
    fs.writeFileSync(
      path.join(folder, '.vscode', 'settings.json'),
      JSON.stringify({ 'workfront.instance': elsewhere.url, 'workfront.apiVersion': '16.0' }, null, 2),
    );
  });
  const ui = useWorkbench(() => ({
    name: 'workspace-settings',
    workspace: folder,
    simulator: { users: 20, seed: 61 },
  }));
  after(async () => {
    await elsewhere?.close();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('the sign-in box does not offer the workspace’s address', async () => {
    const { wb } = ui;
    await wb.openViewContainer('Workfront Users');
    await wb.clickSidebarButton('Sign in to Workfront');
    const box = await wb.quickInputText();
    assert.ok(!box.value.includes(new URL(elsewhere.url).host), `offered "${box.value}"`);
    assert.strictEqual(box.value, '', 'nothing is offered: no user-level instance is set');
    await wb.screenshot('sign-in-box');
  });

  it('signing in to the real instance sends the key only there, on the user-level API version', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await wb.typeInQuickInput(sim.url);
    await pasteApiKey(wb, sim.apiKey);
    await wb.waitForTreeItem(`Active (${sim.store.count(true)})`, 30_000);
    await wb.expandTreeItem(`Active (${sim.store.count(true)})`);
    await wb.runCommand('Workfront: Refresh');
    await wb.waitForTreeItem(`Inactive (${sim.store.count(false)})`);
    await wb.screenshot('signed-in');
    assert.ok(sim.log.length > 3, 'requests went to the real instance');
    for (const r of sim.log) {
      assert.ok(
        r.path.startsWith('/attask/api/v21.0/'),
        `${r.method} ${r.path}: the user-level (default) API version, not the workspace's 16.0`,
      );
      assert.strictEqual(r.headers.apikey, sim.apiKey);
    }
    assert.deepStrictEqual(elsewhere.log, [], 'the workspace’s instance received nothing');
    assert.deepStrictEqual(wb.pageErrors, []);
  });
});
