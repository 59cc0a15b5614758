// The details page: its HTML (hostile names stay text, the only links are the intended ones, a strict
// Content Security Policy), the messages it may send (anything else is refused), and the page's life
// through the registered commands with the fakes: one tab per user, reused; actions that go through the
// tree's commands; the page following the model after a deactivation or a sign-out.
import * as assert from 'assert';
import { detailsHtml, escapeHtml, offeredActions, type DetailsView } from '../../src/details/html';
import { DETAILS_ACTIONS, parseDetailsMessage } from '../../src/details/messages';
import type { GroupNode, UserNode } from '../../src/tree/nodes';
import type { UserDetails } from '../../src/workfront';
import { makeUser } from '../fakes/client';
import { activateFake, HOST, type Activated } from '../fakes/extension';
import * as fake from '../fakes/vscode';

const ID = 'a'.repeat(32);
const MANAGER = 'b'.repeat(32);
const URL_OF = (id: string) => `https://${HOST}/user/${id}/details`;

function details(over: Partial<UserDetails> = {}): UserDetails {
  return {
    ...makeUser(7),
    ID,
    username: 'u7@acme.example',
    firstName: 'User',
    lastName: '7',
    isAdmin: false,
    loginCount: 12,
    entryDate: null,
    accessLevelName: 'Planner',
    homeGroupName: null,
    companyName: null,
    managerName: 'Ana Rossi',
    managerID: MANAGER,
    ...over,
  };
}

function view(over: Partial<DetailsView> = {}, user: Partial<UserDetails> = {}): DetailsView {
  return { user: details(user), host: HOST, workfrontUrl: URL_OF(ID), isMe: false, ...over };
}

/** Every `<tag` of the page, by name. */
function tags(html: string, name: string): string[] {
  return html.match(new RegExp(`<${name}\\b[^>]*>`, 'gi')) ?? [];
}

