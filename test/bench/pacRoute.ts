// What following the OS's PAC file costs (issue 17): the client's CPU per request when its route comes
// from a PAC file (auto_proxy, answer DIRECT) against the same client with no PAC file, side by side in
// one run, interleaved rounds, against a local server that answers at once (so the client's own work is
// what is measured); and the one-off cost of the first request with a PAC file (loading the sandbox,
// fetching and compiling the script, one evaluation). The answer is kept per origin, so the ratio should
// be 1: evaluation per host, not per request.
//   npm run bench:pac [-- --rounds 15] [--requests 3000]
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { apiKeyAuth } from '../../src/workfront/auth';
import { parseInstance } from '../../src/workfront/instance';
import type { ProxySettings } from '../../src/workfront/proxy';
import { Transport } from '../../src/workfront/transport';
import { median, round } from './stats';

const RESULTS = path.resolve(__dirname, '../../../test/bench/results');
const CALL = { method: 'GET', path: 'user/search', operation: 'List users', idempotent: true } as const;

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/** CPU microseconds per request (this process: client and server), after a warm-up. */
async function cpuPerRequest(transport: Transport, requests: number): Promise<number> {
  for (let i = 0; i < 100; i++) await transport.call(CALL);
  const before = process.cpuUsage();
  for (let i = 0; i < requests; i++) await transport.call(CALL);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / requests;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string' }, requests: { type: 'string' } } });
  const rounds = Number(values.rounds ?? 15);
  const requests = Number(values.requests ?? 3000);
  const api = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}'),
  );
  const pac = http.createServer((_req, res) =>
    res
      .writeHead(200, { 'content-type': 'application/x-ns-proxy-autoconfig' })
      .end('function FindProxyForURL(url, host) { return isPlainHostName(host) ? "PROXY nowhere:1" : "DIRECT"; }'),
  );
  const instance = parseInstance(await listen(api));
  process.env.auto_proxy = `${await listen(pac)}/proxy.pac`;
  const make = (proxy: ProxySettings) => new Transport(instance, apiKeyAuth('k'.repeat(32)), { proxy });
  const noPac: ProxySettings = { env: {} };
  const withPac: ProxySettings = { env: {}, osProxy: true };

  // The first request without, then with a PAC file: the second adds the engine, the fetch, the compile
  // and one evaluation (once per process and file; undici is loaded by the first).
  const firstRequestMs = async (settings: ProxySettings) => {
    const transport = make(settings);
    const t = performance.now();
    await transport.call(CALL);
    const ms = performance.now() - t;
    await transport.close();
    return ms;
  };
  const firstWithoutMs = await firstRequestMs(noPac);
  const firstMs = await firstRequestMs(withPac);

  const without: number[] = [];
  const withIt: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [settings, into] of [
      [noPac, without],
      [withPac, withIt],
    ] as const) {
      const transport = make(settings);
      into.push(await cpuPerRequest(transport, requests));
      await transport.close();
    }
  }
  api.close();
  pac.close();
  const a = median(without);
  const b = median(withIt);
  const md = [
    '# PAC route: cost per request',
    '',
    `${rounds} interleaved rounds of ${requests} requests to a local server that answers at once; CPU of this`,
    'process (client and server) per request, median of the rounds. Written by `npm run bench:pac`.',
    '',
    '| route | CPU per request | ratio |',
    '| --- | --- | --- |',
    `| no PAC file (direct) | ${round(a, 1)} µs | 1 |`,
    `| the OS's PAC file (auto_proxy), answer DIRECT, kept per origin | ${round(b, 1)} µs | **${round(b / a, 2)}×** |`,
    '',
    `First request of the process without a PAC file: ${round(firstWithoutMs, 1)} ms (undici loads); the first with`,
    `one: ${round(firstMs, 1)} ms (the sandbox loads, the script is fetched and compiled, one evaluation). Here the`,
    'sandbox is loaded from the compiled sources (out/src/pacEngine.js and its packages, unbundled); the',
    'extension loads the bundled dist/pac.js instead.',
    '',
  ].join('\n');
  console.log(md);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'pac-route.md'), md);
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
