// HTTP for the Workfront client: one undici Agent per client (keep-alive, bounded connections, never a
// global dispatcher), the credential only in headers made by its RequestAuth (auth.ts), renewed once
// after a refusal, a timeout and an AbortSignal on every call,
// bounded retries for idempotent calls, and every answer checked against Workfront's envelopes.
import type { Dispatcher } from 'undici';
import { readAnswer, tooLarge, type RawAnswer } from './answer';
import type { RequestAuth } from './auth';
import { AnswerTooLarge, readCapped } from './body';
import { WorkfrontError } from './errors';
import {
  asWorkfrontError,
  cancelled,
  connectionFailure,
  errorCode,
  isRecord,
  isRetryableNetwork,
  type Route,
} from './failures';
import type { Instance } from './instance';
import {
  boundedNumber,
  DEFAULT_ATTEMPTS,
  DEFAULT_CONNECTIONS,
  DEFAULT_RETRY_BASE_MS,
  DEFAULT_RETRY_MAX_MS,
  DEFAULT_TIMEOUT_MS,
  MAX_ATTEMPTS,
  MAX_CONNECTIONS,
  MAX_RETRY_BASE_MS,
  MAX_RETRY_MAX_MS,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
  SMALL_ANSWER_BYTES,
} from './limits';
import { RequestLimiter } from './limiter';
import { proxyRoute, proxySecrets, type ProxySettings } from './proxy';
import { Redactor } from './redact';
import { Router } from './route';

export type LogFn = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** Every option is checked and clamped to the bounds in limits.ts: any value, even NaN or "abc", is safe. */
export interface TransportOptions {
  /** Per attempt, from sending to the end of the body. Default 30 s. */
  readonly timeoutMs?: number;
  /** Attempts for idempotent calls (1 = no retry). Default 3. */
  readonly maxAttempts?: number;
  /** First backoff; doubles per attempt, with jitter. Default 300 ms. */
  readonly retryBaseMs?: number;
  /** Longest wait between attempts, also the cap on a server's Retry-After. Default 10 s. */
  readonly retryMaxMs?: number;
  /** Requests in flight at once; more wait their turn. Default: no limit. */
  readonly maxInFlight?: number;
  /** Connections kept to the instance. Default 10 (Workfront's historical per-customer cap). */
  readonly connections?: number;
  /** A dispatcher to use instead of the client's own; the caller closes it. */
  readonly dispatcher?: Dispatcher;
  /** Proxy settings (VS Code's http.proxy, the environment, the OS's PAC file); the client makes and closes its agent. */
  readonly proxy?: ProxySettings;
  /**
   * Secrets besides the API key (a password, OAuth tokens, client secrets) that must never show in an
   * error or a log line, in any form a server might echo them. The key and the proxy's password are
   * always included.
   */
  readonly secrets?: readonly string[];
  /** Receives the transport's log lines, already redacted. */
  readonly log?: LogFn;
}

export interface CallSpec {
  readonly method: 'GET' | 'PUT' | 'POST';
  /** Relative to the API base, e.g. `user/search`. */
  readonly path: string;
  readonly query?: ReadonlyArray<readonly [string, string]>;
  /** Sent as application/x-www-form-urlencoded (credentials go here, never in the URL). */
  readonly form?: ReadonlyArray<readonly [string, string]>;
  /** What is being done, in words; it names the failure. */
  readonly operation: string;
  /** Safe to send twice. Only idempotent calls are retried. */
  readonly idempotent: boolean;
  /**
   * The largest answer this call can legitimately get (see limits.ts); reading stops past it. Default
   * SMALL_ANSWER_BYTES: anything but a list of users.
   */
  readonly maxBytes?: number;
  readonly signal?: AbortSignal;
  /** A page of a long listing: it waits for a slot behind every other request (limiter.ts). */
  readonly background?: boolean;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** records.ts and the tests read answers with the same check. */
export { isRecord };

export class Transport {
  /** A dispatcher the caller gave (and closes); otherwise the router makes the client's own. */
  private readonly given: Dispatcher | undefined;
  private readonly router: Router | undefined;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly connections: number;
  private readonly limiter: RequestLimiter;
  private readonly redactor: Redactor;
  private readonly log: LogFn | undefined;
  /** Calls made, attempts included; benchmarks and tests read it. */
  requestCount = 0;
  /** The credential whose secrets the redactor knows last. */
  private signedStamp: string | undefined;

