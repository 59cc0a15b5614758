// Routes requests the way the OS's proxy auto-config (PAC) file says: the script is fetched (directly,
// as Chromium does), kept for SCRIPT_LIFETIME_MS, evaluated in a sandbox (src/pacEngine.ts, loaded only
// here), and its answer ("PROXY a:8080; PROXY b:8080; DIRECT") becomes the ordered list of routes to
// try. The answer is kept per origin for the script's lifetime: one evaluation per host, not per request.
import * as fs from 'fs';
import { fileURLToPath } from 'url';
import { AnswerTooLarge, readCapped } from './body';
import type { PacSource } from './osProxy';
import { makeDispatcher, type RouteChoice } from './proxy';

/** How long a fetched script (and its answers) is used before it is fetched again. */
export const SCRIPT_LIFETIME_MS = 30 * 60_000;
const FETCH_TIMEOUT_MS = 10_000;
/** Real PAC files are a few KB; company ones with long host lists a few hundred. */
const MAX_SCRIPT_BYTES = 2 * 1024 * 1024;

/** The PAC file could not be used: its address (without credentials or query) and why. */
export class PacError extends Error {
  constructor(
    readonly pacUrl: string,
    readonly from: string,
    readonly reason: string,
  ) {
    super(`the proxy auto-config (PAC) file ${pacUrl} (from ${from}) ${reason}`);
    this.name = 'PacError';
  }
}

/** The compiled script, as src/pacEngine.ts gives it. */
export interface PacScript {
  findProxy(url: string, host: string): Promise<string>;
  dispose(): void;
}
export type PacCompiler = (script: string) => Promise<PacScript>;

export interface PacOptions {
  /** VS Code's http.systemCertificates, for a PAC file served over https. */
  readonly systemCertificates?: boolean;
  /** Tests: another compiler, and another clock. */
  readonly compile?: PacCompiler;
  readonly now?: () => number;
}

interface Loaded {
  readonly until: number;
  readonly script: Promise<PacScript>;
  readonly answers: Map<string, Promise<RouteChoice[]>>;
}
const scripts = new Map<string, Loaded>();

/** The routes to try, in order, for requests to `origin` (e.g. https://acme.my.workfront.com). */
export function pacRoutes(source: PacSource, origin: string, options: PacOptions = {}): Promise<RouteChoice[]> {
  const now = (options.now ?? Date.now)();
  let loaded = scripts.get(source.url);
  if (!loaded || loaded.until <= now) {
    void loaded?.script.then((s) => s.dispose()).catch(() => undefined);
    loaded = { until: now + SCRIPT_LIFETIME_MS, script: loadScript(source, options), answers: new Map() };
    scripts.set(source.url, loaded);
  }
  const current = loaded;
  let answer = current.answers.get(origin);
  if (!answer) {
    answer = current.script.then((script) => evaluate(script, source, origin));
    current.answers.set(origin, answer);
    // A failure is not kept: the next request tries again (the file may be fixed by then).
    answer.catch(() => {
      if (scripts.get(source.url) === current) scripts.delete(source.url);
    });
  }
  return answer;
}

/** Forget every script (tests; and nothing else needs to). */
export function forgetPacScripts(): void {
  for (const loaded of scripts.values()) void loaded.script.then((s) => s.dispose()).catch(() => undefined);
  scripts.clear();
}

async function evaluate(script: PacScript, source: PacSource, origin: string): Promise<RouteChoice[]> {
  const host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
  let answer: string;
  try {
    // Chromium passes the URL stripped to its origin for https (the path is private); so do we for both.
    answer = await script.findProxy(`${origin}/`, host);
  } catch (err) {
    throw new PacError(shownUrl(source.url), source.from, `failed for ${host}: ${describe(err)}`);
  }
  const { routes, unsupported } = parsePacAnswer(answer);
  if (routes.length) return routes;
  const quoted = JSON.stringify(answer.slice(0, 200));
  throw new PacError(
    shownUrl(source.url),
    source.from,
    unsupported.length
      ? `answered ${quoted} for ${host}: only ${unsupported.join(', ')} routes, which this extension cannot use (PROXY, HTTPS and DIRECT only)`
      : `answered ${quoted} for ${host}, which names no route`,
  );
}

