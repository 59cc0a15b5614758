// Workfront's own OAuth2 applications, single-page-application type: the authorization-code flow with
// PKCE and no client secret (Adobe docs: "Configure and use your organization's custom OAuth 2
// applications using PKCE flow"; the authorization-code flow page; workfront-api.md §9). The browser goes
// to `<instance>/integrations/oauth2/authorize`; the code comes back with the redirect and is exchanged at
// `<instance>/integrations/oauth2/api/v1/token` with the verifier; the access token goes in a `sessionID`
// header and is renewed with the refresh token shortly before it expires, and after a refusal once for
// all requests that carried it. What the public docs do not say is listed in docs/oauth.md.
import { createHash, randomBytes } from 'node:crypto';
import type { RequestAuth, SignedHeaders } from './auth';
import { WorkfrontError } from './errors';
import { cancelled, untilAborted } from './failures';
import type { ProxySettings } from './proxy';
import { TokenEndpoint, tokenRefusal, tokenTimes, type TokenAnswer } from './tokenEndpoint';

export const OAUTH_AUTHORIZE_PATH = '/integrations/oauth2/authorize';
export const OAUTH_TOKEN_PATH = '/integrations/oauth2/api/v1/token';
/** Names failures of renewing, so the tree can say the sign-in ended rather than "the key was rejected". */
export const OAUTH_RENEW_OPERATION = 'Renew the Workfront sign-in';
export const OAUTH_EXCHANGE_OPERATION = 'Finish the Workfront sign-in';

/** The tokens of one sign-in; all three times are this computer's clock, in ms. */
export interface OAuthTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When to renew: a little before `expiresAt`, so that no request is in flight when it expires. */
  readonly renewAt: number;
  readonly expiresAt: number;
}

/** What is stored for an OAuth sign-in: the application's client ID (not secret) and the tokens. */
export interface OAuthCredential extends OAuthTokens {
  readonly clientId: string;
}

export interface OAuthOptions {
  readonly timeoutMs?: number;
  readonly proxy?: ProxySettings;
  readonly now?: () => number;
  /** Keeps renewed tokens (SecretStorage): the refresh token may change with each renewal. */
  readonly saveTokens?: (tokens: OAuthTokens) => Promise<void>;
  /** The tokens stored now: another window may have renewed them, making ours stale. */
  readonly loadTokens?: () => Promise<OAuthTokens | undefined>;
}

/** A PKCE pair: a verifier of 64 URL-safe characters (at least 43) and its S256 challenge. */
export function pkcePair(): { readonly verifier: string; readonly challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A value for `state`: unguessable, used once. */
export function newState(): string {
  return randomBytes(24).toString('base64url');
}

export interface AuthorizeRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly state: string;
}

/** The address of the instance's authorize page for this request (the browser opens it); `base` is its origin. */
export function authorizeUrl(base: string, r: AuthorizeRequest): string {
  // Relative to the base's path: a forwarded address (`…/proxy/<port>/`) keeps its prefix.
  const url = new URL(OAUTH_AUTHORIZE_PATH.slice(1), base.endsWith('/') ? base : `${base}/`);
  url.search = new URLSearchParams({
    client_id: r.clientId,
    response_type: 'code',
    redirect_uri: r.redirectUri,
    code_challenge_method: 'S256',
    code_challenge: r.challenge,
    state: r.state,
  }).toString();
  return url.toString();
}

/** Exchanges the code from the redirect, with the verifier, for the first tokens. */
export async function exchangeCode(
  origin: string,
  r: { readonly clientId: string; readonly code: string; readonly verifier: string; readonly redirectUri: string },
  options: OAuthOptions = {},
): Promise<OAuthCredential> {
  const endpoint = new TokenEndpoint(origin, options);
  try {
    const form = {
      grant_type: 'authorization_code',
      client_id: r.clientId,
      code: r.code,
      code_verifier: r.verifier,
      redirect_uri: r.redirectUri,
    };
    const answer = await endpoint.post(OAUTH_TOKEN_PATH, form, OAUTH_EXCHANGE_OPERATION);
    return { clientId: r.clientId, ...tokensOf(answer, undefined, options.now ?? Date.now, OAUTH_EXCHANGE_OPERATION) };
  } finally {
    await endpoint.close();
  }
}

