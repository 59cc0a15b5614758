// The fault matrix, in a real VS Code against the simulator's injected faults: every fault the issue lists,
// through the real path of each operation (count = the tree's root, list = expanding a group, sign-in,
// deactivate, reactivate). For each: one message naming the operation (and the user) and what to do, the
// tree's last good state kept, the simulator's store changed only when Workfront confirmed it, retries
// bounded, and no unhandled rejection. Writes the table to test-results/fault-matrix.md (and, with
// WF_UPDATE_DOCS=1, to docs/fault-matrix.md).
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Services } from '../../src/commands/services';
import type { TreeNode, UserNode } from '../../src/tree/nodes';
import { ERROR_CLASS, NOT_LOGGED_IN } from '../simulator';
import type { FaultSpec, LoggedRequest, RequestOp, Simulator, SimUser } from '../simulator/types';
import {
  Prompts,
  captureLog,
  eventually,
  hostOf,
  loggedLines,
  probeUnhandledWatch,
  requestSummary,
  services,
  signIn,
  signOutAll,
  simulator,
  storeState,
  isInfoRow,
  watchUnhandledRejections,
  withUserSetting,
  userRequests,
  WORK_PATH,
} from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
type Op = 'count' | 'list' | 'sign-in' | 'deactivate' | 'reactivate';
const OPS: readonly Op[] = ['count', 'list', 'sign-in', 'deactivate', 'reactivate'];
/** Which requests of each operation the fault hits. */
const OP_REQUESTS: Record<Op, RequestOp> = {
  count: 'count',
  list: 'search',
  'sign-in': 'get',
  deactivate: 'update',
  reactivate: 'update',
};
/** Requests per call when an attempt fails: 3 for failures worth retrying, 1 otherwise. */
type Attempts = 1 | 3;
/** Seconds per attempt for the hang case; the client's default is 30. */
const TIMEOUT_SECONDS = 1;

/** Words that tell the user what to do next. */
const WHAT_TO_DO =
  /sign in again|click to sign in|try again|refresh|ask a workfront|check (the|that)|raise "workfront|lower "workfront|wait a moment/i;

interface Fault {
  readonly name: string;
  /** The injected fault, without its op/userId filter (added per operation). */
  readonly spec?: Omit<FaultSpec, 'op' | 'userId'>;
  readonly attempts: Attempts;
  /** What the message must say about the failure. */
  readonly says: RegExp;
  /** What it must say instead for one operation. */
  readonly saysFor?: Partial<Record<Op, RegExp>>;
  /** The key is rejected: the tree shows a sign-in row instead of its groups, by design. */
  readonly auth?: boolean;
  /** The update happens before the answer breaks: the extension must find out and show the truth. */
  readonly applies?: boolean;
  /** The answer could have been lost after the update: a deactivation is followed by a re-read. */
  readonly reread?: boolean;
  /** Workfront's own reason is the guidance (a refusal with a message). */
  readonly workfrontReason?: string;
}

const VALIDATION_MESSAGE = 'The user is the sole approver of 3 open approvals; reassign them first.';

