// The OS's proxy auto-config (PAC) file: where each OS names it (the readers' parsing of gsettings,
// scutil and reg output, and Linux's auto_proxy), what a PAC answer means, and the client routed by a
// real PAC file served on 127.0.0.1, evaluated in the real sandbox, through a real CONNECT proxy to the
// simulator: the named proxy, the next one when it cannot be reached, DIRECT only when the file says so,
// one evaluation per host, and a clear failure naming the file when it cannot be used.
import * as assert from 'assert';
import * as http from 'http';
import * as net from 'net';
import { compilePac } from '../../src/pacEngine';
import { WorkfrontClient, chooseProxy, parseInstance, type ProxySettings } from '../../src/workfront';
import {
  forgetOsPacSource,
  osPacSource,
  parseGsettingsString,
  parseRegAutoConfig,
  parseScutilProxy,
  type OsReader,
} from '../../src/workfront/osProxy';
import { forgetPacScripts, PacError, parsePacAnswer, pacRoutes, SCRIPT_LIFETIME_MS } from '../../src/workfront/pac';
import { startProxy, type Proxy } from './connectProxy';
import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator/types';

describe('PAC answers', () => {
  it('become the routes to try, in order, with each kind’s default port', () => {
    assert.deepStrictEqual(
      parsePacAnswer('PROXY a.corp:8080; proxy b.corp ;HTTPS c.corp:8443; HTTPS d.corp; DIRECT').routes,
      [
        { kind: 'proxy', uri: 'http://a.corp:8080' },
        { kind: 'proxy', uri: 'http://b.corp' },
        { kind: 'proxy', uri: 'https://c.corp:8443' },
        { kind: 'proxy', uri: 'https://d.corp' },
        { kind: 'direct' },
      ],
    );
    assert.deepStrictEqual(parsePacAnswer('PROXY [::1]:3128').routes, [{ kind: 'proxy', uri: 'http://[::1]:3128' }]);
  });

  it('SOCKS and QUIC are named as unsupported; malformed entries are skipped, never read as DIRECT', () => {
    assert.deepStrictEqual(parsePacAnswer('SOCKS5 s:1080; SOCKS s:1080; PROXY p:80'), {
      routes: [{ kind: 'proxy', uri: 'http://p' }],
      unsupported: ['SOCKS5', 'SOCKS'],
    });
    for (const junk of ['', ' ; ', 'PROXY', 'PROXY a b', 'DIRECT now', 'PROXY user:pw@p:80', 'PROXY p/x:80', 'FOO p:1'])
      assert.deepStrictEqual(parsePacAnswer(junk).routes, [], JSON.stringify(junk));
  });
});

describe('when the OS is asked at all', () => {
  const acme = parseInstance('acme');
  it('only when neither http.proxy, the environment nor NO_PROXY decide, and osProxy is on', () => {
    assert.deepStrictEqual(chooseProxy(acme, { env: {}, osProxy: true }), { kind: 'system' });
    assert.deepStrictEqual(chooseProxy(acme, { env: {} }), { kind: 'direct' }, 'off by default (plain Node callers)');
    assert.deepStrictEqual(chooseProxy(acme, { env: {}, osProxy: true, proxyUrl: 'http://p:1' }), {
      kind: 'proxy',
      uri: 'http://p:1',
    });
    assert.deepStrictEqual(chooseProxy(acme, { env: { HTTPS_PROXY: 'http://q:2' }, osProxy: true }), {
      kind: 'proxy',
      uri: 'http://q:2',
    });
    assert.deepStrictEqual(chooseProxy(acme, { env: {}, osProxy: true, noProxy: ['.workfront.com'] }), {
      kind: 'direct',
    });
  });
});

