// One OAuth token endpoint (Adobe IMS for Server-to-Server, a Workfront instance for its OAuth2
// applications): a form POST through its own connection (the same route as Workfront's requests would
// take to that host: settings, environment, PAC file), the JSON answer
// read with a size cap, and every failure named by the operation. The secrets travel only in the body.
import type { Dispatcher } from 'undici';
import { readCapped } from './body';
import { WorkfrontError } from './errors';
import { connectionFailure, isRecord } from './failures';
import type { Instance } from './instance';
import { DEFAULT_TIMEOUT_MS, SMALL_ANSWER_BYTES } from './limits';
import type { ProxySettings } from './proxy';
import { Router } from './route';

export interface TokenEndpointOptions {
  readonly timeoutMs?: number;
  readonly proxy?: ProxySettings;
  /** Tests' clock. */
  readonly now?: () => number;
}

export interface TokenAnswer {
  readonly status: number;
  /** The parsed JSON, or undefined when the body was not JSON. */
  readonly answer: Record<string, unknown> | undefined;
}

export class TokenEndpoint {
  private router: Router | undefined;

  constructor(
    /** The origin that receives the form (checked by the caller: it receives secrets). */
    readonly origin: string,
    private readonly options: TokenEndpointOptions = {},
  ) {}

  /** POSTs the form to `path`; a connection failure or timeout throws, any HTTP answer is returned. */
  async post(path: string, form: Record<string, string>, operation: string): Promise<TokenAnswer> {
    const url = new URL(path, this.origin);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const now = this.options.now ?? Date.now;
    const started = now();
    try {
      const res = await (
        await this.dispatcher(timeoutMs, operation)
      ).request({
        origin: url.origin,
        path: url.pathname,
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const bytes = await readCapped(res.body, SMALL_ANSWER_BYTES, res.headers['content-length']);
      return { status: res.statusCode, answer: parseJson(bytes) };
    } catch (err) {
      if (err instanceof WorkfrontError) throw err;
      if (now() - started >= timeoutMs)
        throw new WorkfrontError('timeout', `${operation}: ${url.host} did not answer in time.`, {
          operation,
          cause: err,
        });
      throw connectionFailure(err, operation, { instanceHost: url.host });
    }
  }

  async close(): Promise<void> {
    const router = this.router;
    this.router = undefined;
    await router?.close();
  }

  private dispatcher(timeoutMs: number, operation: string): Promise<Dispatcher> {
    if (!this.router) {
      const target: Instance = {
        host: new URL(this.origin).host,
        origin: this.origin,
        apiBase: this.origin,
        webBase: this.origin,
      };
      this.router = new Router(target, this.options.proxy, {
        connections: 2,
        connectTimeoutMs: Math.min(timeoutMs, 15_000),
      });
    }
    return this.router.dispatcher(operation);
  }
}

function parseJson(bytes: ArrayBuffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The OAuth error code of an answer, quoted only when it looks like one (a server could echo a secret). */
function oauthErrorCode(answer: Record<string, unknown> | undefined): string | undefined {
  const raw = answer?.error;
  return typeof raw === 'string' && /^[a-z_]{1,40}$/.test(raw) ? raw : undefined;
}

/**
 * A token is renewed this long before it expires (Adobe's last 24 h), so that no request is still in flight
 * when it does; a quarter of a short life.
 */
const RENEW_MARGIN_MS = 5 * 60_000;

/** When a token from this answer expires, and when to renew it (`expires_in` missing or nonsense: now). */
export function tokenTimes(
  answer: Record<string, unknown> | undefined,
  now: number,
): { expiresAt: number; renewAt: number } {
  const lifeMs = typeof answer?.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in * 1000 : 0;
  return { expiresAt: now + lifeMs, renewAt: now + lifeMs - Math.min(RENEW_MARGIN_MS, lifeMs / 4) };
}

/**
 * An answer without a token, as one error: a refusal (400/401/403, `refused` says what to do), the server's
 * trouble (5xx) or a malformed answer. The OAuth error code is quoted only when it looks like one (a
 * server could echo a secret). `who` names the endpoint's host.
 */
export function tokenRefusal(
  { status, answer }: TokenAnswer,
  operation: string,
  who: string,
  refused: (said: string) => string,
): WorkfrontError {
  const code = oauthErrorCode(answer);
  const said = code ? ` (${code})` : '';
  const details = { operation, status, wfClass: code };
  if (status === 400 || status === 401 || status === 403)
    return new WorkfrontError('auth', `${operation}: ${refused(said)}`, details);
  if (status >= 500)
    return new WorkfrontError(
      'server',
      `${operation}: ${who} answered ${status}${said}. Try again in a moment.`,
      details,
    );
  return new WorkfrontError('malformed', `${operation}: ${who} answered ${status} without a token${said}.`, details);
}