describe('Details page', () => {
  describe('HTML', () => {
    const NONCE = 'bm9uY2Utbm9uY2U=';
    const hostile = {
      name: '<img src=x onerror=alert(1)>',
      title: '</script><script>alert(2)</script>',
      emailAddr: 'x"onmouseover="alert(3)@acme.example',
      licenseType: "Light' onclick='alert(4)",
      managerName: '<a href="javascript:alert(5)">boss</a>',
      accessLevelName: '[Sign out](command:workfront.signOut) https://evil.example/',
      homeGroupName: '\u202eevil\u202c',
    };

    it('escapes every value from Workfront: no element, attribute or script of theirs', () => {
      const html = detailsHtml(view({}, hostile), NONCE);
      assert.deepStrictEqual(tags(html, 'img'), []);
      assert.strictEqual(tags(html, 'script').length, 1, 'only the page’s own script');
      assert.strictEqual(tags(html, 'script')[0], `<script nonce="${NONCE}">`);
      for (const value of Object.values(hostile))
        assert.ok(html.includes(escapeHtml(value)), `${value} is shown escaped`);
      assert.ok(!html.includes('</script><script>alert(2)'), 'a title cannot close the script');
      assert.ok(!html.includes('onmouseover="alert(3)'), 'an email cannot add an attribute');
      assert.ok(!html.includes("onclick='alert(4)"), 'nor can a license type');
      assert.ok(html.includes(`<bdi>${escapeHtml(hostile.homeGroupName)}</bdi>`), 'direction marks are isolated');
    });

    it('links only where intended: the manager and the user’s page in Workfront', () => {
      const html = detailsHtml(view({}, hostile), NONCE);
      const links = tags(html, 'a');
      assert.strictEqual(links.length, 3, links.join('\n'));
      for (const a of links) {
        const href = /href="([^"]*)"/.exec(a)?.[1];
        assert.ok(href === '#' || href === URL_OF(ID), `a link to ${href}`);
        assert.match(a, /data-action="(openManager|openInWorkfront)"/);
      }
      assert.strictEqual(links.filter((a) => a.includes('openManager')).length, 1);
      // Text that looks like a link in a value stays text.
      assert.ok(!html.includes('href="javascript'), 'a manager name cannot become a link of its own');
      assert.ok(!/href="https:\/\/evil/.test(html));
      assert.ok(!html.includes('command:workfront.signOut"'));
    });

    it('has a strict Content Security Policy: nothing remote, scripts and styles only by nonce', () => {
      const html = detailsHtml(view(), NONCE);
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
      assert.ok(csp, 'a CSP');
      assert.strictEqual(
        csp,
        `default-src 'none'; style-src 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'; base-uri 'none'; form-action 'none';`,
      );
      assert.ok(!/unsafe-inline|unsafe-eval|https?:|\*/.test(csp));
      assert.deepStrictEqual(tags(html, 'link'), []);
      assert.deepStrictEqual(tags(html, 'iframe'), []);
      assert.ok(!/ style="/.test(html), 'no style attributes (the CSP would block them)');
      assert.ok(!/src="/.test(html), 'nothing is loaded');
      assert.ok(html.includes(`<style nonce="${NONCE}">`));
    });

    it('shows the same fields as before, empty ones as a dash, with theme colours only', () => {
      const html = detailsHtml(view(), NONCE);
      for (const label of [
        'Email',
        'Username',
        'Title',
        'Status',
        'License type',
        'Access level',
        'Home group',
        'Company',
        'Manager',
        'Last sign-in',
        'Login count',
        'Created',
        'Deactivated on',
        'Scheduled deactivation',
        'ID',
        'Instance',
      ])
        assert.ok(html.includes(`<dt>${label}</dt>`), label);
      assert.ok(html.includes('<dt>Home group</dt><dd class="empty">—</dd>'));
      assert.ok(html.includes('<dt>Access level</dt><dd><bdi>Planner</bdi></dd>'));
      assert.ok(html.includes(`<code>${ID}</code>`));
      const colours = html.match(/#[0-9a-f]{3,8}\b|rgb\(/gi) ?? [];
      assert.deepStrictEqual(colours, [], 'no fixed colours: the theme’s variables look native in light and dark');
      assert.ok(html.includes('var(--vscode-editor-background)') && html.includes('var(--vscode-button-background)'));
    });

    it('offers Deactivate for an active user, Reactivate for an inactive one, neither for yourself or while busy', () => {
      assert.ok(offeredActions(view()).has('deactivate'));
      assert.ok(!offeredActions(view()).has('reactivate'));
      assert.ok(offeredActions(view({}, { isActive: false })).has('reactivate'));
      assert.ok(!offeredActions(view({ isMe: true })).has('deactivate'));
      assert.ok(!offeredActions(view({ busy: 'Deactivating…' })).has('deactivate'));
      assert.ok(!offeredActions(view({}, { managerID: null })).has('openManager'));
      assert.ok(!offeredActions(view({}, { emailAddr: '' })).has('copyEmail'));
      assert.deepStrictEqual([...offeredActions(view({ notice: 'signed out' }))], [], 'signed out: text only');
      const html = detailsHtml(view({}, { isActive: false }), NONCE);
      assert.ok(html.includes('data-action="reactivate"') && !html.includes('data-action="deactivate"'));
      assert.deepStrictEqual(tags(detailsHtml(view({ notice: 'signed out' }), NONCE), 'a'), []);
    });
  });

  describe('messages from the page', () => {
    it('accepts exactly {action, user} for a known action and the user shown', () => {
      for (const action of DETAILS_ACTIONS) assert.strictEqual(parseDetailsMessage({ action, user: ID }, ID), action);
    });

    it('refuses anything else', () => {
      const refused: unknown[] = [
        undefined,
        null,
        'copyId',
        ['copyId', ID],
        { action: 'copyId' },
        { action: 'copyId', user: MANAGER },
        { action: 'copyId', user: ID.toUpperCase() },
        { action: 'copyId', user: ID, extra: 1 },
        { action: 'runCommand', user: ID },
        { action: 'toString', user: ID },
        { action: '__proto__', user: ID },
        { action: ['copyId'], user: ID },
        JSON.parse(`{"action":"copyId","user":"${ID}","__proto__":{"x":1}}`),
      ];
      for (const message of refused)
        assert.strictEqual(parseDetailsMessage(message, ID), undefined, JSON.stringify(message));
    });
  });

  describe('the page in the editor (fake vscode, fake Workfront)', () => {
    let a: Activated;
    const run = <T>(id: string, ...args: unknown[]) => fake.commands.executeCommand<T>(id, ...args);
    afterEach(() => a?.dispose());

    async function rows(): Promise<UserNode[]> {
      const g = (await a.svc.provider.getChildren()).find((n): n is GroupNode => n.kind === 'group');
      return (await a.svc.provider.getChildren(g)).filter((n): n is UserNode => n.kind === 'user');
    }
    async function open(row: UserNode): Promise<fake.FakeWebviewPanel> {
      const panel = await run<fake.FakeWebviewPanel>('workfront.showDetails', row);
      assert.ok(panel, 'a panel');
      return panel;
    }
    async function send(
      panel: fake.FakeWebviewPanel,
      action: string,
      user = panel.webview.html.match(/data-user="([^"]+)"/)![1],
    ) {
      panel.webview.send({ action, user });
      await fake.settle();
      await fake.settle();
    }

    it('opens a rendered, read-only page titled with the user’s name, scripts on for its buttons only', async () => {
      a = activateFake({ users: 4 });
      const r = await rows();
      const panel = await open(r[1]);
      assert.strictEqual(panel.viewType, 'workfront.userDetails');
      assert.strictEqual(panel.title, 'User 00002');
      assert.deepStrictEqual(panel.options, {
        enableScripts: true,
        enableCommandUris: false,
        enableFindWidget: true,
        localResourceRoots: [],
      });
      assert.ok(panel.webview.html.includes('<h1><bdi>User 00002</bdi></h1>'));
      assert.ok(panel.webview.html.includes('<dt>Email</dt><dd><bdi>user2@acme.example</bdi></dd>'));
      assert.deepStrictEqual(
        a.wf.callsOf('getUserDetails').map((c) => c.args[0]),
        [r[1].userId],
      );
    });

    it('showing the same user again brings the same tab forward and reads them again', async () => {
      a = activateFake({ users: 4 });
      const r = await rows();
      const first = await open(r[1]);
      const again = await open(r[1]);
      assert.strictEqual(again, first);
      assert.strictEqual(first.revealed, 1);
      assert.strictEqual(fake.webviewPanels.length, 1);
      assert.strictEqual(a.wf.callsOf('getUserDetails').length, 2);
      await open(r[2]);
      assert.strictEqual(fake.webviewPanels.length, 2, 'one tab per user');
      first.dispose();
      assert.notStrictEqual(await open(r[1]), first, 'a closed tab is made anew');
    });

    it('Copy ID and Copy Email copy the user shown', async () => {
      a = activateFake({ users: 4 });
      const panel = await open((await rows())[2]);
      await send(panel, 'copyId');
      assert.strictEqual(fake.record.clipboard, (await rows())[2].userId);
      await send(panel, 'copyEmail');
      assert.strictEqual(fake.record.clipboard, 'user3@acme.example');
    });

    it('the manager link opens the manager’s page; the Workfront link opens the user’s page in Workfront', async () => {
      a = activateFake({ users: 4 });
      const r = await rows();
      a.wf.profiles.set(r[2].userId, { managerID: r[0].userId });
      const panel = await open(r[2]);
      assert.ok(panel.webview.html.includes('data-action="openManager"'));
      await send(panel, 'openManager');
      assert.strictEqual(fake.webviewPanels.length, 2);
      assert.strictEqual(fake.webviewPanels[1].title, 'User 00001');
      await send(panel, 'openInWorkfront');
      assert.deepStrictEqual(fake.record.opened, [URL_OF(r[2].userId)]);
    });

    it('a manager the tree has not listed is remembered, not counted: the counts are not asked for again', async () => {
      a = activateFake({ users: 4 });
      const r = await rows();
      const outsider = 'c'.repeat(32);
      a.wf.users.set(outsider, makeUser(99, { ID: outsider, name: 'Outside Manager' }));
      a.wf.profiles.set(r[1].userId, { managerID: outsider });
      const panel = await open(r[1]);
      const counts = a.wf.callsOf('countUsers').length;
      await send(panel, 'openManager');
      assert.strictEqual(fake.webviewPanels[1].title, 'Outside Manager');
      await a.svc.provider.getChildren();
      assert.strictEqual(a.wf.callsOf('countUsers').length, counts);
    });

    it('Deactivate confirms in the modal, and the page shows the user inactive with Reactivate', async () => {
      a = activateFake({ users: 4 });
      const r = await rows();
      const panel = await open(r[2]);
      assert.ok(panel.webview.html.includes('data-action="deactivate"'));
      fake.answers.message = (m) => (m.modal ? 'Deactivate' : undefined);
      await send(panel, 'deactivate');
      // The change is recorded in the audit trail (on disk) before it is sent.
      // Shown inactive on Workfront's answer; its actions come back when the command ends (the audit
      // entry completed).
      await fake.until(() => panel.webview.html.includes('status inactive'));
      await fake.until(() => panel.webview.html.includes('data-action="reactivate"'));
      const modal = fake.record.messages.filter((m) => m.modal);
      assert.strictEqual(modal.length, 1);
      assert.strictEqual(modal[0].message, 'Deactivate User 00003?');
      assert.deepStrictEqual(
        a.wf.callsOf('setActive').map((c) => c.args),
        [[r[2].userId, false]],
      );
      assert.ok(panel.webview.html.includes('<span class="status inactive">Inactive</span>'));
      assert.ok(panel.webview.html.includes('data-action="reactivate"'));
      assert.ok(!panel.webview.html.includes('data-action="deactivate"'));
    });

    it('cancelling the confirmation changes nothing', async () => {
      a = activateFake({ users: 4 });
      const panel = await open((await rows())[2]);
      fake.answers.message = () => undefined;
      await send(panel, 'deactivate');
      assert.deepStrictEqual(a.wf.callsOf('setActive'), []);
      assert.ok(panel.webview.html.includes('data-action="deactivate"'));
    });

    it('follows a deactivation made in the tree', async () => {
      a = activateFake({ users: 4 });
      const r = await rows();
      const panel = await open(r[3]);
      fake.answers.message = (m) => (m.modal ? 'Deactivate' : undefined);
      await run('workfront.deactivateUser', r[3], [r[3]]);
      assert.ok(panel.webview.html.includes('status inactive'));
    });

    it('another user’s change leaves the page as it is (setting it again would reload it)', async () => {
      a = activateFake({ users: 4 });
      const r = await rows();
      const panel = await open(r[1]);
      const before = panel.webview.html;
      fake.answers.message = (m) => (m.modal ? 'Deactivate' : undefined);
      await run('workfront.deactivateUser', r[2], [r[2]]);
      assert.strictEqual(a.wf.callsOf('setActive').length, 1);
      assert.strictEqual(panel.webview.html, before, 'not rendered again (same nonce)');
    });

    it('refuses a message for another user, or an action the page does not offer, and logs it', async () => {
      a = activateFake({ users: 4 });
      const r = await rows();
      const panel = await open(r[2]);
      a.wf.calls.length = 0;
      fake.answers.message = (m) => (m.modal ? 'Deactivate' : undefined);
      await send(panel, 'deactivate', r[1].userId);
      await send(panel, 'reactivate');
      panel.webview.send({ action: 'deactivate', user: r[2].userId, also: r[1].userId });
      panel.webview.send('deactivate');
      await fake.settle();
      assert.deepStrictEqual(a.wf.calls, [], 'nothing sent to Workfront');
      assert.deepStrictEqual(fake.record.messages, [], 'nothing asked');
      assert.strictEqual(
        fake.record.log.filter((l) => l.level === 'warn' && /message that was ignored/.test(l.message)).length,
        4,
      );
    });

    it('Refresh reads the user again; a failure is one message and the page keeps what it showed', async () => {
      a = activateFake({ users: 4 });
      const r = await rows();
      const panel = await open(r[1]);
      a.wf.users.set(r[1].userId, { ...a.wf.users.get(r[1].userId)!, title: 'Director' });
      await send(panel, 'refresh');
      assert.ok(panel.webview.html.includes('<span class="title"><bdi>Director</bdi></span>'));
      const { wfError } = await import('../fakes/client');
      a.wf.failNext('getUserDetails', wfError('server', 'Read the user details', 503));
      await send(panel, 'refresh');
      const errors = fake.record.messages.filter((m) => m.fn === 'showErrorMessage');
      assert.strictEqual(errors.length, 1);
      assert.match(errors[0].message, /^Read the details of User 00002 failed: Workfront had a server error \(503\)/);
      assert.ok(panel.webview.html.includes('Director'));
    });

    it('after signing out, the page says so and offers no action', async () => {
      a = activateFake({ users: 4 });
      const panel = await open((await rows())[1]);
      fake.answers.message = (m) => (m.modal ? 'Sign Out' : undefined);
      await run('workfront.signOut');
      await fake.settle();
      assert.match(panel.webview.html, /You are signed out of acme\.my\.workfront\.com/);
      assert.ok(!panel.webview.html.includes('data-action='), 'no buttons or links');
      a.wf.calls.length = 0;
      await send(panel, 'copyId');
      assert.deepStrictEqual(a.wf.calls, []);
    });
  });
});
