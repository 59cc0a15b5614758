// OAuth sign-in (Workfront OAuth2 single-page application, PKCE) against the simulator over real HTTP:
// the authorize page and its Approve form, the code exchanged with the verifier, the `sessionID` header,
// renewal before expiry and after a refusal (once for all requests in flight, tokens kept), another
// window's renewal adopted, and the refusals: wrong verifier, replayed code, expired code, revoked grant.
import * as assert from 'assert';
import { WorkfrontClient } from '../../src/workfront/client';
import {
  authorizeUrl,
  exchangeCode,
  newState,
  OAuthAuth,
  OAUTH_RENEW_OPERATION,
  pkcePair,
  type OAuthCredential,
  type OAuthTokens,
} from '../../src/workfront/oauth';
import { ADMIN_USERNAME } from '../simulator';
import { approveInBrowser } from '../simulator/oauthBrowser';
import {
  assertNoSecret,
  bulkDeactivateThroughExpiry,
  expectWfError,
  FAST,
  startHarness,
  type Harness,
} from './helpers/harness';

const REDIRECT = 'vscode://workfront-tools.workfront-users/oauth';

describe('OAuth sign-in (PKCE) against the simulator', function () {
  this.timeout(20_000);
  let h: Harness;
  const clients: WorkfrontClient[] = [];

  beforeEach(async () => {
    h = await startHarness({ users: 80, oauth: { tokenLifetimeSeconds: 3600 } });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await h.close();
  });

  /** The browser: Approve on the authorize page; the redirect's query (code and state). */
  function approve(challenge: string, state: string): Promise<URLSearchParams> {
    const clientId = h.sim.oauth.clientId;
    return approveInBrowser(new URL(authorizeUrl(h.sim.url, { clientId, redirectUri: REDIRECT, challenge, state })));
  }

  async function signIn(): Promise<OAuthCredential> {
    const { verifier, challenge } = pkcePair();
    const state = newState();
    const back = await approve(challenge, state);
    assert.strictEqual(back.get('state'), state);
    const code = back.get('code') ?? '';
    return exchangeCode(h.sim.url, { clientId: h.sim.oauth.clientId, code, verifier, redirectUri: REDIRECT }, FAST);
  }

  function oauthClient(
    credential: OAuthCredential,
    extra: { now?: () => number; saved?: OAuthTokens[]; stored?: () => OAuthTokens | undefined } = {},
  ) {
    const auth = new OAuthAuth(credential, h.sim.url, {
      timeoutMs: 2_000,
      now: extra.now,
      saveTokens: async (t) => void extra.saved?.push(t),
      loadTokens: async () => extra.stored?.(),
    });
    const client = new WorkfrontClient(h.instance, auth, { ...FAST, concurrency: 4 });
    clients.push(client);
    return { client, auth };
  }

  it('approves in the browser, exchanges the code with the verifier, and sends the token as sessionID', async () => {
    const credential = await signIn();
    const { client } = oauthClient(credential);
    const mark = h.sim.log.length;
    assert.strictEqual((await client.whoAmI()).username, ADMIN_USERNAME);
    const [api] = h.sim.log.slice(mark);
    assert.strictEqual(api.headers.sessionid, credential.accessToken);
    assert.strictEqual(api.headers.apikey, undefined);
    assert.ok(
      !api.path.includes(credential.accessToken) && !JSON.stringify(api.query).includes(credential.accessToken),
    );
    const token = h.sim.log.find((e) => e.path === '/integrations/oauth2/api/v1/token');
    assert.match(token?.body ?? '', /grant_type=authorization_code/);
    assert.match(token?.body ?? '', /code_verifier=/);
    assert.deepStrictEqual(token?.query, {}, 'nothing in the token request URL');
  });

  it('refuses a wrong verifier, a replayed code and an expired code, without quoting them', async () => {
    const { challenge } = pkcePair();
    const wrong = pkcePair().verifier;
    const back = await approve(challenge, newState());
    const code = back.get('code') ?? '';
    const ask = (c: string, verifier: string) =>
      exchangeCode(h.sim.url, { clientId: h.sim.oauth.clientId, code: c, verifier, redirectUri: REDIRECT }, FAST);
    const err = await expectWfError(ask(code, wrong), 'auth');
    assert.match(err.message, /refused the authorization code \(invalid_grant\)/);
    assertNoSecret(err, [code, wrong]);
    // A code is used up by any attempt: even the right verifier cannot use it again.
    const pair = pkcePair();
    const second = await approve(pair.challenge, newState());
    const secondCode = second.get('code') ?? '';
    await ask(secondCode, pair.verifier);
    await expectWfError(ask(secondCode, pair.verifier), 'auth');
    await h.close();
    h = await startHarness({ users: 20, oauth: { codeLifetimeSeconds: 0 } });
    const third = pkcePair();
    const late = await approve(third.challenge, newState());
    await expectWfError(ask(late.get('code') ?? '', third.verifier), 'auth');
  });

  it('renews shortly before expiry and keeps the new tokens (the refresh token changes)', async () => {
    let clock = Date.now();
    const saved: OAuthTokens[] = [];
    const credential = await signIn();
    const { client, auth } = oauthClient(credential, { now: () => clock, saved });
    await client.whoAmI();
    assert.strictEqual(auth.renewals, 0);
    clock += 3_600_000 - 4 * 60_000; // within the 5-minute margin
    await client.whoAmI();
    assert.strictEqual(auth.renewals, 1);
    assert.strictEqual(saved.length, 1);
    assert.notStrictEqual(saved[0].refreshToken, credential.refreshToken);
    assert.strictEqual(h.sim.log.at(-1)?.headers.sessionid, saved[0].accessToken);
  });

  it('renews once after tokens expire mid-way through a bulk deactivation: no user lost, none updated twice', async () => {
    const { client, auth } = oauthClient(await signIn());
    const log = await bulkDeactivateThroughExpiry(h, client, () => h.sim.oauth.expireTokens());
    assert.strictEqual(auth.renewals, 1);
    assert.strictEqual(log.filter((e) => e.path === '/integrations/oauth2/api/v1/token').length, 1);
  });

  it('takes the tokens another window renewed when its own refresh token was used up', async () => {
    const credential = await signIn();
    const other = oauthClient(credential);
    const mine = oauthClient(credential, { stored: () => other.auth.current() });
    h.sim.oauth.expireTokens();
    await other.client.whoAmI(); // the other window renews first: the shared refresh token is used up
    assert.strictEqual(other.auth.renewals, 1);
    assert.strictEqual((await mine.client.whoAmI()).username, ADMIN_USERNAME);
    assert.strictEqual(h.sim.oauth.refreshes, 1, 'the stored, still fresh tokens were taken, not renewed again');
  });

  it('fails as an ended sign-in, without any token, once the grant is revoked', async () => {
    const credential = await signIn();
    const { client } = oauthClient(credential);
    await client.whoAmI();
    h.sim.oauth.revokeAll();
    const err = await expectWfError(client.whoAmI(), 'auth');
    assert.strictEqual(err.operation, OAUTH_RENEW_OPERATION);
    assert.match(err.message, /refused the refresh token \(invalid_grant\)/);
    assertNoSecret(err, [credential.accessToken, credential.refreshToken]);
  });
});
