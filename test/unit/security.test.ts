// The client's security promises over real connections: TLS certificates are verified (a self-signed
// certificate on https://127.0.0.1 is refused before any request, also with http.proxyStrictSSL off and
// through a proxy), redirects are never followed by any operation (the other host gets nothing, the
// password included), only https off loopback, hostile addresses refused or normalised, IDs from
// answers checked before they reach a URL. At the end: the key and the password appear in nothing this
// file's servers received except the apiKey header and the getApiKey form body, nor in any log line.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { inspect } from 'util';
import { WorkfrontClient, obtainApiKey, type ClientOptions } from '../../src/workfront/client';
import { isWorkfrontError, type WorkfrontError } from '../../src/workfront/errors';
import { parseInstance } from '../../src/workfront/instance';
import type { LogFn } from '../../src/workfront/transport';
import { startProxy } from './connectProxy';
import { FAST, expectWfError, sleep, watchUnhandledRejections } from './helpers/harness';

const KEY = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const PASSWORD = 'correct horse battery staple';
const ID = '0123456789abcdef0123456789abcdef';
const ROOT = path.resolve(__dirname, '../../..');

interface Received {
  readonly server: string;
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}
/** Everything any server of this file received, for the scan at the end. */
const received: Received[] = [];
/** Every line any client of this file logged, at every level. */
const logged: string[] = [];
const log: LogFn = (level, message) => logged.push(`[${level}] ${message}`);
const errors: WorkfrontError[] = [];

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

function record(name: string, handler: Handler) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ server: name, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, body, res);
    });
  };
}

async function listen(server: http.Server | https.Server): Promise<{ port: number; close(): Promise<void> }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Answers like Workfront for the few calls the tests make. */
const workfront: Handler = (req, _body, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const data = url.pathname.endsWith('/count')
    ? { count: 1 }
    : url.pathname.endsWith('/search')
      ? [{ ID, name: 'Dana', emailAddr: 'dana@acme.example', title: '', isActive: true, licenseType: 'Light' }]
      : url.searchParams.get('action')
        ? { result: KEY }
        : {
            ID,
            name: 'Dana',
            username: 'dana',
            isAdmin: true,
            emailAddr: 'dana@acme.example',
            title: '',
            isActive: false,
            licenseType: 'Light',
          };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ data }));
};

/** Every operation the client has, each a promise of its first answer. */
function operations(
  client: WorkfrontClient,
  origin: string,
  options: ClientOptions,
): Array<[string, () => Promise<unknown>]> {
  return [
    ['whoAmI', () => client.whoAmI()],
    ['countUsers', () => client.countUsers({ isActive: true })],
    ['searchUsers', () => client.searchUsers({ isActive: true }, { first: 0, limit: 10 })],
    ['listUsers', () => client.listUsers({ isActive: false }, { total: 1 })],
    ['getUser', () => client.getUser(ID)],
    ['getUserDetails', () => client.getUserDetails(ID)],
    ['setActive', () => client.setActive(ID, false)],
    ['setScheduledDeactivation', () => client.setScheduledDeactivation(ID, null)],
    ['obtainApiKey', () => obtainApiKey(parseInstance(origin), 'dana', PASSWORD, options)],
  ];
}

