// Reads the extension's settings. Every value is checked on read (type and the manifest's range), so
// that a workspace's .vscode/settings.json with "abc", -1 or 1e9 cannot make requests hang or fail.
// Every setting that decides where requests go is application-scoped in package.json and read from the
// user value only, so a workspace cannot point the key at another host.
import * as vscode from 'vscode';
import {
  ADOBE_IMS_ENDPOINT,
  DEFAULT_API_VERSION,
  isLoopbackHost,
  DEFAULT_CONCURRENCY,
  MAX_CONCURRENCY,
  parseImsEndpoint,
  type ClientOptions,
  type ExperienceTenant,
  type ProxySettings,
} from '../workfront';
import { parseExperienceAddress } from '../workfront/experience';
import { DEFAULT_LIMITS, type StoreLimits } from '../audit/store';

const SECTION = 'workfront';
/** The manifest's bounds for the two settings a workspace may set. */
export const TIMEOUT_SECONDS = { min: 1, max: 300, fallback: 30 } as const;
export const CONCURRENCY = { min: 1, max: MAX_CONCURRENCY, fallback: DEFAULT_CONCURRENCY } as const;
export const NOT_SIGNED_IN_DAYS = { min: 1, max: 3650, fallback: 90 } as const;
const API_VERSION = /^\d{1,2}\.\d$/;

export interface Settings {
  /** The instance offered first when signing in. */
  readonly defaultInstance: string;
  readonly apiVersion: string;
  readonly client: ClientOptions;
  /** Origin of the Adobe IMS for Server-to-Server tokens: Adobe's, unless the user named another of its hosts. */
  readonly imsEndpoint: string;
  /** Workfront host → a loopback origin that answers for it (tests and the demo). */
  readonly localApiAddresses: ReadonlyMap<string, string>;
  /** The experience.adobe.com organisation for links, from `workfront.experienceAddress`. */
  readonly experience?: ExperienceTenant;
  /** Values that were not usable and what was used instead, for the log. */
  readonly problems: readonly string[];
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const problems: string[] = [];
  // inspect(): only the user (global) value counts for the address and version, never a workspace one.
  const globalText = (key: string, fallback: string): string => {
    const v = c.inspect<unknown>(key)?.globalValue;
    return typeof v === 'string' ? v.trim() : fallback;
  };
  let apiVersion = globalText('apiVersion', DEFAULT_API_VERSION);
  if (!API_VERSION.test(apiVersion)) {
    problems.push(
      `workfront.apiVersion ${JSON.stringify(apiVersion)} is not a version like "21.0"; using ${DEFAULT_API_VERSION}.`,
    );
    apiVersion = DEFAULT_API_VERSION;
  }
  const timeoutSeconds = boundedNumber(
    c.get<unknown>('requestTimeoutSeconds'),
    'workfront.requestTimeoutSeconds',
    TIMEOUT_SECONDS,
    problems,
  );
  const concurrency = Math.floor(
    boundedNumber(c.get<unknown>('maxConcurrentRequests'), 'workfront.maxConcurrentRequests', CONCURRENCY, problems),
  );
  const imsText = globalText('imsEndpoint', '');
  const imsEndpoint = imsText ? parseImsEndpoint(imsText) : ADOBE_IMS_ENDPOINT;
  if (!imsEndpoint)
    problems.push(
      `workfront.imsEndpoint ${JSON.stringify(imsText)} is not an Adobe IMS host (https://….adobelogin.com) or a local address; using ${ADOBE_IMS_ENDPOINT}.`,
    );
  return {
    defaultInstance: globalText('instance', ''),
    apiVersion,
    imsEndpoint: imsEndpoint ?? ADOBE_IMS_ENDPOINT,
    localApiAddresses: localApiAddresses(c.inspect<unknown>('localApiAddresses')?.globalValue, problems),
    experience: experienceSetting(globalText('experienceAddress', ''), problems),
    client: {
      timeoutMs: timeoutSeconds * 1000,
      concurrency,
      connections: concurrency + 2,
      proxy: proxySettings(),
    },
    problems,
  };
}

