// The CAs the client trusts (src/workfront/trust.ts) and the proxy secrets it redacts, over real TLS on
// 127.0.0.1: a CA only in "the OS store" (a bundle file here) is trusted with systemCertificates and not
// without, and a change of the store is seen by the next client.
import * as assert from 'assert';
import * as fs from 'fs';
import * as https from 'https';
import type * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Agent, request } from 'undici';
import { proxySecrets } from '../../src/workfront/proxy';
import { trustedContext } from '../../src/workfront/trust';
import { makeTestCa, type TestCa } from '../integration/corporateNetwork';

describe('trust: the OS store with http.systemCertificates, over real TLS', function () {
  this.timeout(20_000);
  let ca: TestCa;
  let server: https.Server;
  let port: number;
  let bundle: string;

  before(async () => {
    ca = makeTestCa();
    server = https.createServer(ca.leaf('localhost'), (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
    bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wf-os-store-')), 'ca-certificates.crt');
    fs.writeFileSync(bundle, ca.caCert);
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    ca.remove();
    fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
  });

  async function get(systemCertificates: boolean): Promise<string> {
    const agent = new Agent({ connect: { secureContext: trustedContext(systemCertificates, [bundle]) } });
    try {
      const res = await request(`https://localhost:${port}/`, { dispatcher: agent });
      return await res.body.text();
    } catch (err) {
      return (err as NodeJS.ErrnoException).code ?? String(err);
    } finally {
      await agent.close();
    }
  }

  it('trusts a CA that only the OS store has when systemCertificates is on', async () => {
    assert.strictEqual(await get(true), 'ok');
  });

  it('does not trust it with systemCertificates off: Node’s own roots only', async () => {
    assert.match(await get(false), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|CERT/);
  });

  it('sees the store change: the CA taken out, the next context does not trust it', async () => {
    fs.writeFileSync(bundle, '# emptied\n');
    const future = new Date(Date.now() + 5_000);
    fs.utimesSync(bundle, future, future);
    assert.match(await get(true), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|CERT/);
  });

  it('keeps one context while the store is unchanged (no re-parse per client)', () => {
    assert.strictEqual(trustedContext(false), trustedContext(false));
    assert.strictEqual(trustedContext(true, [bundle]), trustedContext(true, [bundle]));
  });

  it('redacts http.proxyAuthorization: the header, its credentials and a Basic password', () => {
    const header = `Basic ${Buffer.from('corp-user:S3cret-pass').toString('base64')}`;
    const secrets = proxySecrets({ kind: 'proxy', uri: 'http://proxy.corp:3128' }, header);
    assert.ok(secrets.includes(header));
    assert.ok(secrets.includes(header.slice('Basic '.length)));
    assert.ok(secrets.includes('S3cret-pass'));
    assert.deepStrictEqual(proxySecrets({ kind: 'direct' }, header), [], 'no proxy: nothing is sent to one');
  });
});
