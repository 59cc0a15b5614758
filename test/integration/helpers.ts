// Shared steps for the integration tests, which run inside a real VS Code (the extension host).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Services } from '../../src/commands/services';
import type { TreeNode, UserNode } from '../../src/tree/nodes';
import { BACK, ScriptedInputBox, ScriptedQuickPick } from '../fakes/scriptedInput';
import { startSimulator } from '../simulator';
import type { LoggedRequest, Simulator, SimulatorOptions } from '../simulator/types';

export const EXTENSION_ID = 'workfront-users.workfront-users';

export async function services(): Promise<Services> {
  const ext = vscode.extensions.getExtension<Services | undefined>(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  const svc = await ext.activate();
  assert.ok(svc, 'the extension exposes its services in test mode');
  return svc;
}

export async function simulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const started: { sim?: Simulator } = {}; // requests only arrive once it listens
  const sim = await startSimulator({
    users: 60,
    ...opts,
    // Every request any test's simulator received, kept after clearLog(), for the suite's secret scan.
    onRequest: (entry) => {
      receivedRequests.push({ receiver: started.sim, entry });
      opts.onRequest?.(entry);
    },
  });
  started.sim = sim;
  startedSimulators.push(sim);
  return sim;
}

type WindowFn =
  | 'showInputBox'
  | 'showQuickPick'
  | 'createInputBox'
  | 'createQuickPick'
  | 'showWarningMessage'
  | 'showErrorMessage'
  | 'showInformationMessage';

/** What a stubbed prompt or message showed. For an input box: its prompt, and its validation message in `detail`. */
export interface ShownPrompt {
  readonly fn: WindowFn;
  readonly message: string;
  readonly detail?: string;
  readonly items: string[];
  readonly title?: string;
  /** The value the box showed (never recorded for a password box). */
  readonly value?: string;
}

/** Replaces vscode.window functions for one test; `restore()` puts the real ones back. */
export class Prompts {
  private readonly originals = new Map<WindowFn, unknown>();
  readonly shown: ShownPrompt[] = [];

  private replace(fn: WindowFn, impl: (...args: unknown[]) => unknown): void {
    const win = vscode.window as unknown as Record<WindowFn, unknown>;
    if (!this.originals.has(fn)) this.originals.set(fn, win[fn]);
    win[fn] = impl;
  }

  /**
   * Answers input boxes in order, those of `showInputBox` and of `createInputBox` alike: each time a
   * created box waits for input (again after a failed try, with its message), it takes the next answer
   * (undefined, or none left: Escape; BACK: the Back button).
   */
  inputs(...answers: Array<string | undefined | typeof BACK>): this {
    const queue = [...answers];
    this.replace('showInputBox', async (opts: unknown) => {
      const o = opts as vscode.InputBoxOptions | undefined;
      this.shown.push({ fn: 'showInputBox', message: o?.prompt ?? '', items: [], title: o?.title, value: o?.value });
      const given = queue.shift();
      const answer = given === BACK ? undefined : given;
      if (answer !== undefined && o?.validateInput) {
        const problem = await o.validateInput(answer);
        if (problem) throw new Error(`input "${answer}" refused: ${JSON.stringify(problem)}`);
      }
      return answer;
    });
    this.replace(
      'createInputBox',
      () =>
        new ScriptedInputBox(
          () => queue.shift(),
          vscode.QuickInputButtons.Back,
          (box) =>
            this.shown.push({
              fn: 'showInputBox',
              message: box.prompt ?? '',
              detail: box.validation,
              items: [],
              title: box.title,
              value: box.password ? undefined : box.value,
            }),
          10,
        ),
    );
    return this;
  }

  /**
   * Answers quick picks (of `showQuickPick` and `createQuickPick`) in order by choosing the first item whose
   * label includes the text (undefined: Escape; BACK: the Back button).
   */
  picks(...labels: Array<string | undefined | typeof BACK>): this {
    const queue = [...labels];
    const choose = <T extends vscode.QuickPickItem>(items: readonly T[], want: string) => {
      const found = items.find((i) => i.label.includes(want));
      assert.ok(found, `no "${want}" in ${JSON.stringify(items.map((i) => i.label))}`);
      return found;
    };
    this.replace('showQuickPick', async (items: unknown) => {
      const resolved = (await (items as Thenable<vscode.QuickPickItem[]>)) as vscode.QuickPickItem[];
      const want = queue.shift();
      this.shown.push({ fn: 'showQuickPick', message: '', items: resolved.map((i) => i.label) });
      return want === undefined || want === BACK ? undefined : choose(resolved, want);
    });
    this.replace(
      'createQuickPick',
      () =>
        new ScriptedQuickPick<vscode.QuickPickItem>(
          (pick) => {
            const want = queue.shift();
            return want === undefined || want === BACK ? want : choose(pick.items, want);
          },
          vscode.QuickInputButtons.Back,
          (pick) =>
            this.shown.push({
              fn: 'showQuickPick',
              message: pick.placeholder ?? '',
              items: [...pick.items],
              title: pick.title,
            }),
          10,
        ),
    );
    return this;
  }

