// Workfront's OAuth2 applications, single-page-application type (PKCE, no client secret): the authorize
// page at `/integrations/oauth2/authorize` (a real HTML form with one Approve button, as the admin who is
// signed in to Workfront in that browser), the token endpoint at `/integrations/oauth2/api/v1/token`
// (authorization_code with the verifier, refresh_token), access tokens that expire, refresh tokens that
// can be revoked, and the access token accepted in the `sessionID` header of the API (Adobe docs: PKCE
// flow; authorization-code flow; API basics). Error answers Workfront does not document follow RFC 6749
// and 7636 (`{"error":"invalid_grant",…}` with 400); docs/oauth.md lists them.
import { createHash } from 'node:crypto';
import { hex32, stream, type Rng } from './prng';

export const OAUTH_AUTHORIZE_PATH = '/integrations/oauth2/authorize';
export const OAUTH_TOKEN_PATH = '/integrations/oauth2/api/v1/token';

export interface OAuthOptions {
  /** Access-token lifetime in seconds (default 3600). Tests use a few seconds to see renewal. */
  readonly tokenLifetimeSeconds?: number;
  /** Authorization-code lifetime in seconds (default 600: "10 minutes or less"). */
  readonly codeLifetimeSeconds?: number;
}

export interface OAuthAnswer {
  readonly status: number;
  readonly contentType: 'application/json' | 'text/html; charset=utf-8';
  readonly body: string;
  readonly location?: string;
}

interface Grant {
  readonly challenge: string;
  readonly redirectUri: string;
  readonly userId: string;
  readonly expires: number;
  used: boolean;
}

export class OAuthSimulator {
  /** The single-page application's client ID, as Setup › System › OAuth2 Applications shows it. */
  readonly clientId: string;
  readonly appName = 'Workfront Users for VS Code';
  private readonly codes = new Map<string, Grant>();
  private readonly access = new Map<string, { userId: string; expires: number }>();
  private readonly refresh = new Map<string, string>();
  private readonly rng: Rng;
  private lifetimeSeconds: number;
  private readonly codeLifetimeSeconds: number;
  /** Every code, access token and refresh token issued (the secret scan looks for all of them). */
  readonly issuedSecrets: string[] = [];
  /** Counts for tests: codes exchanged and refresh grants answered with new tokens. */
  exchanges = 0;
  refreshes = 0;

  constructor(
    seed: number,
    private readonly userId: () => string,
    options: OAuthOptions = {},
  ) {
    this.rng = stream(seed, 'oauth');
    this.clientId = hex32(this.rng);
    this.lifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
    this.codeLifetimeSeconds = options.codeLifetimeSeconds ?? 600;
  }

  /** Answers the authorize page (GET) and its Approve form (POST); undefined for other paths. */
  authorize(method: string, params: URLSearchParams): OAuthAnswer {
    const problem = this.checkAuthorize(params);
    if (problem) return page(400, 'Sign-in request refused', `<p>${escape(problem)}</p>`);
    if (method === 'GET') {
      const hidden = [...params]
        .filter(([k]) => k !== 'approve')
        .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
        .join('');
      return page(
        200,
        'Sign in to Workfront',
        `<p><strong>${escape(this.appName)}</strong> asks to use Workfront as you.</p>` +
          // Relative: the page may be reached through a forwarding prefix (code-server's /proxy/<port>/).
          `<form method="post" action="authorize">${hidden}` +
          `<button type="submit" name="approve" value="1">Approve</button></form>`,
      );
    }
    const code = this.mint('code');
    this.codes.set(code, {
      challenge: params.get('code_challenge') ?? '',
      redirectUri: params.get('redirect_uri') ?? '',
      userId: this.userId(),
      expires: Date.now() + this.codeLifetimeSeconds * 1000,
      used: false,
    });
    const target = new URL(params.get('redirect_uri') ?? '');
    target.searchParams.set('code', code);
    const state = params.get('state');
    if (state !== null) target.searchParams.set('state', state);
    return { status: 302, contentType: 'text/html; charset=utf-8', body: '', location: target.toString() };
  }

