// What is kept in SecretStorage for one instance: an API key (stored as the bare key, as before), or a
// Server-to-Server credential (stored as JSON, so its secret never leaves SecretStorage; the client ID
// and org ID are not secret but belong with it). A later OAuth sign-in adds one more kind here.
import type { ServerToServerCredential } from '../workfront';

export type StoredCredential =
  { readonly kind: 'apiKey'; readonly key: string } | ({ readonly kind: 's2s' } & ServerToServerCredential);

export function encodeCredential(credential: StoredCredential): string {
  if (credential.kind === 'apiKey') return credential.key;
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
  const [clientId, clientSecret, orgId, scopes] = ['clientId', 'clientSecret', 'orgId', 'scopes'].map(text_);
  if (v.kind !== 's2s' || !clientId || !clientSecret || !orgId || !scopes) return undefined;
  return { kind: 's2s', clientId, clientSecret, orgId, scopes };
}

/** What must be redacted wherever this credential could show. */
export function credentialSecrets(credential: StoredCredential): string[] {
  return credential.kind === 'apiKey' ? [credential.key] : [credential.clientSecret];
}
