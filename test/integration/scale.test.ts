// 100,000 users in a real VS Code: every user is reachable in the tree (through slices of at most
// 1,000 rows) or through the filter, none twice, with the listing's requests and concurrency in bounds.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Services } from '../../src/commands/services';
import { MAX_ROWS_PER_NODE } from '../../src/tree/slices';
import type { TreeNode } from '../../src/tree/nodes';
import type { Simulator } from '../simulator/types';
import { captureLog, eventually, group, loggedLines, services, signIn, signOutAll, simulator } from './helpers';

describe('A 100,000-user organisation in the tree', function () {
  this.timeout(180_000);
  let sim: Simulator;
  let svc: Services;

  before(async () => {
    // Some latency, so that requests overlap and the concurrency bound is really exercised.
    sim = await simulator({ users: 100_000, seed: 5, latencyMs: 20 });
    svc = await services();
    captureLog(svc);
    await signOutAll(svc);
    assert.ok(await signIn(sim));
  });
  after(async () => {
    await signOutAll(svc);
    await sim.close();
  });

  async function walk(node: TreeNode, seen: Map<string, number>): Promise<number> {
    const children = await svc.provider.getChildren(node);
    assert.ok(children.length <= MAX_ROWS_PER_NODE, `${children.length} rows under one node`);
    let largest = children.length;
    for (const child of children) {
      if (child.kind === 'user') seen.set(child.userId, (seen.get(child.userId) ?? 0) + 1);
      else if (child.kind === 'chunk') largest = Math.max(largest, await walk(child, seen));
      else assert.fail(`unexpected ${child.kind} row: ${String(svc.provider.getTreeItem(child).label)}`);
    }
    return largest;
  }

  for (const which of ['active', 'inactive'] as const) {
    it(`reaches every ${which} user exactly once, with requests and concurrency in bounds`, async () => {
      sim.clearLog();
      sim.resetStats();
      const expected = sim.store.all().filter((u) => u.isActive === (which === 'active'));
      const seen = new Map<string, number>();
      const largest = await walk(await group(svc, which), seen);
      assert.strictEqual(seen.size, expected.length, 'every user is in the tree');
      for (const u of expected) assert.strictEqual(seen.get(u.ID), 1, `${u.name} once`);
      const searches = sim.log.filter((r) => r.op === 'search').length;
      assert.ok(searches <= Math.ceil(expected.length / 2000) + 2, `${searches} searches for ${expected.length} users`);
      const concurrency = vscode.workspace.getConfiguration('workfront').get<number>('maxConcurrentRequests', 5);
      assert.ok(
        sim.stats.maxInFlight <= concurrency,
        `${sim.stats.maxInFlight} requests in flight (setting ${concurrency})`,
      );
      if (searches > concurrency) assert.ok(sim.stats.maxInFlight > 1, 'pages are fetched in parallel');
      console.log(
        `      ${which}: ${expected.length} users, ${searches} searches, largest expansion ${largest} rows, max in flight ${sim.stats.maxInFlight}`,
      );
    });
  }

  it("decoded the pages on a worker thread inside VS Code's extension host", () => {
    const lines = loggedLines.map((l) => `${l.level}: ${l.message}`);
    assert.ok(
      lines.some((l) => /^debug: Large lists of users are decoded on a worker thread/.test(l)),
      'the worker started',
    );
    assert.deepStrictEqual(
      lines.filter((l) => /decoding thread stopped/.test(l)),
      [],
      'and never failed',
    );
  });

  it('hiding the view stops a listing in progress; showing the view again loads the whole group', async () => {
    const searches = () => sim.log.filter((r) => r.op === 'search').length;
    await vscode.commands.executeCommand('workfront.users.focus');
    await eventually(() => svc.view.visible, 'the view is shown');
    sim.setLatency(200); // 43 pages, 4 at a time: about two seconds
    try {
      await vscode.commands.executeCommand('workfront.refresh');
      const active = await group(svc, 'active');
      sim.clearLog();
      const first = svc.provider.getChildren(active);
      await eventually(() => searches() >= 1, 'the listing started');
      await vscode.commands.executeCommand('workbench.view.explorer');
      await eventually(() => !svc.view.visible, 'the view is hidden');
      await first;
      await new Promise((r) => setTimeout(r, 400)); // answers already on their way arrive
      const stoppedAt = searches();
      await new Promise((r) => setTimeout(r, 800));
      assert.strictEqual(searches(), stoppedAt, 'no page is asked for while the view is hidden');
      assert.ok(stoppedAt < 43, `${stoppedAt} of 43 pages asked for before it stopped`);
      assert.ok(
        loggedLines.some((l) => /listings in progress stopped/.test(l.message)),
        'the log says so',
      );
      await vscode.commands.executeCommand('workfront.users.focus');
      await eventually(() => svc.view.visible, 'the view is shown again');
      const seen = new Map<string, number>();
      await walk(await group(svc, 'active'), seen);
      assert.strictEqual(seen.size, sim.store.count(true), 'every active user, after the listing started again');
    } finally {
      sim.setLatency(20);
    }
  });

  it('finds any user through the filter', async () => {
    const users = sim.store.all();
    for (let i = 0; i < 10; i++) {
      const u = users[(i * 9973) % users.length];
      await vscode.commands.executeCommand('workfront.filter', u.emailAddr);
      const rows = await svc.provider.getChildren(await group(svc, u.isActive ? 'active' : 'inactive'));
      assert.ok(
        rows.some((r) => r.kind === 'user' && r.userId === u.ID),
        `${u.emailAddr} found by the filter`,
      );
    }
    await vscode.commands.executeCommand('workfront.clearFilter');
  });
});
