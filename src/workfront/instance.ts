// Turns what an admin types ("acme", "acme.my.workfront.com", a full URL) into one safe API address.
import { WorkfrontError } from './errors';
import { parseExperienceAddress, type ExperienceTenant } from './experience';

/** A supported API version (v21.0: October 2025, supported until October 2028). */
export const DEFAULT_API_VERSION = '21.0';

export interface Instance {
  /** Host with port when not the default: the identity a key is stored under and shown to the user. */
  readonly host: string;
  /** `https://host[:port]` (plain http only for loopback). */
  readonly origin: string;
  /** `origin/attask/api/v<version>`, no trailing slash. */
  readonly apiBase: string;
  /** Base for links to Workfront's own pages (the user's page) on a classic organisation. */
  readonly webBase: string;
  /**
   * Where the organisation's Workfront opens: `classic` (its own host) or `adobe` (experience.adobe.com,
   * users in the Adobe Admin Console). Undefined when the address does not say (a bare name, a preview,
   * sandbox or local address): sign-in asks.
   */
  readonly kind?: OrgKind;
  /** The experience.adobe.com organisation, when a URL from there was pasted. */
  readonly experience?: ExperienceTenant;
}

export type OrgKind = 'classic' | 'adobe';

const CLASSIC_SUFFIX = '.my.workfront.com';
const ADOBE_SUFFIX = '.my.workfront.adobe.com';

const WORKFRONT_SUFFIXES = ['.workfront.com', '.workfront.adobe.com'];
const API_VERSION = /^\d{1,2}\.\d$/;

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** What a refusal quotes: the scheme and host as typed, never a path, query or user name and password. */
function quoted(input: string): string {
  const head = schemeAndHost(input).replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@]*@/i, '$1…@');
  return head.length > 100 ? `${head.slice(0, 100)}…` : head;
}

/** The text up to where the URL parser ends the host (the first / \ ? or #), scheme included. */
function schemeAndHost(input: string): string {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/)?[^/\\?#]*/i.exec(input)?.[0] ?? input;
}

function refuse(input: string, why: string): never {
  throw new WorkfrontError('address', `"${quoted(input)}" is not a Workfront address: ${why}`, {
    operation: 'Read the Workfront address',
  });
}

/**
 * Accepts a bare domain (`acme` → `acme.my.workfront.com`), a host, or a URL: the API base
 * (`…/attask`, `…/attask/api[/vNN.N]`, whose version wins over `apiVersion`) or any other address on the
 * host, as pasted from the browser (`https://acme.my.workfront.com/user/…/overview?…#…`), which is reduced
 * to the host. Only the scheme and host are ever used, so they are what is checked: it refuses anything
 * that could send the key somewhere unexpected: credentials, non-ASCII (look-alike) hosts, plain http
 * off loopback, and hosts outside Workfront.
 */
export function parseInstance(rawInput: string, apiVersion: string = DEFAULT_API_VERSION): Instance {
  const input = rawInput.trim();
  const experience = parseExperienceAddress(input);
  if (experience) {
    if (experience.environment.toLowerCase() !== 'production')
      refuse(
        input,
        `it names the "${experience.environment}" environment, whose API host Adobe does not document. Enter that environment's API host instead (for example ${experience.domain}.preview.workfront.com).`,
      );
    return { ...parseInstance(`${experience.domain}${ADOBE_SUFFIX}`, apiVersion), kind: 'adobe', experience };
  }
  if (!input) refuse(rawInput, 'it is empty. Enter your domain, for example "acme" or "acme.my.workfront.com".');
  if (/\s/.test(input)) refuse(input, 'it contains spaces.');
  // Browsers copy addresses with "/"; parsers disagree on where a backslash ends the host.
  if (input.includes('\\')) refuse(input, 'it contains a backslash. Use "/".');
  // Checked before URL parsing, which would silently turn look-alike letters into punycode. A pasted
  // page address may carry anything after the host (it is dropped); the scheme and host must be ASCII.
  if (/[^\x21-\x7e]/.test(schemeAndHost(input)))
    refuse(
      input,
      'it contains non-ASCII characters, which can imitate a real host name. Type the address in plain ASCII.',
    );
  if (!API_VERSION.test(apiVersion)) refuse(input, `the API version "${apiVersion}" should look like "21.0".`);

  let text = input;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    if (/^[a-z0-9-]+$/i.test(text) && !/^localhost$/i.test(text)) text = `${text}.my.workfront.com`;
    text = (isLoopbackHost(text.split(/[:/?#\\]/)[0]) ? 'http://' : 'https://') + text;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    refuse(input, 'it is not a valid address.');
  }
  if (url.username || url.password) refuse(input, 'it contains a user name or password. Sign in separately instead.');
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

  // The API base or an API request (a recipe's URL) names its version; any other path only the host.
  const m = /^\/attask\/api\/v(\d{1,2}\.\d)(?:\/|$)/i.exec(url.pathname.replace(/\/+$/, ''));
  const version = m?.[1] ?? apiVersion;

  const host = url.host.toLowerCase();
  const origin = `${url.protocol}//${host}`;
  const instance: Instance = { host, origin, apiBase: `${origin}/attask/api/v${version}`, webBase: origin };
  const bare = !/[.:/]/.test(input);
  const kind = bare ? undefined : kindOfHost(hostname);
  return kind ? { ...instance, kind } : instance;
}

/** What the API host says about the organisation: only the two documented production hosts say it. */
function kindOfHost(hostname: string): OrgKind | undefined {
  if (hostname.endsWith(ADOBE_SUFFIX)) return 'adobe';
  if (hostname.endsWith(CLASSIC_SUFFIX)) return 'classic';
  return undefined;
}

/**
 * The instance once the admin said where Workfront opens. A bare name then gets its documented API host
 * (`<domain>.my.workfront.adobe.com` for Adobe-hosted); any other address keeps its host.
 */
export function withKind(instance: Instance, kind: OrgKind): Instance {
  if (kind === 'adobe' && instance.host.endsWith(CLASSIC_SUFFIX)) {
    const domain = instance.host.slice(0, -CLASSIC_SUFFIX.length);
    const version = /\/v(\d{1,2}\.\d)$/.exec(instance.apiBase)?.[1];
    return { ...parseInstance(`${domain}${ADOBE_SUFFIX}`, version), kind };
  }
  return { ...instance, kind };
}
