// Adobe IMS Server-to-Server credentials (Adobe Developer Console, "OAuth Server-to-Server credential API
// reference"): a client_credentials token from `POST <ims>/ims/token/v3` (form body; no refresh token,
// ask again), sent as `Authorization: Bearer` with `x-gw-ims-org-id` (Workfront's JS client 9.1.0).
// The token is kept in memory only, renewed shortly before it expires, and after a refusal once for all
// requests that carried it.
import type { RequestAuth, SignedHeaders } from './auth';
import { cancelled, untilAborted } from './failures';
import { isLoopbackHost } from './instance';
import type { ProxySettings } from './proxy';
import { TokenEndpoint, tokenRefusal, tokenTimes } from './tokenEndpoint';

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
  private readonly endpoint: TokenEndpoint;
  private readonly now: () => number;
  /** Tokens fetched so far; tests and the log read it. */
  tokensFetched = 0;

  constructor(
    private readonly credential: ServerToServerCredential,
    options: ImsOptions = {},
  ) {
    this.endpoint = new TokenEndpoint(options.endpoint ?? ADOBE_IMS_ENDPOINT, options);
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
    this.token = undefined;
    await this.endpoint.close();
  }

  /** One fetch at a time, shared by every request waiting for a token; a caller's abort only stops its wait. */
  private fetchOnce(signal: AbortSignal | undefined): Promise<Token> {
    if (this.token && this.now() < this.token.renewAt) return Promise.resolve(this.token);
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return untilAborted(this.pending, signal, () => cancelled(OPERATION));
  }

  private async fetchToken(): Promise<Token> {
    const result = await this.endpoint.post(
      '/ims/token/v3',
      {
        grant_type: 'client_credentials',
        client_id: this.credential.clientId,
        client_secret: this.credential.clientSecret,
        scope: this.credential.scopes,
      },
      OPERATION,
    );
    const { status, answer } = result;
    if (status === 200 && typeof answer?.access_token === 'string' && answer.access_token) {
      this.tokensFetched++;
      const token = { value: answer.access_token, renewAt: tokenTimes(answer, this.now()).renewAt };
      this.token = token;
      return token;
    }
    const host = new URL(this.endpoint.origin).host;
    throw tokenRefusal(
      result,
      OPERATION,
      host,
      (said) =>
        `${host} refused the Server-to-Server credential${said}. Check the client ID, client secret and scopes in the Adobe Developer Console; a secret that was removed or rotated there no longer works.`,
    );
  }
}
