// A diagnostic, not the simulator: answers a request it has seen before from memory, after the same
// added latency, so the client can be measured with the simulator's CPU taken out. The first time a
// URL is asked, the request goes to the simulator and its answer is kept (GET answers with status 200
// only). Runs inside the simulator's process, next to it.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Kept {
  status: number;
  contentType: string;
  body: Buffer;
}

export class ReplayServer {
  private readonly kept = new Map<string, Kept>();
  private readonly server: http.Server;
  latencyMs = 0;
  requests = 0;
  misses = 0;
  residence: number[] = [];

  constructor(private readonly target: string) {
    this.server = http.createServer((req, res) => this.onRequest(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.requests = 0;
    this.misses = 0;
    this.residence = [];
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const arrived = Date.now();
    this.requests++;
    req.resume();
    const key = `${req.method} ${req.url} ${String(req.headers.apikey)}`;
    const answer = (k: Kept) => {
      res.writeHead(k.status, { 'content-type': k.contentType, 'content-length': k.body.length });
      res.end(k.body);
      this.residence.push(Date.now() - arrived);
    };
    const hit = this.kept.get(key);
    if (hit) {
      setTimeout(() => answer(hit), this.latencyMs);
      return;
    }
    this.misses++;
    // A miss is a real request to the simulator, with the simulator's own latency.
    const fwd = http.request(
      `${this.target}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: new URL(this.target).host } },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const k: Kept = {
            status: up.statusCode ?? 502,
            contentType: String(up.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          };
          if (req.method === 'GET' && k.status === 200) this.kept.set(key, k);
          answer(k);
        });
      },
    );
    fwd.on('error', () => {
      res.destroy();
    });
    fwd.end();
  }

  close(): Promise<void> {
    this.kept.clear();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
