// Adobe IMS Server-to-Server credentials (Adobe Developer Console, "OAuth Server-to-Server credential API
// reference"): a client_credentials token from `POST <ims>/ims/token/v3` (form body; no refresh token,
// ask again), sent as `Authorization: Bearer` with `x-gw-ims-org-id` (Workfront's JS client 9.1.0).
// The token is kept in memory only, renewed shortly before it expires, and after a refusal once for all
// requests that carried it.
import type { Dispatcher } from 'undici';
import type { RequestAuth, SignedHeaders } from './auth';
import { readCapped } from './body';
import { WorkfrontError } from './errors';
import { cancelled, connectionFailure, isRecord } from './failures';
import { isLoopbackHost, type Instance } from './instance';
import { DEFAULT_TIMEOUT_MS, SMALL_ANSWER_BYTES } from './limits';
import type { ProxySettings } from './proxy';
import { Router } from './route';

/** Adobe's production IMS. Only a user (application-scope) setting may name another (settings.ts). */
export const ADOBE_IMS_ENDPOINT = 'https://ims-na1.adobelogin.com';

/** What the Developer Console shows for a Server-to-Server credential. Only the secret is secret. */
export interface ServerToServerCredential {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The IMS organisation ID, `…@AdobeOrg`. */
  readonly orgId: string;
  /** Comma-separated, as the credential's page lists them. */
  readonly scopes: string;
}

export interface ImsOptions {
  /** Origin of the IMS (default Adobe's); checked by `parseImsEndpoint` before it gets here. */
  readonly endpoint?: string;
  readonly timeoutMs?: number;
  readonly proxy?: ProxySettings;
  /** Tests' clock. */
  readonly now?: () => number;
}

/**
 * Renewed this long before it expires (Adobe's tokens last 24 h), so that no request is still in flight
 * when it does; a quarter of a short life.
 */
const RENEW_MARGIN_MS = 5 * 60_000;
/** Names every failure of the token request, so messages can say the IMS refused, not Workfront. */
export const IMS_TOKEN_OPERATION = 'Get an access token from Adobe IMS';
const OPERATION = IMS_TOKEN_OPERATION;

interface Token {
  readonly value: string;
  readonly renewAt: number;
}

/**
 * Accepts Adobe's IMS hosts (`https://*.adobelogin.com`) and, for tests and the demo, http on loopback;
 * anything else could receive the client secret. Returns the origin, or undefined when not acceptable.
 */
export function parseImsEndpoint(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    return undefined;
  const host = url.hostname.toLowerCase();
  if (isLoopbackHost(host) && (url.protocol === 'http:' || url.protocol === 'https:')) return url.origin;
  if (url.protocol === 'https:' && /^[a-z0-9-]+(\.[a-z0-9-]+)*\.adobelogin\.com$/.test(host) && !url.port)
    return url.origin;
  return undefined;
}

export class ImsAuth implements RequestAuth {
  private token: Token | undefined;
  private pending: Promise<Token> | undefined;
  private router: Router | undefined;
  private readonly endpoint: string;
  private readonly now: () => number;
  /** Tokens fetched so far; tests and the log read it. */
  tokensFetched = 0;

  constructor(
    private readonly credential: ServerToServerCredential,
    private readonly options: ImsOptions = {},
  ) {
    this.endpoint = options.endpoint ?? ADOBE_IMS_ENDPOINT;
    this.now = options.now ?? Date.now;
  }

  async sign(signal?: AbortSignal): Promise<SignedHeaders> {
    const token = this.token && this.now() < this.token.renewAt ? this.token : await this.fetchOnce(signal);
    return {
      headers: { authorization: `Bearer ${token.value}`, 'x-gw-ims-org-id': this.credential.orgId },
      stamp: token.value,
      secrets: [token.value],
    };
  }

  async renew(stamp: string, signal?: AbortSignal): Promise<boolean> {
    // Only the first refused request drops the token; the others find a newer one, or the same fetch.
    if (this.token?.value === stamp) this.token = undefined;
    await this.fetchOnce(signal);
    return true;
  }

