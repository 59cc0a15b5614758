// An Adobe-hosted organisation in a real VS Code, against the simulator's Adobe-hosted mode reached as a
// user reaches Adobe (an experience.adobe.com address; user settings for the API host and the IMS):
// sign-in with a Server-to-Server credential, a bulk deactivation while tokens expire (renewed before
// expiry and after a 401, no user lost, none updated twice), and a revoked credential becoming a sign-in
// row. The client secret's whereabouts are checked by the run's secret scan (secretScan.ts).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Services } from '../../src/commands/services';
import { adobeHosted, type AdobeHosted } from '../simulator';
import type { Simulator } from '../simulator/types';
import {
  bulkDeactivateWhileTokensExpire,
  Prompts,
  services,
  signOutAll,
  simulator,
  userRows,
  withUserSetting,
} from './helpers';

describe('An Adobe-hosted organisation (Server-to-Server credential)', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let svc: Services;
  let adobe: AdobeHosted;
  let prompts: Prompts | undefined;
  const restore: Array<() => Promise<void>> = [];

  before(async () => {
    sim = await simulator({ users: 80, seed: 11, adobeHosted: { tokenLifetimeSeconds: 2 } });
    svc = await services();
    adobe = adobeHosted(sim);
    for (const [key, value] of Object.entries(adobe.settings))
      restore.push(await withUserSetting(key.replace(/^workfront\./, ''), value));
  });
  after(async () => {
    await signOutAll(svc);
    for (const r of restore.splice(0)) await r();
    await sim.close();
  });
  afterEach(() => {
    prompts?.restore();
    prompts = undefined;
  });

  async function signInS2s(): Promise<boolean> {
    const c = sim.ims!.credential;
    prompts = new Prompts()
      .inputs(adobe.address, c.clientId, sim.ims!.clientSecret, c.orgId, c.scopes)
      .picks('Server-to-Server')
      .messages();
    try {
      return (await vscode.commands.executeCommand<boolean>('workfront.signIn')) === true;
    } finally {
      prompts.restore();
    }
  }

  it('signs in from a pasted experience.adobe.com address with a Server-to-Server credential; username/password is not offered', async () => {
    await signOutAll(svc);
    sim.clearLog();
    assert.ok(await signInS2s());
    const methods = prompts!.shown.find((s) => s.items.some((i) => i.includes('Server-to-Server')));
    assert.ok(methods, 'the method step was shown');
    assert.ok(!methods.items.some((i) => /username and password/i.test(i)), JSON.stringify(methods.items));
    const [instance] = svc.keys.instances();
    assert.strictEqual(instance.host, adobe.host);
    assert.strictEqual(instance.kind, 'adobe');
    assert.deepStrictEqual(instance.experience?.company, 'acmecorp');
    const api = sim.log.filter((e) => e.path.startsWith('/attask/'));
    assert.ok(api.length >= 1);
    for (const e of api) {
      assert.match(e.headers.authorization ?? '', /^Bearer /);
      assert.strictEqual(e.headers['x-gw-ims-org-id'], sim.ims!.credential.orgId);
    }
    const shown = prompts!.shown.filter((s) => s.fn === 'showInformationMessage').map((s) => s.message);
    assert.deepStrictEqual(shown, [`Signed in to ${adobe.host} as ${sim.admin.name}.`]);
  });

  it('a bulk deactivation while tokens expire: renewed before expiry and after a 401, no user lost, none updated twice', async () => {
    await signOutAll(svc);
    assert.ok(await signInS2s());
    const rows = (await userRows(svc, 'active')).filter((r) => r.userId !== sim.admin.ID).slice(0, 30);
    const issuedBefore = sim.ims!.issued;
    prompts = new Prompts().messages('Deactivate');
    // 30 updates at 400 ms, a few at a time: longer than a token lives (2 s less the margin).
    await bulkDeactivateWhileTokensExpire(sim, rows, { latencyMs: 400, expire: () => sim.ims!.expireTokens() });
    assert.ok(sim.ims!.issued - issuedBefore >= 2, `renewed (${sim.ims!.issued - issuedBefore} new tokens)`);
    // Each token request either follows refusals (renewed after a 401) or none (renewed before expiry).
    let refusedSince = false;
    const renewals = { beforeExpiry: 0, afterRefusal: 0 };
    for (const e of sim.log) {
      if (e.path === '/ims/token/v3') {
        renewals[refusedSince ? 'afterRefusal' : 'beforeExpiry']++;
        refusedSince = false;
      } else if (e.status === 401) refusedSince = true;
    }
    assert.ok(renewals.beforeExpiry >= 1 && renewals.afterRefusal >= 1, JSON.stringify(renewals));
    const said = prompts.shown.filter((s) => s.fn === 'showInformationMessage').map((s) => s.message);
    assert.ok(
      said.some((m) => m.startsWith(`Deactivated ${rows.length} users.`)),
      JSON.stringify(said),
    );
    const modal = prompts.shown.find((s) => s.fn === 'showWarningMessage');
    assert.match(modal?.detail ?? '', /stay in the Adobe Admin Console product profile/);
  });

  it('a revoked credential becomes one sign-in row, and its secret is not sent again', async () => {
    await signOutAll(svc);
    assert.ok(await signInS2s());
    await userRows(svc, 'active');
    sim.ims!.revokeCredential();
    await vscode.commands.executeCommand('workfront.refresh');
    const rows = await svc.provider.getChildren();
    assert.strictEqual(rows.length, 1);
    const item = svc.provider.getTreeItem(rows[0]);
    assert.strictEqual(
      String(item.label),
      `Adobe IMS refused the Server-to-Server credential for ${adobe.host}; its secret may have been rotated. Click to sign in again.`,
    );
    assert.deepStrictEqual(item.command?.arguments, [adobe.host]);
    sim.clearLog();
    await vscode.commands.executeCommand('workfront.refresh');
    await svc.provider.getChildren();
    assert.deepStrictEqual(
      sim.log.filter((e) => e.path === '/ims/token/v3'),
      [],
      'the refused credential is not tried again',
    );
  });
});
