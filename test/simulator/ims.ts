// The Adobe-hosted mode: a local stand-in for Adobe IMS (`POST /ims/token/v3`, client_credentials, tokens
// that expire) and the checks Workfront makes on such an organisation: a bearer token only with the
// `x-gw-ims-org-id` header of its organisation, no username/password sign-in (Adobe docs: API basics,
// "not available" once onboarded to the Adobe Business Platform). The technical account acts as the
// main admin here (on Workfront it gets admin rights from the Admin Console product profile).
import { hex32, stream, type Rng } from './prng';

export interface AdobeHostedOptions {
  /** Token lifetime in seconds (Adobe: 86399). Tests use a few seconds to see renewal. */
  readonly tokenLifetimeSeconds?: number;
}

export interface ServerToServerSecrets {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly orgId: string;
  readonly scopes: string;
}

export interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Workfront's words for the refused sign-in on such an organisation (the status is not documented). */
export const NOT_AVAILABLE_ON_ADOBE =
  'Username and password sign-in through the API is not available for organisations onboarded to the Adobe Business Platform.';

export class ImsSimulator {
  readonly credential: ServerToServerSecrets;
  private readonly tokens = new Map<string, number>();
  private readonly rng: Rng;
  private lifetimeSeconds: number;
  private secret: string;
  /** Tokens issued so far; tests count renewals with it. */
  issued = 0;
  /** Every client secret this IMS ever had (the secret scan looks for all of them). */
  readonly secretsIssued: string[] = [];

  constructor(seed: number, options: AdobeHostedOptions = {}) {
    this.rng = stream(seed, 'ims');
    this.lifetimeSeconds = options.tokenLifetimeSeconds ?? 86399;
    this.secret = `p8e-${hex32(this.rng)}`;
    this.secretsIssued.push(this.secret);
    this.credential = {
      clientId: hex32(this.rng),
      clientSecret: this.secret,
      orgId: `${hex32(this.rng).slice(0, 24).toUpperCase()}@AdobeOrg`,
      scopes: 'openid,AdobeID',
    };
  }

  get clientSecret(): string {
    return this.secret;
  }

  /** `POST /ims/token/v3` with a form body, as Adobe's reference shows; parameters in the query are refused. */
  token(form: URLSearchParams, query: string): TokenAnswer {
    if (query) return refusal(400, 'invalid_request', 'Send the parameters in the body.');
    if (form.get('grant_type') !== 'client_credentials')
      return refusal(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
    if (form.get('client_id') !== this.credential.clientId || form.get('client_secret') !== this.secret)
      return refusal(401, 'invalid_client', 'invalid client_id or client_secret');
    if (!form.get('scope')) return refusal(400, 'invalid_scope', 'scope is required');
    const token = `eyJ${hex32(this.rng)}${hex32(this.rng)}`;
    this.tokens.set(token, Date.now() + this.lifetimeSeconds * 1000);
    this.issued++;
    return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: this.lifetimeSeconds } };
  }

  /** Whether a request's bearer token and organisation header are good now. */
  accepts(authorization: string | undefined, orgHeader: string | undefined): boolean {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token || orgHeader !== this.credential.orgId) return false;
    const expires = this.tokens.get(token);
    return expires !== undefined && Date.now() < expires;
  }

  /** Every token issued so far stops working (as they do when they expire mid-session). */
  expireTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  setTokenLifetime(seconds: number): void {
    this.lifetimeSeconds = seconds;
  }

  /** The secret is rotated in the Developer Console: tokens stop, and the old secret gets no new one. */
  revokeCredential(): void {
    this.expireTokens();
    this.secret = `p8e-${hex32(this.rng)}`;
    this.secretsIssued.push(this.secret);
  }
}

function refusal(status: number, error: string, description: string): TokenAnswer {
  return { status, body: { error, error_description: description } };
}
