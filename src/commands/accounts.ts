// The Accounts menu: browser (OAuth2) sign-ins are sessions of a `workfront` AuthenticationProvider, one
// per instance, listed with Sign Out as GitHub's and Microsoft's are. Sessions are read from the same
// SecretStorage entries the requests use, so both places always agree; a change there (a sign-in or
// sign-out here, or in another window) updates the menu. Sign Out in the menu is the Sign Out command's.
// API-key and Server-to-Server sign-ins are not listed: they are a key and a service credential rather
// than a person's sign-in, and a session would hand that long-lived secret to any extension the user
// lets read Workfront sessions (docs/oauth.md).
import * as vscode from 'vscode';
import type { Instance } from '../workfront';
import type { Services } from './services';
import { signOutOf } from './signOut';

export const AUTH_PROVIDER_ID = 'workfront';

export class WorkfrontAccounts implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  /** The sessions last announced, by id (the host), to tell what a change added or removed. */
  private known = new Map<string, vscode.AuthenticationSession>();
  /** One comparison at a time, in the order the changes came. */
  private announcing: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly svc: Services) {
    this.subscriptions = [
      this.changed,
      // The secret changes before the list of instances does: the host of the change is looked at too.
      svc.keys.onDidChangeKey((host) => void this.announce(host)),
      vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'Workfront', this, {
        supportsMultipleAccounts: true,
      }),
    ];
    void this.announce();
  }

  getSessions(): Promise<vscode.AuthenticationSession[]> {
    return this.sessionsOf(this.svc.keys.instances().map((i) => i.host));
  }

  private async sessionsOf(hosts: Iterable<string>): Promise<vscode.AuthenticationSession[]> {
    const sessions: vscode.AuthenticationSession[] = [];
    for (const host of new Set(hosts)) {
      // A keyring that cannot be read lists nothing for that instance; the tree says why.
      const credential = await this.svc.keys.getCredential(host).catch(() => undefined);
      if (credential?.kind !== 'oauth') continue;
      const name = this.svc.keys.accountName(host);
      sessions.push({
        id: host,
        accessToken: credential.accessToken,
        account: { id: host, label: name ? `${name} (${host})` : host },
        scopes: [],
      });
    }
    return sessions;
  }

  /** Asked for by another extension or the Accounts menu: the Sign In command, then its browser session. */
  async createSession(): Promise<vscode.AuthenticationSession> {
    const before = new Set((await this.getSessions()).map((s) => s.id));
    await vscode.commands.executeCommand('workfront.signIn');
    const added = (await this.getSessions()).find((s) => !before.has(s.id));
    if (!added)
      throw new Error(
        vscode.l10n.t('No Workfront account was added: only a sign-in in the browser is listed in the Accounts menu.'),
      );
    return added;
  }

  async removeSession(sessionId: string): Promise<void> {
    const instance: Instance | undefined = this.svc.keys.instances().find((i) => i.host === sessionId);
    if (instance) await signOutOf(this.svc, instance);
    await this.announce();
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }

  private announce(host?: string): Promise<void> {
    this.announcing = this.announcing.then(
      () => this.compare(host),
      () => this.compare(host),
    );
    return this.announcing;
  }

  /** Compares the stored sessions with the ones last announced, and tells VS Code what changed. */
  private async compare(host: string | undefined): Promise<void> {
    const hosts = [...this.svc.keys.instances().map((i) => i.host), ...this.known.keys(), ...(host ? [host] : [])];
    const now = new Map((await this.sessionsOf(hosts)).map((s): [string, vscode.AuthenticationSession] => [s.id, s]));
    const added = [...now.values()].filter((s) => !this.known.has(s.id));
    const removed = [...this.known.values()].filter((s) => !now.has(s.id));
    const changed = [...now.values()].filter((s) => {
      const old = this.known.get(s.id);
      return old !== undefined && (old.accessToken !== s.accessToken || old.account.label !== s.account.label);
    });
    this.known = now;
    if (added.length + removed.length + changed.length > 0) this.changed.fire({ added, removed, changed });
  }
}
