// Getting an API key from a username and password (the sign-in flow that has no key yet).
import { WorkfrontError } from './errors';
import type { Instance } from './instance';
import { asRecord } from './records';
import { Transport, type TransportOptions } from './transport';
import { NO_AUTH } from './auth';

/**
 * Gets an API key from a username and password, as Workfront documents: `getApiKey` returns the
 * user's existing key (which other integrations may be using, so it is never replaced); only when
 * there is none does `generateApiKey` make one. The password travels in a form body, never in a URL,
 * and is not kept.
 */
export async function obtainApiKey(
  instance: Instance,
  username: string,
  password: string,
  options: TransportOptions = {},
  signal?: AbortSignal,
): Promise<string> {
  // The password is a secret of this transport: a server that echoes it back never gets it shown.
  const transport = new Transport(instance, NO_AUTH, { ...options, secrets: [...(options.secrets ?? []), password] });
  const form: Array<[string, string]> = [
    ['username', username],
    ['password', password],
    ['method', 'PUT'],
  ];
  try {
    const get = async (action: 'getApiKey' | 'generateApiKey') => {
      const operation = action === 'getApiKey' ? 'Get the API key' : 'Generate an API key';
      // getApiKey only reads, so it may be retried; generateApiKey makes a new key and is sent once.
      return transport.call(
        {
          method: 'PUT',
          path: 'user',
          query: [['action', action]],
          form,
          operation,
          idempotent: action === 'getApiKey',
          signal,
        },
        (data) => {
          const result = asRecord(data, operation).result;
          if (typeof result !== 'string')
            throw new WorkfrontError('malformed', `${operation}: Workfront's answer had no key.`, { operation });
          return result;
        },
      );
    };
    const existing = await get('getApiKey');
    return existing !== '' ? existing : await get('generateApiKey');
  } finally {
    await transport.close();
  }
}