describe('where the OS names its PAC file', () => {
  const reader = (platform: NodeJS.Platform, env: OsReader['env'], outputs: Record<string, string> = {}) => {
    const ran: string[] = [];
    const r: OsReader = {
      platform,
      env,
      run: async (file, args) => {
        const line = [file, ...args].join(' ');
        ran.push(line);
        if (!(line in outputs)) throw new Error(`${file}: not found`);
        return outputs[line];
      },
    };
    return { r, ran };
  };
  beforeEach(() => forgetOsPacSource());

  it('gsettings strings are GVariant text: quoted, with escapes', () => {
    assert.strictEqual(parseGsettingsString("'auto'\n"), 'auto');
    assert.strictEqual(parseGsettingsString("'http://wpad.corp/proxy.pac'"), 'http://wpad.corp/proxy.pac');
    assert.strictEqual(parseGsettingsString("'http://x/it\\'s.pac'"), "http://x/it's.pac");
    assert.strictEqual(parseGsettingsString("''"), '');
  });

  it('scutil --proxy: the PAC URL only while ProxyAutoConfigEnable is 1, from the top level', () => {
    const on = [
      '<dictionary> {',
      '  ExceptionsList : <array> {',
      '    0 : *.local',
      '  }',
      '  HTTPEnable : 0',
      '  ProxyAutoConfigEnable : 1',
      '  ProxyAutoConfigURLString : http://pac.corp.example/proxy.pac',
      '  __SCOPED__ : <dictionary> {',
      '    en0 : <dictionary> {',
      '      ProxyAutoConfigURLString : http://other.example/x.pac',
      '    }',
      '  }',
      '}',
    ].join('\n');
    assert.strictEqual(parseScutilProxy(on), 'http://pac.corp.example/proxy.pac');
    assert.strictEqual(
      parseScutilProxy(on.replace('ProxyAutoConfigEnable : 1', 'ProxyAutoConfigEnable : 0')),
      undefined,
    );
    assert.strictEqual(parseScutilProxy('<dictionary> {\n  HTTPEnable : 0\n}\n'), undefined);
  });

  it('reg query: AutoConfigURL of the user’s Internet Settings', () => {
    const out =
      '\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\r\n    AutoConfigURL    REG_SZ    http://pac.corp.example/proxy.pac\r\n\r\n';
    assert.strictEqual(parseRegAutoConfig(out), 'http://pac.corp.example/proxy.pac');
    assert.strictEqual(parseRegAutoConfig(out.replace('REG_SZ', 'REG_EXPAND_SZ')), 'http://pac.corp.example/proxy.pac');
    assert.strictEqual(
      parseRegAutoConfig('ERROR: The system was unable to find the specified registry key or value.'),
      undefined,
    );
  });

  it('Linux without a GNOME-family desktop: auto_proxy, as Chromium reads it (set but empty: WPAD, not followed)', async () => {
    const { r, ran } = reader('linux', { auto_proxy: ' http://127.0.0.1:9/p.pac ' });
    assert.deepStrictEqual(await osPacSource(r), {
      url: 'http://127.0.0.1:9/p.pac',
      from: 'the auto_proxy environment variable',
    });
    assert.strictEqual(await osPacSource(reader('linux', { auto_proxy: '' }).r), undefined);
    assert.strictEqual(await osPacSource(reader('linux', {}).r), undefined);
    assert.deepStrictEqual(ran, [], 'no command is run');
  });

  it('GNOME: gsettings mode auto with its autoconfig-url; any other mode names none; no gsettings, none', async () => {
    const get = 'gsettings get org.gnome.system.proxy';
    const gnome = { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME', auto_proxy: 'http://ignored/p.pac' };
    const auto = reader('linux', gnome, {
      [`${get} mode`]: "'auto'\n",
      [`${get} autoconfig-url`]: "'http://pac.corp/p.pac'\n",
    });
    assert.deepStrictEqual(await osPacSource(auto.r), {
      url: 'http://pac.corp/p.pac',
      from: 'the GNOME proxy settings (org.gnome.system.proxy)',
    });
    forgetOsPacSource();
    assert.strictEqual(await osPacSource(reader('linux', gnome, { [`${get} mode`]: "'manual'\n" }).r), undefined);
    forgetOsPacSource();
    assert.strictEqual(await osPacSource(reader('linux', gnome).r), undefined);
  });

  it('macOS and Windows ask their settings once a minute at most', async () => {
    const mac = reader(
      'darwin',
      {},
      {
        'scutil --proxy':
          '<dictionary> {\n  ProxyAutoConfigEnable : 1\n  ProxyAutoConfigURLString : http://pac.corp/m.pac\n}\n',
      },
    );
    assert.strictEqual((await osPacSource(mac.r))?.url, 'http://pac.corp/m.pac');
    assert.strictEqual((await osPacSource(mac.r))?.url, 'http://pac.corp/m.pac');
    assert.strictEqual(mac.ran.length, 1, 'the second answer came from the cache');
    forgetOsPacSource();
    const key = 'reg query HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings /v AutoConfigURL';
    const win = reader('win32', {}, { [key]: '    AutoConfigURL    REG_SZ    http://pac.corp/w.pac\r\n' });
    assert.strictEqual((await osPacSource(win.r))?.url, 'http://pac.corp/w.pac');
  });
});

/** PAC files served on 127.0.0.1: path → script; counts the fetches. */
async function pacServer(files: Record<string, string>) {
  const fetched: string[] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    fetched.push(path);
    const script = files[path];
    if (script === undefined) res.writeHead(404).end('not here');
    else res.writeHead(200, { 'content-type': 'application/x-ns-proxy-autoconfig' }).end(script);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return { base, fetched, files, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('routes from a real PAC file', function () {
  this.timeout(20_000);
  let pac: Awaited<ReturnType<typeof pacServer>>;
  before(async () => (pac = await pacServer({})));
  after(() => pac.close());
  beforeEach(() => {
    forgetPacScripts();
    pac.fetched.length = 0;
  });

  it('fetched once, evaluated once per origin for the script’s lifetime, then fetched again', async () => {
    pac.files['/p.pac'] =
      'function FindProxyForURL(url, host) { return dnsDomainIs(host, ".corp.example") ? "PROXY 10.0.0.1:3128; DIRECT" : "DIRECT"; }';
    let evaluations = 0;
    let now = 1_000_000;
    const options = {
      now: () => now,
      compile: async (text: string) => {
        const script = await compilePac(text);
        return {
          findProxy: (u: string, h: string) => (evaluations++, script.findProxy(u, h)),
          dispose: () => script.dispose(),
        };
      },
    };
    const source = { url: `${pac.base}/p.pac`, from: 'a test' };
    const inside = [{ kind: 'proxy', uri: 'http://10.0.0.1:3128' }, { kind: 'direct' }];
    assert.deepStrictEqual(await pacRoutes(source, 'https://wf.corp.example', options), inside);
    assert.deepStrictEqual(await pacRoutes(source, 'https://wf.corp.example', options), inside);
    assert.deepStrictEqual(await pacRoutes(source, 'https://acme.my.workfront.com', options), [{ kind: 'direct' }]);
    assert.strictEqual(evaluations, 2, 'one evaluation per origin');
    assert.deepStrictEqual(pac.fetched, ['/p.pac'], 'one fetch');
    now += SCRIPT_LIFETIME_MS;
    await pacRoutes(source, 'https://wf.corp.example', options);
    assert.deepStrictEqual(pac.fetched, ['/p.pac', '/p.pac'], 'fetched again after its lifetime');
    assert.strictEqual(evaluations, 3);
  });

  const failures: Array<[string, string | undefined, RegExp]> = [
    ['a missing file', undefined, /could not be loaded \(the server answered 404\)/],
    [
      'a script that throws',
      'function FindProxyForURL(u, h) { throw new Error("no rule for " + h); }',
      /failed for wf\.corp\.example: no rule for wf\.corp\.example/,
    ],
    ['not JavaScript', 'PROXY 10.0.0.1:3128', /is not a PAC script that can be run/],
    ['no FindProxyForURL', 'var x = 1;', /is not a PAC script that can be run/],
    [
      'only SOCKS',
      'function FindProxyForURL() { return "SOCKS5 10.0.0.1:1080"; }',
      /only SOCKS5 routes, which this extension cannot use/,
    ],
    [
      'an empty answer',
      'function FindProxyForURL() { return ""; }',
      /answered "" for wf\.corp\.example, which names no route/,
    ],
    ['an endless loop', 'function FindProxyForURL() { for (;;) {} }', /failed for wf\.corp\.example: interrupted/],
  ];
  for (const [what, script, reason] of failures) {
    it(`${what}: a PacError naming the file and what went wrong (never DIRECT)`, async () => {
      const path = `/broken-${what.replace(/\W/g, '-')}.pac`;
      if (script !== undefined) pac.files[path] = script;
      const source = { url: `${pac.base}${path}?token=s3cret`, from: 'a test' };
      const err = await pacRoutes(source, 'https://wf.corp.example').then(
        () => assert.fail('resolved'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof PacError, String(err));
      assert.match(
        err.message,
        new RegExp(`^the proxy auto-config \\(PAC\\) file ${pac.base}${path} \\(from a test\\) `),
      );
      assert.match(err.message, reason);
      assert.ok(!err.message.includes('s3cret'), 'the query is not shown');
    });
  }
});

describe('the client routed by the OS’s PAC file (auto_proxy)', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let proxy: Proxy;
  let pac: Awaited<ReturnType<typeof pacServer>>;
  let closed: number;
  const saved = process.env.auto_proxy;
  /** VS Code's settings with nothing naming a proxy: the OS decides. */
  const settings: ProxySettings = { env: {}, osProxy: true };

  before(async () => {
    sim = await startSimulator({ users: 5 });
    proxy = await startProxy();
    pac = await pacServer({});
    closed = await closedPort();
  });
  after(async () => {
    await Promise.all([sim.close(), proxy.close(), pac.close()]);
  });
  beforeEach(() => {
    forgetPacScripts();
    proxy.tunnels.length = 0;
    pac.fetched.length = 0;
    sim.clearLog();
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.auto_proxy;
    else process.env.auto_proxy = saved;
  });

  /** Serves `answer` as the PAC file's answer for every host and names it in auto_proxy. */
  function usePac(name: string, answer: string): void {
    pac.files[`/${name}.pac`] = `function FindProxyForURL(url, host) { return ${JSON.stringify(answer)}; }`;
    process.env.auto_proxy = `${pac.base}/${name}.pac`;
  }

  async function whoAmI(proxySettings: ProxySettings = settings): Promise<string> {
    const client = new WorkfrontClient(parseInstance(sim.url), sim.apiKey, { proxy: proxySettings, maxAttempts: 1 });
    try {
      await client.whoAmI();
      await client.whoAmI();
      return 'answered';
    } finally {
      await client.dispose();
    }
  }

  it('goes through the proxy the PAC file names, fetching and asking it once', async () => {
    const proxyHostPort = new URL(proxy.url).host;
    usePac('named', `PROXY ${proxyHostPort}`);
    assert.strictEqual(await whoAmI(), 'answered');
    assert.deepStrictEqual(proxy.tunnels, [new URL(sim.url).host], 'one tunnel, through the named proxy');
    assert.deepStrictEqual(pac.fetched, ['/named.pac']);
  });

  it('a proxy of the list that cannot be reached: the next one', async () => {
    usePac('fallback', `PROXY 127.0.0.1:${closed}; PROXY ${new URL(proxy.url).host}; DIRECT`);
    assert.strictEqual(await whoAmI(), 'answered');
    assert.deepStrictEqual(proxy.tunnels, [new URL(sim.url).host], 'the second route carried the requests');
  });

  it('several requests at once meet the proxy that cannot be reached: each is sent once, on the next route', async () => {
    usePac('fallback-together', `PROXY 127.0.0.1:${closed}; PROXY ${new URL(proxy.url).host}`);
    const client = new WorkfrontClient(parseInstance(sim.url), sim.apiKey, { proxy: settings, maxAttempts: 1 });
    try {
      const names = await Promise.all(Array.from({ length: 6 }, () => client.whoAmI().then((me) => me.name)));
      assert.deepStrictEqual(names, Array(6).fill(sim.admin.name));
    } finally {
      await client.dispose();
    }
    assert.strictEqual(sim.log.length, 6, 'six requests reached Workfront, none twice');
    assert.ok(proxy.tunnels.length >= 1 && proxy.tunnels.every((t) => t === new URL(sim.url).host));
  });

  it('DIRECT after a proxy that cannot be reached, because the file says so', async () => {
    usePac('direct-after', `PROXY 127.0.0.1:${closed}; DIRECT`);
    assert.strictEqual(await whoAmI(), 'answered');
    assert.deepStrictEqual(proxy.tunnels, []);
    assert.strictEqual(sim.log.length, 2, 'both requests reached the instance directly');
  });

  it('the last proxy cannot be reached: the message names it, and nothing goes direct', async () => {
    usePac('dead', `PROXY 127.0.0.1:${closed}`);
    const err = await whoAmI().then(
      () => assert.fail('answered'),
      (e: unknown) => e as Error,
    );
    assert.match(err.message, new RegExp(`the proxy 127\\.0\\.0\\.1:${closed} refused the connection`));
    assert.strictEqual(sim.log.length, 0);
  });

  it('a PAC file that cannot be loaded: one clear message naming it; nothing reaches Workfront', async () => {
    process.env.auto_proxy = `${pac.base}/missing.pac`;
    const err = await whoAmI().then(
      () => assert.fail('answered'),
      (e: unknown) => e as Error & { kind?: string },
    );
    assert.strictEqual(err.kind, 'network');
    assert.match(
      err.message,
      new RegExp(
        `the proxy auto-config \\(PAC\\) file ${pac.base}/missing\\.pac \\(from the auto_proxy environment variable\\) could not be loaded \\(the server answered 404\\)`,
      ),
    );
    assert.match(err.message, /not sent without a proxy instead/);
    assert.strictEqual(sim.log.length, 0, 'no request went direct');
    assert.deepStrictEqual(pac.fetched, ['/missing.pac'], 'not retried within the call');
  });

  it('not consulted when http.proxy, the environment or http.noProxy decide, or with the OS proxy off', async () => {
    usePac('unused', 'PROXY 127.0.0.1:1');
    const simHost = new URL(sim.url).host;
    assert.strictEqual(await whoAmI({ ...settings, proxyUrl: proxy.url }), 'answered');
    assert.strictEqual(await whoAmI({ ...settings, env: { HTTP_PROXY: proxy.url } }), 'answered');
    assert.deepStrictEqual(proxy.tunnels, [simHost, simHost]);
    assert.strictEqual(await whoAmI({ ...settings, noProxy: ['127.0.0.1'] }), 'answered');
    assert.strictEqual(await whoAmI({ env: {} }), 'answered');
    assert.deepStrictEqual(pac.fetched, [], 'the PAC file was never fetched');
  });
});