/**
 * A PAC answer as routes, in order (Chromium's ProxyList::SetFromPacString): `DIRECT`, `PROXY host[:port]`
 * (an http proxy, port 80 by default), `HTTPS host[:port]` (TLS to the proxy, 443). SOCKS and QUIC entries
 * are listed as unsupported and skipped; malformed ones are skipped.
 */
export function parsePacAnswer(answer: string): { routes: RouteChoice[]; unsupported: string[] } {
  const routes: RouteChoice[] = [];
  const unsupported: string[] = [];
  for (const raw of answer.split(';')) {
    const entry = raw.trim();
    if (!entry) continue;
    const m = /^(\S+)(?:\s+(\S+))?$/.exec(entry);
    const kind = m?.[1].toUpperCase();
    const address = m?.[2];
    if (kind === 'DIRECT' && !address) routes.push({ kind: 'direct' });
    else if ((kind === 'PROXY' || kind === 'HTTPS') && address) {
      const uri = proxyUri(kind === 'PROXY' ? 'http' : 'https', address);
      if (uri) routes.push({ kind: 'proxy', uri });
    } else if (kind && /^(SOCKS[45]?|QUIC)$/.test(kind)) unsupported.push(kind);
  }
  return { routes, unsupported: [...new Set(unsupported)] };
}

function proxyUri(scheme: 'http' | 'https', address: string): string | undefined {
  if (/[/@?#]/.test(address)) return undefined;
  try {
    const url = new URL(`${scheme}://${address}`);
    return url.hostname ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

async function loadScript(source: PacSource, options: PacOptions): Promise<PacScript> {
  const shown = shownUrl(source.url);
  const fail = (reason: string) => new PacError(shown, source.from, reason);
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    throw fail('is not a valid address');
  }
  const text = await fetchScript(url, options).catch((err: unknown) => {
    throw err instanceof PacError ? err : fail(`could not be loaded (${describe(err)})`);
  });
  const compile = options.compile ?? loadCompiler();
  try {
    return await compile(text);
  } catch (err) {
    throw fail(`is not a PAC script that can be run (${describe(err)})`);
  }
}

/** The engine (QuickJS and pac-resolver, most of dist/pac.js) is loaded on first use only. */
function loadCompiler(): PacCompiler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../pacEngine') as typeof import('../pacEngine')).compilePac;
}

async function fetchScript(url: URL, options: PacOptions): Promise<string> {
  if (url.protocol === 'file:') {
    const stat = await fs.promises.stat(fileURLToPath(url));
    if (stat.size > MAX_SCRIPT_BYTES) throw new AnswerTooLarge(MAX_SCRIPT_BYTES, stat.size);
    return fs.promises.readFile(fileURLToPath(url), 'utf8');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`its scheme is ${url.protocol}, not http:, https: or file:`);
  // Fetched directly, never through a proxy (the PAC file is what names the proxy), as Chromium does.
  const agent = makeDispatcher(
    { kind: 'direct' },
    {
      connections: 1,
      connectTimeoutMs: FETCH_TIMEOUT_MS,
      systemCertificates: options.systemCertificates,
      https: url.protocol === 'https:',
    },
  );
  try {
    const res = await agent.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: 'GET',
      headers: { accept: 'application/x-ns-proxy-autoconfig, */*' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    const bytes = await readCapped(res.body, MAX_SCRIPT_BYTES, res.headers['content-length']);
    if (res.statusCode !== 200) throw new Error(`the server answered ${res.statusCode}`);
    return new TextDecoder().decode(bytes);
  } finally {
    await agent.close().catch(() => agent.destroy());
  }
}

/** The PAC address as shown: no credentials, no query (either could carry a token). */
export function shownUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return url.protocol === 'file:' ? url.href.split(/[?#]/)[0] : `${url.origin}${url.pathname}`;
  } catch {
    return 'with an address that is not valid';
  }
}

function describe(err: unknown): string {
  if (err instanceof AnswerTooLarge) return `larger than ${MAX_SCRIPT_BYTES / 1024 / 1024} MB`;
  const e = err as { code?: unknown; message?: unknown; name?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0].slice(0, 200) : String(err);
  if (code && message.includes(code)) return message;
  return code ? `${code}: ${message}` : message;
}
