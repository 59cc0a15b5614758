// Sign-in in the browser with a Workfront OAuth2 application (PKCE) in a real VS Code, against the
// simulator's authorize page and token endpoint over real HTTP. The browser is played by this file: it
// loads the authorize page VS Code asked to open, submits its Approve form, and hands the redirect to the
// extension's URI handler as VS Code does (the real browser round trip is the UI test's, test/ui/oauth).
// Covered: the sign-in, renewal before expiry and once after a 401 during a bulk deactivation, a revoked
// grant becoming a sign-in row, and callbacks refused (wrong state, wrong verifier, a replayed code, no
// code, a second or a late one). The tokens' whereabouts are checked by the run's secret scan.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { decodeCredential } from '../../src/auth/credential';
import type { Services } from '../../src/commands/services';
import { pkcePair } from '../../src/workfront/oauth';
import { approveInBrowser } from '../simulator/oauthBrowser';
import type { Simulator } from '../simulator/types';
import {
  bulkDeactivateWhileTokensExpire,
  EXTENSION_ID,
  eventually,
  Prompts,
  services,
  signOutAll,
  simulator,
  userRows,
} from './helpers';

const TOKEN_PATH = '/integrations/oauth2/api/v1/token';

describe('Sign in with Workfront in the browser (OAuth2 with PKCE)', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let svc: Services;
  let prompts: Prompts | undefined;
  let originalOpen: Services['browser']['openBrowser'];
  /** Every authorize page VS Code asked the browser to open. */
  const opened: URL[] = [];

  before(async () => {
    sim = await simulator({ users: 80, seed: 13 });
    svc = await services();
    originalOpen = svc.browser.openBrowser;
  });
  after(async () => {
    svc.browser.openBrowser = originalOpen;
    await signOutAll(svc);
    await sim.close();
  });
  afterEach(() => {
    prompts?.restore();
    prompts = undefined;
  });

  const approve = approveInBrowser;

  /** The redirect as VS Code hands it to the extension (code-server's callback page keeps code and state). */
  function callback(query: Record<string, string>): void {
    svc.browser.handleUri(
      vscode.Uri.from({
        scheme: vscode.env.uriScheme,
        authority: EXTENSION_ID,
        path: '/oauth',
        query: new URLSearchParams(query).toString(),
      }),
    );
  }

  /** The browser: `act` gets each authorize page VS Code opens (after the page was opened, as a browser does). */
  function browser(act: (page: URL) => Promise<void>): void {
    svc.browser.openBrowser = async (url) => {
      const page = new URL(url);
      opened.push(page);
      setTimeout(() => void act(page).catch((err: unknown) => console.error('browser stand-in failed', err)), 10);
      return true;
    };
  }
  const approveAndReturn = async (page: URL) => {
    const q = await approve(page);
    callback({ code: q.get('code') ?? '', state: q.get('state') ?? '' });
  };

  async function signIn(...inputs: Array<string | undefined>): Promise<boolean> {
    prompts = new Prompts()
      .inputs(sim.url, ...inputs)
      .picks('in the browser')
      .messages();
    return (await vscode.commands.executeCommand<boolean>('workfront.signIn')) === true;
  }

  async function stored() {
    const credential = decodeCredential(await svc.keys.getKey(new URL(sim.url).host));
    assert.strictEqual(credential?.kind, 'oauth');
    return credential;
  }

  it('opens the authorize page with a state and an S256 challenge, exchanges the code with the verifier, and loads the tree with sessionID', async () => {
    await signOutAll(svc);
    sim.clearLog();
    browser(approveAndReturn);
    assert.ok(await signIn(sim.oauth.clientId));
    const page = opened.at(-1)!;
    assert.strictEqual(page.searchParams.get('client_id'), sim.oauth.clientId);
    assert.strictEqual(page.searchParams.get('code_challenge_method'), 'S256');
    assert.ok((page.searchParams.get('state') ?? '').length >= 32);
    assert.ok(!page.searchParams.has('code_verifier'), 'the verifier stays in VS Code');
    const exchange = sim.log.find((e) => e.path === TOKEN_PATH);
    assert.match(exchange?.body ?? '', /grant_type=authorization_code/);
    assert.match(exchange?.body ?? '', /code_verifier=/);
    const credential = await stored();
    assert.strictEqual(svc.keys.clientId(new URL(sim.url).host), sim.oauth.clientId);
    const rows = await userRows(svc, 'active');
    assert.ok(rows.length > 10);
    const api = sim.log.filter((e) => e.path.startsWith('/attask/'));
    assert.ok(api.length >= 2);
    for (const e of api) assert.ok(e.headers.sessionid && !e.headers.apikey, `${e.path} signed with sessionID`);
    assert.strictEqual(api.at(-1)?.headers.sessionid, credential?.kind === 'oauth' ? credential.accessToken : '');
    assert.deepStrictEqual(prompts!.messagesOf('showInformationMessage'), [
      `Signed in to ${new URL(sim.url).host} as ${sim.admin.name}.`,
    ]);
  });

  it('a bulk deactivation while the tokens expire: one refresh for all refused requests, no user lost, none updated twice', async () => {
    await signOutAll(svc);
    browser(approveAndReturn);
    assert.ok(await signIn(sim.oauth.clientId));
    const rows = (await userRows(svc, 'active')).filter((r) => r.userId !== sim.admin.ID).slice(0, 24);
    prompts = new Prompts().messages('Deactivate');
    const updates = await bulkDeactivateWhileTokensExpire(sim, rows, {
      latencyMs: 150,
      expire: () => sim.oauth.expireTokens(),
    });
    const refreshes = sim.log.filter((e) => e.path === TOKEN_PATH);
    assert.strictEqual(refreshes.length, 1, 'one refresh for every request that met the expired token');
    assert.match(refreshes[0].body, /grant_type=refresh_token/);
    // The renewed tokens are kept (the refresh token changed), and the tree was not reloaded by it.
    const credential = await stored();
    assert.strictEqual(credential?.kind === 'oauth' && credential.accessToken, updates.at(-1)?.headers.sessionid);
    assert.ok(
      prompts.messagesOf('showInformationMessage').some((m) => m.startsWith(`Deactivated ${rows.length} users.`)),
    );
  });

  it('renews shortly before the access token expires, with no request refused', async () => {
    await signOutAll(svc);
    sim.oauth.setTokenLifetime(2); // renewed from 1.5 s on (a quarter of a short life before expiry)
    try {
      browser(approveAndReturn);
      assert.ok(await signIn(sim.oauth.clientId));
      await userRows(svc, 'active');
      await new Promise((r) => setTimeout(r, 1_700));
      sim.clearLog();
      await vscode.commands.executeCommand('workfront.refresh');
      await userRows(svc, 'active');
      assert.strictEqual(sim.log.filter((e) => e.path === TOKEN_PATH).length, 1, 'renewed once');
      assert.deepStrictEqual(
        sim.log.filter((e) => e.status === 401).map((e) => e.path),
        [],
      );
    } finally {
      sim.oauth.setTokenLifetime(3600);
    }
  });

  it('a revoked grant becomes one sign-in row, and the refresh token is not sent again', async () => {
    await signOutAll(svc);
    browser(approveAndReturn);
    assert.ok(await signIn(sim.oauth.clientId));
    await userRows(svc, 'active');
    sim.oauth.revokeAll();
    await vscode.commands.executeCommand('workfront.refresh');
    const rows = await svc.provider.getChildren();
    assert.strictEqual(rows.length, 1);
    const item = svc.provider.getTreeItem(rows[0]);
    const host = new URL(sim.url).host;
    assert.strictEqual(
      String(item.label),
      `Workfront ended the sign-in to ${host}: it was revoked, or has expired. Click to sign in again.`,
    );
    assert.deepStrictEqual(item.command?.arguments, [host]);
    sim.clearLog();
    await vscode.commands.executeCommand('workfront.refresh');
    await svc.provider.getChildren();
    assert.deepStrictEqual(
      sim.log.filter((e) => e.path === TOKEN_PATH),
      [],
    );
  });

  it('refuses a callback with a foreign state and one without a code, and keeps waiting for the real one', async () => {
    await signOutAll(svc);
    let calls = 0;
    browser(async (page) => {
      if (calls++ > 0) return approveAndReturn(page);
      const q = await approve(page);
      callback({ code: q.get('code') ?? '', state: 'not-a-state-of-this-window' });
      callback({ error: 'access_denied', state: q.get('state') ?? '' });
    });
    // The no-code callback ends that attempt (shown in the box); Enter opens the browser again.
    assert.ok(await signIn(sim.oauth.clientId, sim.oauth.clientId));
    assert.strictEqual(calls, 2);
    assert.ok(
      prompts!
        .messagesOf('showErrorMessage')
        .includes(
          'A Workfront sign-in link was refused: it does not belong to a sign-in started in this window. Nothing was changed; to sign in, use Sign In here.',
        ),
      JSON.stringify(prompts!.shown),
    );
    assert.ok(
      prompts!
        .inputProblems()
        .includes(
          'Workfront sent no authorization code (access_denied): the sign-in was not approved. Press Enter to open the browser again.',
        ),
      JSON.stringify(prompts!.inputProblems()),
    );
    await stored();
  });

  it('refuses a code issued for another challenge (wrong verifier) and a replayed code; nothing is stored', async () => {
    await signOutAll(svc);
    let used = '';
    browser(async (page) => {
      const q = await approve(page);
      used = q.get('code') ?? '';
      callback({ code: used, state: q.get('state') ?? '' });
    });
    assert.ok(await signIn(sim.oauth.clientId));
    await signOutAll(svc);
    // An attacker's code: approved for a challenge of their own, delivered with this sign-in's state.
    browser(async (page) => {
      const forged = new URL(page);
      forged.searchParams.set('code_challenge', pkcePair().challenge);
      const q = await approve(forged);
      callback({ code: q.get('code') ?? '', state: page.searchParams.get('state') ?? '' });
    });
    assert.strictEqual(await signIn(sim.oauth.clientId), false);
    const refusal =
      'Workfront refused the authorization code (invalid_grant): it was already used, has expired, or was not issued for this sign-in. Nothing was stored. Press Enter to open the browser again.';
    assert.deepStrictEqual(prompts!.inputProblems(), [refusal]);
    assert.deepStrictEqual(svc.keys.instances(), []);
    // The code of the first sign-in, replayed with a new state.
    browser(async (page) => callback({ code: used, state: page.searchParams.get('state') ?? '' }));
    assert.strictEqual(await signIn(sim.oauth.clientId), false);
    assert.deepStrictEqual(prompts!.inputProblems(), [refusal]);
    assert.deepStrictEqual(svc.keys.instances(), []);
  });

  it('refuses a second callback of a finished sign-in, and a late one after Escape; nothing changes', async () => {
    await signOutAll(svc);
    let last: Record<string, string> = {};
    browser(async (page) => {
      const q = await approve(page);
      last = { code: q.get('code') ?? '', state: q.get('state') ?? '' };
      callback(last);
    });
    assert.ok(await signIn(sim.oauth.clientId));
    const before = await svc.keys.getKey(new URL(sim.url).host);
    prompts!.restore();
    prompts = new Prompts().messages();
    callback(last);
    const stale =
      'A Workfront sign-in link was refused: its sign-in already finished or was cancelled, so it cannot be used again. Nothing was changed.';
    assert.deepStrictEqual(prompts.messagesOf('showErrorMessage'), [stale]);
    assert.strictEqual(await svc.keys.getKey(new URL(sim.url).host), before);
    // Escape while the browser is open: the approval that arrives later is refused, nothing is stored.
    await signOutAll(svc);
    let page: URL | undefined;
    svc.browser.openBrowser = async (url) => {
      page = new URL(url);
      return true;
    };
    prompts.restore();
    prompts = new Prompts().inputs(sim.url, sim.oauth.clientId).picks('in the browser').messages();
    // The boxes the sign-in shows, to press Escape on the one waiting for the browser.
    const win = vscode.window as unknown as { createInputBox: () => vscode.InputBox };
    const make = win.createInputBox;
    const boxes: vscode.InputBox[] = [];
    win.createInputBox = () => {
      const box = make();
      boxes.push(box);
      return box;
    };
    const cancelled = vscode.commands.executeCommand<boolean>('workfront.signIn');
    await eventually(() => page !== undefined, 'the browser was opened');
    assert.ok(boxes.at(-1)?.busy, 'the box waits for the browser');
    boxes.at(-1)?.hide();
    assert.strictEqual(await cancelled, false);
    const q = await approve(page!);
    callback({ code: q.get('code') ?? '', state: q.get('state') ?? '' });
    assert.deepStrictEqual(prompts.messagesOf('showErrorMessage'), [stale]);
    assert.deepStrictEqual(svc.keys.instances(), []);
    assert.deepStrictEqual(
      sim.log.filter((e) => e.path === TOKEN_PATH && e.body.includes(q.get('code') ?? '-')),
      [],
      'the late code was not exchanged',
    );
  });
});

