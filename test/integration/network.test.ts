// The network as VS Code sees it, in the real editor, against real servers on 127.0.0.1: a proxy that
// inspects TLS with a private CA that only the OS trust store has (works with http.systemCertificates,
// fails clearly without), a proxy that asks for Basic credentials (http.proxyAuthorization, or user:pass
// in http.proxy; none: "asked for credentials", naming the proxy). Requests go through the extension's
// own client factory, with VS Code's settings as the user sets them. The CA leaves the OS store after.
// And the OS's proxy auto-config file (Linux's auto_proxy, set in this extension host's environment),
// served on 127.0.0.1: the proxy it names for Workfront carries the requests, DIRECT for others; a
// broken one fails with a message naming it.
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import { parseInstance, type WorkfrontError } from '../../src/workfront';
import {
  inspectingProxy,
  makeTestCa,
  osStoreHas,
  trustInOs,
  type InspectingProxy,
  type TestCa,
} from './corporateNetwork';
import { services, simulator } from './helpers';
import type { Simulator } from '../simulator/types';

/** Workfront's address as the admin types it; only the proxy knows where it is (the simulator). */
const HOST = 'acme.my.workfront.com';
const BASIC = { user: 'corp-user', password: 'Pr0xy-pa55-for-tests' };

/** The text as a regular expression that matches it literally. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Sets VS Code's own `http.*` settings for one test; the returned function puts the old ones back. */
async function httpSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('http');
  const old = Object.fromEntries(Object.keys(values).map((k) => [k, config.inspect(k)?.globalValue]));
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    const now = vscode.workspace.getConfiguration('http');
    for (const [key, value] of Object.entries(old)) await now.update(key, value, vscode.ConfigurationTarget.Global);
  };
}

