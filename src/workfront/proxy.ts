// Chooses how a client reaches its instance: directly, through VS Code's `http.proxy`, or through the
// HTTPS_PROXY / HTTP_PROXY environment, honouring NO_PROXY either way; with `http.proxyAuthorization`
// sent to the proxy, and the CAs VS Code trusts (trust.ts). One dispatcher per client, never a global
// one, so nothing else in VS Code is affected. When nothing names a proxy, the OS's PAC file may
// (osProxy.ts, pac.ts, route.ts); docs/network.md says what is honoured and how.
import type { Dispatcher } from 'undici';
import { safeHost, type Route } from './failures';
import type { Instance } from './instance';
import { trustedContext } from './trust';

export interface ProxySettings {
  /** VS Code's `http.proxy` (empty: none). */
  readonly proxyUrl?: string;
  /**
   * VS Code's `http.proxyStrictSSL`. It applies to the proxy's own certificate only: the Workfront
   * certificate is always verified.
   */
  readonly strictSSL?: boolean;
  /** VS Code's `http.noProxy`, plus NO_PROXY from the environment. */
  readonly noProxy?: readonly string[];
  /** VS Code's `http.proxyAuthorization`: the Proxy-Authorization header's value, sent to the proxy only. */
  readonly authorization?: string;
  /** VS Code's `http.systemCertificates` (default true): trust the OS trust store too. */
  readonly systemCertificates?: boolean;
  /** The environment to read HTTPS_PROXY, HTTP_PROXY and NO_PROXY from (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Ask the OS for a proxy auto-config file when neither http.proxy nor the environment names a proxy,
   * as VS Code's own requests do (off with http.proxySupport "off"). Default false: a caller outside
   * VS Code (the benchmark, plain Node) stays direct.
   */
  readonly osProxy?: boolean;
}

/** A route a request can take. */
export type RouteChoice = { readonly kind: 'direct' } | { readonly kind: 'proxy'; readonly uri: string };
/** What the settings say: a route, or "whatever the OS's PAC file says" (resolved in route.ts). */
export type ProxyChoice = RouteChoice | { readonly kind: 'system' };

/** Which proxy, if any, a request to `instance` should go through. */
export function chooseProxy(instance: Instance, settings: ProxySettings = {}): ProxyChoice {
  const env = settings.env ?? process.env;
  const read = (name: string) => env[name] ?? env[name.toLowerCase()] ?? '';
  const noProxy = [...(settings.noProxy ?? []), ...read('NO_PROXY').split(',')].map((s) => s.trim()).filter(Boolean);
  if (bypasses(instance, noProxy)) return { kind: 'direct' };
  const https = instance.origin.startsWith('https:');
  const uri = settings.proxyUrl?.trim() || (https ? read('HTTPS_PROXY') || read('HTTP_PROXY') : read('HTTP_PROXY'));
  if (uri) return { kind: 'proxy', uri };
  return settings.osProxy ? { kind: 'system' } : { kind: 'direct' };
}

/** NO_PROXY entries: `*`, a host, `.suffix` or `suffix` (matches subdomains), with an optional port. */
function bypasses(instance: Instance, entries: readonly string[]): boolean {
  const url = new URL(instance.origin);
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return entries.some((raw) => {
    const entry = raw.toLowerCase();
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry);
    const name = (m?.[1] ?? entry).replace(/^\*?\./, '');
    if (m?.[2] && m[2] !== port) return false;
    return host === name || host.endsWith(`.${name}`);
  });
}

/** A dispatcher for the choice; the caller owns it and closes it. */
export function makeDispatcher(
  choice: RouteChoice,
  options: {
    connections: number;
    connectTimeoutMs: number;
    strictSSL?: boolean;
    authorization?: string;
    systemCertificates?: boolean;
    /** Whether the instance is reached over TLS (https:); plain http needs no trust store. */
    https?: boolean;
  },
): Dispatcher {
  // Required lazily on purpose: undici is most of the bundle's start-up cost.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const undici = require('undici') as typeof import('undici');
  const common = { connections: options.connections, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 };
  // The CAs as an explicit context, the same in every VS Code version (VS Code's own tls patch adds the
  // OS store only under an experimental setting, and never with http.systemCertificates off). Built
  // (about 25 ms, once per process) only when a connection will use TLS.
  const usesTls = options.https !== false || (choice.kind === 'proxy' && /^https:/i.test(choice.uri));
  const secureContext = usesTls ? trustedContext(options.systemCertificates !== false) : undefined;
  // rejectUnauthorized explicitly: otherwise NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment turns it off.
  const tls = { rejectUnauthorized: true, timeout: options.connectTimeoutMs, secureContext };
  if (choice.kind === 'direct') return new undici.Agent({ ...common, connect: tls });
  const authorization = options.authorization?.trim();
  return new undici.ProxyAgent({
    ...common,
    uri: choice.uri,
    // VS Code's http.proxyAuthorization wins over credentials in the proxy's address, as in VS Code.
    ...(authorization ? { token: authorization } : {}),
    proxyTls: { ...tls, rejectUnauthorized: options.strictSSL !== false },
    requestTls: tls,
  });
}

/** How the proxy is named in messages: its host and port, never its credentials. */
export function proxyRoute(choice: ProxyChoice | undefined, settings: ProxySettings | undefined): Route['proxy'] {
  if (choice?.kind !== 'proxy') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(choice.uri);
  } catch {
    url = undefined;
  }
  return {
    host: url ? safeHost(url.href, '') : '',
    tls: url?.protocol === 'https:',
    verified: settings?.strictSSL !== false,
  };
}

/**
 * The proxy's secrets, for redaction: the password in http.proxy or HTTPS_PROXY (http://user:pass@proxy:8080)
 * and http.proxyAuthorization (the header value, its credentials part, and a Basic one's password).
 */
export function proxySecrets(choice: ProxyChoice | undefined, authorization?: string): string[] {
  if (choice?.kind !== 'proxy') return [];
  return [...authorizationSecrets(authorization), ...passwordSecrets(choice.uri)];
}

function authorizationSecrets(authorization: string | undefined): string[] {
  const value = authorization?.trim();
  if (!value) return [];
  const credentials = value.replace(/^\S+\s+/, '');
  const secrets = [value, credentials];
  if (/^basic\s/i.test(value)) {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    if (password) secrets.push(password);
  }
  return secrets.filter((s) => s.length >= 4);
}

function passwordSecrets(uri: string): string[] {
  let password = '';
  try {
    password = new URL(uri).password;
  } catch {
    return [];
  }
  if (!password) return [];
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password]; // a malformed %-escape: the raw form is what could be echoed
  }
}
