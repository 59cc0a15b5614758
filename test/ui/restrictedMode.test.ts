// Restricted Mode: in a folder VS Code does not trust, the extension still runs (capabilities:
// untrustedWorkspaces "limited") and an admin deactivates a user there as anywhere else. The folder's own
// settings are what restrictedConfigurations guards against: a 1-second request timeout against a
// Workfront that answers in 1.2 s would fail every request if VS Code applied it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { useWorkbench } from './harness';
import { signInFromWelcome } from './steps';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

describe('UI: Restricted Mode (an untrusted folder)', function () {
  this.timeout(180_000);
  let folder: string;
  // Before useWorkbench's own hook: the folder and its settings exist when the workbench opens it.
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-ui-untrusted-'));
    fs.mkdirSync(path.join(folder, '.vscode'));
    fs.writeFileSync(
      path.join(folder, '.vscode', 'settings.json'),
      JSON.stringify({ 'workfront.requestTimeoutSeconds': 1, 'workfront.maxConcurrentRequests': 1 }, null, 2),
    );
  });
  const ui = useWorkbench(() => ({
    name: 'restricted',
    workspace: folder,
    workspaceTrust: true,
    simulator: { users: 20, seed: 71, latencyMs: 1200 },
    settings: (sim) => ({
      ...(sim ? { 'workfront.instance': sim.url } : {}),
      // VS Code's defaults but the start-up question: the folder opens untrusted, as after "Don't Trust".
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
    }),
  }));
  after(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('opens the folder in Restricted Mode', async () => {
    const { wb } = ui;
    await wb.page
      .locator('.statusbar')
      .getByText('Restricted Mode', { exact: true })
      .waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('restricted-mode');
  });

  it('signs in and deactivates a user there, with one update to Workfront', async () => {
    const { wb } = ui;
    const sim = wb.sim!;
    await signInFromWelcome(wb);
    const active = sim.store.count(true);
    const inactive = sim.store.count(false);
    await wb.expandTreeItem(`Active (${active})`, 30_000);
    const target = sim.store
      .all()
      .filter((u) => u.isActive && u.ID !== sim.admin.ID)
      .sort((a, b) => collator.compare(a.name, b.name))[0];
    await wb.rightClickTreeItem(`${target.name}, ${target.emailAddr}`);
    await wb.chooseContextMenuItem('Deactivate User…');
    const dialog = await wb.dialog();
    assert.ok(dialog.message.includes(target.name), dialog.message);
    await wb.answerDialog('Deactivate');
    await wb.waitForTreeItem(`Active (${active - 1})`, 30_000);
    await wb.waitForTreeItem(`Inactive (${inactive + 1})`);
    await wb.screenshot('restricted-deactivated');
    assert.strictEqual(sim.store.get(target.ID)?.isActive, false);
    assert.deepStrictEqual(
      sim.log.filter((r) => r.op === 'update').map((u) => u.objId),
      [target.ID],
    );
    // Still untrusted: nothing along the way asked for trust or was granted it.
    assert.ok(await wb.page.locator('.statusbar').getByText('Restricted Mode', { exact: true }).isVisible());
  });
});
