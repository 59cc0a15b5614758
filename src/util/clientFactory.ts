// Makes every Workfront client the extension uses (the tree's and sign-in's), so that each one reads the
// current settings, logs its requests through the one log, and has its secrets redacted there.
import { WorkfrontClient, obtainApiKey, type Instance, type WorkfrontApi } from '../workfront';
import type { Log } from './log';
import { readSettings } from './settings';

export interface ClientFactory {
  /** A client for the instance, sending `key`. The caller disposes it. */
  client(instance: Instance, key: string): WorkfrontApi;
  /** Gets the user's API key with their username and password; the password is used once, not kept. */
  obtainApiKey(instance: Instance, username: string, password: string, signal?: AbortSignal): Promise<string>;
}

export function makeClientFactory(log: Log): ClientFactory {
  /** The settings of this moment; each unusable value is logged once, not on every client. */
  const reported = new Set<string>();
  const options = () => {
    const settings = readSettings();
    for (const problem of settings.problems) {
      if (!reported.has(problem)) log.warn(`Settings: ${problem}`);
      reported.add(problem);
    }
    return { ...settings.client, log: log.forClient };
  };
  return {
    client(instance, key) {
      log.addSecret(key);
      return new WorkfrontClient(instance, key, options());
    },
    async obtainApiKey(instance, username, password, signal) {
      // Redacted from the log while it is in use, then forgotten with everything else of the sign-in.
      log.addSecret(password);
      try {
        const key = await obtainApiKey(instance, username, password, options(), signal);
        log.addSecret(key);
        return key;
      } finally {
        log.removeSecret(password);
      }
    },
  };
}
