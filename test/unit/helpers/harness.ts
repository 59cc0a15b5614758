// Shared set-up for the HTTP tests: a simulator on 127.0.0.1 (ephemeral port), clients pointed at it,
// the secrets to look for in logs and errors, and a watch for unhandled promise rejections.
import * as assert from 'assert';
import * as http from 'node:http';
import { inspect } from 'node:util';
import type { AddressInfo } from 'node:net';
import { WorkfrontClient, type ClientOptions } from '../../../src/workfront/client';
import { isWorkfrontError, WorkfrontError, type WorkfrontErrorKind } from '../../../src/workfront/errors';
import { parseInstance, type Instance } from '../../../src/workfront/instance';
import { mapLimit } from '../../../src/workfront/paging';
import { startSimulator, type LoggedRequest, type Simulator, type SimulatorOptions } from '../../simulator';

/** Options that make retries and timeouts quick. */
export const FAST: ClientOptions = { timeoutMs: 2_000, maxAttempts: 3, retryBaseMs: 5, retryMaxMs: 20 };

export interface Harness {
  readonly sim: Simulator;
  readonly instance: Instance;
  /** Keys and passwords that must never appear outside their one allowed place. */
  readonly secrets: Set<string>;
  /** Called for every settled request (after its answer was sent, reset or hung). */
  onRequest: ((entry: LoggedRequest) => void) | undefined;
  client(options?: ClientOptions, key?: string): WorkfrontClient;
  /** Requests logged since `mark` (an index into sim.log; the log is never cleared). */
  since(mark: number): LoggedRequest[];
  close(): Promise<void>;
}

export async function startHarness(opts: SimulatorOptions = {}): Promise<Harness> {
  const clients: WorkfrontClient[] = [];
  const harness: Harness = {
    sim: undefined as unknown as Simulator,
    instance: undefined as unknown as Instance,
    secrets: new Set(),
    onRequest: undefined,
    client(options: ClientOptions = FAST, key?: string) {
      const apiKey = key ?? harness.sim.apiKey;
      harness.secrets.add(apiKey);
      const c = new WorkfrontClient(harness.instance, apiKey, options);
      clients.push(c);
      return c;
    },
    since(mark: number) {
      return harness.sim.log.slice(mark);
    },
    async close() {
      await Promise.all(clients.map((c) => c.dispose().catch(() => undefined)));
      await harness.sim?.close();
    },
  };
  const sim = await startSimulator({
    ...opts,
    onRequest: (entry) => {
      opts.onRequest?.(entry);
      harness.onRequest?.(entry);
    },
  });
  (harness as { sim: Simulator }).sim = sim;
  (harness as { instance: Instance }).instance = parseInstance(sim.url);
  harness.secrets.add(sim.apiKey);
  harness.secrets.add(opts.adminPassword ?? 'demo-password');
  return harness;
}

/** Fails on any use of a secret outside the `apikey` header (keys) or a form body (passwords). */
export function keyHygieneProblems(
  log: readonly LoggedRequest[],
  keys: Iterable<string>,
  passwords: Iterable<string> = [],
): string[] {
  const problems: string[] = [];
  const keyList = [...keys].filter((k) => k !== '');
  const passwordList = [...passwords].filter((p) => p !== '');
  log.forEach((e, i) => {
    const where = `request ${i} ${e.method} ${e.path}`;
    const url = e.path + JSON.stringify(e.query);
    for (const key of keyList) {
      if (url.includes(key)) problems.push(`${where}: key in the URL`);
      if (e.body.includes(key)) problems.push(`${where}: key in the body`);
      for (const [name, value] of Object.entries(e.headers)) {
        if (name !== 'apikey' && value.includes(key)) problems.push(`${where}: key in header ${name}`);
      }
    }
    for (const pw of passwordList) {
      if (url.includes(pw)) problems.push(`${where}: password in the URL`);
      for (const [name, value] of Object.entries(e.headers))
        if (value.includes(pw)) problems.push(`${where}: password in header ${name}`);
    }
  });
  return problems;
}

