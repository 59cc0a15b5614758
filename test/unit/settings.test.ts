// Settings a cloned repository can set: checked and bounded on read, named in the log, restricted in
// folders the user has not trusted.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readNotSignedInDays, readProtectedUsers, readSettings } from '../../src/util/settings';
import { chooseProxy } from '../../src/workfront/proxy';
import { parseInstance } from '../../src/workfront/instance';
import * as fake from '../fakes/vscode';

describe('Settings read with checks', () => {
  beforeEach(() => fake.reset());

  it('defaults when nothing is set', () => {
    const s = readSettings();
    assert.strictEqual(s.client.timeoutMs, 30_000);
    assert.strictEqual(s.client.concurrency, 5);
    assert.deepStrictEqual(s.problems, []);
  });

  const cases: Array<[unknown, number, RegExp]> = [
    ['abc', 30_000, /not a number; using 30/],
    [1e9, 300_000, /outside 1–300; using 300/],
    [-1, 1_000, /outside 1–300; using 1/],
    [2 ** 31, 300_000, /outside/], // past Node's timer limit if taken as it is
    [null, 30_000, /not a number/],
    [{}, 30_000, /not a number/],
    [true, 30_000, /not a number/],
    [2.5, 2_500, /^$/],
  ];
  for (const [value, ms, problem] of cases) {
    it(`requestTimeoutSeconds ${JSON.stringify(value)} → ${ms} ms`, () => {
      fake.setSetting('workfront.requestTimeoutSeconds', value);
      const s = readSettings();
      assert.strictEqual(s.client.timeoutMs, ms);
      assert.match(s.problems.join(' '), problem);
      assert.ok(Number.isFinite(s.client.timeoutMs ?? NaN));
    });
  }

  it('notSignedInDays is a whole number of days in 1–3650, 90 when unusable', () => {
    for (const [value, expected] of [
      [undefined, 90],
      [30, 30],
      [45.7, 45],
      [0, 1],
      [1e6, 3650],
      ['ninety', 90],
    ] as const) {
      fake.setSetting('workfront.notSignedInDays', value);
      const problems: string[] = [];
      assert.strictEqual(readNotSignedInDays(problems), expected, String(value));
      assert.strictEqual(problems.length > 0, value === 0 || value === 1e6 || value === 'ninety', problems.join());
    }
  });

  it('protectedUsers keeps the non-empty texts of a list, nothing else', () => {
    assert.deepStrictEqual(readProtectedUsers(), []);
    fake.setSetting('workfront.protectedUsers', ['admin@acme.example', '', 7, null, ' boss ']);
    assert.deepStrictEqual(readProtectedUsers(), ['admin@acme.example', ' boss ']);
    fake.setSetting('workfront.protectedUsers', 'admin@acme.example');
    assert.deepStrictEqual(readProtectedUsers(), [], 'a single text is not a list');
  });

  it('maxConcurrentRequests becomes a whole number in 1–10, however it is written', () => {
    for (const [value, expected] of [
      ['abc', 5],
      [1e9, 10],
      [-1, 1],
      [0, 1],
      [3.7, 3],
      [Number.MAX_VALUE, 10],
    ] as Array<[unknown, number]>) {
      fake.setSetting('workfront.maxConcurrentRequests', value);
      const s = readSettings();
      assert.strictEqual(s.client.concurrency, expected, JSON.stringify(value));
      assert.strictEqual(s.client.connections, expected + 2);
    }
  });

  it('an API version that is not a version falls back to the default', () => {
    fake.setSetting('workfront.apiVersion', '../../evil');
    const s = readSettings();
    assert.strictEqual(s.apiVersion, '21.0');
    assert.match(s.problems.join(), /apiVersion/);
  });

  it('http.proxySupport "off": requests go directly, as VS Code then sends extensions\' requests', () => {
    fake.setSetting('http.proxy', 'http://proxy.corp:3128');
    fake.setSetting('http.proxySupport', 'off');
    const proxy = readSettings().client.proxy;
    assert.deepStrictEqual(
      proxy,
      { env: {}, systemCertificates: true },
      'no proxy from the settings or the environment',
    );
    assert.deepStrictEqual(chooseProxy(parseInstance('acme'), proxy), { kind: 'direct' });
    fake.setSetting('http.proxySupport', 'override');
    assert.strictEqual(readSettings().client.proxy?.proxyUrl, 'http://proxy.corp:3128');
  });

  it("the IMS endpoint is Adobe's unless a user names another Adobe IMS host or loopback", () => {
    assert.strictEqual(readSettings().imsEndpoint, 'https://ims-na1.adobelogin.com');
    fake.setSetting('workfront.imsEndpoint', 'https://ims-na1-stg1.adobelogin.com');
    assert.strictEqual(readSettings().imsEndpoint, 'https://ims-na1-stg1.adobelogin.com');
    for (const hostile of ['https://collector.example.com', 'https://ims-na1.adobelogin.com.example.com', 42]) {
      fake.setSetting('workfront.imsEndpoint', hostile);
      const s = readSettings();
      assert.strictEqual(s.imsEndpoint, 'https://ims-na1.adobelogin.com', JSON.stringify(hostile));
      if (typeof hostile === 'string') assert.match(s.problems.join(' '), /workfront\.imsEndpoint/);
    }
  });

  it('local API addresses may only point at loopback; anything else is ignored and said', () => {
    fake.setSetting('workfront.localApiAddresses', {
      'ACME.my.workfront.adobe.com': 'http://127.0.0.1:3000/',
      'beta.my.workfront.com': 'https://collector.example.com',
      'gamma.my.workfront.com': 'http://user:pw@localhost:3000',
      'delta.my.workfront.com': 7,
    });
    const s = readSettings();
    assert.deepStrictEqual([...s.localApiAddresses], [['acme.my.workfront.adobe.com', 'http://127.0.0.1:3000']]);
    assert.strictEqual(s.problems.filter((p) => p.startsWith('workfront.localApiAddresses')).length, 3);
    fake.setSetting('workfront.localApiAddresses', 'http://127.0.0.1:3000');
    assert.strictEqual(readSettings().localApiAddresses.size, 0);
  });

  it('the experience.adobe.com address names the organisation for links, or is ignored', () => {
    fake.setSetting(
      'workfront.experienceAddress',
      'https://experience.adobe.com/#/@acmecorp/so:acme-Production/workfront',
    );
    assert.deepStrictEqual(readSettings().experience?.company, 'acmecorp');
    fake.setSetting('workfront.experienceAddress', 'https://experience.adobe.com.example.net/#/@x/so:acme-Production');
    const s = readSettings();
    assert.strictEqual(s.experience, undefined);
    assert.match(s.problems.join(' '), /experienceAddress/);
  });

  it('proxy settings of the wrong type are ignored', () => {
    fake.setSetting('http.proxy', 42);
    fake.setSetting('http.proxyStrictSSL', 'no');
    fake.setSetting('http.noProxy', ['ok.example', 7]);
    fake.setSetting('http.proxyAuthorization', { basic: 'x' });
    fake.setSetting('http.systemCertificates', 'off');
    const proxy = readSettings().client.proxy;
    assert.deepStrictEqual(proxy, {
      proxyUrl: undefined,
      strictSSL: true,
      noProxy: ['ok.example'],
      authorization: undefined,
      systemCertificates: true,
      osProxy: true,
    });
  });

  it('every setting a workspace may set is restricted in untrusted folders', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties as Record<string, { scope?: string }>;
    const workspaceSettable = Object.entries(props)
      .filter(([, p]) => p.scope !== 'application' && p.scope !== 'machine')
      .map(([k]) => k)
      .sort();
    assert.ok(workspaceSettable.length > 0);
    assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepStrictEqual(
      [...pkg.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(),
      workspaceSettable,
    );
  });
});
