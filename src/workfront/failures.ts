// Turns what went wrong under a call into a WorkfrontError that names the right culprit: Workfront's
// answer (by status and class), the connection to the instance, or the proxy in between (by its host,
// never its credentials), so an admin looks in the right place.
import { WorkfrontError, type WorkfrontErrorKind } from './errors';
import { oneLine } from './text';

export const TLS_CODES = /CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO_VERIFY|ERR_TLS/;
/** Failures to open a connection. Through a proxy the client only ever connects to the proxy. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** undici's words when a proxy answers CONNECT with anything but 200. */
const PROXY_RESPONSE = /Proxy response \((\d{3})\)/;

/** How requests reach the instance. */
export interface Route {
  readonly instanceHost: string;
  /** The proxy's host:port (no credentials) and whether the client talks TLS to it. */
  readonly proxy?: { readonly host: string; readonly tls: boolean; readonly verified: boolean };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function classify(status: number, wfClass: string | undefined): WorkfrontErrorKind {
  if (/AuthenticationException|NotLoggedIn|SessionExpired/i.test(wfClass ?? '') || status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || /NotFound/i.test(wfClass ?? '')) return 'notFound';
  if (status === 429 || /TooManyRequests|ConcurrentRequest/i.test(wfClass ?? '')) return 'rateLimited';
  if (status >= 500) return 'server';
  return 'validation';
}

export function describe(kind: WorkfrontErrorKind, status: number): string {
  switch (kind) {
    case 'auth':
      return `Workfront rejected the API key (${status})`;
    case 'forbidden':
      return `Workfront refused: the signed-in user may not do this (${status})`;
    case 'notFound':
      return `Workfront could not find it (${status})`;
    case 'rateLimited':
      return `Workfront is limiting requests (${status})`;
    case 'server':
      return `Workfront had a server error (${status})`;
    default:
      return `Workfront refused the request (${status})`;
  }
}

export function cancelled(operation: string): WorkfrontError {
  return new WorkfrontError('cancelled', `${operation}: cancelled.`, { operation });
}

/** Shares one promise among callers; a caller's abort only stops its own wait (`onAbort`: the error then, usually cancelled). */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort: () => Error,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}

/**
 * Anything thrown while an answer is read becomes a WorkfrontError; a RangeError (a string or an array
 * too large) never escapes raw. Other errors are bugs and go on as they are.
 */
export function asWorkfrontError(err: unknown, operation: string): WorkfrontError {
  if (err instanceof WorkfrontError) return err;
  if (err instanceof RangeError) {
    return new WorkfrontError('malformed', `${operation}: Workfront's answer was too large to read.`, {
      operation,
      cause: err,
    });
  }
  throw err;
}

/**
 * Whether a network failure is worth another attempt: not a certificate (it would fail the same way),
 * not a proxy's refusal (407 needs other credentials, 403 is its policy), but a proxy's 502/503/504 (the
 * instance or the proxy may be back in a moment).
 */
export function isRetryableNetwork(wfClass: string | undefined): boolean {
  const cls = wfClass ?? '';
  // A PAC file that failed would fail the same way on the next attempt (it is fetched again on the next call).
  if (TLS_CODES.test(cls) || cls === 'PROXY_INVALID' || cls === PAC_FAILED) return false;
  return !/^PROXY_\d+$/.test(cls) || /^PROXY_50[234]$/.test(cls);
}

/** The wfClass of a failure to use the OS's proxy auto-config file (route.ts). */
export const PAC_FAILED = 'PAC_FAILED';

/** The connection itself could not be opened (nothing was sent), as opposed to a refusal by a proxy. */
export function couldNotConnect(err: unknown): boolean {
  return CONNECT_CODES.has(errorCode(err)) && proxyStatus(err) === undefined;
}

/** The request did not get an answer: says which connection failed, and how. */
export function connectionFailure(err: unknown, operation: string, route: Route): WorkfrontError {
  const code = errorCode(err);
  const host = route.instanceHost;
  const proxy = route.proxy;
  let wfClass = code;
  let what: string;
  const status = proxy ? proxyStatus(err) : undefined;
  if (proxy && status !== undefined) {
    wfClass = `PROXY_${status}`;
    what =
      status === 407
        ? `the proxy ${proxy.host} asked for credentials (407): the user name and password for it are missing or were refused (VS Code's http.proxyAuthorization, or user:password@ in http.proxy)`
        : `the proxy ${proxy.host} ${status < 500 ? 'refused to open' : 'could not open'} a connection to ${host} (it answered ${status})`;
  } else if (proxy && (code === 'ERR_INVALID_URL' || code === 'UND_ERR_INVALID_ARG')) {
    wfClass = 'PROXY_INVALID';
    what = `the proxy address${proxy.host ? ` ${proxy.host}` : ' in the proxy settings'} is not valid (${code})`;
  } else if (proxy && code === 'UND_ERR_PRX_TLS') {
    what = `the TLS certificate of the proxy ${proxy.host} could not be verified (${code})`;
  } else if (proxy && proxy.tls && proxy.verified && TLS_CODES.test(code)) {
    // Both certificates are checked: the proxy's to reach it, then the instance's inside the tunnel.
    what = `the TLS certificate of the proxy ${proxy.host} or of ${host} could not be verified (${code})`;
  } else if (TLS_CODES.test(code)) {
    what = `the TLS certificate of ${host} could not be verified (${code})${proxy ? `; if the proxy ${proxy.host} inspects TLS, its CA must be in the OS trust store, with VS Code's http.systemCertificates on` : ''}`;
  } else if (proxy && CONNECT_CODES.has(code)) {
    what =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `the proxy host ${proxy.host} was not found (${code})`
        : code === 'ECONNREFUSED'
          ? `the proxy ${proxy.host} refused the connection (${code})`
          : `the connection to the proxy ${proxy.host} failed (${code})`;
  } else if (proxy) {
    what = `the connection to ${host} through the proxy ${proxy.host} failed (${code})`;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    what = `the host ${host} was not found (${code})`;
  } else if (code === 'ECONNREFUSED') {
    what = `${host} refused the connection (${code})`;
  } else {
    what = `the connection to ${host} failed (${code})`;
  }
  return new WorkfrontError('network', `${operation}: ${what}.`, { operation, wfClass, cause: err });
}

/** The status a proxy answered CONNECT with, if that is what failed. */
function proxyStatus(err: unknown): number | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && isRecord(e); i++) {
    const m = typeof e.message === 'string' ? PROXY_RESPONSE.exec(e.message) : null;
    if (m) return Number(m[1]);
    e = e.cause;
  }
  return undefined;
}

export function errorCode(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && isRecord(e); i++) {
    if (typeof e.code === 'string' && e.code !== 'UND_ERR_SOCKET') return e.code;
    if (typeof e.code === 'string' && !isRecord(e.cause)) return e.code;
    e = e.cause;
  }
  return isRecord(err) && typeof err.code === 'string'
    ? err.code
    : isRecord(err) && typeof err.name === 'string'
      ? err.name
      : 'unknown error';
}

/** The host of a URL (a redirect's Location, a proxy), never its path or credentials; bounded. */
export function safeHost(location: string, fallback = 'another address'): string {
  try {
    return oneLine(new URL(location.slice(0, 2048), 'https://invalid.invalid').host, 253) || fallback;
  } catch {
    return fallback;
  }
}
