// Soak: 1,000 deactivations and reactivations through the real commands (selections of 25 users, as an
// admin does it), with a fault injected into about 5% of them. After every command, each outcome must
// match Workfront (confirmed ⇒ changed, failed ⇒ unchanged); at the end the tree (without a refresh),
// its counts and the simulator agree on every user.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Outcome } from '../../src/commands/changeActive';
import type { Services } from '../../src/commands/services';
import type { UserNode } from '../../src/tree/nodes';
import type { FaultSpec, Simulator } from '../simulator/types';
import { expectedGroupLabels, labels, Prompts, signedInSuite, userRows } from './helpers';
import { mulberry32 } from '../simulator/prng';

const OPERATIONS = 1_000;
const FAULT_RATE = 0.05;
const SELECTION = 25;

/** Faults an update can meet: each with how many attempts it breaks (1 = the retry gets through). */
const FAULTS: ReadonlyArray<Omit<FaultSpec, 'op' | 'userId'>> = [
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429, errorClass: 'com.attask.common.TooManyRequestsException', message: 'Slow down' },
  { kind: 'html', status: 502 },
  { kind: 'reset' },
  { kind: 'resetMidBody' },
  { kind: 'applyThenReset' },
  { kind: 'applyThenHang' },
  { kind: 'hang' },
  { kind: 'truncated' },
  { kind: 'empty' },
  { kind: 'noEnvelope' },
  { kind: 'wrongShape' },
];

describe('Soak: 1,000 deactivations and reactivations with 5% injected faults', function () {
  this.timeout(180_000);
  // Hangs cost the 1 s timeout, not 30.
  const suite = signedInSuite({ users: 120, seed: 41, timeoutSeconds: 1 });
  let sim: Simulator;
  let svc: Services;

  before(() => ({ sim, svc } = suite));

  it('every outcome matches Workfront, and at the end the tree, the counts and the simulator agree on every user', async () => {
    const seed = Number(process.env.WF_SOAK_SEED ?? 20261130);
    const random = mulberry32(seed); // seeded, so a failing run can be replayed
    const pool = sim.store
      .all()
      .filter((u) => u.ID !== sim.admin.ID && u.isActive && u.scheduleDeactivationDate === null)
      .slice(0, SELECTION)
      .map((u) => u.ID);
    assert.strictEqual(pool.length, SELECTION);
    await userRows(svc, 'active');
    await userRows(svc, 'inactive');
    const started = Date.now();
    sim.clearLog();
    let operations = 0;
    let faultsInjected = 0;
    let failed = 0;
    let rounds = 0;
    let updates = 0;
    // Exactly 5% of the operations, chosen at random, meet a fault.
    const faulty = new Set<number>();
    while (faulty.size < OPERATIONS * FAULT_RATE) faulty.add(Math.floor(random() * OPERATIONS));
    const prompts = new Prompts().messages(['Deactivate', 'Reactivate']);
    try {
      while (operations < OPERATIONS) {
        rounds++;
        // Alternate: deactivate the pool's active users, then reactivate its inactive ones.
        const active = rounds % 2 === 0;
        const model = svc.model.get(new URL(sim.url).host)!;
        // The rows the admin selects: the pool's users in the group the command applies to.
        const rows: UserNode[] = (await userRows(svc, active ? 'inactive' : 'active')).filter((r) =>
          pool.includes(r.userId),
        );
        if (rows.length === 0) continue;
        const targets = rows.map((r) => r.userId);
        const before = new Map(targets.map((id) => [id, sim.store.get(id)!.isActive]));
        sim.clearFaults();
        targets.forEach((id, i) => {
          if (!faulty.has(operations + i)) return;
          const fault = FAULTS[Math.floor(random() * FAULTS.length)];
          const times = fault.kind === 'hang' || fault.kind === 'applyThenHang' ? 1 : 1 + Math.floor(random() * 3);
          sim.inject({ ...fault, op: 'update', userId: id, times });
          faultsInjected++;
        });
        const logMark = sim.log.length;
        const outcomes =
          (await vscode.commands.executeCommand<Outcome[]>(
            active ? 'workfront.reactivateUser' : 'workfront.deactivateUser',
            rows[0],
            rows,
          )) ?? [];
        updates += sim.log.slice(logMark).filter((r) => r.op === 'update').length;
        assert.ok(
          sim.log.slice(logMark).filter((r) => r.op === 'get').length <= targets.length,
          'at most one re-read per user',
        );
        assert.strictEqual(outcomes.length, targets.length, 'one outcome per user');
        operations += outcomes.length;
        for (const o of outcomes) {
          const now = sim.store.get(o.user.ID)!.isActive;
          if (o.confirmed) {
            assert.strictEqual(now, active, `${o.user.name}: reported as done, and Workfront agrees`);
            assert.strictEqual(o.confirmed.isActive, active);
          } else {
            failed++;
            assert.strictEqual(
              now,
              before.get(o.user.ID),
              `${o.user.name}: reported as failed (${o.error}), and Workfront agrees nothing changed`,
            );
            assert.ok(o.error?.includes(o.user.name), `the failure names the user: ${o.error}`);
          }
          assert.strictEqual(
            model.users.get(o.user.ID)?.isActive,
            now,
            `${o.user.name}: the extension knows the truth`,
          );
        }
      }
    } finally {
      prompts.restore();
      sim.clearFaults();
    }
    const seconds = (Date.now() - started) / 1000;

    // The tree as it is, without a refresh.
    const shownActive = new Set((await userRows(svc, 'active')).map((r) => r.userId));
    const shownInactive = new Set((await userRows(svc, 'inactive')).map((r) => r.userId));
    for (const u of sim.store.all()) {
      assert.deepStrictEqual(
        [shownActive.has(u.ID), shownInactive.has(u.ID)],
        [u.isActive, !u.isActive],
        `${u.name} is in the group Workfront says`,
      );
    }
    assert.strictEqual(shownActive.size + shownInactive.size, sim.store.all().length, 'no one missing, no one twice');
    assert.deepStrictEqual(
      await labels(svc),
      expectedGroupLabels(sim),
      'the counts, kept up to date without reloading',
    );
    // And the same after a refresh, from Workfront.
    await vscode.commands.executeCommand('workfront.refresh');
    assert.deepStrictEqual(await labels(svc), expectedGroupLabels(sim));
    assert.deepStrictEqual(new Set((await userRows(svc, 'active')).map((r) => r.userId)), shownActive);
    assert.deepStrictEqual(suite.unhandled.seen, [], 'no unhandled promise rejection');
    assert.ok(updates <= operations * 3, 'retries bounded: at most 3 attempts per operation');
    assert.strictEqual(faultsInjected, OPERATIONS * FAULT_RATE, '5% of the operations met a fault');
    console.log(
      `      soak (seed ${seed}): ${operations} operations in ${rounds} commands, ${faultsInjected} faults injected (${((100 * faultsInjected) / operations).toFixed(1)}%), ` +
        `${failed} reported failed (Workfront unchanged), ${updates} update requests, ${seconds.toFixed(1)} s`,
    );
  });
});
