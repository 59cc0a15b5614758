// The extension activated on plain Node: the fake `vscode` (./vscode.ts), a fake context, and a fake
// Workfront (./client.ts) behind the same Services the real activation builds.
import { activateWith } from '../../src/extension';
import type { Services } from '../../src/commands/services';
import { parseInstance, type Instance, type UserSummary } from '../../src/workfront';
import { FakeWorkfront } from './client';
import * as fake from './vscode';

export const HOST = 'acme.my.workfront.com';

export interface Activated {
  readonly svc: Services;
  readonly wf: FakeWorkfront;
  readonly context: ReturnType<typeof fake.makeContext>;
  readonly instance: Instance;
  readonly view: fake.FakeTreeView<unknown>;
  /** Disposes what activation registered (commands, emitters), as VS Code does on deactivation. */
  dispose(): void;
}

export function activateFake(
  opts: { users?: number; signedIn?: boolean; shape?: (i: number) => Partial<UserSummary> } = {},
): Activated {
  fake.reset();
  const wf = new FakeWorkfront(opts.users ?? 10, opts.shape);
  const context = fake.makeContext();
  const instance = parseInstance(HOST);
  if (opts.signedIn !== false) {
    context.secrets.values.set(`workfront.apiKey/${instance.host}`, 'good-key');
    context.globalState.values.set('workfront.instances', [{ origin: instance.origin, apiBase: instance.apiBase }]);
  }
  const svc = activateWith(context as never, () => wf.factory());
  if (!svc) throw new Error('activation in test mode returns the services');
  const view = fake.treeViews[fake.treeViews.length - 1];
  return {
    svc,
    wf,
    context,
    instance,
    view,
    dispose: () => {
      for (const d of context.subscriptions.splice(0)) d.dispose();
    },
  };
}