describe('Security of the client over real connections', function () {
  this.timeout(20_000);
  const unhandled = watchUnhandledRejections();
  const clients: WorkfrontClient[] = [];
  const client = (origin: string, options: ClientOptions = { ...FAST, log }) => {
    const c = new WorkfrontClient(parseInstance(origin), KEY, options);
    clients.push(c);
    return c;
  };
  const fails = async (p: Promise<unknown>, kind: Parameters<typeof expectWfError>[1]) => {
    const err = await expectWfError(p, kind, [KEY, PASSWORD]);
    errors.push(err);
    return err;
  };
  after(async () => {
    unhandled.stop();
    await Promise.all(clients.map((c) => c.dispose()));
  });

  describe('TLS certificates are verified', () => {
    let dir: string;
    let cert: Buffer;
    let server: { port: number; close(): Promise<void> };
    let handshakes = 0;
    before(async function () {
      this.timeout(30_000);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-tls-'));
      // A certificate for 127.0.0.1 that no one vouches for: exactly what a man in the middle presents.
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          path.join(dir, 'key.pem'),
          '-out',
          path.join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      cert = fs.readFileSync(path.join(dir, 'cert.pem'));
      const tls = https.createServer(
        { key: fs.readFileSync(path.join(dir, 'key.pem')), cert },
        record('self-signed', workfront),
      );
      tls.on('secureConnection', () => handshakes++);
      server = await listen(tls);
    });
    after(async () => {
      await server?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('the server itself works for a client that trusts its certificate (so a refusal below is the verification)', async () => {
      const text = await new Promise<string>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port: server.port, path: '/attask/api/v21.0/user/count', ca: cert }, (res) => {
            let t = '';
            res.on('data', (c: Buffer) => (t += c.toString()));
            res.on('end', () => resolve(t));
          })
          .on('error', reject);
      });
      assert.deepStrictEqual(JSON.parse(text), { data: { count: 1 } });
      assert.strictEqual(handshakes, 1);
      handshakes = 0;
      received.length = 0;
    });

    it('every operation against a self-signed certificate fails with a certificate error, once, before any request', async () => {
      const origin = `https://127.0.0.1:${server.port}`;
      for (const [name, run] of operations(client(origin), origin, { ...FAST, log })) {
        const before = received.length;
        const err = await fails(run(), 'network');
        assert.match(String(err.wfClass), /CERT|SELF_SIGNED/, `${name}: ${err.wfClass}`);
        assert.match(
          err.message,
          new RegExp(`TLS certificate of 127\\.0\\.0\\.1:${server.port} could not be verified`),
        );
        assert.strictEqual(
          received.length,
          before,
          `${name}: no request reached the server, so neither the key nor the password did`,
        );
      }
      assert.strictEqual(handshakes, 0, 'no TLS session was ever established');
      const c = client(origin);
      await fails(c.whoAmI(), 'network');
      assert.strictEqual(c.requestCount, 1, 'a certificate error is not retried');
    });

    it('http.proxyStrictSSL off does not turn it off: neither directly nor through a proxy', async () => {
      const proxy = await startProxy();
      try {
        const origin = `https://127.0.0.1:${server.port}`;
        for (const proxyUrl of ['', proxy.url]) {
          const c = client(origin, { ...FAST, log, proxy: { proxyUrl, strictSSL: false, env: {} } });
          const err = await fails(c.whoAmI(), 'network');
          assert.match(String(err.wfClass), /CERT|SELF_SIGNED/, `${proxyUrl || 'direct'}: ${err.wfClass}`);
        }
        assert.deepStrictEqual(
          proxy.tunnels,
          [`127.0.0.1:${server.port}`],
          'the proxied attempt did go through the proxy',
        );
        assert.strictEqual(handshakes, 0);
      } finally {
        await proxy.close();
      }
    });

    it('NODE_TLS_REJECT_UNAUTHORIZED=0 in VS Code’s environment does not switch it off either', async () => {
      const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      const warn = process.emitWarning;
      process.emitWarning = () => undefined; // Node's warning about the variable, expected here
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      const proxy = await startProxy();
      try {
        const origin = `https://127.0.0.1:${server.port}`;
        for (const proxyUrl of ['', proxy.url]) {
          const before = received.length;
          const c = client(origin, { ...FAST, log, proxy: { proxyUrl, env: {} } });
          const err = await fails(c.whoAmI(), 'network');
          assert.match(
            String(err.wfClass),
            /CERT|SELF_SIGNED/,
            `${proxyUrl || 'direct'}: ${err.wfClass} ${err.message}`,
          );
          assert.strictEqual(received.length, before, 'the key was not sent');
        }
      } finally {
        if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
        process.emitWarning = warn;
        await proxy.close();
      }
      assert.strictEqual(handshakes, 0);
    });

    it('nothing in the code or the settings can switch verification off', () => {
      const problems: string[] = [];
      for (const file of walk(path.join(ROOT, 'src'))) {
        const text = fs.readFileSync(file, 'utf8');
        const rel = path.relative(ROOT, file);
        if (/process\.env\.NODE_TLS_REJECT_UNAUTHORIZED\s*=[^=]|checkServerIdentity|setGlobalDispatcher\(/.test(text))
          problems.push(`${rel}: global TLS or dispatcher override`);
        for (const m of text.matchAll(/(\w+)\s*:\s*\{[^}]*rejectUnauthorized\s*:\s*([^,}]+)/g)) {
          // Only the proxy's own certificate may follow http.proxyStrictSSL; Workfront's is always verified.
          if (!(m[2].trim() === 'true' || (m[1] === 'proxyTls' && /strictSSL !== false/.test(m[2]))))
            problems.push(`${rel}: ${m[0]}`);
        }
        if (/rejectUnauthorized\s*:\s*false/.test(text)) problems.push(`${rel}: rejectUnauthorized: false`);
      }
      const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
        contributes: { configuration: { properties: Record<string, unknown> } };
      };
      for (const name of Object.keys(manifest.contributes.configuration.properties)) {
        if (/ssl|tls|cert|verif|insecure/i.test(name)) problems.push(`setting ${name}`);
      }
      assert.deepStrictEqual(problems, []);
    });
  });

  describe('redirects are never followed, by any operation', () => {
    let other: { port: number; close(): Promise<void> };
    let redirecting: { port: number; close(): Promise<void> };
    let status = 302;
    before(async () => {
      other = await listen(http.createServer(record('other host', workfront)));
      redirecting = await listen(
        http.createServer(
          record('redirecting', (req, _body, res) => {
            res.writeHead(status, { location: `http://127.0.0.1:${other.port}${req.url ?? '/'}` });
            res.end();
          }),
        ),
      );
    });
    after(async () => {
      await other?.close();
      await redirecting?.close();
    });

    for (const s of [301, 302, 303, 307, 308]) {
      it(`${s}: every operation stops with a redirect error after one request; the other host gets nothing, the password included`, async () => {
        status = s;
        const origin = `http://127.0.0.1:${redirecting.port}`;
        for (const [name, run] of operations(client(origin), origin, { ...FAST, log })) {
          const before = received.filter((r) => r.server === 'redirecting').length;
          const err = await fails(run(), 'redirect');
          assert.strictEqual(err.status, s, name);
          assert.ok(err.message.includes(`127.0.0.1:${other.port}`), `${name} names where it pointed: ${err.message}`);
          assert.strictEqual(
            received.filter((r) => r.server === 'redirecting').length - before,
            1,
            `${name}: one request, no retry`,
          );
        }
        await sleep(30);
        assert.deepStrictEqual(
          received.filter((r) => r.server === 'other host'),
          [],
        );
      });
    }
  });

  describe('addresses', () => {
    it('https is required except on loopback', () => {
      assert.strictEqual(parseInstance('acme').origin, 'https://acme.my.workfront.com');
      assert.strictEqual(parseInstance('acme.my.workfront.adobe.com').origin, 'https://acme.my.workfront.adobe.com');
      assert.strictEqual(parseInstance('127.0.0.1:8443').origin, 'http://127.0.0.1:8443');
      assert.strictEqual(parseInstance('https://127.0.0.1:8443').origin, 'https://127.0.0.1:8443');
      assert.strictEqual(parseInstance('http://[::1]:8443').origin, 'http://[::1]:8443');
      for (const input of [
        'http://acme.my.workfront.com',
        'http://10.0.0.1',
        'http://0.0.0.0:80',
        'http://127.0.0.1.nip.io',
        'ws://acme.my.workfront.com',
      ]) {
        assert.throws(
          () => parseInstance(input),
          (e: unknown) => isWorkfrontError(e, 'address'),
          input,
        );
      }
    });

    const refused: Array<[string, string]> = [
      ['https://acme.my.workfront.com\\@evil.example.com', 'a backslash that some parsers read as a path'],
      ['https://evil.example.com\\.my.workfront.com', 'a backslash inside the host'],
      ['https://acme.my.workfront.com%2F@evil.example.com', 'an encoded slash before credentials'],
      ['https://acme.my.workfront.com:443@evil.example.com', 'a port that is really a password'],
      ['https://acme.my.workfront.com.', 'a trailing dot (another DNS name)'],
      ['acme.my.workfront.com\r\nHost: evil.example.com', 'a header injection'],
      ['ａｃｍｅ.my.workfront.com', 'fullwidth letters'],
      ['//evil.example.com', 'a scheme-relative address'],
      ['https://evil.example.com#acme.my.workfront.com', 'Workfront only in the fragment'],
      ['https://evil.example.com?acme.my.workfront.com', 'Workfront only in the query'],
      ['data:text/html,acme.my.workfront.com', 'a data: URL'],
    ];
    for (const [input, why] of refused) {
      it(`refuses ${why}: ${JSON.stringify(input)}`, () => {
        assert.throws(
          () => parseInstance(input),
          (e: unknown) => {
            assert.ok(isWorkfrontError(e, 'address'), String(e));
            assert.match(e.message, /is not a Workfront address: .+/);
            return true;
          },
        );
      });
    }

    const normalised: Array<[string, string, string]> = [
      ['  Acme  ', 'acme.my.workfront.com', 'https://acme.my.workfront.com/attask/api/v21.0'],
      ['ACME.My.WorkFront.com/', 'acme.my.workfront.com', 'https://acme.my.workfront.com/attask/api/v21.0'],
      [
        'https://acme.my.workfront.com:443/attask/',
        'acme.my.workfront.com',
        'https://acme.my.workfront.com/attask/api/v21.0',
      ],
      [
        'https://acme.my.workfront.com/attask/api/v19.0/',
        'acme.my.workfront.com',
        'https://acme.my.workfront.com/attask/api/v19.0',
      ],
      [
        'https://acme.preview.workfront.com:8443',
        'acme.preview.workfront.com:8443',
        'https://acme.preview.workfront.com:8443/attask/api/v21.0',
      ],
      ['LOCALHOST:9000', 'localhost:9000', 'http://localhost:9000/attask/api/v21.0'],
      // A pasted address gives its host only: no part of its path reaches a request.
      [
        'https://acme.my.workfront.com/attask/api/v21.0/../../evil',
        'acme.my.workfront.com',
        'https://acme.my.workfront.com/attask/api/v21.0',
      ],
      [
        'https://acme.my.workfront.com/%2e%2e/evil',
        'acme.my.workfront.com',
        'https://acme.my.workfront.com/attask/api/v21.0',
      ],
      [
        'https://acme.my.workfront.com/attask/api/v19.0/%2e%2e/%2e%2e/evil?x=1',
        'acme.my.workfront.com',
        'https://acme.my.workfront.com/attask/api/v21.0',
      ],
    ];
    for (const [input, host, apiBase] of normalised) {
      it(`normalises ${JSON.stringify(input)} to ${host}`, () => {
        const instance = parseInstance(input);
        assert.strictEqual(instance.host, host);
        assert.strictEqual(instance.apiBase, apiBase);
      });
    }
  });

  describe('IDs from answers are checked before they reach a URL', () => {
    let server: { port: number; close(): Promise<void> };
    let hostileId: unknown;
    before(async () => {
      server = await listen(
        http.createServer(
          record('hostile ids', (req, _body, res) => {
            const url = new URL(req.url ?? '/', 'http://x');
            const row = {
              ID: hostileId,
              name: 'Trojan',
              emailAddr: 't@acme.example',
              title: '',
              isActive: true,
              licenseType: 'Light',
              username: 't',
              isAdmin: true,
            };
            const data = url.pathname.endsWith('/search')
              ? [row]
              : url.pathname.endsWith('/count')
                ? { count: 1 }
                : row;
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ data }));
          }),
        ),
      );
    });
    after(async () => server?.close());

    const hostile: unknown[] = [
      '../../user/search',
      `${ID}/../x`,
      `${ID}?x=1`,
      `${ID}%2F`,
      `${ID}0`,
      ID.slice(1),
      ` ${ID}`,
      `${ID.slice(0, 31)}g`,
      123,
      null,
      { ID },
      [ID],
    ];
    for (const id of hostile) {
      it(`refuses ${JSON.stringify(id)} from a search, a read and who-am-I, and never puts it in a URL`, async () => {
        hostileId = id;
        const c = client(`http://127.0.0.1:${server.port}`);
        const before = received.length;
        for (const run of [
          () => c.listUsers({ isActive: true }, { total: 1 }),
          () => c.getUser(ID),
          () => c.whoAmI(),
        ]) {
          const err = await fails(run(), 'malformed');
          assert.match(err.message, /not a Workfront ID|unexpected shape/);
        }
        // One request each, to the paths the calls name; nothing after with the ID from the answer.
        const paths = received.slice(before).map((r) => new URL(r.url, 'http://x').pathname);
        assert.deepStrictEqual(paths, [
          '/attask/api/v21.0/user/search',
          `/attask/api/v21.0/user/${ID}`,
          '/attask/api/v21.0/user',
        ]);
      });
    }
  });

  describe('at the end', () => {
    it('the key only in the apiKey header and the password only in the getApiKey form body, in everything received; neither in any log line or error', () => {
      assert.ok(received.length > 20, `requests were received (${received.length})`);
      assert.ok(logged.length > 20, `lines were logged (${logged.length})`);
      const problems: string[] = [];
      for (const r of received) {
        const { apikey, ...others } = r.headers;
        const where = `${r.server}: ${r.method} ${r.url.split('?')[0]}`;
        if (apikey !== undefined && apikey !== KEY) problems.push(`${where}: an unexpected apiKey header`);
        if (`${r.url} ${JSON.stringify(others)}`.includes(KEY) || r.body.includes(KEY))
          problems.push(`${where}: the key outside the apiKey header`);
        if (`${r.url} ${JSON.stringify(r.headers)}`.includes(PASSWORD) || decodeURIComponent(r.url).includes(PASSWORD))
          problems.push(`${where}: the password in the URL or a header`);
        if (decodeForm(r.body).includes(PASSWORD) && !/action=(getApiKey|generateApiKey)/.test(r.url))
          problems.push(`${where}: the password in another body`);
        if (r.server === 'other host') problems.push(`${where}: a request reached the other host`);
      }
      for (const line of logged) if (line.includes(KEY) || line.includes(PASSWORD)) problems.push(`log: ${line}`);
      for (const e of errors)
        if (inspect(e, { depth: 6 }).includes(KEY) || inspect(e, { depth: 6 }).includes(PASSWORD))
          problems.push(`error: ${e.message}`);
      assert.deepStrictEqual(problems, []);
    });

    it('no unhandled promise rejection in this file', async () => {
      await sleep(20);
      assert.deepStrictEqual(unhandled.seen, []);
    });
  });
});

function decodeForm(body: string): string {
  try {
    return decodeURIComponent(body.replace(/\+/g, ' '));
  } catch {
    return body;
  }
}

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.ts')) yield full;
  }
}