describe('The Accounts menu (a Workfront AuthenticationProvider)', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let svc: Services;
  let prompts: Prompts | undefined;
  let originalOpen: Services['browser']['openBrowser'];

  before(async () => {
    sim = await simulator({ users: 20, seed: 17 });
    svc = await services();
    originalOpen = svc.browser.openBrowser;
  });
  after(async () => {
    svc.browser.openBrowser = originalOpen;
    prompts?.restore();
    await signOutAll(svc);
    await sim.close();
  });

  async function browserSignIn(): Promise<void> {
    svc.browser.openBrowser = async (url) => {
      setTimeout(async () => {
        const q = await approveInBrowser(new URL(url));
        const query = new URLSearchParams({ code: q.get('code') ?? '', state: q.get('state') ?? '' }).toString();
        svc.browser.handleUri(
          vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: EXTENSION_ID, path: '/oauth', query }),
        );
      }, 10);
      return true;
    };
    prompts = new Prompts().inputs(sim.url, sim.oauth.clientId).picks('in the browser').messages();
    try {
      assert.ok(await vscode.commands.executeCommand<boolean>('workfront.signIn'));
    } finally {
      prompts.restore();
    }
  }

  /**
   * The account the Accounts menu lists, as the provider gives it to VS Code (an extension's own silent
   * getSession needs the user's consent per account; the menu itself is the UI test's, test/ui/oauth).
   */
  const session = async () => (await svc.accounts!.getSessions(undefined, {}))[0];

  it('lists a browser sign-in as an account named after the user, with the token the requests use', async () => {
    await signOutAll(svc);
    assert.strictEqual(await session(), undefined);
    const added: string[] = [];
    const listener = svc.accounts!.onDidChangeSessions((e) => added.push(...e.added!.map((a) => a.id)));
    const host = new URL(sim.url).host;
    try {
      await browserSignIn();
      await eventually(() => added.includes(host), 'VS Code was told of the new account');
    } finally {
      listener.dispose();
    }
    const s = (await session())!;
    assert.strictEqual(s.account.label, `${sim.admin.name} (${host})`);
    const stored = decodeCredential(await svc.keys.getKey(host));
    assert.strictEqual(s.accessToken, stored?.kind === 'oauth' ? stored.accessToken : undefined);
  });

  it('does not list an API-key sign-in', async () => {
    await signOutAll(svc);
    prompts = new Prompts().inputs(sim.url, sim.apiKey).picks('API key').messages();
    try {
      assert.ok(await vscode.commands.executeCommand<boolean>('workfront.signIn'));
    } finally {
      prompts.restore();
    }
    assert.strictEqual(await session(), undefined);
  });

  it('a sign-out anywhere (the command, or the secret deleted by another window) removes the account', async () => {
    await signOutAll(svc);
    await browserSignIn();
    await eventually(async () => (await session()) !== undefined, 'the account is listed');
    // What the provider tells VS Code (the Accounts menu follows it: test/ui/oauth).
    const removed: string[] = [];
    const listener = svc.accounts!.onDidChangeSessions((e) => removed.push(...e.removed!.map((r) => r.id)));
    try {
      await signOutAll(svc);
      await eventually(async () => (await session()) === undefined && removed.length === 1, 'the account is gone');
      // Another window signs out: this one hears it through SecretStorage's change event.
      await browserSignIn();
      await eventually(async () => (await session()) !== undefined, 'the account is listed again');
      const secrets = (svc.keys as unknown as { secrets: vscode.SecretStorage }).secrets;
      await secrets.delete(`workfront.apiKey/${new URL(sim.url).host}`);
      await eventually(async () => (await session()) === undefined, 'the account left with the secret');
      await eventually(() => removed.length === 2, 'its removal was announced');
      assert.deepStrictEqual(removed, [new URL(sim.url).host, new URL(sim.url).host]);
    } finally {
      listener.dispose();
    }
  });
});
