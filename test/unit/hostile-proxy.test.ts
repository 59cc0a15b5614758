// Proxy failures are the proxy's (class 5): when the proxy cannot be reached, refuses a tunnel (407, 403)
// or cannot reach the instance itself (502), the message names the proxy (its host, never its
// credentials), not Workfront, so an admin looks at the right place.
import * as assert from 'assert';
import * as http from 'node:http';
import * as net from 'node:net';
import { inspect } from 'node:util';
import { WorkfrontClient } from '../../src/workfront/client';
import { parseInstance } from '../../src/workfront/instance';
import { closedPort, expectWfError, FAST, watchUnhandledRejections } from './helpers/harness';
import { hostileServer, sendJson, type HostileServer } from './helpers/hostile';

const KEY = 'f'.repeat(32);
const PROXY_USER = 'proxyuser';
const PROXY_PASSWORD = 'Pr0xy-S3cret!';

/** A CONNECT proxy on 127.0.0.1 that answers every tunnel request with `status` (200: a real tunnel). */
async function proxyAnswering(status: number): Promise<{ port: number; connects: string[]; close(): Promise<void> }> {
  const connects: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    sockets.add(socket);
    socket.on('error', () => undefined);
    if (status !== 200) {
      const extra = status === 407 ? 'Proxy-Authenticate: Basic realm="corp"\r\n' : '';
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${extra}Content-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    sockets.add(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    connects,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('hostile networks: proxy failures are attributed to the proxy (class 5)', function () {
  this.timeout(10_000);
  const unhandled = watchUnhandledRejections();
  let instance: HostileServer;
  const clients: WorkfrontClient[] = [];
  const logs: string[] = [];
  const client = (proxyUrl: string) => {
    const c = new WorkfrontClient(parseInstance(instance.url), KEY, {
      ...FAST,
      proxy: { proxyUrl, env: {} },
      log: (level, message) => logs.push(`${level} ${message}`),
    });
    clients.push(c);
    return c;
  };
  const noCredentials = (text: string) => {
    assert.ok(!text.includes(PROXY_PASSWORD) && !text.includes(encodeURIComponent(PROXY_PASSWORD)), text);
  };

  before(async () => {
    instance = await hostileServer((_req, res) => sendJson(res, { data: { count: 3 } }));
  });
  after(async () => {
    unhandled.stop();
    await Promise.all(clients.map((c) => c.dispose()));
    await instance.close();
  });
  beforeEach(() => {
    logs.length = 0;
  });

  it('the proxy is not listening: "the proxy 127.0.0.1:<port> refused the connection", not the instance', async () => {
    const port = await closedPort();
    const err = await expectWfError(client(`http://127.0.0.1:${port}`).countUsers({}), 'network', [KEY]);
    assert.match(err.message, new RegExp(`the proxy 127\\.0\\.0\\.1:${port} refused the connection`));
    assert.ok(!err.message.includes(`127.0.0.1:${instance.port}`), `blames the instance: ${err.message}`);
    assert.strictEqual(instance.requests.length, 0);
  });

  it('407 Proxy Authentication Required: names the proxy, never its credentials, and is not retried', async () => {
    const proxy = await proxyAnswering(407);
    try {
      const url = `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:${proxy.port}`;
      const err = await expectWfError(client(url).countUsers({}), 'network', [KEY, PROXY_PASSWORD]);
      assert.match(err.message, new RegExp(`the proxy 127\\.0\\.0\\.1:${proxy.port} asked for credentials \\(407\\)`));
      assert.ok(!err.message.includes(`127.0.0.1:${instance.port} `), err.message);
      assert.strictEqual(err.wfClass, 'PROXY_407');
      noCredentials(inspect(err, { depth: 6 }));
      for (const line of logs) noCredentials(line);
      assert.strictEqual(proxy.connects.length, 1, 'the same credentials would be refused again');
    } finally {
      await proxy.close();
    }
  });

  it('502 from the proxy (it could not reach the instance): the proxy says so, retried like a 502', async () => {
    const proxy = await proxyAnswering(502);
    try {
      const err = await expectWfError(client(`http://127.0.0.1:${proxy.port}`).countUsers({}), 'network', [KEY]);
      assert.match(
        err.message,
        new RegExp(
          `the proxy 127\\.0\\.0\\.1:${proxy.port} could not open a connection to 127\\.0\\.0\\.1:${instance.port} \\(it answered 502\\)`,
        ),
      );
      assert.strictEqual(proxy.connects.length, 3, 'maxAttempts');
    } finally {
      await proxy.close();
    }
  });

  it('403 from the proxy (its policy refuses the instance): names the proxy, not retried', async () => {
    const proxy = await proxyAnswering(403);
    try {
      const err = await expectWfError(client(`http://127.0.0.1:${proxy.port}`).countUsers({}), 'network', [KEY]);
      assert.match(err.message, new RegExp(`the proxy 127\\.0\\.0\\.1:${proxy.port} .*\\(it answered 403\\)`));
      assert.strictEqual(proxy.connects.length, 1);
    } finally {
      await proxy.close();
    }
  });

  it('a working proxy still reaches the instance', async () => {
    const proxy = await proxyAnswering(200);
    try {
      assert.strictEqual(await client(`http://127.0.0.1:${proxy.port}`).countUsers({}), 3);
      assert.deepStrictEqual(proxy.connects, [`127.0.0.1:${instance.port}`]);
    } finally {
      await proxy.close();
    }
  });

  it('no unhandled promise rejections', () => {
    assert.deepStrictEqual(unhandled.seen, []);
  });
});
