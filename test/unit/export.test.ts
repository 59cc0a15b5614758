// Export as CSV through the registered commands (fake vscode, fake Workfront): what is exported (a group,
// the selection), what is asked of Workfront for it, the columns and the time zone of the dates, the
// file's name, and what the notification offers after saving.
import * as assert from 'assert';
import type { GroupNode, TreeNode, UserNode } from '../../src/tree/nodes';
import { localTimeZone } from '../../src/util/timeZone';
import { USER_EXPORT } from '../../src/workfront';
import { wfError } from '../fakes/client';
import { activateFake, HOST, type Activated } from '../fakes/extension';
import * as fake from '../fakes/vscode';

const TODAY = /\d{4}-\d{2}-\d{2}/;

describe('Export as CSV (fake vscode, fake Workfront)', () => {
  let a: Activated;
  const run = <T>(id: string, ...args: unknown[]) => fake.commands.executeCommand<T>(id, ...args);
  const shown = (fn?: fake.MessageFn) => fake.record.messages.filter((m) => !fn || m.fn === fn);
  const target = fake.Uri.file('/tmp/wf-export/out.csv');

  function setUp(opts: Parameters<typeof activateFake>[0] = {}) {
    a = activateFake(opts);
    a.wf.timeZone = 'Europe/Berlin';
    fake.answers.saveDialog = () => target;
  }
  afterEach(() => a?.dispose());

  async function group(which: GroupNode['group'] = 'active'): Promise<GroupNode> {
    const g = (await a.svc.provider.getChildren()).find((n): n is GroupNode => n.kind === 'group' && n.group === which);
    assert.ok(g, `a ${which} group`);
    return g;
  }
  async function rows(which: GroupNode['group'] = 'active'): Promise<UserNode[]> {
    return (await a.svc.provider.getChildren(await group(which))).filter((n): n is UserNode => n.kind === 'user');
  }
  function written(uri = target): string[] {
    const bytes = fake.record.written.get(uri.toString());
    assert.ok(bytes, `${uri.toString()} was written`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    assert.ok(text.startsWith('\ufeff'), 'a byte-order mark');
    return text.slice(1).split('\r\n').slice(0, -1);
  }

  describe('a group', () => {
    it('lists the group once with the reference fields, never one request per user', async () => {
      setUp({ users: 6, shape: (i) => ({ isActive: i !== 6 }) });
      a.wf.profiles.set((await rows())[1].userId, { managerID: (await rows())[0].userId, homeGroupName: 'Design' });
      const g = await group();
      a.wf.calls.length = 0;
      assert.strictEqual((await run<fake.Uri>('workfront.exportCsv', g, target))?.toString(), target.toString());
      const lists = a.wf.callsOf('listUsers');
      assert.strictEqual(lists.length, 1);
      assert.strictEqual(lists[0].args[2], USER_EXPORT, 'the export field set');
      assert.deepStrictEqual(lists[0].args[0], { isActive: true, scheduledOnly: false, text: undefined });
      assert.deepStrictEqual(a.wf.callsOf('getUserDetails'), [], 'no details read one by one');
      assert.deepStrictEqual(a.wf.callsOf('getUsers'), []);
      const lines = written();
      assert.strictEqual(lines.length, 1 + 5);
      assert.match(lines[0], /,Access level,Home group,Manager,Manager email,Last sign-in \(Europe\/Berlin\),/);
      assert.match(
        lines[2],
        /^0{31}2,User 00002,user2@acme\.example,Engineer,true,LITE,Standard,Design,User 00001,user1@acme\.example,,,$/,
      );
    });

    it('writes dates in the signed-in user’s Workfront time zone, named in the header and the message', async () => {
      setUp({ users: 2, shape: () => ({ lastLoginDate: Date.UTC(2025, 5, 18, 7, 7) }) });
      await run('workfront.exportCsv', await group(), target);
      const lines = written();
      assert.match(
        lines[0],
        /Last sign-in \(Europe\/Berlin\),Deactivated on \(Europe\/Berlin\),Scheduled deactivation \(Europe\/Berlin\)$/,
      );
      assert.match(lines[1], /,2025-06-18 09:07,,$/);
      assert.match(
        shown('showInformationMessage')[0].message,
        /^Exported 2 active users to \/tmp\/wf-export\/out\.csv \(times in Europe\/Berlin\)\.$/,
      );
    });

    for (const [why, arrange] of [
      ['there is no time zone in Workfront', (x: Activated) => (x.wf.timeZone = null)],
      ['Intl does not know the time zone', (x: Activated) => (x.wf.timeZone = 'Mars/Olympus')],
      [
        'the time zone cannot be read',
        (x: Activated) => x.wf.failNext('myTimeZone', wfError('forbidden', 'Read your time zone', 403)),
      ],
    ] as const) {
      it(`falls back to this computer’s time zone when ${why}, and the log says so`, async () => {
        setUp({ users: 2 });
        arrange(a);
        await run('workfront.exportCsv', await group(), target);
        const zone = localTimeZone();
        assert.ok(written()[0].endsWith(`Scheduled deactivation (${zone})`), written()[0]);
        assert.deepStrictEqual(shown('showErrorMessage'), [], 'the export still succeeds');
        assert.ok(
          fake.record.log.some((l) => l.message.includes(`dates are shown in ${zone}`)),
          'the log says which zone and why',
        );
      });
    }

    it('a filtered group: only the matches, "-filtered" in the file name, "matching" in the message', async () => {
      setUp({ users: 12 });
      await run('workfront.filter', 'User 0001');
      fake.answers.saveDialog = (o) => o.defaultUri;
      fake.workspace.workspaceFolders = [{ uri: fake.Uri.file('/work/space') }];
      await run('workfront.exportCsv', await group());
      const [dialog] = fake.record.saveDialogs;
      assert.match(
        dialog.defaultUri?.path ?? '',
        new RegExp(`^/work/space/workfront-${HOST}-active-filtered-${TODAY.source}\\.csv$`),
      );
      assert.strictEqual(dialog.title, 'Export 3 active users matching "User 0001" as CSV');
      const lines = written(dialog.defaultUri);
      assert.deepStrictEqual(
        lines.slice(1).map((l) => l.split(',')[1]),
        ['User 00010', 'User 00011', 'User 00012'],
      );
      assert.match(shown('showInformationMessage')[0].message, /^Exported 3 active users matching "User 0001" to /);
    });

    it('from the palette: the picker shows each group’s count (and the selection when there is one)', async () => {
      setUp({
        users: 5,
        shape: (i) => ({ isActive: i !== 5, scheduleDeactivationDate: i === 2 ? Date.UTC(2030, 0, 1) : null }),
      });
      const r = await rows();
      a.view.selection = [r[0], r[2]] as unknown[];
      fake.answers.quickPick = (items) => items.find((i) => i.label === 'Selected users');
      await run('workfront.exportCsv');
      const [pick] = fake.record.quickPicks;
      assert.deepStrictEqual(
        pick.items.map((i) => [i.label, i.description]),
        [
          ['Active users', '4 users'],
          ['Inactive users', '1 user'],
          ['Users scheduled to leave', '1 user'],
          ['Selected users', '2 users'],
        ],
      );
      assert.deepStrictEqual(a.wf.callsOf('getUsers')[0].args[0], [r[0].userId, r[2].userId]);
      assert.strictEqual(written().length, 3);
    });

    it('cancelling the save dialog sends nothing and says nothing', async () => {
      setUp({ users: 3 });
      fake.answers.saveDialog = () => undefined;
      const g = await group();
      a.wf.calls.length = 0;
      assert.strictEqual(await run('workfront.exportCsv', g), undefined);
      assert.deepStrictEqual(a.wf.calls, []);
      assert.deepStrictEqual(shown(), []);
    });

    it('a failed listing is one message naming the export and the instance; no file is written', async () => {
      setUp({ users: 3 });
      a.wf.failNext('listUsers', wfError('server', 'List active users', 500));
      await run('workfront.exportCsv', await group(), target);
      assert.strictEqual(fake.record.written.size, 0);
      const errors = shown('showErrorMessage');
      assert.strictEqual(errors.length, 1);
      assert.match(errors[0].message, /^Export active users failed: Workfront had a server error \(500\)/);
    });

    it('shows a cancellable progress notification while it reads', async () => {
      setUp({ users: 3 });
      await run('workfront.exportCsv', await group(), target);
      assert.ok(fake.record.progress.some((p) => p.cancellable && p.title === 'Exporting 3 active users…'));
    });
  });

  describe('the selection', () => {
    it('exports exactly the selected users, read by ID with the reference fields, sorted by name', async () => {
      setUp({ users: 8 });
      const r = await rows();
      a.wf.calls.length = 0;
      fake.answers.saveDialog = (o) => o.defaultUri;
      fake.workspace.workspaceFolders = [{ uri: fake.Uri.file('/work/space') }];
      const uri = await run<fake.Uri>('workfront.exportSelectedCsv', r[4], [r[6], r[4], r[1]]);
      assert.match(uri?.path ?? '', new RegExp(`^/work/space/workfront-${HOST}-selected-${TODAY.source}\\.csv$`));
      const calls = a.wf.callsOf('getUsers');
      assert.strictEqual(calls.length, 1);
      assert.deepStrictEqual(
        [...(calls[0].args[0] as string[])].sort(),
        [r[1].userId, r[4].userId, r[6].userId].sort(),
      );
      assert.strictEqual(calls[0].args[1], USER_EXPORT);
      assert.deepStrictEqual(a.wf.callsOf('listUsers'), []);
      assert.deepStrictEqual(
        written(uri)
          .slice(1)
          .map((l) => l.split(',')[1]),
        ['User 00002', 'User 00005', 'User 00007'],
      );
      assert.strictEqual(fake.record.saveDialogs[0].title, 'Export 3 selected users as CSV');
      assert.match(shown('showInformationMessage')[0].message, /^Exported 3 selected users to /);
    });

    it('a right-click outside the selection exports the clicked row alone', async () => {
      setUp({ users: 5 });
      const r = await rows();
      await run('workfront.exportSelectedCsv', r[3], [r[0], r[1]], target);
      assert.deepStrictEqual(a.wf.callsOf('getUsers')[0].args[0], [r[3].userId]);
    });

    it('from the palette: the view’s selection, or users searched for when nothing is selected', async () => {
      setUp({ users: 5 });
      const r = await rows();
      a.view.selection = [r[2]] as unknown[];
      await run('workfront.exportSelectedCsv', undefined, undefined, target);
      assert.deepStrictEqual(a.wf.callsOf('getUsers')[0].args[0], [r[2].userId]);
      a.view.selection = [];
      const exported = run('workfront.exportSelectedCsv', undefined, undefined, target);
      await fake.settle();
      const qp = fake.quickPicks[fake.quickPicks.length - 1];
      assert.ok(qp.canSelectMany, 'a multi-select search');
      await fake.settle();
      qp.accept((items) => items.slice(0, 2));
      await exported;
      assert.strictEqual((a.wf.callsOf('getUsers')[1].args[0] as string[]).length, 2);
    });

    it('says how many selected users no longer exist in Workfront', async () => {
      setUp({ users: 5 });
      const r = await rows();
      a.wf.users.delete(r[1].userId);
      await run('workfront.exportSelectedCsv', r[0], [r[0], r[1]], target);
      assert.strictEqual(written().length, 2);
      assert.match(
        shown('showInformationMessage')[0].message,
        /^Exported 1 selected user to .*\. 1 of the selected users no longer exists in Workfront\.$/,
      );
    });

    it('refuses a selection across two instances with one message, before any request', async () => {
      setUp({ users: 3 });
      const r = await rows();
      const other = { ...r[1], host: 'other.my.workfront.com', id: `other/${r[1].id}` } as TreeNode;
      a.wf.calls.length = 0;
      await run('workfront.exportSelectedCsv', r[0], [r[0], other], target);
      assert.deepStrictEqual(a.wf.calls, []);
      assert.match(shown('showErrorMessage')[0].message, /users of 2 instances/);
    });
  });

  describe('after saving', () => {
    async function exportAndChoose(choice: (items: string[]) => string | undefined): Promise<fake.ShownMessage> {
      fake.answers.message = (m) => (m.fn === 'showInformationMessage' ? choice(m.items) : undefined);
      await run('workfront.exportCsv', await group(), target);
      await fake.settle();
      return shown('showInformationMessage')[0];
    }

    it('"Open" opens the file in the editor', async () => {
      setUp({ users: 2 });
      const note = await exportAndChoose(() => 'Open');
      assert.strictEqual(note.items[0], 'Open');
      assert.deepStrictEqual(
        fake.record.builtins.map((b) => [b.id, String(b.args[0])]),
        [['vscode.open', target.toString()]],
      );
    });

    it('on a desktop, the system’s file manager shows the file (revealFileInOS), labelled as VS Code labels it', async () => {
      setUp({ users: 2 });
      const label =
        { win32: 'Reveal in File Explorer', darwin: 'Reveal in Finder' }[process.platform as string] ??
        'Open Containing Folder';
      const note = await exportAndChoose((items) => items[1]);
      assert.deepStrictEqual(note.items, ['Open', label]);
      assert.deepStrictEqual(
        fake.record.builtins.map((b) => [b.id, String(b.args[0])]),
        [['revealFileInOS', target.toString()]],
      );
    });

    it('in a browser or a remote window: VS Code’s Explorer shows a file of the workspace; elsewhere, Open alone', async () => {
      setUp({ users: 2 });
      fake.env.uiKind = fake.UIKind.Web;
      fake.workspace.workspaceFolders = [{ uri: fake.Uri.file('/tmp/wf-export') }];
      const note = await exportAndChoose((items) => items[1]);
      assert.deepStrictEqual(note.items, ['Open', 'Reveal in Explorer View']);
      assert.deepStrictEqual(
        fake.record.builtins.map((b) => b.id),
        ['revealInExplorer'],
      );
      fake.record.messages.length = 0;
      fake.workspace.workspaceFolders = [{ uri: fake.Uri.file('/elsewhere') }];
      assert.deepStrictEqual((await exportAndChoose(() => undefined)).items, ['Open']);
    });

    it('the next save dialog starts in the folder of the last export', async () => {
      setUp({ users: 2 });
      await run('workfront.exportCsv', await group(), fake.Uri.file('/data/exports/a.csv'));
      fake.answers.saveDialog = () => undefined;
      await run('workfront.exportCsv', await group());
      assert.match(fake.record.saveDialogs[0].defaultUri?.path ?? '', /^\/data\/exports\/workfront-/);
    });
  });
});
