// What is kept in SecretStorage for one instance: an API key (stored as the bare key, as before), or a
// Server-to-Server credential (stored as JSON, so its secret never leaves SecretStorage; the client ID
// and org ID are not secret but belong with it), or the tokens of an OAuth sign-in in the browser (JSON,
// with the client ID of the Workfront OAuth2 application that issued them).
import type { OAuthCredential, ServerToServerCredential } from '../workfront';

export type StoredCredential =
  | { readonly kind: 'apiKey'; readonly key: string }
  | ({ readonly kind: 's2s' } & ServerToServerCredential)
  | ({ readonly kind: 'oauth' } & OAuthCredential);

export function encodeCredential(credential: StoredCredential): string {
  if (credential.kind === 'apiKey') return credential.key;
  if (credential.kind === 'oauth') {
    const { clientId, accessToken, refreshToken, renewAt, expiresAt } = credential;
    return JSON.stringify({ kind: 'oauth', clientId, accessToken, refreshToken, renewAt, expiresAt });
  }
  const { clientId, clientSecret, orgId, scopes } = credential;
  return JSON.stringify({ kind: 's2s', clientId, clientSecret, orgId, scopes });
}

/** The credential in a stored text; undefined when it is not one this version understands. */
export function decodeCredential(text: string | undefined): StoredCredential | undefined {
  if (!text) return undefined;
  if (!text.startsWith('{')) return { kind: 'apiKey', key: text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const text_ = (k: string) => (typeof v[k] === 'string' && v[k] ? (v[k] as string) : undefined);
  if (v.kind === 'oauth') return decodeOAuth(v, text_);
  const [clientId, clientSecret, orgId, scopes] = ['clientId', 'clientSecret', 'orgId', 'scopes'].map(text_);
  if (v.kind !== 's2s' || !clientId || !clientSecret || !orgId || !scopes) return undefined;
  return { kind: 's2s', clientId, clientSecret, orgId, scopes };
}

function decodeOAuth(
  v: Record<string, unknown>,
  text_: (k: string) => string | undefined,
): StoredCredential | undefined {
  const [clientId, accessToken, refreshToken] = ['clientId', 'accessToken', 'refreshToken'].map(text_);
  const { renewAt, expiresAt } = v;
  if (!clientId || !accessToken || !refreshToken || typeof renewAt !== 'number' || typeof expiresAt !== 'number')
    return undefined;
  return { kind: 'oauth', clientId, accessToken, refreshToken, renewAt, expiresAt };
}

/** What must be redacted wherever this credential could show. */
export function credentialSecrets(credential: StoredCredential): string[] {
  switch (credential.kind) {
    case 'apiKey':
      return [credential.key];
    case 's2s':
      return [credential.clientSecret];
    case 'oauth':
      return [credential.accessToken, credential.refreshToken];
  }
}