describe('network: a company proxy that inspects TLS, with its CA in the OS trust store', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let ca: TestCa;
  let untrust: (() => void) | undefined;
  let open: InspectingProxy;
  let basic: InspectingProxy;
  let restore: (() => Promise<void>) | undefined;

  before(async () => {
    sim = await simulator({ users: 5, seed: 81 });
    ca = makeTestCa();
    untrust = trustInOs(ca.caCert);
    assert.ok(osStoreHas(ca.caCert), 'the test CA is in the OS trust store');
    const leaf = ca.leaf(HOST);
    const upstreamPort = Number(new URL(sim.url).port);
    open = await inspectingProxy({ leaf, upstreamPort });
    basic = await inspectingProxy({ leaf, upstreamPort, basic: BASIC });
  });

  afterEach(async () => {
    await restore?.();
    restore = undefined;
  });

  after(async () => {
    await open?.close();
    await basic?.close();
    untrust?.();
    ca?.remove();
    // The machine as it was: the CA is out of the OS store again.
    if (ca) assert.ok(!osStoreHas(ca.caCert), 'the test CA was taken out of the OS trust store');
  });

  /** Asks Workfront who is signed in, through the extension's own client factory and today's settings. */
  async function whoAmI(): Promise<string> {
    const svc = await services();
    const client = svc.clients.client(parseInstance(HOST), sim.apiKey);
    try {
      return (await client.whoAmI()).name;
    } finally {
      await client.dispose();
    }
  }

  async function failure(): Promise<WorkfrontError> {
    try {
      await whoAmI();
    } catch (err) {
      // The extension's bundle has its own copy of the class: checked by name and shape.
      assert.ok(err instanceof Error && err.name === 'WorkfrontError' && 'kind' in err, String(err));
      return err as WorkfrontError;
    }
    assert.fail('the request succeeded');
  }

  it('works through the inspecting proxy with http.systemCertificates on (VS Code’s default)', async () => {
    restore = await httpSettings({ proxy: open.url, systemCertificates: true });
    const before = open.connects.length;
    assert.strictEqual(await whoAmI(), sim.admin.name);
    assert.deepStrictEqual(open.connects.slice(before), [`${HOST}:443`], 'one tunnel, to Workfront’s address');
    assert.ok(
      sim.log.some((r) => r.headers.apikey === sim.apiKey),
      'the request reached Workfront through it',
    );
  });

  it('with http.systemCertificates off, fails clearly: the certificate of the instance, the proxy named', async () => {
    restore = await httpSettings({ proxy: open.url, systemCertificates: false });
    const err = await failure();
    assert.strictEqual(err.kind, 'network');
    assert.match(err.message, new RegExp(`the TLS certificate of ${HOST.replace(/\./g, '\\.')} could not be verified`));
    assert.match(err.message, new RegExp(`the proxy 127\\.0\\.0\\.1:${open.port} inspects TLS`));
    assert.match(err.message, /http\.systemCertificates/);
  });

  it('a proxy that asks for credentials, given none: "asked for credentials", naming the proxy, not Workfront', async () => {
    restore = await httpSettings({ proxy: basic.url, proxyAuthorization: null });
    const err = await failure();
    assert.match(err.message, new RegExp(`the proxy 127\\.0\\.0\\.1:${basic.port} asked for credentials \\(407\\)`));
    assert.ok(!err.message.includes('Workfront rejected'), err.message);
  });

  it('http.proxyAuthorization goes to the proxy (and only there); the request goes through', async () => {
    const header = `Basic ${Buffer.from(`${BASIC.user}:${BASIC.password}`).toString('base64')}`;
    restore = await httpSettings({ proxy: basic.url, proxyAuthorization: header });
    sim.clearLog();
    assert.strictEqual(await whoAmI(), sim.admin.name);
    assert.strictEqual(basic.authorizations.at(-1), header);
    const seen = JSON.stringify(sim.log.map((r) => r.headers));
    assert.ok(!seen.includes(header) && !seen.includes(BASIC.password), 'Workfront never sees the proxy’s credentials');
  });

  describe('a PAC file named by the OS (auto_proxy), with nothing in http.proxy or the environment', () => {
    let pacServer: http.Server;
    let pacBase: string;
    const pacFiles: Record<string, string> = {};
    const fetched: string[] = [];
    const savedAutoProxy = process.env.auto_proxy;

    before(async () => {
      // What a company's PAC file says: its proxy for the Workfront host, DIRECT for everything else.
      pacFiles['/corp.pac'] = `function FindProxyForURL(url, host) {
        if (dnsDomainIs(host, ".my.workfront.com")) return "PROXY 127.0.0.1:${open.port}";
        return "DIRECT";
      }`;
      pacFiles['/broken.pac'] = 'function FindProxyForURL(url, host) { return undefinedRule(host); }';
      pacServer = http.createServer((req, res) => {
        fetched.push(req.url ?? '');
        const script = pacFiles[req.url ?? ''];
        if (script === undefined) res.writeHead(404).end();
        else res.writeHead(200, { 'content-type': 'application/x-ns-proxy-autoconfig' }).end(script);
      });
      await new Promise<void>((resolve) => pacServer.listen(0, '127.0.0.1', resolve));
      pacBase = `http://127.0.0.1:${(pacServer.address() as AddressInfo).port}`;
    });

    afterEach(() => {
      if (savedAutoProxy === undefined) delete process.env.auto_proxy;
      else process.env.auto_proxy = savedAutoProxy;
    });

    after(async () => {
      await new Promise<void>((resolve) => pacServer?.close(() => resolve()));
    });

    it('the proxy the PAC file names for Workfront carries the requests; DIRECT for the others', async () => {
      restore = await httpSettings({ proxy: null, systemCertificates: true });
      process.env.auto_proxy = `${pacBase}/corp.pac`;
      const before = open.connects.length;
      sim.clearLog();
      assert.strictEqual(await whoAmI(), sim.admin.name);
      assert.strictEqual(await whoAmI(), sim.admin.name);
      assert.deepStrictEqual(
        open.connects.slice(before),
        [`${HOST}:443`, `${HOST}:443`],
        'through the PAC file’s proxy',
      );
      const throughProxy = sim.log.length;
      assert.ok(throughProxy >= 2, 'both reached Workfront through it');
      assert.deepStrictEqual(fetched, ['/corp.pac'], 'the PAC file was fetched once');
      // Another host, for which the PAC file says DIRECT: the simulator on its own address.
      const svc = await services();
      const direct = svc.clients.client(parseInstance(sim.url), sim.apiKey);
      try {
        assert.strictEqual((await direct.whoAmI()).name, sim.admin.name);
      } finally {
        await direct.dispose();
      }
      assert.strictEqual(open.connects.length, before + 2, 'the DIRECT host did not go through the proxy');
      assert.ok(sim.log.length > throughProxy, 'and reached the simulator directly');
    });

    it('a PAC file that fails: one message naming it, and nothing is sent without the proxy', async () => {
      restore = await httpSettings({ proxy: null, systemCertificates: true });
      process.env.auto_proxy = `${pacBase}/broken.pac`;
      const before = open.connects.length;
      sim.clearLog();
      const err = await failure();
      assert.strictEqual(err.kind, 'network');
      assert.match(
        err.message,
        new RegExp(
          `${escape(`the proxy auto-config (PAC) file ${pacBase}/broken.pac (from the auto_proxy environment variable) failed for ${HOST}: `)}.*undefinedRule`,
        ),
      );
      assert.match(err.message, /not sent without a proxy instead/);
      assert.strictEqual(open.connects.length, before, 'no tunnel');
      assert.strictEqual(sim.log.length, 0, 'nothing reached Workfront, directly or otherwise');
    });
  });

  it('user:password in http.proxy works too, and a refused password is never in the message', async () => {
    const url = new URL(basic.url);
    url.username = BASIC.user;
    url.password = BASIC.password;
    restore = await httpSettings({ proxy: url.href, proxyAuthorization: null });
    assert.strictEqual(await whoAmI(), sim.admin.name);
    await restore();
    url.password = 'wrong-password-123';
    restore = await httpSettings({ proxy: url.href });
    const err = await failure();
    assert.match(err.message, /asked for credentials \(407\)/);
    assert.ok(!err.message.includes('wrong-password-123'), err.message);
  });
});