  constructor(
    readonly instance: Instance,
    private readonly auth: RequestAuth,
    private readonly options: TransportOptions = {},
  ) {
    // A timeout below the minimum (0, -1) is a mistake, not a wish for the shortest one: the default.
    this.timeoutMs = boundedNumber(options.timeoutMs, DEFAULT_TIMEOUT_MS, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, true);
    this.maxAttempts = boundedNumber(options.maxAttempts, DEFAULT_ATTEMPTS, 1, MAX_ATTEMPTS);
    this.retryBaseMs = boundedNumber(options.retryBaseMs, DEFAULT_RETRY_BASE_MS, 0, MAX_RETRY_BASE_MS);
    this.retryMaxMs = boundedNumber(options.retryMaxMs, DEFAULT_RETRY_MAX_MS, 0, MAX_RETRY_MAX_MS);
    this.connections = boundedNumber(options.connections, DEFAULT_CONNECTIONS, 1, MAX_CONNECTIONS);
    this.limiter = new RequestLimiter(boundedNumber(options.maxInFlight, Infinity, 1, Infinity));
    this.given = options.dispatcher;
    // The agent is made on first use (by the router) so that merely loading the extension never loads undici.
    this.router = options.dispatcher
      ? undefined
      : new Router(instance, options.proxy, {
          connections: this.connections,
          connectTimeoutMs: Math.min(this.timeoutMs, 15_000),
          log: (message) => this.log?.('debug', message),
        });
    // The configured proxy is chosen at once (it only reads settings and the environment), so that its
    // password is known as a secret; a PAC file's routes carry none.
    this.redactor = new Redactor([
      ...auth.secrets(),
      ...(options.secrets ?? []),
      ...proxySecrets(this.router?.configured, options.proxy?.authorization),
    ]);
    const log = options.log;
    this.log = log && ((level, message) => log(level, this.redactor.redact(message)));
  }

  /** How requests reach the instance now (the PAC file's route in use, once it answered), for messages. */
  private get route(): Route {
    return { instanceHost: this.instance.host, proxy: proxyRoute(this.router?.current(), this.options.proxy) };
  }

  private dispatcher(operation: string): Promise<Dispatcher> {
    return this.given ? Promise.resolve(this.given) : (this.router as Router).dispatcher(operation);
  }

  async close(): Promise<void> {
    await this.auth.close();
    await this.router?.close();
  }

  /**
   * Sends the call (retrying when safe) and returns Workfront's `data`, converted by `convert` (whose
   * errors, like every error of the call, are redacted).
   */
  call<T = unknown>(spec: CallSpec, convert: (data: unknown) => T = (data) => data as T): Promise<T> {
    return this.attempts(spec, async (answer) => convert(this.unwrap(spec, answer)));
  }

  /**
   * Like `call`, for answers that may be large: a successful one is first offered to `fast`, which may
   * read it off this thread, or hand the bytes back to be read here and converted with `slow`.
   */
  callWith<T>(
    spec: CallSpec,
    fast: (bytes: ArrayBuffer) => Promise<{ value: T } | { bytes: ArrayBuffer }>,
    slow: (data: unknown) => T,
  ): Promise<T> {
    return this.attempts(spec, async (answer) => {
      if (answer.status === 200) {
        const result = await fast(answer.bytes);
        if ('value' in result) return result.value;
        answer = { ...answer, bytes: result.bytes };
      }
      return slow(this.unwrap(spec, answer));
    });
  }

  private async attempts<T>(spec: CallSpec, read: (answer: RawAnswer) => Promise<T>): Promise<T> {
    const attempts = spec.idempotent ? this.maxAttempts : 1;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      let retryAfter: string | undefined;
      let stamp: string | undefined;
      try {
        const signed = await this.auth.sign(spec.signal);
        stamp = signed.stamp;
        // A new credential (a renewed token) becomes a secret of every message from here on.
        if (stamp !== this.signedStamp) this.redactor.add(...signed.secrets);
        this.signedStamp = stamp;
        const answer = await this.send(spec, attempt, signed.headers);
        retryAfter = answer.retryAfter;
        return await read(answer);
      } catch (caught) {
        const err = asWorkfrontError(caught, spec.operation);
        // A refused credential is renewed once (an expired token), and the call sent again: a refusal
        // means Workfront did nothing, so even an update is safe to resend.
        if (err.kind === 'auth' && stamp !== undefined && !renewed && (await this.renewAfter(stamp, spec))) {
          renewed = true;
          attempt--;
          continue;
        }
        // A malformed answer (too large, not JSON, wrong shape) would come back the same: never retried.
        const retryable =
          err.kind !== 'malformed' &&
          ((err.kind === 'network' && isRetryableNetwork(err.wfClass)) ||
            (err.status !== undefined && RETRY_STATUSES.has(err.status) && err.kind !== 'auth'));
        if (attempt >= attempts || !retryable) throw this.scrub(err);
        const wait = this.backoff(attempt, err.kind === 'rateLimited' || err.status === 503 ? retryAfter : undefined);
        this.log?.(
          'debug',
          `${spec.operation}: ${err.kind}${err.status ? ` ${err.status}` : ''}; retry ${attempt + 1}/${attempts} in ${wait} ms`,
        );
        await sleep(wait, spec.signal, spec.operation);
      }
    }
  }

