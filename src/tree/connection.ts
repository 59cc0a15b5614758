// One instance's connection: its key from SecretStorage, the client made with it, and, when there is no
// usable client, why (no key, a key Workfront rejected, a keyring that failed).
import * as vscode from 'vscode';
import type { StoredCredential } from '../auth/credential';
import { KeyringError, type KeyStore } from '../auth/keyStore';
import type { ClientFactory } from '../util/clientFactory';
import type { Log } from '../util/log';
import { isWorkfrontError, type Instance, type WorkfrontApi } from '../workfront';

export type ConnectionStatus =
  | 'unknown' // nothing tried yet
  | 'ready'
  | 'noKey' // signed in here before, but the secret is gone (e.g. signed out in another window)
  | 'keyRejected' // Workfront said the key is wrong or expired: not used again until a new sign-in
  | 'keyringError'; // SecretStorage failed; not the same as signed out

export class Connection {
  status: ConnectionStatus = 'unknown';
  /** Why there is no client (the status says which kind of reason). */
  error?: Error;
  private client?: WorkfrontApi;

  constructor(
    private readonly instance: Instance,
    private readonly keys: KeyStore,
    private readonly clients: ClientFactory,
    private readonly log: Log,
    /** Workfront rejected the key: the instance's rows change to "sign in again". */
    private readonly rejected: () => void,
  ) {}

  /** The client, connecting first if needed. Throws the reason when there is no usable key. */
  async connect(): Promise<WorkfrontApi> {
    if (this.client) return this.client;
    if (this.status === 'keyRejected') throw this.error ?? new Error('key rejected');
    let credential: StoredCredential | undefined;
    try {
      credential = await this.keys.getCredential(this.instance.host);
    } catch (err) {
      return this.fail('keyringError', err instanceof KeyringError ? err : new Error(String(err)));
    }
    if (!credential)
      return this.fail('noKey', new Error(vscode.l10n.t('No API key is stored for {0}.', this.instance.host)));
    // Another call may have connected while the credential was read.
    this.client ??= this.clients.client(this.instance, credential);
    this.status = 'ready';
    this.error = undefined;
    return this.client;
  }

  /** Runs a call; an authentication failure marks the key as rejected so it is not retried in a loop. */
  async call<T>(fn: (client: WorkfrontApi) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      return await fn(client);
    } catch (err) {
      if (isWorkfrontError(err, 'auth') && this.client === client) {
        this.status = 'keyRejected';
        this.error = err;
        void this.close();
        this.log.warn(`${this.instance.host}: ${err.message}`);
        this.rejected();
      }
      throw err;
    }
  }

  /** After a refresh: the keyring may be back, or a key stored meanwhile. A rejected key stays unused. */
  retryIfWorthIt(): void {
    if (this.status === 'noKey' || this.status === 'keyringError') this.forget();
  }

  /** The key changed or was removed: the next call reads it again. */
  forget(): void {
    void this.close();
    this.status = 'unknown';
    this.error = undefined;
  }

  /** Settings changed: the next call makes a client with the new timeout, concurrency and proxy. */
  reconfigure(): void {
    void this.close();
    if (this.status === 'ready') this.status = 'unknown';
  }

  /** Closes the client's connections (resolves when they are closed). */
  close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    return client?.dispose() ?? Promise.resolve();
  }

  private fail(status: ConnectionStatus, error: Error): never {
    this.status = status;
    this.error = error;
    throw error;
  }
}