const FAULTS: readonly Fault[] = [
  {
    name: '401 AuthenticationException',
    spec: { kind: 'status', status: 401, errorClass: ERROR_CLASS.auth, message: NOT_LOGGED_IN },
    attempts: 1,
    says: /rejected the API key/,
    auth: true,
  },
  {
    name: '200 with an AuthenticationException',
    spec: { kind: 'authError200' },
    attempts: 1,
    says: /rejected the API key/,
    auth: true,
  },
  {
    name: '403 Forbidden',
    spec: {
      kind: 'status',
      status: 403,
      errorClass: ERROR_CLASS.security,
      message: 'You do not have sufficient access.',
    },
    attempts: 1,
    says: /refused; the signed-in user lacks the access/,
  },
  {
    name: '404 Not Found',
    spec: { kind: 'status', status: 404, errorClass: ERROR_CLASS.notFound, message: 'Could not find USER' },
    attempts: 1,
    says: /could not find it|no longer exists/,
    // At sign-in nothing can have been deleted: a 404 means the address or the API version is wrong.
    saysFor: { 'sign-in': /not found.*Check the address and the API version/ },
  },
  {
    name: '422 with a Workfront message',
    spec: { kind: 'status', status: 422, errorClass: ERROR_CLASS.validation, message: VALIDATION_MESSAGE },
    attempts: 1,
    says: /refused the request/,
    workfrontReason: VALIDATION_MESSAGE,
  },
  {
    name: '429 Too Many Requests',
    spec: { kind: 'status', status: 429, errorClass: ERROR_CLASS.tooManyRequests, message: 'Slow down' },
    attempts: 3,
    says: /limiting requests/,
  },
  {
    name: '500 Internal Server Error',
    spec: { kind: 'status', status: 500 },
    attempts: 1,
    says: /server error \(500\)/,
    reread: true,
  },
  {
    name: '502 with an HTML page',
    spec: { kind: 'html', status: 502 },
    attempts: 3,
    says: /server error \(502\)/,
    reread: true,
  },
  {
    name: '503 Service Unavailable',
    spec: { kind: 'status', status: 503, message: 'Down for maintenance' },
    attempts: 3,
    says: /server error \(503\)/,
    reread: true,
  },
  { name: 'connection reset', spec: { kind: 'reset' }, attempts: 3, says: /connection to .* failed/, reread: true },
  {
    name: 'connection reset mid-body',
    spec: { kind: 'resetMidBody' },
    attempts: 3,
    says: /connection to .* failed/,
    reread: true,
    applies: true,
  },
  // A timeout is not retried: three more waits of a whole timeout would keep the user waiting far too long.
  { name: 'no answer (timeout)', spec: { kind: 'hang' }, attempts: 1, says: /did not answer in time/, reread: true },
  {
    name: 'truncated JSON',
    spec: { kind: 'truncated' },
    attempts: 1,
    says: /cut off or not valid JSON/,
    reread: true,
    applies: true,
  },
  { name: 'empty body', spec: { kind: 'empty' }, attempts: 1, says: /empty answer/, reread: true },
  {
    name: 'JSON with neither data nor error',
    spec: { kind: 'noEnvelope' },
    attempts: 1,
    says: /neither data nor an error/,
    reread: true,
  },
  {
    name: 'data of the wrong shape',
    spec: { kind: 'wrongShape' },
    attempts: 1,
    says: /unexpected shape/,
    reread: true,
    applies: true,
  },
  {
    name: 'redirect to another host',
    spec: { kind: 'redirect', status: 302 },
    attempts: 1,
    says: /redirect \(302\) to .*Redirects are not followed/,
  },
];
const REFUSED: Fault = { name: 'connection refused', attempts: 3, says: /refused the connection \(ECONNREFUSED\)/ };
const CAP: Fault = {
  name: 'the concurrency cap (429 from the simulator’s real cap)',
  attempts: 3,
  says: /limiting requests/,
};
const ORDER = [
  FAULTS[0],
  FAULTS[1],
  FAULTS[2],
  FAULTS[3],
  FAULTS[4],
  FAULTS[5],
  FAULTS[6],
  FAULTS[7],
  FAULTS[8],
  REFUSED,
  ...FAULTS.slice(9),
  CAP,
].map((f) => f.name);

interface Row {
  readonly fault: string;
  readonly op: Op;
  readonly message: string;
  readonly tree: string;
  readonly store: string;
  readonly requests: string;
}
const rows: Row[] = [];

interface TreeSnap {
  readonly root: string[];
  readonly active: string[];
  readonly inactive: string[];
}