  /** The validation messages input boxes showed (a refused value, or a failed try), in order. */
  inputProblems(): string[] {
    return this.shown.flatMap((s) => (s.fn === 'showInputBox' && s.detail ? [s.detail] : []));
  }

  /**
   * Records messages; a modal is answered with the first of `answer` it offers (none: cancel), other
   * messages are clicked with `click`, `once` only the first time it is offered.
   */
  messages(answer?: string | readonly string[], click?: string, once = false): this {
    const answers = typeof answer === 'string' ? [answer] : (answer ?? []);
    let clicked = false;
    for (const fn of ['showWarningMessage', 'showErrorMessage', 'showInformationMessage'] as const) {
      this.replace(fn, async (message: unknown, ...rest: unknown[]) => {
        const options =
          typeof rest[0] === 'object' && rest[0] !== null && !Array.isArray(rest[0]) && 'modal' in (rest[0] as object)
            ? (rest.shift() as vscode.MessageOptions)
            : undefined;
        const items = rest.map((i) => (typeof i === 'string' ? i : (i as vscode.MessageItem).title));
        this.shown.push({ fn, message: String(message), detail: options?.detail, items });
        if (options?.modal) return answers.find((a) => items.includes(a));
        if (click === undefined || !items.includes(click) || (once && clicked)) return undefined;
        clicked = true;
        return click;
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

/** The rows at the top that tell who is signed in and the license totals (their own tests check them). */
export const isInfoRow = (n: TreeNode): boolean => n.kind === 'account' || n.kind === 'licences';

/** The labels of a node's children; at the top, the groups and any message rows (not the info rows). */
export async function labels(svc: Services, node?: TreeNode): Promise<string[]> {
  const children = (await svc.provider.getChildren(node)).filter((n) => node !== undefined || !isInfoRow(n));
  return children.map((c) => String(svc.provider.getTreeItem(c).label));
}

export async function group(svc: Services, which: 'active' | 'inactive'): Promise<TreeNode> {
  const roots = await svc.provider.getChildren();
  const found = roots.find((n) => n.kind === 'group' && n.group === which);
  assert.ok(
    found,
    `the ${which} group is shown; rows: ${JSON.stringify(roots.map((r) => svc.provider.getTreeItem(r).label))}`,
  );
  return found;
}

export async function userRows(svc: Services, which: 'active' | 'inactive'): Promise<UserNode[]> {
  const rows = await svc.provider.getChildren(await group(svc, which));
  return rows.filter((r): r is UserNode => r.kind === 'user');
}

export async function userRow(
  svc: Services,
  which: 'active' | 'inactive',
  userId: string,
): Promise<UserNode | undefined> {
  return (await userRows(svc, which)).find((r) => r.userId === userId);
}

/** Requests for open work (tasks, issues, projects, templates, approvals, assignments), not for users. */
export const WORK_PATH = /\/(task|optask|issue|proj|project|tmpl|template|awaitingapproval|assgn|assignment)(\/|$| )/i;

/**
 * The requests about users: the log without the open-work counts a Deactivate confirmation makes first
 * (those are checked in reassign.test.ts).
 */
export function userRequests(log: readonly LoggedRequest[]): LoggedRequest[] {
  return log.filter((r) => !WORK_PATH.test(r.path));
}

export function updatesIn(sim: Simulator, userId?: string) {
  return sim.log.filter((r) => r.op === 'update' && (userId === undefined || r.objId === userId));
}

/**
 * Deactivates `rows` in one bulk run (the caller's Prompts answer Deactivate) at `latencyMs` per request,
 * with the log cleared first, while `expire` makes the signed-in credential's tokens expire as if revoked
 * mid-session: once 6 updates are applied, then every 6 more until an update has met it (an expiry that
 * falls while the client is already renewing, every request waiting for the new token, is met by none).
 * Checks that every user is inactive, some update met an expired token (401) and each user was updated
 * exactly once; returns the update requests in order.
 */
export async function bulkDeactivateWhileTokensExpire(
  sim: Simulator,
  rows: readonly UserNode[],
  { latencyMs, expire }: { readonly latencyMs: number; readonly expire: () => void },
): Promise<LoggedRequest[]> {
  sim.setLatency(latencyMs);
  sim.clearLog();
  let expiredAt = -Infinity;
  const expireMidWay = setInterval(() => {
    if (sim.log.some((e) => e.op === 'update' && e.status === 401)) return clearInterval(expireMidWay);
    const applied = sim.log.filter((e) => e.op === 'update' && e.status === 200).length;
    if (applied >= 6 && applied >= expiredAt + 6) {
      expire();
      expiredAt = applied;
    }
  }, 5);
  try {
    await vscode.commands.executeCommand('workfront.deactivateUser', rows[0], rows);
  } finally {
    clearInterval(expireMidWay);
    sim.setLatency(0);
  }
  for (const r of rows) assert.strictEqual(sim.store.get(r.userId)?.isActive, false, `${r.userId} deactivated`);
  const updates = sim.log.filter((e) => e.op === 'update');
  assert.ok(
    updates.some((e) => e.status === 401),
    'some updates met an expired token',
  );
  const ok = new Map<string, number>();
  for (const e of updates) if (e.status === 200) ok.set(e.objId!, (ok.get(e.objId!) ?? 0) + 1);
  assert.deepStrictEqual(
    [...ok.entries()].filter(([, n]) => n !== 1),
    [],
    'each user updated once',
  );
  assert.strictEqual(ok.size, rows.length);
  return updates;
}

/** The root labels the tree should show for the simulator's current users. */
export function expectedGroupLabels(sim: Simulator): string[] {
  const users = sim.store.all();
  const scheduled = users.filter((u) => u.isActive && u.scheduleDeactivationDate !== null).length;
  const labels = [`Active (${sim.store.count(true)})`, `Inactive (${sim.store.count(false)})`];
  if (scheduled > 0) labels.push(`Scheduled to Leave (${scheduled})`);
  // Counted only once opened (its own load): these tests leave it closed.
  labels.push('Not Signed In for 90 Days');
  return labels;
}

/** Polls until `check` holds (for effects of buttons clicked in notifications, which run later). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---- for the reliability and security tests (faults, races, soak, secrets) --------------------------

/** Every request received by a simulator started with `simulator()` during this run, in settling order. */
export const receivedRequests: Array<{ readonly receiver: Simulator | undefined; readonly entry: LoggedRequest }> = [];
/** Every simulator started with `simulator()` during this run (closed ones included). */
export const startedSimulators: Simulator[] = [];

/** Every message shown through a `Prompts` stub during this run (collected when it is restored). */
export const shownMessages: ShownPrompt[] = [];
const collectedFrom = new WeakMap<Prompts, number>();
const restorePrompts = Prompts.prototype.restore;
Prompts.prototype.restore = function (this: Prompts): void {
  shownMessages.push(...this.shown.slice(collectedFrom.get(this) ?? 0));
  collectedFrom.set(this, this.shown.length);
  restorePrompts.call(this);
};

/** A line written to the extension's LogOutputChannel, at any level. */
export interface LoggedLine {
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
}
/** Every line the extension logged since `captureLog()`, whatever the channel's level (recorded before VS Code filters by level). */
export const loggedLines: LoggedLine[] = [];
const LEVELS: ReadonlyArray<LoggedLine['level']> = ['trace', 'debug', 'info', 'warn', 'error'];
let captured: object | undefined;

/**
 * Puts a recorder between the extension's Log and its LogOutputChannel, so the tests see exactly what is
 * written, after redaction, at every level. Idempotent.
 */
export function captureLog(svc: Services): void {
  const log = svc.log as unknown as { channel?: vscode.LogOutputChannel };
  const channel = log.channel;
  assert.ok(channel && typeof channel.trace === 'function', 'the Log writes to a LogOutputChannel kept in `channel`');
  if (captured === channel) return;
  const recording = new Proxy(channel, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function') return value;
      if (LEVELS.includes(prop as LoggedLine['level'])) {
        return (message: string | Error, ...args: unknown[]) => {
          loggedLines.push({
            level: prop as LoggedLine['level'],
            message: [message, ...args]
              .map((m) => (m instanceof Error ? `${m.message}\n${m.stack ?? ''}` : String(m)))
              .join(' '),
          });
          return (value as (...a: unknown[]) => unknown).call(target, message, ...args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  log.channel = recording;
  captured = recording;
}

/** Unhandled promise rejections in this process (the extension host) between start and stop. */
export function watchUnhandledRejections(): { readonly seen: unknown[]; stop(): void } {
  const pending = new Map<Promise<unknown>, unknown>();
  const seen: unknown[] = [];
  const onUnhandled = (reason: unknown, promise: Promise<unknown>) => {
    pending.set(promise, reason);
    // Mocha's runner re-emits the event to the other listeners: count each rejection once.
    if (!seen.includes(reason)) seen.push(reason);
  };
  const onHandled = (promise: Promise<unknown>) => {
    // Handled later after all: not a leak. VS Code's own host treats it the same way.
    if (pending.has(promise)) {
      const reason = pending.get(promise);
      pending.delete(promise);
      const i = seen.indexOf(reason);
      if (i >= 0) seen.splice(i, 1);
    }
  };
  process.on('unhandledRejection', onUnhandled);
  process.on('rejectionHandled', onHandled);
  return {
    seen,
    stop() {
      process.off('unhandledRejection', onUnhandled);
      process.off('rejectionHandled', onHandled);
    },
  };
}

/**
 * Proves a watch is live: it sees an 'unhandledRejection' event of this process. The event is emitted
 * for a settled promise rather than caused by a real rejection, so that VS Code's own handler (which
 * logs "rejected promise not handled" and reports an error) stays quiet.
 */
export async function probeUnhandledWatch(watch: { readonly seen: unknown[] }): Promise<void> {
  const probe = new Error('unhandled-rejection probe');
  process.emit('unhandledRejection', probe, Promise.resolve());
  await eventually(() => watch.seen.includes(probe), 'the unhandled-rejection watch sees a probe', 2_000);
  watch.seen.splice(watch.seen.indexOf(probe), 1);
}

/** Sets a `workfront.*` user setting for a test; returns a function that puts the old value back. */
export async function withUserSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('workfront');
  const old = config.inspect(key)?.globalValue;
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    await vscode.workspace.getConfiguration('workfront').update(key, old, vscode.ConfigurationTarget.Global);
  };
}

/** The host:port of a simulator, as the extension names the instance. */
export function hostOf(sim: Simulator): string {
  return new URL(sim.url).host;
}

/** Each user's isActive, by ID, as the simulator has it now. */
export function storeState(sim: Simulator): Map<string, boolean> {
  return new Map(sim.store.all().map((u) => [u.ID, u.isActive]));
}

/** "update×3, get×1": what a simulator received, by operation, in order of first appearance. */
export function requestSummary(log: readonly LoggedRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of log) counts.set(r.op, (counts.get(r.op) ?? 0) + 1);
  return [...counts].map(([op, n]) => `${op}×${n}`).join(', ') || 'none';
}

/** What `signedInSuite` sets up for the tests of a suite (filled in by its `before` hook). */
export interface SignedInSuite {
  sim: Simulator;
  svc: Services;
  unhandled: ReturnType<typeof watchUnhandledRejections>;
}

/**
 * For a suite that signs in to one simulator: unhandled rejections watched, the log captured, a short
 * request timeout if given (read when the client is made, so set before signing in), then sign-in; all
 * of it undone after the suite. Call it inside `describe`.
 */
export function signedInSuite(opts: SimulatorOptions & { readonly timeoutSeconds?: number }): SignedInSuite {
  const { timeoutSeconds, ...simOptions } = opts;
  const suite = {} as SignedInSuite;
  let restoreTimeout: (() => Promise<void>) | undefined;
  before(async () => {
    suite.unhandled = watchUnhandledRejections();
    suite.svc = await services();
    captureLog(suite.svc);
    if (timeoutSeconds !== undefined) restoreTimeout = await withUserSetting('requestTimeoutSeconds', timeoutSeconds);
    suite.sim = await simulator(simOptions);
    await signOutAll(suite.svc);
    assert.ok(await signIn(suite.sim));
  });
  after(async () => {
    suite.unhandled?.stop();
    if (suite.svc) await signOutAll(suite.svc);
    await restoreTimeout?.();
    await suite.sim?.close();
  });
  return suite;
}