  /** Whether a refused call is worth sending again with a renewed credential. */
  private async renewAfter(stamp: string, spec: CallSpec): Promise<boolean> {
    const renewed = await this.auth.renew(stamp, spec.signal).catch((caught: unknown) => {
      throw this.scrub(asWorkfrontError(caught, spec.operation));
    });
    if (renewed) this.log?.('debug', `${spec.operation}: credential refused; renewed it, sending again`);
    return renewed;
  }

  private backoff(attempt: number, retryAfter: string | undefined): number {
    const seconds = retryAfter !== undefined ? Number(retryAfter) : NaN;
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, this.retryMaxMs);
    const ceiling = Math.min(this.retryBaseMs * 2 ** (attempt - 1), this.retryMaxMs);
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private async send(
    spec: CallSpec,
    attempt: number,
    authHeaders: Readonly<Record<string, string>>,
  ): Promise<RawAnswer> {
    if (spec.signal?.aborted) throw cancelled(spec.operation);
    // First, so that a PAC file that cannot be used fails the call with its own message.
    const dispatcher = await this.dispatcher(spec.operation);
    if (spec.signal?.aborted) throw cancelled(spec.operation);
    const url = new URL(`${this.instance.apiBase}/${spec.path}`);
    for (const [k, v] of spec.query ?? []) url.searchParams.append(k, v);
    // The only place the credential goes: headers to this client's own instance.
    const headers: Record<string, string> = { accept: 'application/json', ...authHeaders };
    let body: string | undefined;
    if (spec.form) {
      body = new URLSearchParams(spec.form as [string, string][]).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    await this.limiter.acquire(spec.signal, () => cancelled(spec.operation), spec.background);
    let holding = true;
    const release = () => {
      if (holding) this.limiter.release();
      holding = false;
    };
    // Everything after acquire is inside the try, so the slot is released on every path.
    let timeout: AbortSignal | undefined;
    const started = Date.now();
    try {
      // The timeout starts when the request is sent, not while it waits for a slot.
      timeout = AbortSignal.timeout(this.timeoutMs);
      const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
      this.requestCount++;
      const res = await dispatcher.request({
        origin: this.instance.origin,
        path: url.pathname + url.search,
        method: spec.method,
        headers,
        body,
        signal,
      });
      const bytes = await readCapped(res.body, spec.maxBytes ?? SMALL_ANSWER_BYTES, res.headers['content-length']);
      this.log?.(
        'trace',
        `${spec.method} ${url.pathname} ${res.statusCode} ${Date.now() - started} ms (attempt ${attempt})`,
      );
      release();
      // Let the next waiting request go out before this answer is read (~600 KB for 2,000 users).
      await new Promise((resolve) => setImmediate(resolve));
      const header = (name: string) => {
        const v = res.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      return {
        status: res.statusCode,
        contentType: header('content-type') ?? '',
        retryAfter: header('retry-after'),
        location: header('location'),
        bytes,
      };
    } catch (err) {
      if (spec.signal?.aborted) throw cancelled(spec.operation);
      if (err instanceof AnswerTooLarge) {
        this.log?.('warn', `${spec.method} ${url.pathname}: answer too large, stopped (attempt ${attempt})`);
        throw tooLarge(spec.operation, err);
      }
      if (timeout?.aborted) {
        throw new WorkfrontError(
          'timeout',
          `${spec.operation}: Workfront did not answer within ${Math.round(this.timeoutMs / 1000)} s${this.route.proxy ? ` (through the proxy ${this.route.proxy.host})` : ''}.`,
          { operation: spec.operation, cause: err },
        );
      }
      const code = errorCode(err);
      this.log?.(
        'trace',
        `${spec.method} ${url.pathname} failed: ${code} after ${Date.now() - started} ms (attempt ${attempt})`,
      );
      // A proxy of the PAC file's list that cannot be reached: nothing was sent, the next route is tried.
      if (this.router && (await this.router.fallBack(dispatcher, err))) {
        release();
        return this.send(spec, attempt, authHeaders);
      }
      throw connectionFailure(err, spec.operation, this.route);
    } finally {
      release();
    }
  }

  private unwrap(spec: CallSpec, answer: RawAnswer): unknown {
    return readAnswer(spec.operation, answer, this.instance.host, this.redactor);
  }

  /**
   * The error as the caller gets it: no secret in its message or Workfront's words (they were quoted
   * redacted; this also covers text quoted by the converters and anything composed later).
   */
  private scrub(err: WorkfrontError): WorkfrontError {
    const message = this.redactor.redact(err.message);
    const wfMessage = err.wfMessage === undefined ? undefined : this.redactor.redact(err.wfMessage);
    const wfClass = err.wfClass === undefined ? undefined : this.redactor.redact(err.wfClass);
    if (message === err.message && wfMessage === err.wfMessage && wfClass === err.wfClass) return err;
    return new WorkfrontError(err.kind, message, {
      operation: err.operation,
      status: err.status,
      wfClass,
      wfMessage,
      cause: err.cause,
    });
  }
}

function sleep(ms: number, signal: AbortSignal | undefined, operation: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(operation));
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled(operation));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