/** Only loopback targets: this setting exists so that tests reach a simulator, never another server. */
function localApiAddresses(value: unknown, problems: string[]): ReadonlyMap<string, string> {
  const result = new Map<string, string>();
  if (value === undefined || value === null) return result;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('workfront.localApiAddresses is not an object of host names and local addresses; ignored.');
    return result;
  }
  for (const [host, target] of Object.entries(value as Record<string, unknown>)) {
    let origin: string | undefined;
    try {
      const url = typeof target === 'string' ? new URL(target) : undefined;
      if (url && url.protocol === 'http:' && isLoopbackHost(url.hostname) && !url.username && !url.password)
        origin = url.origin;
    } catch {
      origin = undefined;
    }
    if (origin) result.set(host.trim().toLowerCase(), origin);
    else
      problems.push(
        `workfront.localApiAddresses: ${JSON.stringify(host)} is not mapped to http://127.0.0.1 or localhost; ignored.`,
      );
  }
  return result;
}

function experienceSetting(text: string, problems: string[]): ExperienceTenant | undefined {
  if (!text) return undefined;
  try {
    const tenant = parseExperienceAddress(text);
    if (tenant) return tenant;
  } catch {
    // reported below
  }
  problems.push(
    'workfront.experienceAddress is not an experience.adobe.com address of a Workfront organisation; ignored.',
  );
  return undefined;
}

/** The days without a sign-in after which an active user is listed under Not Signed In (whole days). */
export function readNotSignedInDays(problems: string[] = []): number {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>('notSignedInDays');
  return Math.floor(boundedNumber(value, 'workfront.notSignedInDays', NOT_SIGNED_IN_DAYS, problems));
}

/**
 * Emails or usernames that Offboard from List never deactivates: the admin names the main administrator
 * here (Workfront's API does not say who that is) and anyone else who must stay.
 */
export function readProtectedUsers(): string[] {
  // The user's own value only: a workspace must not be able to take protection away.
  const value = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('protectedUsers')?.globalValue;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

/** A number within the bounds: the fallback when it is not a finite number, the nearest bound when outside. */
export function boundedNumber(
  value: unknown,
  name: string,
  bounds: { readonly min: number; readonly max: number; readonly fallback: number },
  problems: string[],
): number {
  if (value === undefined) return bounds.fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push(`${name} ${JSON.stringify(value) ?? String(value)} is not a number; using ${bounds.fallback}.`);
    return bounds.fallback;
  }
  const clamped = Math.min(bounds.max, Math.max(bounds.min, value));
  if (clamped !== value) problems.push(`${name} ${value} is outside ${bounds.min}–${bounds.max}; using ${clamped}.`);
  return clamped;
}

/**
 * VS Code's own network settings; the environment (HTTPS_PROXY, NO_PROXY) is read by the client. They
 * are VS Code's, application- or machine-scoped there, so a workspace cannot set them.
 */
function proxySettings(): ProxySettings {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<unknown>('proxy');
  const strictSSL = http.get<unknown>('proxyStrictSSL');
  const noProxy = http.get<unknown>('noProxy');
  const authorization = http.get<unknown>('proxyAuthorization');
  const systemCertificates = http.get<unknown>('systemCertificates');
  // "off": VS Code then sends extensions' requests directly, whatever http.proxy and the environment say.
  if (http.get<unknown>('proxySupport') === 'off')
    return { env: {}, systemCertificates: typeof systemCertificates === 'boolean' ? systemCertificates : true };
  return {
    proxyUrl: typeof proxy === 'string' && proxy.trim() ? proxy.trim() : undefined,
    strictSSL: typeof strictSSL === 'boolean' ? strictSSL : true,
    noProxy: Array.isArray(noProxy) ? noProxy.filter((e): e is string => typeof e === 'string') : [],
    authorization: typeof authorization === 'string' && authorization.trim() ? authorization.trim() : undefined,
    systemCertificates: typeof systemCertificates === 'boolean' ? systemCertificates : true,
    // As VS Code's own requests: the OS's proxy auto-config file when nothing above names a proxy.
    osProxy: true,
  };
}

/**
 * How long rotated audit files are kept (workfront.auditTrail.retentionDays, user value only: a
 * workspace must not shorten an audit trail). 0 keeps them, up to the store's total size.
 */
export function auditLimits(): StoreLimits {
  const v = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('auditTrail.retentionDays')?.globalValue;
  const days = typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0;
  return { ...DEFAULT_LIMITS, retentionDays: days };
}
