// Server-to-Server sign-in against the simulator's Adobe-hosted mode over real HTTP: the token from the
// local IMS, the headers Workfront expects, renewal before expiry and after a refusal (once for all
// requests in flight), a revoked credential, and the secret kept out of URLs and errors.
import * as assert from 'assert';
import { obtainApiKey, WorkfrontClient } from '../../src/workfront/client';
import { ImsAuth, parseImsEndpoint, type ServerToServerCredential } from '../../src/workfront/ims';
import { ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD, NOT_AVAILABLE_ON_ADOBE } from '../simulator';
import {
  assertNoSecret,
  bulkDeactivateThroughExpiry,
  expectWfError,
  FAST,
  startHarness,
  type Harness,
} from './helpers/harness';

describe('Server-to-Server credential (Adobe IMS) against the Adobe-hosted simulator', function () {
  this.timeout(20_000);
  let h: Harness;
  const clients: WorkfrontClient[] = [];

  beforeEach(async () => {
    h = await startHarness({ adobeHosted: true, users: 80 });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await h.close();
  });

  function credential(): ServerToServerCredential {
    const c = h.sim.ims!.credential;
    return { clientId: c.clientId, clientSecret: h.sim.ims!.clientSecret, orgId: c.orgId, scopes: c.scopes };
  }
  function s2sClient(now?: () => number, cred = credential()): { client: WorkfrontClient; auth: ImsAuth } {
    const auth = new ImsAuth(cred, { endpoint: h.sim.url, timeoutMs: 2_000, now });
    const client = new WorkfrontClient(h.instance, auth, { ...FAST, concurrency: 4 });
    clients.push(client);
    return { client, auth };
  }

  it('gets one token for concurrent requests and sends it as a bearer with the org header', async () => {
    const { client, auth } = s2sClient();
    const mark = h.sim.log.length;
    const [me, count] = await Promise.all([client.whoAmI(), client.countUsers({ isActive: true })]);
    assert.strictEqual(me.username, ADMIN_USERNAME);
    assert.strictEqual(count, h.sim.store.count(true));
    assert.strictEqual(auth.tokensFetched, 1);
    const log = h.sim.log.slice(mark);
    const tokenCalls = log.filter((e) => e.path === '/ims/token/v3');
    assert.strictEqual(tokenCalls.length, 1);
    assert.match(tokenCalls[0].body, /grant_type=client_credentials/);
    const api = log.filter((e) => e.path.startsWith('/attask/'));
    assert.strictEqual(api.length, 2);
    for (const e of api) {
      assert.match(e.headers.authorization, /^Bearer eyJ/);
      assert.strictEqual(e.headers['x-gw-ims-org-id'], h.sim.ims!.credential.orgId);
      assert.strictEqual(e.headers.apikey, undefined);
    }
    // The secret goes only in the token request's body: never a URL, never an API request.
    const secret = h.sim.ims!.clientSecret;
    for (const e of log) {
      assert.ok(!e.path.includes(secret) && !JSON.stringify(e.query).includes(secret));
      if (e.path !== '/ims/token/v3')
        assert.ok(!e.body.includes(secret) && !JSON.stringify(e.headers).includes(secret));
    }
  });

  it('renews the token shortly before it expires, while the old one still works', async () => {
    let clock = Date.now();
    const { client, auth } = s2sClient(() => clock);
    await client.whoAmI();
    clock += 86_399_000 - 4 * 60_000; // within the 5-minute margin before expiry
    await client.whoAmI();
    assert.strictEqual(auth.tokensFetched, 2);
    assert.strictEqual(h.sim.ims!.issued, 2);
    clock += 60_000; // a fresh token is reused
    await client.whoAmI();
    assert.strictEqual(auth.tokensFetched, 2);
  });

  it('renews once after tokens expire mid-way through a bulk deactivation: no user lost, none updated twice', async () => {
    const { client, auth } = s2sClient();
    await client.whoAmI();
    const log = await bulkDeactivateThroughExpiry(h, client, () => h.sim.ims!.expireTokens());
    // All the requests refused at once waited for the same renewal.
    assert.strictEqual(auth.tokensFetched, 2);
    assert.strictEqual(log.filter((e) => e.path === '/ims/token/v3').length, 1);
  });

  it('fails as a rejected credential, without the secret, once the secret is revoked', async () => {
    const { client } = s2sClient();
    await client.whoAmI();
    const secret = h.sim.ims!.clientSecret;
    h.sim.ims!.revokeCredential();
    const err = await expectWfError(client.whoAmI(), 'auth');
    assert.match(err.message, /refused the Server-to-Server credential \(invalid_client\)/);
    assertNoSecret(err, [secret]);
  });

  it('is refused without the org header, and a bearer token alone is not enough', async () => {
    const { auth } = s2sClient();
    const signed = await auth.sign();
    const res = await fetch(`${h.instance.apiBase}/user?id=$$USER`, {
      headers: { authorization: signed.headers.authorization },
    });
    assert.strictEqual(res.status, 401);
    const ok = await fetch(`${h.instance.apiBase}/user?id=$$USER`, { headers: { ...signed.headers } });
    assert.strictEqual(ok.status, 200);
  });

  it("refuses username and password on an Adobe-hosted organisation, in Workfront's words", async () => {
    const err = await expectWfError(
      obtainApiKey(h.instance, ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD, FAST),
      'validation',
    );
    assert.ok(err.message.includes(NOT_AVAILABLE_ON_ADOBE), err.message);
  });

  it('still accepts an API key pasted from Setup', async () => {
    const client = new WorkfrontClient(h.instance, h.sim.apiKey, FAST);
    clients.push(client);
    assert.strictEqual((await client.whoAmI()).username, ADMIN_USERNAME);
  });
});

describe('parseImsEndpoint', () => {
  it("accepts Adobe's IMS hosts and loopback", () => {
    assert.strictEqual(parseImsEndpoint('https://ims-na1.adobelogin.com'), 'https://ims-na1.adobelogin.com');
    assert.strictEqual(parseImsEndpoint('https://ims-na1-stg1.adobelogin.com/'), 'https://ims-na1-stg1.adobelogin.com');
    assert.strictEqual(parseImsEndpoint('http://127.0.0.1:4000'), 'http://127.0.0.1:4000');
  });
  for (const hostile of [
    'http://ims-na1.adobelogin.com',
    'https://ims-na1.adobelogin.com.example.net',
    'https://adobelogin.com.evil',
    'https://evil.com/ims-na1.adobelogin.com',
    'https://user:pw@ims-na1.adobelogin.com',
    'https://ims-na1.adobelogin.com/ims/token/v3',
    'https://ims-na1.adobelogin.com:8443',
    'http://10.0.0.1',
    'not a url',
  ]) {
    it(`refuses ${hostile}`, () => assert.strictEqual(parseImsEndpoint(hostile), undefined));
  }
});