describe('Fault matrix in VS Code', function () {
  this.timeout(60_000);
  let svc: Services;
  let sim: Simulator; // the signed-in instance
  let signInSim: Simulator; // the instance the sign-in cases try to add
  let elsewhere: Simulator; // where redirects point: must never get a request
  let unhandled: ReturnType<typeof watchUnhandledRejections>;
  let restoreTimeout: () => Promise<void>;
  let initial: Map<string, boolean>;
  let deactivateTarget: SimUser;
  let reactivateTarget: SimUser;
  /** The instance signed in to now (the tree shows it alone). */
  let current: Simulator;
  /** Each simulator's users as a block found them, to put back before every case. */
  const starts = new Map<Simulator, Map<string, boolean>>();

  before(async () => {
    unhandled = watchUnhandledRejections();
    await probeUnhandledWatch(unhandled);
    svc = await services();
    captureLog(svc);
    // Read when a client is made (sign-in), so set before signing in.
    restoreTimeout = await withUserSetting('requestTimeoutSeconds', TIMEOUT_SECONDS);
    assert.strictEqual(vscode.workspace.getConfiguration('workfront').get('requestTimeoutSeconds'), TIMEOUT_SECONDS);
    sim = await simulator({ users: 60, seed: 21 });
    signInSim = await simulator({ users: 10, seed: 22 });
    elsewhere = await simulator({ users: 5, seed: 23 });
    initial = storeState(sim);
    starts.set(sim, initial);
    const others = sim.store.all().filter((u) => u.ID !== sim.admin.ID);
    deactivateTarget = others.find((u) => u.isActive)!;
    reactivateTarget = others.find((u) => !u.isActive)!;
    await signOutAll(svc);
    assert.ok(await signIn(sim));
    current = sim;
  });

  after(async function () {
    this.timeout(30_000);
    unhandled?.stop();
    if (svc) await signOutAll(svc);
    await restoreTimeout?.();
    await Promise.all([sim, signInSim, elsewhere].map((s) => s?.close()));
    writeTable();
  });

  /** The signed-in instance's model, signed in again when a case made Workfront reject the key. */
  async function ready(s: Simulator = sim): Promise<void> {
    s.clearFaults();
    const model = svc.model.get(hostOf(s));
    if (!model || model.status === 'keyRejected') assert.ok(await signIn(s), 'signed in again');
  }

  /** Puts the store back as the case found it, reloads the tree, and returns what it shows. */
  async function fresh(s: Simulator = current): Promise<TreeSnap> {
    await ready(s);
    if (!starts.has(s)) starts.set(s, storeState(s));
    for (const [id, active] of starts.get(s)!)
      if (s.store.get(id) && s.store.get(id)!.isActive !== active) s.store.setActive(id, active);
    await vscode.commands.executeCommand('workfront.refresh');
    const snap = await treeSnap();
    // Nothing left in flight (a group's first page read ahead after the counts): each case counts its own.
    await eventually(() => s.stats.inFlight === 0, 'nothing in flight');
    assert.ok(
      snap.root.every((l) =>
        /^(?:(?:Active|Inactive|Scheduled to Leave) \(\d+\)|Not Signed In for \d+ Days(?: \(\d+\))?)$/.test(l),
      ),
      `a clean tree to start from: ${snap.root.join(' | ')}`,
    );
    return snap;
  }

  async function treeSnap(): Promise<TreeSnap> {
    const roots = (await svc.provider.getChildren()).filter((n) => !isInfoRow(n));
    const describe = (n: TreeNode) =>
      n.kind === 'user' ? `user:${n.userId}` : `${n.kind}:${String(svc.provider.getTreeItem(n).label)}`;
    const groupRows = async (which: 'active' | 'inactive') => {
      const g = roots.find((n) => n.kind === 'group' && n.group === which);
      return g ? (await svc.provider.getChildren(g)).map(describe) : [];
    };
    return {
      root: roots.map((n) => String(svc.provider.getTreeItem(n).label)),
      active: await groupRows('active'),
      inactive: await groupRows('inactive'),
    };
  }

  /** Waits for the requests a case should cause (a failed count leaves its two siblings retrying), then a moment more. */
  async function settle(done: () => boolean): Promise<void> {
    await eventually(done, 'the expected requests', 10_000).catch(() => undefined); // the exact count is asserted later
    await new Promise((r) => setTimeout(r, 100));
  }

  const messageRows = (labels: string[]) =>
    labels.filter((l) => l.startsWith('message:')).map((l) => l.slice('message:'.length));
  const users = (labels: string[]) => labels.filter((l) => l.startsWith('user:'));

  /** One case: fault × operation against `s`, with `inject` arming the fault (or, for refused/cap, whatever makes it happen). */
  async function runCase(
    fault: Fault,
    op: Op,
    s: Simulator,
    arm: (filter: Pick<FaultSpec, 'op' | 'userId'>) => Promise<() => Promise<void>>,
    countRequests: (log: readonly LoggedRequest[]) => { faulted: number; summary: string } = defaultCount(op),
  ): Promise<void> {
    const host = hostOf(s);
    const expected = expectedRequests(fault, op);
    let sinceMark = () => [] as LoggedRequest[];
    const done = () => countRequests(sinceMark()).faulted >= expected;
    // The tree of the signed-in instance, freshly loaded (for sign-in, the instance tried is another one).
    const before = await fresh(op === 'sign-in' ? current : s);
    const storeBefore = storeState(s);
    const logMark = loggedLines.length;
    let message = '';
    let treeResult = 'kept';
    let storeResult = 'unchanged';
    let log: LoggedRequest[] = [];

    if (op === 'count' || op === 'list') {
      if (op === 'list') {
        await vscode.commands.executeCommand('workfront.refresh');
        await svc.provider.getChildren(); // the counts, without the fault
      }
      const disarm = await arm({ op: OP_REQUESTS[op] });
      const mark = s.log.length;
      sinceMark = () => s.log.slice(mark);
      if (op === 'count') await vscode.commands.executeCommand('workfront.refresh');
      const groupsShown = await svc.provider.getChildren();
      const activeGroup = groupsShown.find((n) => n.kind === 'group' && n.group === 'active');
      const groupRows = op === 'list' && activeGroup ? await svc.provider.getChildren(activeGroup) : [];
      const roots = (await svc.provider.getChildren()).filter((n) => !isInfoRow(n));
      await settle(done); // before disarming: a failed count leaves its siblings retrying
      await disarm();
      log = s.log.slice(mark);
      const rootLabels = roots.map((n) => String(svc.provider.getTreeItem(n).label));
      const groupLabels = groupRows.map((n) =>
        n.kind === 'user' ? `user:${n.userId}` : `message:${String(svc.provider.getTreeItem(n).label)}`,
      );
      if (fault.auth) {
        // The key is rejected: one row in place of the groups, which signs in again when clicked.
        assert.strictEqual(roots.length, 1, rootLabels.join(' | '));
        const item = svc.provider.getTreeItem(roots[0]);
        assert.strictEqual(item.command?.command, 'workfront.signIn');
        assert.match(
          String(item.tooltip),
          new RegExp(op === 'count' ? 'Count (active|inactive) users' : 'List active users'),
          'the tooltip names the operation',
        );
        if (op === 'count') {
          message = String(item.label);
          treeResult = 'sign-in row in place of the groups (key rejected)';
        } else {
          const errors = messageRows(groupLabels);
          assert.strictEqual(errors.length, 1, groupLabels.filter((l) => !l.startsWith('user:')).join(' | '));
          message = errors[0];
          assert.match(message, /^List active users failed/);
          treeResult = `error row in the group; the root then shows the sign-in row (key rejected)`;
        }
      } else if (op === 'count') {
        const errors = roots.filter((n) => n.kind === 'message');
        assert.strictEqual(errors.length, 1, `one error row: ${rootLabels.join(' | ')}`);
        message = String(svc.provider.getTreeItem(errors[0]).label);
        assert.strictEqual(
          svc.provider.getTreeItem(errors[0]).command?.command,
          'workfront.showLog',
          'clicking the row opens the log',
        );
        assert.deepStrictEqual(
          rootLabels.filter((l) => l !== message),
          before.root,
          'the groups keep their last counts',
        );
        assert.match(message, /^Count (active|inactive) users failed/);
        treeResult = 'error row; groups and counts kept';
      } else {
        const labels = groupLabels;
        assert.deepStrictEqual(rootLabels, before.root, 'the counts are unchanged');
        const errors = messageRows(labels);
        assert.strictEqual(
          errors.length,
          1,
          `one error row: ${labels.filter((l) => !l.startsWith('user:')).join(' | ')}`,
        );
        message = errors[0];
        assert.deepStrictEqual(users(labels), users(before.active), 'the last good users are still listed');
        assert.match(message, /^List active users failed/);
        treeResult = 'error row above the last good users';
      }
      assert.deepStrictEqual(storeState(s), storeBefore);
    } else if (op === 'sign-in') {
      const instancesBefore = svc.model.all().map((m) => m.instance.host);
      const disarm = await arm({ op: 'get' });
      const mark = s.log.length;
      sinceMark = () => s.log.slice(mark);
      const prompts = new Prompts().inputs(s.url, s.apiKey).picks('API key').messages();
      let ok: boolean | undefined;
      try {
        ok = await vscode.commands.executeCommand<boolean>('workfront.signIn');
      } finally {
        prompts.restore();
        await disarm();
      }
      await settle(done);
      log = s.log.slice(mark);
      assert.strictEqual(ok, false, 'the failure stayed in the sign-in box; the admin then pressed Escape');
      const shown = prompts.shown.filter((m) => m.fn !== 'showInputBox' && m.fn !== 'showQuickPick');
      assert.deepStrictEqual(shown, [], 'no notification: the sign-in box said it');
      const problems = prompts.inputProblems();
      assert.strictEqual(problems.length, 1, `one message, in the box: ${JSON.stringify(prompts.shown)}`);
      message = problems[0];
      assert.ok(message.includes(host), message);
      assert.strictEqual(await svc.keys.getKey(host), undefined, 'no key stored for the instance');
      assert.deepStrictEqual(
        svc.model.all().map((m) => m.instance.host),
        instancesBefore,
        'no instance added',
      );
      assert.deepStrictEqual(await treeSnap(), before, 'the tree is as it was');
      treeResult = 'kept; nothing stored';
    } else {
      const deactivate = op === 'deactivate';
      const target =
        s === sim
          ? deactivate
            ? deactivateTarget
            : reactivateTarget
          : s.store.all().find((u) => u.ID !== s.admin.ID && u.isActive === deactivate)!;
      const group = deactivate ? 'active' : 'inactive';
      const row = (
        await svc.provider.getChildren(
          (await svc.provider.getChildren()).find((n) => n.kind === 'group' && n.group === group),
        )
      ).find((n): n is UserNode => n.kind === 'user' && n.userId === target.ID);
      assert.ok(row, `${target.name} is listed under ${group}`);
      const disarm = await arm({ op: 'update', userId: target.ID });
      const mark = s.log.length;
      sinceMark = () => s.log.slice(mark);
      const prompts = new Prompts().messages('Deactivate');
      try {
        await vscode.commands.executeCommand(
          deactivate ? 'workfront.deactivateUser' : 'workfront.reactivateUser',
          row,
          [row],
        );
      } finally {
        prompts.restore();
        await disarm();
      }
      await settle(done);
      log = userRequests(s.log.slice(mark));
      const results = prompts.shown.filter((m) => m.detail === undefined); // not the confirmation modal
      assert.strictEqual(results.length, 1, `one message: ${JSON.stringify(prompts.shown)}`);
      message = results[0].message;
      assert.ok(message.includes(target.name), `names the user: ${message}`);
      const after = await treeSnap();
      const nowActive = s.store.get(target.ID)?.isActive;
      if (fault.applies) {
        // The update happened and the answer broke: the extension read the user again and says so.
        assert.strictEqual(nowActive, !deactivate, 'the store changed');
        assert.strictEqual(results[0].fn, 'showInformationMessage');
        assert.ok(
          message.startsWith(deactivate ? `Deactivated ${target.name}.` : `Reactivated ${target.name}.`),
          message,
        );
        assert.ok(
          log.some((r, i) => r.op === 'get' && r.objId === target.ID && i > log.findIndex((u) => u.op === 'update')),
          're-read after the broken answer',
        );
        assert.ok(
          users(deactivate ? after.inactive : after.active).includes(`user:${target.ID}`),
          'shown in its new group',
        );
        assert.ok(
          !users(deactivate ? after.active : after.inactive).includes(`user:${target.ID}`),
          'and not in the old one',
        );
        assert.deepStrictEqual(
          after.root.slice(0, 2),
          [`Active (${s.store.count(true)})`, `Inactive (${s.store.count(false)})`],
          'counts follow',
        );
        storeResult = 'changed, and confirmed by a re-read';
        treeResult = 'user moved (confirmed)';
      } else {
        assert.deepStrictEqual(storeState(s), storeBefore, 'the store is unchanged');
        assert.strictEqual(results[0].fn, 'showErrorMessage');
        if (fault.auth) {
          assert.ok(
            message.startsWith(
              `${deactivate ? 'Deactivate' : 'Reactivate'} ${target.name} (${target.emailAddr}) failed`,
            ),
            message,
          );
          assert.strictEqual(after.root.length, 1, 'the tree asks to sign in again');
          treeResult = 'sign-in row in place of the groups (key rejected)';
        } else if (fault.name.startsWith('404')) {
          assert.strictEqual(
            message,
            `${target.name} (${target.emailAddr}) no longer exists in Workfront; it was removed from the list.`,
          );
          assert.ok(
            !after.active.includes(`user:${target.ID}`) && !after.inactive.includes(`user:${target.ID}`),
            'the row is removed',
          );
          treeResult = 'row removed (Workfront said 404); the rest kept';
        } else {
          assert.ok(
            message.startsWith(`${deactivate ? 'Deactivate' : 'Reactivate'} ${target.name} (${target.emailAddr})`),
            message,
          );
          assert.deepStrictEqual(after, before, 'the tree is as it was');
          const item = svc.provider.getTreeItem(row);
          assert.strictEqual(item.description, target.emailAddr, 'the row is no longer busy');
        }
      }
      if (fault !== REFUSED) {
        const updates = log.filter((r) => r.op === 'update').length;
        const reads = log.filter((r) => r.op === 'get').length;
        assert.strictEqual(updates, fault.attempts, `updates sent: ${requestSummary(log)}`);
        assert.strictEqual(reads, fault.reread ? 1 : 0, `re-reads: ${requestSummary(log)}`);
        assert.strictEqual(log.length, updates + reads, `nothing else: ${requestSummary(log)}`);
      }
    }

    // Every case: the message says what failed (or what is now true) and what to do; nothing leaked.
    if (!(fault.applies && (op === 'deactivate' || op === 'reactivate'))) {
      assert.match(message, fault.saysFor?.[op] ?? fault.says);
      if (fault.workfrontReason)
        assert.ok(message.includes(fault.workfrontReason), `Workfront's reason is shown: ${message}`);
      else if (!/no longer exists in Workfront/.test(message))
        assert.match(message, WHAT_TO_DO, `says what to do: ${message}`);
    }
    const counted = countRequests(log);
    assert.strictEqual(counted.faulted, expected, `requests: ${counted.summary}`);
    assert.deepStrictEqual(unhandled.seen, [], 'no unhandled promise rejection');
    for (const l of loggedLines.slice(logMark))
      assert.ok(!l.message.includes(s.apiKey), `the key is not logged: ${l.message}`);
    rows.push({ fault: fault.name, op, message, tree: treeResult, store: storeResult, requests: counted.summary });
  }

  /** The requests a case must cause (those the fault hits; for refused, the connection attempts). */
  function expectedRequests(fault: Fault, op: Op): number {
    if (fault === REFUSED) return { count: 9, list: 3, 'sign-in': 0, deactivate: 6, reactivate: 6 }[op];
    return (op === 'count' ? 3 : 1) * fault.attempts; // three counts in parallel (active, inactive, scheduled)
  }

  function defaultCount(op: Op) {
    return (log: readonly LoggedRequest[]) => ({
      faulted: log.filter((r) => r.op === OP_REQUESTS[op]).length,
      summary: requestSummary(log),
    });
  }

  for (const fault of FAULTS) {
    describe(fault.name, () => {
      for (const op of OPS) {
        it(op, async () => {
          const s = op === 'sign-in' ? signInSim : sim;
          await runCase(fault, op, s, async (filter) => {
            s.inject({
              ...fault.spec!,
              ...filter,
              ...(fault.spec!.kind === 'redirect' ? { location: `${elsewhere.url}/attask/api/v21.0/user` } : {}),
            });
            return async () => s.clearFaults();
          });
          if (fault.spec!.kind === 'redirect')
            assert.deepStrictEqual(elsewhere.log, [], 'the other host received nothing');
        });
      }
    });
  }

  describe('connection refused', () => {
    const SEED = 24;
    let down: Simulator;
    let port: number;
    before(async () => {
      down = await simulator({ users: 20, seed: SEED });
      port = down.port;
      await signOutAll(svc);
      assert.ok(await signIn(down));
      current = down;
    });
    after(async () => {
      await down.close();
      await signOutAll(svc);
      assert.ok(await signIn(sim));
      current = sim;
    });

    /** Failed connection attempts, from the client's trace lines (a closed port leaves no other record). */
    const attemptsSince = (since: number) =>
      loggedLines
        .slice(since)
        // The open-work counts before the confirmation meet the closed port too; this case is about the user.
        .filter((l) => !WORK_PATH.test(l.message))
        .map((l) => /failed: ([A-Z_]+) after/.exec(l.message)?.[1])
        .filter((c): c is string => c !== undefined);

    for (const op of OPS) {
      it(op, async () => {
        if (op === 'sign-in') {
          // An address where nothing listens; the sign-in check has no log before a key is stored.
          const nobody = {
            url: `http://127.0.0.1:${await closedPort()}`,
            apiKey: down.apiKey,
            log: [],
            stats: { inFlight: 0 },
            store: down.store,
            clearFaults: () => undefined,
          };
          await runCase(
            REFUSED,
            op,
            nobody as unknown as Simulator,
            async () => async () => undefined,
            () => ({
              faulted: 0,
              summary: 'nothing listening (the sign-in check logs nothing before a key is stored)',
            }),
          );
          return;
        }
        let mark = Number.POSITIVE_INFINITY;
        try {
          // The tree is loaded from the live simulator; then it stops, and the operation meets a closed port.
          await runCase(
            REFUSED,
            op,
            down,
            async () => {
              await down.close();
              mark = loggedLines.length;
              return async () => undefined;
            },
            () => {
              const codes = attemptsSince(mark);
              const byCode = new Map<string, number>();
              for (const c of codes) byCode.set(c, (byCode.get(c) ?? 0) + 1);
              // The first attempt may reuse a kept-alive connection the closing server dropped (a reset).
              return {
                faulted: codes.length,
                summary: `${codes.length} attempts: ${[...byCode].map(([c, n]) => `${c}×${n}`).join(', ')} (from the log)`,
              };
            },
          );
          assert.ok(attemptsSince(mark).includes('ECONNREFUSED'));
        } finally {
          // Back on the same port with the same organisation and key.
          down = await simulator({ users: 20, seed: SEED, port });
          current = down;
          starts.set(down, storeState(down));
        }
      });
    }
  });

  describe('the concurrency cap', () => {
    let capped: Simulator;
    let holderId: string;
    const SLOTS = 4; // whoAmI and three counts fit when nobody else is busy
    before(async () => {
      capped = await simulator({ users: 30, seed: 25, maxConcurrent: SLOTS });
      holderId = capped.store
        .all()
        .filter((u) => u.ID !== capped.admin.ID)
        .at(-1)!.ID;
    });
    after(async () => {
      await signOutAll(svc);
      await capped.close();
      assert.ok(await signIn(sim));
      current = sim;
    });

    /** Another client of the same organisation takes every slot; released when the case is done. */
    const hold = async (): Promise<() => Promise<void>> => {
      await eventually(() => capped.stats.inFlight === 0, 'nothing else in flight');
      const holdMark = capped.log.length;
      capped.inject({ op: 'get', userId: holderId, kind: 'hang' });
      const aborts: AbortController[] = [];
      for (let i = 0; i < SLOTS; i++) {
        const ac = new AbortController();
        aborts.push(ac);
        const req = http.request(`${capped.url}/attask/api/v21.0/user/${holderId}?fields=name`, {
          headers: { apiKey: capped.apiKey },
          signal: ac.signal,
        });
        req.on('error', () => undefined);
        req.end();
      }
      await eventually(() => capped.stats.inFlight >= SLOTS, 'the slots are taken');
      assert.deepStrictEqual(
        capped.log.slice(holdMark).map((r) => [r.objId, r.status]),
        Array(SLOTS).fill([holderId, 0]),
        'the other client holds every slot',
      );
      const mark = capped.log.length;
      return async () => {
        for (const ac of aborts) ac.abort();
        await eventually(() => capped.stats.inFlight === 0, 'the slots are free');
        capped.clearFaults();
        const others = capped.log.slice(mark).filter((r) => r.objId !== holderId);
        assert.ok(
          others.every((r) => r.status === 429),
          `every request of the case met the cap: ${others.map((r) => `${r.op} ${r.status}`).join(', ')}`,
        );
      };
    };

    for (const op of ['sign-in', 'count', 'list', 'deactivate', 'reactivate'] as const) {
      it(op, async () => {
        if (op === 'count') {
          await signOutAll(svc);
          assert.ok(await signIn(capped));
          current = capped;
        }
        const capCount = (log: readonly LoggedRequest[]) => {
          const rejected = log.filter((r) => r.status === 429 && r.objId !== holderId).length;
          return { faulted: rejected, summary: `${requestSummary(log.filter((r) => r.objId !== holderId))}, all 429` };
        };
        await runCase(CAP, op, capped, async () => hold(), capCount);
        const log = capped.log.filter((r) => r.status === 429);
        assert.ok(log.length > 0);
      });
    }
  });

  describe('at the end', () => {
    it('every case ran, and no promise rejection was left unhandled', async () => {
      await new Promise((r) => setTimeout(r, 200));
      assert.deepStrictEqual(unhandled.seen, []);
      assert.strictEqual(rows.length, (FAULTS.length + 2) * OPS.length, 'every case is in the table');
    });
  });
});

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function writeTable(): void {
  if (rows.length === 0) return;
  const cell = (t: string) =>
    t
      .replace(/127\.0\.0\.1:\d+/g, '<host>')
      .replace(/\|/g, '\\|')
      .replace(/\s*\n\s*/g, ' ');
  const sorted = [...rows].sort(
    (a, b) => ORDER.indexOf(a.fault) - ORDER.indexOf(b.fault) || OPS.indexOf(a.op) - OPS.indexOf(b.op),
  );
  const lines = [
    '# Fault matrix',
    '',
    'Generated by `test/integration/faults.test.ts` in a real VS Code against the simulator (`node out/test/runIntegration.js`;',
    '`WF_UPDATE_DOCS=1` refreshes this copy). Each row is one test: the fault is injected into the requests of that',
    'operation only, the operation runs through the real command or tree path, and the test asserts one message that',
    'names the operation (and the user) and what to do, the tree’s last good state, the store, and the requests sent.',
    '*count* = the tree’s root (who am I is cached; three counts in parallel), *list* = expanding Active, *sign-in* =',
    'checking a pasted key (its message is shown in the sign-in box, which stays open for another try: under the key,',
    'or under the address when the address did not answer as Workfront), *deactivate*/*reactivate* = the context-menu',
    'command on one user. The client makes up to 3',
    `attempts for failures worth retrying (429, 502, 503, reset, refused), and one for the rest (a timeout included); the timeout was ${TIMEOUT_SECONDS} s per attempt here.`,
    '',
    '| Fault | Operation | Message shown | Tree | Simulator store | Requests |',
    '|---|---|---|---|---|---|',
    // Whichever of the parallel counts fails first names the message: one wording, so the copy is stable.
    ...sorted.map(
      (r) =>
        `| ${cell(r.fault)} | ${r.op} | ${cell(r.message.replace(/^Count (?:active|inactive) users/, 'Count active (or inactive) users'))} | ${cell(r.tree)} | ${cell(r.store)} | ${cell(r.requests)} |`,
    ),
    '',
  ];
  const text = lines.join('\n');
  const out = path.join(ROOT, 'test-results', 'fault-matrix.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  if (process.env.WF_UPDATE_DOCS) fs.writeFileSync(path.join(ROOT, 'docs', 'fault-matrix.md'), text);
  console.log(`      fault matrix: ${path.relative(ROOT, out)} (${rows.length} cases)`);
}
