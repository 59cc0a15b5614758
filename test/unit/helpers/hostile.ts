// Small hostile servers on 127.0.0.1 for the hostile-input suite: each test decides exactly what the
// "instance" sends (streams, lies, echoes), and the server records what it received.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export interface HostileRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface HostileServer {
  readonly url: string;
  readonly port: number;
  readonly requests: HostileRequest[];
  close(): Promise<void>;
}

/** A server whose handler writes the answer itself (so it can stream, stall or never end). */
export async function hostileServer(
  handle: (req: HostileRequest, res: http.ServerResponse, index: number) => void,
): Promise<HostileServer> {
  const requests: HostileRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: HostileRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(r);
      handle(r, res, requests.length - 1);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Sends JSON. */
export function sendJson(res: http.ServerResponse, body: unknown, status = 200): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

/**
 * Streams `chunk` again and again, honouring back-pressure, until the client goes away or `safetyBytes`
 * were sent (the safety stop keeps a client without a cap from taking the test process down).
 */
export function streamEndlessly(res: http.ServerResponse, chunk: Buffer, safetyBytes: number, prefix = ''): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  let sent = 0;
  if (prefix) res.write(prefix);
  const pump = () => {
    while (sent < safetyBytes && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on('error', () => undefined);
  pump();
}

/** A user row as Workfront's search returns it. */
export function userRow(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ID: id,
    name: `User ${id.slice(-4)}`,
    objCode: 'USER',
    emailAddr: `u${id.slice(-4)}@acme.example`,
    title: 'Analyst',
    isActive: true,
    licenseType: 'Light',
    lastLoginDate: null,
    actualDeactivationDate: null,
    scheduleDeactivationDate: null,
    ...over,
  };
}

/** Samples memory while `run` runs; returns its result (or error) and the peak growth over the start. */
export async function peakMemoryDuring<T>(
  run: () => Promise<T>,
): Promise<{ result?: T; error?: unknown; peakRssGrowth: number; peakArrayBuffersGrowth: number }> {
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakAb = base.arrayBuffers;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakAb = Math.max(peakAb, m.arrayBuffers);
  };
  const timer = setInterval(sample, 5);
  try {
    const result = await run();
    return { result, ...done() };
  } catch (error) {
    return { error, ...done() };
  } finally {
    clearInterval(timer);
  }
  function done() {
    sample();
    return { peakRssGrowth: peakRss - base.rss, peakArrayBuffersGrowth: peakAb - base.arrayBuffers };
  }
}

export const MB = 1024 * 1024;
