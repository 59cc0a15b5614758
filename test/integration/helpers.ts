// Shared steps for the integration tests, which run inside a real VS Code (the extension host).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Services } from '../../src/commands/services';
import type { TreeNode, UserNode } from '../../src/tree/nodes';
import { startSimulator } from '../simulator';
import type { Simulator, SimulatorOptions } from '../simulator/types';

export const EXTENSION_ID = 'workfront-users.workfront-users';

export async function services(): Promise<Services> {
  const ext = vscode.extensions.getExtension<Services | undefined>(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  const svc = await ext.activate();
  assert.ok(svc, 'the extension exposes its services in test mode');
  return svc;
}

export function simulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ users: 60, ...opts });
}

type WindowFn = 'showInputBox' | 'showQuickPick' | 'showWarningMessage' | 'showErrorMessage' | 'showInformationMessage';

/** Replaces vscode.window functions for one test; `restore()` puts the real ones back. */
export class Prompts {
  private readonly originals = new Map<WindowFn, unknown>();
  readonly shown: Array<{ fn: WindowFn; message: string; detail?: string; items: string[] }> = [];

  private replace(fn: WindowFn, impl: (...args: unknown[]) => unknown): void {
    const win = vscode.window as unknown as Record<WindowFn, unknown>;
    if (!this.originals.has(fn)) this.originals.set(fn, win[fn]);
    win[fn] = impl;
  }

  /** Answers input boxes in order. */
  inputs(...answers: Array<string | undefined>): this {
    const queue = [...answers];
    this.replace('showInputBox', async (opts: unknown) => {
      const o = opts as vscode.InputBoxOptions | undefined;
      this.shown.push({ fn: 'showInputBox', message: o?.prompt ?? '', items: [] });
      const answer = queue.shift();
      if (answer !== undefined && o?.validateInput) {
        const problem = await o.validateInput(answer);
        if (problem) throw new Error(`input "${answer}" refused: ${JSON.stringify(problem)}`);
      }
      return answer;
    });
    return this;
  }

  /** Answers quick picks by choosing the first item whose label includes the text. */
  picks(...labels: Array<string | undefined>): this {
    const queue = [...labels];
    this.replace('showQuickPick', async (items: unknown) => {
      const resolved = (await (items as Thenable<vscode.QuickPickItem[]>)) as vscode.QuickPickItem[];
      const want = queue.shift();
      this.shown.push({ fn: 'showQuickPick', message: '', items: resolved.map((i) => i.label) });
      return want === undefined ? undefined : resolved.find((i) => i.label.includes(want));
    });
    return this;
  }

  /** Records messages; modals are answered with `answer` (undefined = cancel), other messages with `click`. */
  messages(answer?: string, click?: string): this {
    for (const fn of ['showWarningMessage', 'showErrorMessage', 'showInformationMessage'] as const) {
      this.replace(fn, async (message: unknown, ...rest: unknown[]) => {
        const options = typeof rest[0] === 'object' && rest[0] !== null && !Array.isArray(rest[0]) && 'modal' in (rest[0] as object) ? (rest.shift() as vscode.MessageOptions) : undefined;
        const items = rest.map((i) => (typeof i === 'string' ? i : (i as vscode.MessageItem).title));
        this.shown.push({ fn, message: String(message), detail: options?.detail, items });
        const reply = options?.modal ? answer : click;
        return reply !== undefined && items.includes(reply) ? reply : undefined;
      });
    }
    return this;
  }

  messagesOf(fn: WindowFn): string[] {
    return this.shown.filter((s) => s.fn === fn).map((s) => s.message);
  }

  restore(): void {
    const win = vscode.window as unknown as Record<WindowFn, unknown>;
    for (const [fn, original] of this.originals) win[fn] = original;
    this.originals.clear();
  }
}

/** Signs in to the simulator with an API key through the real command. */
export async function signIn(sim: Simulator, key = sim.apiKey): Promise<boolean> {
  const prompts = new Prompts().inputs(sim.url, key).picks('API key').messages();
  try {
    return (await vscode.commands.executeCommand<boolean>('workfront.signIn')) === true;
  } finally {
    prompts.restore();
  }
}

export async function signOutAll(svc: Services): Promise<void> {
  const prompts = new Prompts().messages();
  try {
    for (const m of svc.model.all()) await vscode.commands.executeCommand('workfront.signOut', m.instance.host);
  } finally {
    prompts.restore();
  }
}

export async function labels(svc: Services, node?: TreeNode): Promise<string[]> {
  const children = await svc.provider.getChildren(node);
  return children.map((c) => String(svc.provider.getTreeItem(c).label));
}

export async function group(svc: Services, which: 'active' | 'inactive'): Promise<TreeNode> {
  const roots = await svc.provider.getChildren();
  const found = roots.find((n) => n.kind === 'group' && n.group === which);
  assert.ok(found, `the ${which} group is shown; rows: ${JSON.stringify(roots.map((r) => svc.provider.getTreeItem(r).label))}`);
  return found;
}

export async function userRows(svc: Services, which: 'active' | 'inactive'): Promise<UserNode[]> {
  const rows = await svc.provider.getChildren(await group(svc, which));
  return rows.filter((r): r is UserNode => r.kind === 'user');
}

export async function userRow(svc: Services, which: 'active' | 'inactive', userId: string): Promise<UserNode | undefined> {
  return (await userRows(svc, which)).find((r) => r.userId === userId);
}

export function updatesIn(sim: Simulator, userId?: string) {
  return sim.log.filter((r) => r.op === 'update' && (userId === undefined || r.objId === userId));
}

/** The root labels the tree should show for the simulator's current users. */
export function expectedGroupLabels(sim: Simulator): string[] {
  const users = sim.store.all();
  const scheduled = users.filter((u) => u.isActive && u.scheduleDeactivationDate !== null).length;
  const labels = [`Active (${sim.store.count(true)})`, `Inactive (${sim.store.count(false)})`];
  if (scheduled > 0) labels.push(`Scheduled to Leave (${scheduled})`);
  return labels;
}

/** Polls until `check` holds (for effects of buttons clicked in notifications, which run later). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
