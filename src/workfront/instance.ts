// Turns what an admin types ("acme", "acme.my.workfront.com", a full URL) into one safe API address.
import { WorkfrontError } from './errors';

/** A supported API version (v21.0: October 2025, supported until October 2028). */
export const DEFAULT_API_VERSION = '21.0';

export interface Instance {
  /** Host with port when not the default: the identity a key is stored under and shown to the user. */
  readonly host: string;
  /** `https://host[:port]` (plain http only for loopback). */
  readonly origin: string;
  /** `origin/attask/api/v<version>`, no trailing slash. */
  readonly apiBase: string;
  /** Base for links to Workfront's own pages (the user's page). */
  readonly webBase: string;
}

const WORKFRONT_SUFFIXES = ['.workfront.com', '.workfront.adobe.com'];
const API_VERSION = /^\d{1,2}\.\d$/;

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function refuse(input: string, why: string): never {
  throw new WorkfrontError('address', `"${input}" is not a Workfront address: ${why}`, {
    operation: 'Read the Workfront address',
  });
}

/**
 * Accepts a bare domain (`acme` → `acme.my.workfront.com`), a host, or a URL whose path is empty,
 * `/attask` or `/attask/api[/vNN.N]` (a version in the URL wins over `apiVersion`).
 * Refuses anything that could send the key somewhere unexpected: credentials, query strings,
 * other paths, non-ASCII (look-alike) hosts, plain http off loopback, and hosts outside Workfront.
 */
export function parseInstance(rawInput: string, apiVersion: string = DEFAULT_API_VERSION): Instance {
  const input = rawInput.trim();
  if (!input) refuse(rawInput, 'it is empty. Enter your domain, for example "acme" or "acme.my.workfront.com".');
  if (/\s/.test(input)) refuse(input, 'it contains spaces.');
  // Checked before URL parsing, which would silently turn look-alike letters into punycode.
  if (/[^\x21-\x7e]/.test(input))
    refuse(
      input,
      'it contains non-ASCII characters, which can imitate a real host name. Type the address in plain ASCII.',
    );
  if (!API_VERSION.test(apiVersion)) refuse(input, `the API version "${apiVersion}" should look like "21.0".`);

  let text = input;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    if (/^[a-z0-9-]+$/i.test(text) && !/^localhost$/i.test(text)) text = `${text}.my.workfront.com`;
    text = (isLoopbackHost(text.split(/[:/]/)[0]) ? 'http://' : 'https://') + text;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    refuse(input, 'it is not a valid address.');
  }
  if (url.username || url.password) refuse(input, 'it contains a user name or password. Sign in separately instead.');
  if (url.search || url.hash || text.includes('?') || text.includes('#'))
    refuse(input, 'it contains a query string or fragment.');
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:' && !loopback)
    refuse(input, 'plain http is only allowed for 127.0.0.1 or localhost. Use https.');
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    refuse(input, `the scheme "${url.protocol}" is not supported. Use https.`);
  const hostname = url.hostname.toLowerCase();
  if (!loopback && !WORKFRONT_SUFFIXES.some((s) => hostname.endsWith(s) && hostname.length > s.length)) {
    refuse(
      input,
      'the host is not a Workfront host (…my.workfront.com, …my.workfront.adobe.com, or a preview or sandbox host under workfront.com).',
    );
  }

  let version = apiVersion;
  const path = url.pathname.replace(/\/+$/, '');
  const m = /^\/attask(?:\/api(?:\/v(\d{1,2}\.\d))?)?$/i.exec(path);
  if (path !== '' && !m) refuse(input, `the path "${url.pathname}" is not a Workfront API path. Give just the host.`);
  if (m?.[1]) version = m[1];

  const host = url.host.toLowerCase();
  const origin = `${url.protocol}//${host}`;
  return { host, origin, apiBase: `${origin}/attask/api/v${version}`, webBase: origin };
}
