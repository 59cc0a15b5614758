// The commands' decisions on plain Node, through the registered commands and their one wrapper: which
// users they act on, what they confirm, busy rows, Undo, and how every failure becomes one message.
import * as assert from 'assert';
import type { UserNode, GroupNode } from '../../src/tree/nodes';
import { FROM_SELECTION } from '../../src/commands/userTarget';
import { activateFake, type Activated } from '../fakes/extension';
import { wfError } from '../fakes/client';
import * as fake from '../fakes/vscode';

describe('Commands (fake vscode, fake Workfront)', () => {
  let a: Activated;
  const run = <T>(id: string, ...args: unknown[]) => fake.commands.executeCommand<T>(id, ...args);
  const shown = (fn?: fake.MessageFn) => fake.record.messages.filter((m) => !fn || m.fn === fn);

  function setUp(opts: Parameters<typeof activateFake>[0] = {}) {
    a = activateFake(opts);
  }
  afterEach(() => a?.dispose());

  async function rows(which: GroupNode['group'] = 'active'): Promise<UserNode[]> {
    const groups = await a.svc.provider.getChildren();
    const g = groups.find((n) => n.kind === 'group' && n.group === which);
    assert.ok(g);
    return (await a.svc.provider.getChildren(g)).filter((n): n is UserNode => n.kind === 'user');
  }

  describe('Deactivate', () => {
    it('acts on the selection when the clicked row is in it, after one confirmation naming them', async () => {
      setUp({ users: 8 });
      const r = await rows();
      fake.answers.message = (m) => (m.modal ? 'Deactivate' : undefined);
      await run('workfront.deactivateUser', r[2], [r[1], r[2], r[3]]);
      const modal = shown().filter((m) => m.modal);
      assert.strictEqual(modal.length, 1);
      assert.strictEqual(modal[0].message, 'Deactivate 3 users?');
      assert.match(modal[0].detail ?? '', /• User 00002 \(user2@acme\.example\)\n• User 00003/);
      assert.deepStrictEqual(
        a.wf.callsOf('setActive').map((c) => c.args),
        [r[1], r[2], r[3]].map((n) => [n.userId, false]),
      );
      assert.deepStrictEqual(
        shown('showInformationMessage').map((m) => m.message),
        ['Deactivated 3 users. Their licenses are now free.'],
      );
    });

    it('acts on the clicked row alone when it is outside the selection (a right-click elsewhere)', async () => {
      setUp({ users: 8 });
      const r = await rows();
      fake.answers.message = (m) => (m.modal ? 'Deactivate' : undefined);
      await run('workfront.deactivateUser', r[5], [r[1], r[2]]);
      assert.deepStrictEqual(
        a.wf.callsOf('setActive').map((c) => c.args[0]),
        [r[5].userId],
      );
      assert.strictEqual(shown().find((m) => m.modal)?.message, 'Deactivate User 00006?');
    });

    it('a key press acts on the view’s selection', async () => {
      setUp({ users: 4 });
      const r = await rows();
      a.view.selection = [r[2]];
      fake.answers.message = (m) => (m.modal ? 'Deactivate' : undefined);
      await run('workfront.deactivateUser', FROM_SELECTION);
      assert.deepStrictEqual(
        a.wf.callsOf('setActive').map((c) => c.args[0]),
        [r[2].userId],
      );
    });

    it('Cancel in the confirmation sends nothing', async () => {
      setUp({ users: 4 });
      const r = await rows();
      await run('workfront.deactivateUser', r[1], [r[1]]);
      assert.strictEqual(shown().filter((m) => m.modal).length, 1);
      assert.strictEqual(a.wf.callsOf('setActive').length, 0);
    });

    it('leaves out the signed-in user, with a warning, and deactivates the others', async () => {
      setUp({ users: 3 });
      const r = await rows();
      fake.answers.message = (m) => (m.modal ? 'Deactivate' : undefined);
      await run('workfront.deactivateUser', r[0], r);
      assert.match(shown('showWarningMessage')[0].message, /cannot deactivate your own user/);
      assert.deepStrictEqual(
        a.wf.callsOf('setActive').map((c) => c.args[0]),
        [r[1].userId, r[2].userId],
      );
    });

    it('shows the rows as busy while Workfront works, and leaves out a user already being updated', async () => {
      setUp({ users: 4 });
      const r = await rows();
      const release = a.wf.hold('setActive');
      fake.answers.message = (m) => (m.modal ? 'Deactivate' : undefined);
      const first = run('workfront.deactivateUser', r[1], [r[1]]);
      await fake.settle();
      assert.strictEqual(a.svc.provider.getTreeItem(r[1]).description, 'Deactivating…');
      assert.match(String(a.svc.provider.getTreeItem(r[1]).contextValue), /\bbusy\b/);
      await run('workfront.deactivateUser', r[1], [r[1]]);
      assert.match(shown('showInformationMessage').at(-1)?.message ?? '', /already being updated/);
      release();
      await first;
      assert.strictEqual(a.wf.callsOf('setActive').length, 1, 'one request per user');
      assert.strictEqual(a.svc.model.all()[0].busy.size, 0);
    });

    it('a bulk action of N users refreshes rows N+1 times and never the whole tree', async () => {
      setUp({ users: 12 });
      const r = await rows();
      await rows('inactive');
      await fake.settle();
      const events: unknown[] = [];
      a.svc.provider.onDidChangeTreeData((e) => events.push(e));
      fake.answers.message = (m) => (m.modal ? 'Deactivate' : undefined);
      const targets = r.slice(1, 11);
      await run('workfront.deactivateUser', targets[0], targets);
      await fake.settle();
      assert.ok(!events.includes(undefined), 'no whole-tree refresh');
      assert.ok(events.length <= targets.length + 1, `${events.length} refreshes for ${targets.length} users`);
    });

    it('Undo reactivates exactly the users that were deactivated', async () => {
      setUp({ users: 5 });
      const r = await rows();
      a.wf.failNext('setActive', wfError('validation', 'Deactivate the user', 422, 'Not allowed'));
      let undos = 0;
      fake.answers.message = (m) =>
        m.modal ? 'Deactivate' : m.items.includes('Undo') && undos++ === 0 ? 'Undo' : undefined;
      await run('workfront.deactivateUser', r[1], [r[1], r[2]]);
      // Undo is recorded in the audit trail (on disk) before it is sent.
      await fake.until(() => a.wf.callsOf('setActive').length >= 3);
      const calls = a.wf.callsOf('setActive').map((c) => c.args);
      assert.strictEqual(calls.length, 3, JSON.stringify(calls));
      // The first update (User 00002) was refused; Undo reactivates User 00003 only.
      assert.deepStrictEqual(calls[2], [r[2].userId, true]);
      assert.match(shown('showErrorMessage')[0].message, /^Deactivated 1 of 2 users\. Failed: .*Not allowed/);
    });

    it('a user who is gone from Workfront is removed from the tree and the message says so', async () => {
      setUp({ users: 3 });
      const r = await rows();
      a.wf.users.delete(r[2].userId);
      fake.answers.message = (m) => (m.modal ? 'Deactivate' : undefined);
      await run('workfront.deactivateUser', r[2], [r[2]]);
      assert.match(shown('showErrorMessage')[0].message, /no longer exists in Workfront/);
      assert.ok(!(await rows()).some((n) => n.userId === r[2].userId));
    });
  });

  describe('every change answers', () => {
    it('several reactivations are confirmed, naming the licenses they will use; one is not, and both offer Undo', async () => {
      setUp({ users: 6, shape: (i) => ({ isActive: i <= 2, licenseType: i % 2 ? 'Standard' : 'Light' }) });
      const r = await rows('inactive');
      assert.strictEqual(r.length, 4);
      fake.answers.message = (m) => (m.modal ? 'Reactivate' : undefined);
      await run('workfront.reactivateUser', r[0], r.slice(0, 3));
      const modal = shown().filter((m) => m.modal);
      assert.strictEqual(modal.length, 1);
      assert.strictEqual(modal[0].message, 'Reactivate 3 users?');
      assert.match(modal[0].detail ?? '', /They will use 3 licenses: 2 Standard, 1 Light\./);
      const done = shown('showInformationMessage').at(-1)!;
      assert.match(done.message, /^Reactivated 3 users\. They use licenses again: 2 Standard, 1 Light\.$/);
      assert.deepStrictEqual(done.items, ['Undo']);
      fake.record.messages.length = 0;
      let undos = 0;
      fake.answers.message = (m) =>
        m.modal ? 'Reactivate' : m.items.includes('Undo') && undos++ === 0 ? 'Undo' : undefined;
      await run('workfront.reactivateUser', r[3], [r[3]]);
      await fake.until(() => a.wf.callsOf('setActive').length >= 5);
      assert.strictEqual(shown().filter((m) => m.modal).length, 0, 'one reactivation: no dialog');
      assert.match(
        shown('showInformationMessage')[0].message,
        /^Reactivated User 00006\. They use a Light license again\.$/,
      );
      assert.deepStrictEqual(
        a.wf
          .callsOf('setActive')
          .slice(-2)
          .map((c) => c.args),
        [
          [r[3].userId, true],
          [r[3].userId, false],
        ],
        'Undo deactivates them again',
      );
      // The Undo's own answer comes after its audit record is complete; waiting for it keeps it out of the next test.
      await fake.until(() => shown('showInformationMessage').length >= 2);
      assert.strictEqual(
        shown('showInformationMessage')[1].message,
        'Deactivated User 00006. Their license is now free.',
      );
    });

    it('scheduling says when (and in which time zone), and Undo puts back what was there', async () => {
      setUp({ users: 3 });
      const [, row] = await rows();
      let undos = 0;
      fake.answers.message = (m) => (m.items.includes('Undo') && undos++ === 0 ? 'Undo' : undefined);
      assert.strictEqual(await run('workfront.scheduleDeactivation', row, '2030-06-01 14:00'), true);
      // Undo is recorded in the audit trail (on disk) before it is sent: wait for its message.
      await fake.until(() => shown('showInformationMessage').length >= 2);
      const [said, undone] = shown('showInformationMessage').map((m) => m.message);
      assert.match(
        said,
        /^Workfront will deactivate User 00002 on or after .*2030.*\(.+\)\. Their license counts until then\.$/,
      );
      assert.strictEqual(undone, 'Undone: User 00002 has no scheduled deactivation.');
      assert.deepStrictEqual(
        a.wf.callsOf('setScheduledDeactivation').map((c) => c.args),
        [
          [row.userId, new Date(2030, 5, 1, 14).getTime()],
          [row.userId, null],
        ],
      );
    });

    it('clearing says what the date was, and Undo sets it again', async () => {
      const when = new Date(2031, 0, 15, 9).getTime();
      setUp({ users: 3, shape: (i) => ({ scheduleDeactivationDate: i === 2 ? when : null }) });
      const [, row] = await rows();
      let undos = 0;
      fake.answers.message = (m) => (m.items.includes('Undo') && undos++ === 0 ? 'Undo' : undefined);
      await run('workfront.clearScheduledDeactivation', row);
      await fake.until(() => shown('showInformationMessage').length >= 2);
      const [said, undone] = shown('showInformationMessage').map((m) => m.message);
      assert.match(said, /^Cleared the scheduled deactivation of User 00002 \(it was .*2031.*\)\.$/);
      assert.match(undone, /^Undone: Workfront will deactivate User 00002 on or after .*2031/);
      assert.deepStrictEqual(
        a.wf.callsOf('setScheduledDeactivation').map((c) => c.args[1]),
        [null, when],
      );
    });
  });

  describe('the command wrapper', () => {
    it('turns a Workfront failure into one message in context, logged as a warning', async () => {
      setUp({ users: 3 });
      const r = await rows();
      a.wf.failNext('getUserDetails', wfError('forbidden', 'Read the user details', 403, 'No access'));
      const result = await run('workfront.showDetails', r[1]);
      assert.strictEqual(result, undefined);
      const errors = shown('showErrorMessage');
      assert.strictEqual(errors.length, 1);
      assert.match(errors[0].message, /^Read the details of User 00002 failed: Workfront refused; .*\(No access\)/);
      assert.ok(
        fake.record.log.some((l) => l.level === 'warn' && l.message.startsWith('workfront.showDetails failed')),
      );
    });

    it('an unexpected throw reaches the log with its stack and the user with one message', async () => {
      setUp({ users: 3 });
      await rows();
      const group = (await a.svc.provider.getChildren()).find((n) => n.kind === 'group');
      fake.answers.saveDialog = () => fake.Uri.file('/tmp/export.csv');
      fake.workspace.fs.writeFile = async () => {
        throw new TypeError('disk exploded');
      };
      try {
        assert.strictEqual(await run('workfront.exportCsv', group), undefined);
      } finally {
        fake.workspace.fs.writeFile = async (uri, content) => void fake.record.written.set(uri.toString(), content);
      }
      assert.deepStrictEqual(
        shown('showErrorMessage').map((m) => m.message),
        ['disk exploded'],
      );
      const line = fake.record.log.find((l) => l.message.startsWith('workfront.exportCsv failed unexpectedly'));
      assert.ok(line, 'logged');
      assert.strictEqual(line.level, 'error');
      assert.match(line.message, /TypeError: disk exploded\n\s+at /);
    });

    it('a cancellation is quiet', async () => {
      setUp({ users: 3 });
      const r = await rows();
      a.wf.failNext('getUserDetails', wfError('cancelled', 'Read the user details'));
      await run('workfront.showDetails', r[1]);
      assert.deepStrictEqual(shown(), []);
      assert.ok(fake.record.log.some((l) => l.message.startsWith('workfront.showDetails: cancelled')));
    });

    it('names a Workfront message as text, never as a link', async () => {
      setUp({ users: 3 });
      const r = await rows();
      a.wf.failNext('getUserDetails', wfError('validation', 'Read the user details', 422, 'see [here](command:evil)'));
      await run('workfront.showDetails', r[1]);
      assert.doesNotMatch(shown('showErrorMessage')[0].message, /\]\(/);
    });

    it('logs the start and the end of every command', async () => {
      setUp();
      await run('workfront.refresh');
      const lines = fake.record.log.map((l) => l.message);
      assert.ok(lines.includes('workfront.refresh: started'));
      assert.ok(lines.some((l) => /^workfront\.refresh: done in \d+ ms$/.test(l)));
    });
  });

  describe('Sign out (sign-in: signIn.test.ts)', () => {
    it('sign-out deletes the key before forgetting the instance, and a keyring failure is one message', async () => {
      setUp();
      a.context.secrets.failWith = new Error('no keyring');
      assert.strictEqual(await run('workfront.signOut', a.instance.host), undefined);
      assert.match(shown('showErrorMessage')[0].message, /Could not delete the API key.*GNOME Keyring/);
      assert.strictEqual(a.svc.keys.instances().length, 1, 'still listed: the key is still there');
      a.context.secrets.failWith = undefined;
      assert.strictEqual(await run('workfront.signOut', a.instance.host), true);
      assert.deepStrictEqual(a.svc.keys.instances(), []);
      assert.strictEqual(a.svc.model.all().length, 0);
    });
  });
});
