// A company network on 127.0.0.1 for the network tests: a private CA (openssl), put into the OS trust
// store (Debian's update-ca-certificates, as root) and taken out again, and a proxy that inspects TLS:
// it answers CONNECT, presents a certificate for the requested host signed by that CA, and forwards the
// decrypted requests to the simulator. It can ask for Basic credentials (407) first.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';

/** Where Debian's update-ca-certificates takes local CAs from, and the bundle it writes. */
const LOCAL_CA_DIR = '/usr/local/share/ca-certificates';
export const OS_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const NAME = /^wf-test-ca-(\d+)\.crt$/;

export interface TestCa {
  readonly dir: string;
  readonly caCert: string;
  /** A certificate for `host`, signed by the CA. */
  leaf(host: string): { key: string; cert: string };
  /** Removes the scratch folder (the CA's key goes with it). */
  remove(): void;
}

/** A new private CA in a scratch folder. */
export function makeTestCa(): TestCa {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-test-ca-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-subj',
    '/CN=Workfront Users test CA (temporary)',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  return {
    dir,
    caCert: fs.readFileSync(file('ca.crt'), 'utf8'),
    leaf(host) {
      const ext = file(`${host}.ext`);
      fs.writeFileSync(ext, `subjectAltName=DNS:${host}\nextendedKeyUsage=serverAuth\n`);
      openssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        file(`${host}.key`),
        '-out',
        file(`${host}.csr`),
        '-subj',
        `/CN=${host}`,
      );
      openssl(
        'x509',
        '-req',
        '-in',
        file(`${host}.csr`),
        '-CA',
        file('ca.crt'),
        '-CAkey',
        file('ca.key'),
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        ext,
        '-out',
        file(`${host}.crt`),
      );
      return { key: fs.readFileSync(file(`${host}.key`), 'utf8'), cert: fs.readFileSync(file(`${host}.crt`), 'utf8') };
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The CA as it appears in the OS bundle (the body of its PEM block). */
function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
}

export function osStoreHas(caCert: string): boolean {
  const bundle = fs.existsSync(OS_BUNDLE) ? fs.readFileSync(OS_BUNDLE, 'utf8').replace(/\s/g, '') : '';
  return bundle.includes(pemBody(caCert));
}

function updateCaCertificates(): void {
  execFileSync('update-ca-certificates', ['--fresh'], { stdio: 'pipe' });
}

/**
 * Puts the CA into the OS trust store (needs root and Debian's ca-certificates, as in CI) and returns
 * what takes it out again; that also runs if this process exits first. CAs of earlier runs whose
 * process is gone (killed before it could clean up) go first.
 */
export function trustInOs(caCert: string): () => void {
  if (process.getuid?.() !== 0)
    throw new Error('the OS trust store test needs root (CI runs as root): it adds a CA and removes it again');
  sweepStale();
  const file = path.join(LOCAL_CA_DIR, `wf-test-ca-${process.pid}.crt`);
  fs.mkdirSync(LOCAL_CA_DIR, { recursive: true });
  fs.writeFileSync(file, caCert);
  updateCaCertificates();
  let removed = false;
  const untrust = (): void => {
    if (removed) return;
    removed = true;
    process.removeListener('exit', untrust);
    fs.rmSync(file, { force: true });
    updateCaCertificates();
  };
  process.on('exit', untrust);
  return untrust;
}

/** Removes test CAs left by runs that were killed (the next update-ca-certificates drops them). */
function sweepStale(): void {
  for (const entry of fs.existsSync(LOCAL_CA_DIR) ? fs.readdirSync(LOCAL_CA_DIR) : []) {
    const m = NAME.exec(entry);
    if (!m || alive(Number(m[1]))) continue;
    fs.rmSync(path.join(LOCAL_CA_DIR, entry), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface InspectingProxy {
  readonly url: string;
  readonly port: number;
  /** CONNECT targets, in order. */
  readonly connects: string[];
  /** Proxy-Authorization headers received (for the test to check; never logged). */
  readonly authorizations: Array<string | undefined>;
  close(): Promise<void>;
}

/**
 * The TLS-inspecting proxy: every CONNECT (with the right Basic credentials when `basic` is set) is
 * answered 200, then TLS is terminated with `leaf` and the plain requests go to 127.0.0.1:`upstreamPort`.
 */
export async function inspectingProxy(options: {
  leaf: { key: string; cert: string };
  upstreamPort: number;
  basic?: { user: string; password: string };
}): Promise<InspectingProxy> {
  const connects: string[] = [];
  const authorizations: Array<string | undefined> = [];
  const sockets = new Set<net.Socket>();
  const expected = options.basic
    ? `Basic ${Buffer.from(`${options.basic.user}:${options.basic.password}`).toString('base64')}`
    : undefined;
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    connects.push(req.url ?? '');
    const auth = req.headers['proxy-authorization'];
    authorizations.push(auth);
    if (expected && auth !== expected) {
      socket.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    const inspected = new tls.TLSSocket(socket, { isServer: true, key: options.leaf.key, cert: options.leaf.cert });
    inspected.on('error', () => socket.destroy());
    const upstream = net.connect(options.upstreamPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('error', () => inspected.destroy());
    inspected.pipe(upstream);
    upstream.pipe(inspected);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
