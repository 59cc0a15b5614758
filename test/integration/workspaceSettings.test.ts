// A workspace cannot send the key elsewhere: the open folder's .vscode/settings.json names another
// instance (and another API version), VS Code reads it, and yet the sign-in does not offer it, the key
// goes only to the instance it was verified with, and the other instance never receives a request.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Services } from '../../src/commands/services';
import { readSettings } from '../../src/util/settings';
import type { Simulator } from '../simulator/types';
import { Prompts, eventually, hostOf, services, signIn, signOutAll, simulator, userRow } from './helpers';

describe('A workspace cannot redirect the key (real editor, workspace settings)', function () {
  this.timeout(60_000);
  let svc: Services;
  let real: Simulator;
  let elsewhere: Simulator;
  let settingsFile: string;
  let previous: string | undefined;

  before(async () => {
    svc = await services();
    real = await simulator({ users: 20, seed: 81 });
    elsewhere = await simulator({ users: 5, seed: 82 });
    await signOutAll(svc);
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace, 'a folder is open');
    settingsFile = path.join(workspace, '.vscode', 'settings.json');
    previous = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    // maxConcurrentRequests may be set per workspace: it shows when VS Code has read the file.
    fs.writeFileSync(
      settingsFile,
      JSON.stringify(
        {
          'workfront.instance': elsewhere.url,
          'workfront.apiVersion': '16.0',
          'workfront.maxConcurrentRequests': 3,
          // Where a Server-to-Server secret and an Adobe-hosted instance's requests would go.
          'workfront.imsEndpoint': elsewhere.url,
          'workfront.localApiAddresses': { 'acme.my.workfront.adobe.com': elsewhere.url },
          'workfront.experienceAddress': 'https://experience.adobe.com/#/@evil/so:acme-Production/workfront',
        },
        null,
        2,
      ),
    );
    await eventually(
      () => vscode.workspace.getConfiguration('workfront').inspect('maxConcurrentRequests')?.workspaceValue === 3,
      'VS Code read the workspace settings',
    );
  });
  after(async () => {
    if (previous === undefined) fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
    else fs.writeFileSync(settingsFile, previous);
    if (svc) await signOutAll(svc);
    await Promise.all([real, elsewhere].map((s) => s?.close()));
  });

  it('the workspace’s address and API version are not used, not even offered at sign-in', async () => {
    const config = vscode.workspace.getConfiguration('workfront');
    assert.notStrictEqual(
      config.get('instance'),
      elsewhere.url,
      'VS Code does not apply an application setting from a workspace',
    );
    assert.notStrictEqual(readSettings().defaultInstance, elsewhere.url);
    assert.notStrictEqual(readSettings().apiVersion, '16.0');
    const prompts = new Prompts().inputs(undefined).messages();
    try {
      assert.strictEqual(await vscode.commands.executeCommand('workfront.signIn'), false);
    } finally {
      prompts.restore();
    }
    const offered = prompts.shown.find((m) => m.fn === 'showInputBox')?.value;
    assert.notStrictEqual(offered, undefined, 'the address box was shown');
    assert.ok(
      !(offered ?? '').includes(hostOf(elsewhere)),
      `the sign-in box offers ${offered}, not the workspace's instance`,
    );
  });

  it('the workspace cannot name the IMS that gets the client secret, a local API address, or the link organisation', () => {
    assert.notStrictEqual(vscode.workspace.getConfiguration('workfront').get('imsEndpoint'), elsewhere.url);
    const s = readSettings();
    assert.notStrictEqual(s.imsEndpoint, new URL(elsewhere.url).origin);
    assert.notStrictEqual(s.localApiAddresses.get('acme.my.workfront.adobe.com'), new URL(elsewhere.url).origin);
    assert.notStrictEqual(s.experience?.company, 'evil');
  });

  it('signed in to the real instance, everything goes there with the user-level API version; the workspace’s instance gets nothing', async () => {
    assert.ok(await signIn(real));
    const target = real.store.all().find((u) => u.isActive && u.ID !== real.admin.ID)!;
    const row = (await userRow(svc, 'active', target.ID))!;
    const prompts = new Prompts().messages('Deactivate');
    try {
      await vscode.commands.executeCommand('workfront.deactivateUser', row, [row]);
      await vscode.commands.executeCommand('workfront.refresh');
      await userRow(svc, 'inactive', target.ID);
    } finally {
      prompts.restore();
    }
    assert.strictEqual(real.store.get(target.ID)?.isActive, false);
    assert.ok(
      real.log.length > 3 && real.log.every((r) => r.path.startsWith('/attask/api/v21.0/')),
      'the user-level (default) API version, not 16.0',
    );
    assert.ok(real.log.every((r) => r.headers.apikey === real.apiKey));
    assert.deepStrictEqual(elsewhere.log, [], 'the workspace’s instance received nothing');
  });

  it('signing in to the workspace’s instance asks for its own key: the stored key is not sent there', async () => {
    const prompts = new Prompts().inputs(elsewhere.url, undefined).picks('API key').messages();
    try {
      assert.strictEqual(
        await vscode.commands.executeCommand('workfront.signIn'),
        false,
        'cancelled at the key prompt',
      );
    } finally {
      prompts.restore();
    }
    assert.strictEqual(
      prompts.shown.filter((m) => m.fn === 'showInputBox').length,
      2,
      'asked for the address, then for a key',
    );
    assert.deepStrictEqual(elsewhere.log, [], 'nothing sent to it, least of all the stored key');
    assert.strictEqual(await svc.keys.getKey(hostOf(elsewhere)), undefined);
    assert.strictEqual(svc.model.get(hostOf(elsewhere)), undefined);
  });
});
