// Makes every Workfront client the extension uses (the tree's and sign-in's), so that each one reads the
// current settings, logs its requests through the one log, and has its secrets redacted there. Which
// header a credential becomes is decided in one place: `requestAuth`.
import { credentialSecrets, type StoredCredential } from '../auth/credential';
import {
  apiKeyAuth,
  ImsAuth,
  WorkfrontClient,
  obtainApiKey,
  type Instance,
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
}

export function makeClientFactory(log: Log): ClientFactory {
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
      return new WorkfrontClient(routed(instance, settings), requestAuth(stored, settings), options(settings));
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

/** The headers a stored credential becomes; OAuth sign-ins add a case here. */
function requestAuth(credential: StoredCredential, settings: Settings): RequestAuth {
  switch (credential.kind) {
    case 'apiKey':
      return apiKeyAuth(credential.key);
    case 's2s':
      return new ImsAuth(credential, {
        endpoint: settings.imsEndpoint,
        timeoutMs: settings.client.timeoutMs,
        proxy: settings.client.proxy,
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
