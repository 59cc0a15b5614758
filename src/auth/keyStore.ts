// Credentials (an API key, a Server-to-Server credential, an OAuth sign-in's tokens) in VS Code's
// SecretStorage, one per instance host, so a credential is only ever sent to the host it was verified against. The list of signed-in
// instances (no secrets; their kind and experience.adobe.com organisation) is kept in global state.
import * as vscode from 'vscode';
import { isExperienceTenant, parseInstance, type Instance, type OrgKind } from '../workfront';
import { decodeCredential, encodeCredential, type StoredCredential } from './credential';

const KEY_PREFIX = 'workfront.apiKey/';
const INSTANCES = 'workfront.instances';
const LAST_INSTANCE = 'workfront.lastInstance';
/** Username last signed in with, per host: not a secret, and never a password. */
const USERNAMES = 'workfront.usernames';
/** Client ID of the OAuth2 application last signed in with, per host: not a secret (like the address). */
const CLIENT_IDS = 'workfront.oauthClientIds';
/** Name of the user a browser sign-in is for, per host, as the Accounts menu shows it (not a secret). */
const ACCOUNT_NAMES = 'workfront.accountNames';

/** SecretStorage could not be read or written (for example, no keyring on a Linux desktop). */
export class KeyringError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'KeyringError';
  }
}

interface StoredInstance {
  readonly origin: string;
  readonly apiBase: string;
  readonly kind?: OrgKind;
  readonly company?: string;
  readonly tenant?: string;
}