  secrets(): readonly string[] {
    return this.token ? [this.credential.clientSecret, this.token.value] : [this.credential.clientSecret];
  }

  async close(): Promise<void> {
    const router = this.router;
    this.router = undefined;
    this.token = undefined;
    await router?.close();
  }

  /** One fetch at a time, shared by every request waiting for a token; a caller's abort only stops its wait. */
  private fetchOnce(signal: AbortSignal | undefined): Promise<Token> {
    if (this.token && this.now() < this.token.renewAt) return Promise.resolve(this.token);
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return untilAborted(this.pending, signal);
  }

  private async fetchToken(): Promise<Token> {
    const url = new URL('/ims/token/v3', this.endpoint);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const started = this.now();
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.credential.clientId,
      client_secret: this.credential.clientSecret,
      scope: this.credential.scopes,
    }).toString();
    let status: number;
    let bytes: ArrayBuffer;
    try {
      const res = await (
        await this.dispatcher(timeoutMs)
      ).request({
        origin: url.origin,
        path: url.pathname,
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.statusCode;
      bytes = await readCapped(res.body, SMALL_ANSWER_BYTES, res.headers['content-length']);
    } catch (err) {
      if (err instanceof WorkfrontError) throw err;
      if (this.now() - started >= timeoutMs)
        throw new WorkfrontError('timeout', `${OPERATION}: ${url.host} did not answer in time.`, {
          operation: OPERATION,
          cause: err,
        });
      throw connectionFailure(err, OPERATION, { instanceHost: url.host });
    }
    const answer = parseJson(bytes);
    if (status === 200 && isRecord(answer) && typeof answer.access_token === 'string' && answer.access_token) {
      const lifeMs = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in * 1000 : 0;
      this.tokensFetched++;
      const token = {
        value: answer.access_token,
        renewAt: this.now() + lifeMs - Math.min(RENEW_MARGIN_MS, lifeMs / 4),
      };
      this.token = token;
      return token;
    }
    throw imsRefusal(status, answer, url.host);
  }

  /** The same route as Workfront's requests would take to this host (settings, environment, PAC file). */
  private dispatcher(timeoutMs: number): Promise<Dispatcher> {
    if (!this.router) {
      const origin = new URL(this.endpoint).origin;
      const target: Instance = { host: new URL(origin).host, origin, apiBase: origin, webBase: origin };
      this.router = new Router(target, this.options.proxy, {
        connections: 2,
        connectTimeoutMs: Math.min(timeoutMs, 15_000),
      });
    }
    return this.router.dispatcher(OPERATION);
  }
}

function parseJson(bytes: ArrayBuffer): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/** IMS's OAuth error code is quoted only when it looks like one (a server could echo the secret). */
function imsRefusal(status: number, answer: unknown, host: string): WorkfrontError {
  const raw = isRecord(answer) ? answer.error : undefined;
  const code = typeof raw === 'string' && /^[a-z_]{1,40}$/.test(raw) ? raw : undefined;
  const said = code ? ` (${code})` : '';
  if (status === 400 || status === 401 || status === 403) {
    return new WorkfrontError(
      'auth',
      `${OPERATION}: ${host} refused the Server-to-Server credential${said}. Check the client ID, client secret and scopes in the Adobe Developer Console; a secret that was removed or rotated there no longer works.`,
      { operation: OPERATION, status, wfClass: code },
    );
  }
  if (status >= 500)
    return new WorkfrontError('server', `${OPERATION}: ${host} answered ${status}${said}. Try again in a moment.`, {
      operation: OPERATION,
      status,
      wfClass: code,
    });
  return new WorkfrontError('malformed', `${OPERATION}: ${host} answered ${status} without a token${said}.`, {
    operation: OPERATION,
    status,
    wfClass: code,
  });
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelled(OPERATION));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled(OPERATION));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
