// All signed-in instances, kept in step with the key store (including sign-in and sign-out in other
// windows, through SecretStorage's change event).
import * as vscode from 'vscode';
import type { KeyStore } from '../auth/keyStore';
import { setContext } from '../util/context';
import type { Log } from '../util/log';
import type { Instance } from '../workfront';
import { InstanceModel, type GroupKey } from './instanceModel';

export interface ModelChange {
  /** Undefined: the set of instances changed. */
  readonly model?: InstanceModel;
  readonly group?: GroupKey;
}

export class UsersModel implements vscode.Disposable {
  private readonly models = new Map<string, InstanceModel>();
  private readonly subscriptions = new Map<string, vscode.Disposable>();
  private readonly changed = new vscode.EventEmitter<ModelChange>();
  readonly onDidChange = this.changed.event;
  private readonly loaded = new vscode.EventEmitter<InstanceModel>();
  /** An instance loaded its counts and signed-in user. */
  readonly onDidLoad = this.loaded.event;
  private readonly keySubscription: vscode.Disposable;

  constructor(
    readonly keys: KeyStore,
    private readonly log: Log,
  ) {
    this.sync();
    this.keySubscription = keys.onDidChangeKey((host) => {
      this.log.info(`The stored API key for ${host} changed.`);
      this.sync();
      this.models.get(host)?.resetConnection();
    });
  }

  all(): InstanceModel[] {
    return [...this.models.values()];
  }

  get(host: string): InstanceModel | undefined {
    return this.models.get(host);
  }

  /** Rebuilds the list of instances from the key store; existing models (and their data) are kept. */
  sync(): void {
    const wanted = new Map(this.keys.instances().map((i): [string, Instance] => [i.host, i]));
    let changed = false;
    for (const [host, model] of this.models) {
      if (wanted.get(host)?.apiBase !== model.instance.apiBase) {
        model.dispose();
        this.subscriptions.get(host)?.dispose();
        this.models.delete(host);
        this.subscriptions.delete(host);
        changed = true;
      }
    }
    for (const [host, instance] of wanted) {
      if (this.models.has(host)) continue;
      const model = new InstanceModel(instance, this.keys, this.log);
      this.models.set(host, model);
      this.subscriptions.set(
        host,
        vscode.Disposable.from(
          model.onDidChange((group) => this.changed.fire({ model, group })),
          model.onDidLoad(() => this.loaded.fire(model)),
        ),
      );
      changed = true;
    }
    void setContext('workfront.signedIn', this.models.size > 0);
    void setContext('workfront.multipleInstances', this.models.size > 1);
    if (changed) this.changed.fire({});
  }

  refreshAll(): void {
    for (const model of this.models.values()) model.refresh();
  }

  /** Stops every listing in progress; true if any was stopped. */
  pauseLoads(): boolean {
    let stopped = false;
    for (const model of this.models.values()) stopped = model.pauseLoads() || stopped;
    return stopped;
  }

  dispose(): void {
    this.keySubscription.dispose();
    for (const s of this.subscriptions.values()) s.dispose();
    for (const m of this.models.values()) m.dispose();
    this.changed.dispose();
    this.loaded.dispose();
  }
}
