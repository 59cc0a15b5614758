// All signed-in instances, kept in step with the key store (including sign-in and sign-out in other
// windows, through SecretStorage's change event).
import * as vscode from 'vscode';
import type { AuditTrail } from '../audit/trail';
import type { KeyStore } from '../auth/keyStore';
import type { ClientFactory } from '../util/clientFactory';
import { setContext } from '../util/context';
import type { Log } from '../util/log';
import type { Instance } from '../workfront';
import { InstanceModel, type GroupKey, type InstanceChange } from './instanceModel';

export interface ModelChange {
  /** Undefined: the set of instances changed. */
  readonly model?: InstanceModel;
  readonly change?: InstanceChange;
}

export class UsersModel implements vscode.Disposable {
  private readonly models = new Map<string, { model: InstanceModel; subscriptions: vscode.Disposable }>();
  private readonly changed = new vscode.EventEmitter<ModelChange>();
  readonly onDidChange = this.changed.event;
  private readonly keySubscription: vscode.Disposable;

  constructor(
    readonly keys: KeyStore,
    private readonly clients: ClientFactory,
    private readonly log: Log,
    readonly audit: AuditTrail,
  ) {
    this.sync();
    this.keySubscription = keys.onDidChangeKey((host) => {
      this.log.info(`The stored API key for ${host} changed.`);
      this.sync();
      this.get(host)?.resetConnection();
    });
  }

  all(): InstanceModel[] {
    return [...this.models.values()].map((m) => m.model);
  }

  get(host: string): InstanceModel | undefined {
    return this.models.get(host)?.model;
  }

  /** Rebuilds the list of instances from the key store; existing models (and their data) are kept. */
  sync(): void {
    const wanted = new Map(this.keys.instances().map((i): [string, Instance] => [i.host, i]));
    let changed = false;
    for (const [host, { model, subscriptions }] of this.models) {
      if (wanted.get(host)?.apiBase !== model.instance.apiBase) {
        subscriptions.dispose();
        model.dispose();
        this.models.delete(host);
        changed = true;
      }
    }
    for (const [host, instance] of wanted) {
      if (this.models.has(host)) continue;
      const model = new InstanceModel(instance, this.keys, this.clients, this.log, this.audit);
      const subscriptions = model.onDidChange((change) => this.changed.fire({ model, change }));
      this.models.set(host, { model, subscriptions });
      changed = true;
    }
    void setContext('workfront.signedIn', this.models.size > 0);
    if (changed) this.changed.fire({});
  }

  refreshAll(): void {
    for (const model of this.all()) model.refresh();
  }

  /** Stops every listing in progress that no command waits for; returns the groups stopped. */
  pauseLoads(): Array<{ readonly host: string; readonly group: GroupKey }> {
    return this.all().flatMap((m) => m.pauseLoads().map((group) => ({ host: m.instance.host, group })));
  }

  /** Stops every load and waits until every client has closed its connections. */
  async close(): Promise<void> {
    this.keySubscription.dispose();
    const closing = [...this.models.values()].map(({ model, subscriptions }) => {
      subscriptions.dispose();
      return model.close();
    });
    this.models.clear();
    this.changed.dispose();
    await Promise.all(closing);
  }

  dispose(): void {
    void this.close();
  }
}