export class KeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the host whose key changed, here or in another window. */
  readonly onDidChangeKey = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** What this window last wrote when it renewed a sign-in's tokens, per host (see `saveRenewed`). */
  private readonly renewedHere = new Map<string, string>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (!e.key.startsWith(KEY_PREFIX)) return;
      const host = e.key.slice(KEY_PREFIX.length);
      const ours = this.renewedHere.get(host);
      if (ours === undefined) return this.changed.fire(host);
      // This window's own renewal changes nothing for it; any other change (sign-out, another window's
      // renewal or sign-in) is announced.
      void this.secrets.get(e.key).then(
        (now) => now !== ours && this.changed.fire(host),
        () => this.changed.fire(host),
      );
    });
  }

  /** Instances signed in to, in the order they were added. No network, no secret read. */
  instances(): Instance[] {
    const stored = this.state.get<StoredInstance[]>(INSTANCES, []);
    const result: Instance[] = [];
    for (const s of stored) {
      try {
        const parsed = parseInstance(s.apiBase);
        if (parsed.apiBase === s.apiBase) result.push(restored(parsed, s));
      } catch {
        // An entry that no longer passes today's checks is dropped rather than used.
      }
    }
    return result;
  }

  lastInstance(): string | undefined {
    return this.state.get<string>(LAST_INSTANCE);
  }

  /** The username last signed in with on this host, to offer it next time. */
  username(host: string): string | undefined {
    return this.perHost(USERNAMES, host);
  }

  async rememberUsername(host: string, username: string): Promise<void> {
    await this.remember(USERNAMES, host, username);
  }

  /** The client ID of the OAuth2 application last signed in with on this host, to offer it next time. */
  clientId(host: string): string | undefined {
    return this.perHost(CLIENT_IDS, host);
  }

  async rememberClientId(host: string, clientId: string): Promise<void> {
    await this.remember(CLIENT_IDS, host, clientId);
  }

  /** The name of the user signed in to this host in the browser, for the Accounts menu. */
  accountName(host: string): string | undefined {
    return this.perHost(ACCOUNT_NAMES, host);
  }

  async rememberAccountName(host: string, name: string): Promise<void> {
    await this.remember(ACCOUNT_NAMES, host, name);
  }

  private perHost(name: string, host: string): string | undefined {
    const all = this.state.get<Record<string, unknown>>(name, {});
    const value = typeof all === 'object' && all !== null && Object.hasOwn(all, host) ? all[host] : undefined;
    return typeof value === 'string' && value ? value : undefined;
  }

  private async remember(name: string, host: string, value: string): Promise<void> {
    const all = this.state.get<Record<string, unknown>>(name, {});
    await this.state.update(name, { ...(typeof all === 'object' && all !== null ? all : {}), [host]: value });
  }

  /**
   * Replaces the stored tokens of a sign-in after a renewal (the instance list is unchanged). Other
   * windows hear of it through SecretStorage's change event; this one does not (its client has them).
   */
  async saveRenewed(host: string, credential: StoredCredential): Promise<void> {
    const text = encodeCredential(credential);
    this.renewedHere.set(host, text);
    try {
      await this.secrets.store(KEY_PREFIX + host, text);
    } catch (err) {
      throw new KeyringError(
        vscode.l10n.t("Could not save the renewed sign-in in VS Code's secret storage: {0}", String(err)),
        err,
      );
    }
  }

  async getKey(host: string): Promise<string | undefined> {
    try {
      return await this.secrets.get(KEY_PREFIX + host);
    } catch (err) {
      throw new KeyringError(
        vscode.l10n.t("Could not read the API key for {0} from VS Code's secret storage: {1}", host, String(err)),
        err,
      );
    }
  }

  /** The stored credential; undefined when there is none (or one a newer version wrote). */
  async getCredential(host: string): Promise<StoredCredential | undefined> {
    return decodeCredential(await this.getKey(host));
  }

  /** Stores a verified credential (an API key as a string) and records the instance. */
  async add(instance: Instance, credential: string | StoredCredential): Promise<void> {
    const text = encodeCredential(typeof credential === 'string' ? { kind: 'apiKey', key: credential } : credential);
    try {
      await this.secrets.store(KEY_PREFIX + instance.host, text);
    } catch (err) {
      throw new KeyringError(
        vscode.l10n.t("Could not save the API key in VS Code's secret storage: {0}", String(err)),
        err,
      );
    }
    const others = this.state.get<StoredInstance[]>(INSTANCES, []).filter((s) => !sameHost(s, instance));
    const stored: StoredInstance = {
      origin: instance.origin,
      apiBase: instance.apiBase,
      kind: instance.kind,
      company: instance.experience?.company,
      tenant: instance.experience?.tenant,
    };
    await this.state.update(INSTANCES, [...others, stored]);
    await this.state.update(LAST_INSTANCE, instance.apiBase);
  }

  /**
   * Deletes the key, then forgets the instance. In this order: if the keyring fails, the instance stays
   * listed (and the user can try again) rather than being forgotten with its key left behind.
   */
  async remove(instance: Instance): Promise<void> {
    try {
      await this.secrets.delete(KEY_PREFIX + instance.host);
    } catch (err) {
      throw new KeyringError(
        vscode.l10n.t("Could not delete the API key from VS Code's secret storage: {0}", String(err)),
        err,
      );
    }
    await this.state.update(
      INSTANCES,
      this.state.get<StoredInstance[]>(INSTANCES, []).filter((s) => !sameHost(s, instance)),
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The kind and experience.adobe.com organisation recorded at sign-in, when they still pass the checks. */
function restored(instance: Instance, s: StoredInstance): Instance {
  const kind = s.kind === 'adobe' || s.kind === 'classic' ? s.kind : instance.kind;
  const tenant = /^(.+)-([A-Za-z0-9]+)$/.exec(s.tenant ?? '');
  const experience =
    kind === 'adobe' && tenant && isExperienceTenant(s.company, s.tenant)
      ? {
          company: s.company as string,
          tenant: s.tenant as string,
          domain: tenant[1].toLowerCase(),
          environment: tenant[2],
        }
      : undefined;
  return { ...instance, ...(kind ? { kind } : {}), ...(experience ? { experience } : {}) };
}

function sameHost(s: StoredInstance, instance: Instance): boolean {
  try {
    return new URL(s.origin).host === instance.host;
  } catch {
    return false;
  }
}
