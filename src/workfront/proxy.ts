// Chooses how a client reaches its instance: directly, through VS Code's `http.proxy`, or through the
// HTTPS_PROXY / HTTP_PROXY environment, honouring NO_PROXY either way. One dispatcher per client, never
// a global one, so nothing else in VS Code is affected.
import type { Dispatcher } from 'undici';
import { safeHost, type Route } from './failures';
import type { Instance } from './instance';

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
  /** The environment to read HTTPS_PROXY, HTTP_PROXY and NO_PROXY from (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type ProxyChoice = { readonly kind: 'direct' } | { readonly kind: 'proxy'; readonly uri: string };

/** Which proxy, if any, a request to `instance` should go through. */
export function chooseProxy(instance: Instance, settings: ProxySettings = {}): ProxyChoice {
  const env = settings.env ?? process.env;
  const read = (name: string) => env[name] ?? env[name.toLowerCase()] ?? '';
  const noProxy = [...(settings.noProxy ?? []), ...read('NO_PROXY').split(',')].map((s) => s.trim()).filter(Boolean);
  if (bypasses(instance, noProxy)) return { kind: 'direct' };
  const https = instance.origin.startsWith('https:');
  const uri = settings.proxyUrl?.trim() || (https ? read('HTTPS_PROXY') || read('HTTP_PROXY') : read('HTTP_PROXY'));
  return uri ? { kind: 'proxy', uri } : { kind: 'direct' };
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
  choice: ProxyChoice,
  options: { connections: number; connectTimeoutMs: number; strictSSL?: boolean },
): Dispatcher {
  // Required lazily on purpose: undici is most of the bundle's start-up cost.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const undici = require('undici') as typeof import('undici');
  const common = { connections: options.connections, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 };
  // rejectUnauthorized explicitly: otherwise NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment turns it off.
  if (choice.kind === 'direct')
    return new undici.Agent({ ...common, connect: { timeout: options.connectTimeoutMs, rejectUnauthorized: true } });
  return new undici.ProxyAgent({
    ...common,
    uri: choice.uri,
    proxyTls: { rejectUnauthorized: options.strictSSL !== false, timeout: options.connectTimeoutMs },
    requestTls: { rejectUnauthorized: true, timeout: options.connectTimeoutMs },
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

/** The proxy's password (from http.proxy or HTTPS_PROXY, e.g. http://user:pass@proxy:8080). */
export function proxySecrets(choice: ProxyChoice | undefined): string[] {
  if (choice?.kind !== 'proxy') return [];
  let password = '';
  try {
    password = new URL(choice.uri).password;
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
