// Makes every Workfront client the extension uses (the tree's and sign-in's), so that each one reads the
// current settings, logs its requests through the one log, and has its secrets redacted there. Which
// header a credential becomes is decided in one place: `requestAuth`.
import { credentialSecrets, type StoredCredential } from '../auth/credential';
import {
  apiKeyAuth,
  exchangeCode,
  ImsAuth,
  OAuthAuth,
  WorkfrontClient,
  obtainApiKey,
  type Instance,
  type OAuthCredential,
  type RequestAuth,
  type WorkfrontApi,
} from '../workfront';
import type { Log } from './log';
import { readSettings, type Settings } from './settings';

export interface ClientFactory {
  /** A client for the instance, sending the credential (an API key as a string). The caller disposes it. */
  client(instance: Instance, credential: string | StoredCredential): WorkfrontApi;
  /** Gets the user's API key with their username and password; the password is used once, not kept. */
  obtainApiKey(instance: Instance, username: string, password: string, signal?: AbortSignal): Promise<string>;
  /** Where the instance's pages and token endpoint are reached (a local address in tests and the demo). */
  origin(instance: Instance): string;
  /** Exchanges an OAuth authorization code (with its PKCE verifier) for the sign-in's first tokens. */
  exchangeCode(
    instance: Instance,
    r: { readonly clientId: string; readonly code: string; readonly verifier: string; readonly redirectUri: string },
  ): Promise<OAuthCredential>;
}

/** Where renewed OAuth tokens are kept, and read back when another window may have renewed them. */
export interface TokenKeeper {
  getCredential(host: string): Promise<StoredCredential | undefined>;
  saveRenewed(host: string, credential: StoredCredential): Promise<void>;
}

export function makeClientFactory(log: Log, keeper?: TokenKeeper): ClientFactory {
  /** The settings of this moment; each unusable value is logged once, not on every client. */
  const reported = new Set<string>();
  const current = () => {
    const settings = readSettings();
    for (const problem of settings.problems) {
      if (!reported.has(problem)) log.warn(`Settings: ${problem}`);
      reported.add(problem);
    }
    return settings;
  };
  const options = (settings: Settings) => ({ ...settings.client, log: log.forClient });
  return {
    client(instance, credential) {
      const stored: StoredCredential =
        typeof credential === 'string' ? { kind: 'apiKey', key: credential } : credential;
      for (const secret of credentialSecrets(stored)) log.addSecret(secret);
      const settings = current();
      const target = routed(instance, settings);
      return new WorkfrontClient(target, requestAuth(stored, settings, target, log, keeper), options(settings));
    },
    origin(instance) {
      return routed(instance, current()).origin;
    },
    async exchangeCode(instance, r) {
      const settings = current();
      const credential = await exchangeCode(routed(instance, settings).origin, r, settings.client);
      log.addSecret(credential.accessToken);
      log.addSecret(credential.refreshToken);
      return credential;
    },
    async obtainApiKey(instance, username, password, signal) {
      // Redacted from the log while it is in use, then forgotten with everything else of the sign-in.
      log.addSecret(password);
      try {
        const settings = current();
        const key = await obtainApiKey(routed(instance, settings), username, password, options(settings), signal);
        log.addSecret(key);
        return key;
      } finally {
        log.removeSecret(password);
      }
    },
  };
}

/** The headers a stored credential becomes. */
function requestAuth(
  credential: StoredCredential,
  settings: Settings,
  target: Instance,
  log: Log,
  keeper: TokenKeeper | undefined,
): RequestAuth {
  switch (credential.kind) {
    case 'apiKey':
      return apiKeyAuth(credential.key);
    case 's2s':
      return new ImsAuth(credential, {
        endpoint: settings.imsEndpoint,
        timeoutMs: settings.client.timeoutMs,
        proxy: settings.client.proxy,
      });
    case 'oauth':
      return new OAuthAuth(credential, target.origin, {
        timeoutMs: settings.client.timeoutMs,
        proxy: settings.client.proxy,
        saveTokens: async (tokens) => {
          for (const secret of [tokens.accessToken, tokens.refreshToken]) log.addSecret(secret);
          log.info(`${target.host}: the sign-in's access token was renewed.`);
          // A keyring failure must not fail the requests waiting for the token; the next window signs in again.
          await keeper
            ?.saveRenewed(target.host, { ...credential, ...tokens })
            .catch((err: unknown) => log.warn(`Could not keep the renewed tokens for ${target.host}: ${String(err)}`));
        },
        loadTokens: async () => {
          const stored = await keeper?.getCredential(target.host).catch(() => undefined);
          return stored?.kind === 'oauth' && stored.clientId === credential.clientId ? stored : undefined;
        },
      });
  }
}

/**
 * The instance with its requests sent to the local address a user setting names for its host (tests and
 * the demo); the host, under which the credential is stored and shown, stays the same.
 */
function routed(instance: Instance, settings: Settings): Instance {
  const local = settings.localApiAddresses.get(instance.host);
  if (!local) return instance;
  const version = instance.apiBase.slice(instance.apiBase.lastIndexOf('/'));
  return { ...instance, origin: local, apiBase: `${local}/attask/api${version}` };
}