/** Awaits a rejection with a WorkfrontError of `kind` that mentions no secret; returns the error. */
export async function expectWfError(
  p: Promise<unknown>,
  kind: WorkfrontErrorKind,
  secrets: Iterable<string> = [],
): Promise<WorkfrontError> {
  let err: unknown;
  try {
    const value = await p;
    assert.fail(`expected a ${kind} error, got ${JSON.stringify(value)?.slice(0, 200)}`);
  } catch (e) {
    err = e;
  }
  if (err instanceof assert.AssertionError) throw err;
  assert.ok(isWorkfrontError(err), `expected a WorkfrontError, got ${String(err)}`);
  assert.strictEqual(err.kind, kind, `expected kind ${kind}, got ${err.kind}: ${err.message}`);
  assert.ok(err.operation && err.operation.length > 0, 'the error names its operation');
  assert.ok(err.message.startsWith(err.operation), `the message starts with the operation: ${err.message}`);
  assertNoSecret(err, secrets);
  return err;
}

export function assertNoSecret(err: WorkfrontError, secrets: Iterable<string>): void {
  for (const s of secrets) {
    if (!s) continue;
    for (const [what, text] of [
      ['message', err.message],
      ['wfMessage', err.wfMessage],
      ['wfClass', err.wfClass],
      ['stack', err.stack],
      ['String()', String(err)],
      ['JSON', JSON.stringify(err)],
      ['inspect (with cause)', inspect(err, { depth: 6 })],
    ] as const) {
      assert.ok(!text?.includes(s), `the error's ${what} contains a secret: ${text}`);
    }
  }
}

/** Records unhandled promise rejections between start() and stop(). */
export function watchUnhandledRejections(): { readonly seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  return {
    seen,
    stop: () => {
      process.off('unhandledRejection', listener);
    },
  };
}

/** A port on 127.0.0.1 with nothing listening (it was bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A plain server that records every request it gets (the target of a redirect). */
export async function recordingServer(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"data":{}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Workfront's text search: case-insensitive contains over name, email and title. */
export function matchesText(u: { name: string; emailAddr: string; title: string }, text: string): boolean {
  const t = text.toLowerCase();
  return [u.name, u.emailAddr, u.title].some((v) => (v ?? '').toLowerCase().includes(t));
}

export interface ScriptedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly time: number;
}

export interface ScriptedAnswer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** A value is sent as JSON; a string as is. */
  readonly body?: unknown;
}

/** A server that answers each request as `respond` says (for answers the simulator cannot give). */
export async function scriptedServer(
  respond: (req: ScriptedRequest, index: number) => ScriptedAnswer,
): Promise<{ url: string; requests: ScriptedRequest[]; close(): Promise<void> }> {
  const requests: ScriptedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: ScriptedRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        time: Date.now(),
      };
      requests.push(r);
      const a = respond(r, requests.length - 1);
      const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body ?? {});
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * Deactivates 24 active users (not the admin), 4 at a time, while `expire` makes the client's tokens expire
 * once 6 updates are applied. Checks that every user is inactive, some update met the expired token (401)
 * and each was applied exactly once; returns the log of the run.
 */
export async function bulkDeactivateThroughExpiry(
  h: Harness,
  client: WorkfrontClient,
  expire: () => void,
): Promise<LoggedRequest[]> {
  const targets = h.sim.store
    .all()
    .filter((u) => u.isActive && u.ID !== h.sim.admin.ID)
    .slice(0, 24)
    .map((u) => u.ID);
  let updates = 0;
  h.onRequest = (e) => {
    if (e.op === 'update' && e.status === 200 && ++updates === 6) expire();
  };
  const mark = h.sim.log.length;
  await mapLimit(targets.length, 4, async (i) => client.setActive(targets[i], false));
  for (const id of targets) assert.strictEqual(h.sim.store.get(id)?.isActive, false, id);
  const log = h.sim.log.slice(mark);
  assert.ok(
    log.some((e) => e.op === 'update' && e.status === 401),
    'some updates met the expired token',
  );
  const applied = new Map<string, number>();
  for (const e of log)
    if (e.op === 'update' && e.status === 200) applied.set(e.objId!, (applied.get(e.objId!) ?? 0) + 1);
  assert.deepStrictEqual(
    [...applied.values()].filter((n) => n !== 1),
    [],
  );
  assert.strictEqual(applied.size, targets.length);
  return log;
}