  /** `POST /integrations/oauth2/api/v1/token`, form body. */
  token(form: URLSearchParams): OAuthAnswer {
    if (form.get('client_id') !== this.clientId) return refusal(401, 'invalid_client', 'Unknown client_id.');
    switch (form.get('grant_type')) {
      case 'authorization_code':
        return this.exchange(form);
      case 'refresh_token':
        return this.renew(form);
      default:
        return refusal(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
    }
  }

  /** The user whose access token this is, while it is valid. */
  userFor(token: string): string | undefined {
    const t = this.access.get(token);
    return t && Date.now() < t.expires ? t.userId : undefined;
  }

  /** Every access token issued so far stops working (refresh tokens still work). */
  expireTokens(): void {
    for (const t of this.access.values()) t.expires = 0;
  }

  setTokenLifetime(seconds: number): void {
    this.lifetimeSeconds = seconds;
  }

  /** The admin removed the application's grants: no token or refresh token works any more. */
  revokeAll(): void {
    this.expireTokens();
    this.refresh.clear();
  }

  private checkAuthorize(params: URLSearchParams): string | undefined {
    if (params.get('client_id') !== this.clientId) return 'No OAuth2 application has this client ID.';
    if (params.get('response_type') !== 'code') return 'response_type must be code.';
    try {
      new URL(params.get('redirect_uri') ?? '');
    } catch {
      return 'redirect_uri is missing or not a URL.';
    }
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge'))
      return 'A single-page application must send code_challenge with code_challenge_method S256.';
    return undefined;
  }

  private exchange(form: URLSearchParams): OAuthAnswer {
    const grant = this.codes.get(form.get('code') ?? '');
    if (!grant) return refusal(400, 'invalid_grant', 'Unknown authorization code.');
    if (grant.used) return refusal(400, 'invalid_grant', 'The authorization code was already used.');
    grant.used = true;
    if (Date.now() >= grant.expires) return refusal(400, 'invalid_grant', 'The authorization code has expired.');
    if (form.get('redirect_uri') !== grant.redirectUri)
      return refusal(400, 'invalid_grant', 'redirect_uri differs from the authorization request.');
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge)
      return refusal(400, 'invalid_grant', 'code_verifier does not match the code_challenge.');
    this.exchanges++;
    return this.tokensFor(grant.userId);
  }

  private renew(form: URLSearchParams): OAuthAnswer {
    const old = form.get('refresh_token') ?? '';
    const userId = this.refresh.get(old);
    if (!userId) return refusal(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked.');
    // Rotated: the old refresh token is used up (RFC 6749 §6 allows it; the strictest case for clients).
    this.refresh.delete(old);
    this.refreshes++;
    return this.tokensFor(userId);
  }

  private tokensFor(userId: string): OAuthAnswer {
    const accessToken = this.mint('access');
    const refreshToken = this.mint('refresh');
    this.access.set(accessToken, { userId, expires: Date.now() + this.lifetimeSeconds * 1000 });
    this.refresh.set(refreshToken, userId);
    const body = {
      token_type: 'sessionID',
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: this.lifetimeSeconds,
    };
    return { status: 200, contentType: 'application/json', body: JSON.stringify(body) };
  }

  private mint(kind: 'code' | 'access' | 'refresh'): string {
    const value = kind === 'code' ? hex32(this.rng).slice(0, 20) : `${hex32(this.rng)}${hex32(this.rng).slice(0, 8)}`;
    this.issuedSecrets.push(value);
    return value;
  }
}

function refusal(status: number, error: string, description: string): OAuthAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify({ error, error_description: description }) };
}

function page(status: number, title: string, body: string): OAuthAnswer {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
    `<body><h1>${escape(title)}</h1>${body}</body></html>`;
  return { status, contentType: 'text/html; charset=utf-8', body: html };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