function tokensOf(
  result: TokenAnswer,
  previousRefresh: string | undefined,
  now: () => number,
  operation: string,
): OAuthTokens {
  const { status, answer } = result;
  const access = answer?.access_token;
  if (status === 200 && typeof access === 'string' && access) {
    const refresh =
      typeof answer?.refresh_token === 'string' && answer.refresh_token ? answer.refresh_token : undefined;
    return {
      accessToken: access,
      // Kept when the answer brings none (the docs say the refresh token is long-lived).
      refreshToken: refresh ?? previousRefresh ?? '',
      ...tokenTimes(answer, now()),
    };
  }
  throw tokenRefusal(result, operation, 'Workfront', (said) =>
    operation === OAUTH_RENEW_OPERATION
      ? `Workfront refused the refresh token${said}: the sign-in was revoked or has expired. Sign in again.`
      : `Workfront refused the authorization code${said}: it was already used, has expired, or belongs to another sign-in.`,
  );
}

/** The `sessionID` header of an OAuth sign-in, renewed with its refresh token. */
export class OAuthAuth implements RequestAuth {
  private tokens: OAuthTokens;
  private pending: Promise<OAuthTokens> | undefined;
  private readonly endpoint: TokenEndpoint;
  private readonly now: () => number;
  /** Renewals so far (tests and the log read it). */
  renewals = 0;

  constructor(
    private readonly credential: OAuthCredential,
    origin: string,
    private readonly options: OAuthOptions = {},
  ) {
    this.tokens = credential;
    this.endpoint = new TokenEndpoint(origin, options);
    this.now = options.now ?? Date.now;
  }

  async sign(signal?: AbortSignal): Promise<SignedHeaders> {
    const tokens = this.now() < this.tokens.renewAt ? this.tokens : await this.renewOnce(this.tokens, signal);
    return { headers: { sessionID: tokens.accessToken }, stamp: tokens.accessToken, secrets: [tokens.accessToken] };
  }

  async renew(stamp: string, signal?: AbortSignal): Promise<boolean> {
    // Only a request refused with the current token renews; the others find the newer one, or join.
    if (this.tokens.accessToken !== stamp) return true;
    await this.renewOnce(this.tokens, signal);
    return true;
  }

  secrets(): readonly string[] {
    return [this.tokens.accessToken, this.tokens.refreshToken];
  }

  /** The tokens in use now (renewed ones included). */
  current(): OAuthTokens {
    return this.tokens;
  }

  async close(): Promise<void> {
    await this.endpoint.close();
  }

  private renewOnce(stale: OAuthTokens, signal: AbortSignal | undefined): Promise<OAuthTokens> {
    if (this.tokens !== stale) return Promise.resolve(this.tokens);
    this.pending ??= this.refresh(stale).finally(() => (this.pending = undefined));
    return untilAborted(this.pending, signal, () => cancelled(OAUTH_RENEW_OPERATION));
  }

  private async refresh(stale: OAuthTokens): Promise<OAuthTokens> {
    let tokens: OAuthTokens;
    try {
      tokens = await this.post(stale.refreshToken);
    } catch (err) {
      // Another window may have renewed first (a used refresh token can stop working): take its tokens.
      const stored =
        err instanceof WorkfrontError && err.kind === 'auth' ? await this.options.loadTokens?.() : undefined;
      if (!stored || stored.refreshToken === stale.refreshToken) throw err;
      tokens = this.now() < stored.renewAt ? stored : await this.post(stored.refreshToken);
    }
    this.tokens = tokens;
    this.renewals++;
    await this.options.saveTokens?.(tokens);
    return tokens;
  }

  private async post(refreshToken: string): Promise<OAuthTokens> {
    const form = { grant_type: 'refresh_token', client_id: this.credential.clientId, refresh_token: refreshToken };
    const answer = await this.endpoint.post(OAUTH_TOKEN_PATH, form, OAUTH_RENEW_OPERATION);
    return tokensOf(answer, refreshToken, this.now, OAUTH_RENEW_OPERATION);
  }
}
