// How a request proves who sends it: the one place the authentication header is made and, for
// credentials that expire, renewed. An API key is a fixed header; an Adobe IMS credential (ims.ts) is a
// bearer token fetched, cached and renewed; a later OAuth sign-in is one more implementation.

/** The headers for one request and a stamp naming the credential they carry. */
export interface SignedHeaders {
  readonly headers: Readonly<Record<string, string>>;
  /** Compared on renewal, so that many refused requests renew once. */
  readonly stamp: string;
  /** Secrets in the headers, for redaction (a fresh token is one). */
  readonly secrets: readonly string[];
}

export interface RequestAuth {
  /** Headers for the next request (may fetch a token first). */
  sign(signal?: AbortSignal): Promise<SignedHeaders>;
  /**
   * A request signed with `stamp` was refused as unauthenticated. Renews the credential once for every
   * request that carried it (the others wait for the same renewal); true when sending again may succeed.
   */
  renew(stamp: string, signal?: AbortSignal): Promise<boolean>;
  /** Secrets known now (never sent to anyone but their host; redacted everywhere). */
  secrets(): readonly string[];
  close(): Promise<void>;
}

/** A Workfront API key: sent in the `apiKey` header (Adobe docs: API basics); nothing to renew. */
export function apiKeyAuth(key: string): RequestAuth {
  // An empty key sends no header: Workfront answers "not logged in", as for a missing key.
  const signed: SignedHeaders = { headers: key ? { apiKey: key } : {}, stamp: 'apiKey', secrets: [key] };
  return {
    sign: () => Promise.resolve(signed),
    renew: () => Promise.resolve(false),
    secrets: () => [key],
    close: () => Promise.resolve(),
  };
}

/** No credential (the username/password exchange sends its own in the form body). */
export const NO_AUTH: RequestAuth = {
  sign: () => Promise.resolve({ headers: {}, stamp: '', secrets: [] }),
  renew: () => Promise.resolve(false),
  secrets: () => [],
  close: () => Promise.resolve(),
};
