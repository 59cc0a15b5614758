// Hostile input in a real VS Code: names, titles, IDs, addresses, echoed passwords and endless answers.
// (The secret scan of the whole run is in secretScan.ts.)
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Services } from '../../src/commands/services';
import { MAIN_ADMIN_DEACTIVATION } from '../simulator';
import type { Simulator } from '../simulator/types';
import { Prompts, hostOf, labels, loggedLines, signIn, signOutAll, signedInSuite, userRow, userRows } from './helpers';

/** VS Code's own pattern for links in notification messages (vs/base/common/linkedText.ts). */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;

describe('Hostile input in VS Code', function () {
  this.timeout(60_000);
  const suite = signedInSuite({ users: 30, seed: 71 });
  let sim: Simulator;
  let svc: Services;
  let prompts: Prompts | undefined;

  before(() => ({ sim, svc } = suite));
  afterEach(() => {
    prompts?.restore();
    prompts = undefined;
    sim.clearFaults();
  });

  it('a name, title and license type with Markdown, command links, URLs and HTML are plain text in the tooltips', async () => {
    const u = sim.store.all().find((x) => x.isActive && x.ID !== sim.admin.ID)!;
    sim.store.update(u.ID, {
      name: 'Eve [Sign out](command:workfront.signOut) **bold**',
      title: '[Open](https://evil.example/x) <img src=x onerror=alert(1)> www.evil.example $(alert)',
      licenseType: '[Free](command:workbench.action.quit)',
    });
    await vscode.commands.executeCommand('workfront.refresh');
    const row = (await userRow(svc, 'active', u.ID))!;
    const item = svc.provider.resolveTreeItem!(svc.provider.getTreeItem(row), row) as vscode.TreeItem;
    const tooltip = item.tooltip as vscode.MarkdownString;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.ok(!tooltip.isTrusted, 'not trusted: no command links at all');
    assert.ok(!tooltip.supportHtml, 'no HTML');
    assert.ok(!tooltip.value.includes(']('), `no Markdown link survives: ${tooltip.value}`);
    assert.ok(!/https?:\/\/|www\./.test(tooltip.value), `no URL left to autolink: ${tooltip.value}`);
    assert.strictEqual(
      String(item.label),
      'Eve [Sign out](command:workfront.signOut) **bold**',
      'the label shows the name as it is',
    );
    const group = (await svc.provider.getChildren()).find((n) => n.kind === 'group' && n.group === 'active')!;
    sim.store.update(u.ID, {
      title: 'Head of <command:workfront.signOut> and <https:evil.example> <mailto:x@evil.example>',
    });
    await vscode.commands.executeCommand('workfront.refresh');
    const again = (await userRow(svc, 'active', u.ID))!;
    const angled = svc.provider.resolveTreeItem!(svc.provider.getTreeItem(again), again) as vscode.TreeItem;
    const angledValue = (angled.tooltip as vscode.MarkdownString).value;
    // CommonMark makes <scheme:...> a link for any scheme; an escaped "<" leaves it text.
    assert.ok(!/(^|[^\\])<[a-z][a-z0-9+.-]*:/i.test(angledValue), `no autolink survives: ${angledValue}`);
    assert.ok(angledValue.includes('command:workfront.signOut'), 'the text itself is still shown');
    const groupTip = svc.provider.resolveTreeItem!(svc.provider.getTreeItem(group), group) as vscode.TreeItem;
    const groupValue = (groupTip.tooltip as vscode.MarkdownString).value;
    assert.ok(groupValue.includes('Free') && !groupValue.includes(']('), `the license type is text: ${groupValue}`);
  });

  it('a hostile name, title and manager are text on the details page: no element, script or link of theirs', async () => {
    const [u, boss] = sim.store.all().filter((x) => x.isActive && x.ID !== sim.admin.ID);
    sim.store.update(boss.ID, { firstName: '<a href="javascript:alert(1)">Boss', lastName: '</a>' });
    sim.store.update(u.ID, {
      firstName: '<img src=x onerror=alert(2)>',
      lastName: '</script><script>alert(3)</script>',
      title: '[Sign out](command:workfront.signOut) https://evil.example/',
      managerID: boss.ID,
    });
    await vscode.commands.executeCommand('workfront.refresh');
    const row = (await userRow(svc, 'active', u.ID))!;
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('workfront.showDetails', row);
    assert.ok(panel);
    try {
      const html = panel.webview.html;
      assert.strictEqual(panel.title, sim.store.get(u.ID)!.name, 'the tab shows the name as it is');
      assert.strictEqual((html.match(/<script\b/g) ?? []).length, 1, 'only the page’s own script');
      assert.ok(!/<img\b/i.test(html), 'no image element');
      assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt;'), 'the name is shown escaped');
      const links = html.match(/<a\b[^>]*>/g) ?? [];
      assert.strictEqual(links.length, 3, links.join('\n'));
      for (const a of links) assert.match(a, /data-action="(openManager|openInWorkfront)"/);
      assert.ok(!html.includes('href="javascript'), 'the manager’s name brings no link of its own');
      assert.ok(!html.includes('href="https://evil'), 'a URL in the title stays text');
    } finally {
      panel.dispose();
    }
  });

  it('a name that is a command link is never a link in a notification; the confirmation shows it as text', async () => {
    const u = sim.store.all().find((x) => x.isActive && x.ID !== sim.admin.ID && !x.name.includes('['))!;
    sim.store.update(u.ID, { name: 'Mallory [Sign out](command:workfront.signOut)' });
    sim.inject({
      op: 'update',
      userId: u.ID,
      kind: 'status',
      status: 422,
      errorClass: 'com.attask.common.ValidationException',
      message: 'See [details](https://evil.example/) or [run](command:workbench.action.quit)',
    });
    await vscode.commands.executeCommand('workfront.refresh');
    const row = (await userRow(svc, 'active', u.ID))!;
    prompts = new Prompts().messages('Deactivate');
    await vscode.commands.executeCommand('workfront.deactivateUser', row, [row]);
    const modal = prompts.shown.find((m) => m.detail !== undefined);
    assert.ok(
      modal?.message.includes('Mallory [Sign out](command:workfront.signOut)'),
      'the modal (plain text in VS Code) shows the name as it is',
    );
    const notes = prompts.shown.filter((m) => m.detail === undefined);
    assert.strictEqual(notes.length, 1);
    assert.ok(notes[0].message.includes('Mallory') && notes[0].message.includes('See'), notes[0].message);
    assert.doesNotMatch(notes[0].message, NOTIFICATION_LINK, 'neither the name nor Workfront’s message becomes a link');
    sim.clearFaults();
    await vscode.commands.executeCommand('workfront.deactivateUser', row, [row]);
    for (const m of prompts.shown.filter((x) => x.detail === undefined))
      assert.doesNotMatch(m.message, NOTIFICATION_LINK, m.message);
    assert.strictEqual(sim.store.get(u.ID)?.isActive, false);
  });

  it('a user ID from Workfront that is not 32 hex characters is refused before it reaches a URL', async () => {
    const hostile = ['../../user/search?x=', '0123456789abcdef0123456789abcdeg', 'ABCDEF0123456789ABCDEF012345678%2F'];
    const added = hostile.map((ID) =>
      sim.store.add({ ID, isActive: true, firstName: 'Trojan', lastName: ID.slice(0, 6) }),
    );
    try {
      const before = (await labels(svc)).slice();
      sim.clearLog();
      await vscode.commands.executeCommand('workfront.refresh');
      const rows = await svc.provider.getChildren(
        (await svc.provider.getChildren()).find((n) => n.kind === 'group' && n.group === 'active'),
      );
      const first = svc.provider.getTreeItem(rows[0]);
      assert.strictEqual(rows[0].kind, 'message', 'an error row, not a guess');
      assert.match(String(first.label), /^List active users failed: .*is not a Workfront ID/);
      assert.ok(
        rows.slice(1).every((r) => r.kind === 'user'),
        'the last good users are still listed',
      );
      assert.notDeepStrictEqual(before, [], 'counts shown');
      // A command given a forged row with such an ID does nothing either.
      prompts = new Prompts().messages('Deactivate');
      const model = svc.model.get(hostOf(sim))!;
      await vscode.commands.executeCommand(
        'workfront.deactivateUser',
        { kind: 'user', id: 'x', host: model.instance.host, group: 'active', userId: hostile[0] },
        [],
      );
      await vscode.commands.executeCommand('workfront.showDetails', {
        kind: 'user',
        id: 'x',
        host: model.instance.host,
        group: 'active',
        userId: hostile[0],
      });
      for (const r of sim.log) {
        for (const id of hostile)
          assert.ok(
            !decodeURIComponent(r.path).includes(id) && !(r.objId ?? '').includes(id.slice(0, 8)),
            `${r.method} ${r.path} carries a hostile ID`,
          );
      }
      assert.ok(!sim.log.some((r) => r.op === 'update' || r.op === 'get'), 'no read or update of a forged user');
    } finally {
      for (const u of added) sim.store.remove(u.ID);
    }
  });

  it('refuses hostile addresses at sign-in before any request, takes a pasted page address by its host, and shows a normalised one', async () => {
    const port = new URL(sim.url).port;
    const refused = [
      `http://user:pass@127.0.0.1:${port}`,
      `http://127.0.0.1:${port}@evil.example.com`,
      `http://127.0.0.1:${port}\\@evil.example.com/home`,
      'acme .my.workfront.com',
      'https://\u0430cme.my.workfront.com',
      'https://acme.my.workfront.com.evil.example',
      'https://evil.example.com/home?next=https://acme.my.workfront.com',
      'http://acme.my.workfront.com',
      'https://evil.example.com',
    ];
    sim.clearLog();
    prompts = new Prompts().inputs(...refused).messages();
    assert.strictEqual(await vscode.commands.executeCommand('workfront.signIn'), false);
    const problems = prompts.inputProblems();
    assert.strictEqual(problems.length, refused.length, `each refused in the box: ${JSON.stringify(prompts.shown)}`);
    for (const [i, input] of refused.entries())
      assert.ok(
        problems[i].includes('is not a Workfront address'),
        `${JSON.stringify(input)} is refused: ${problems[i]}`,
      );
    assert.ok(!problems.join(' ').includes('user:pass'), 'a password in an address is not repeated');
    assert.deepStrictEqual(prompts.messagesOf('showErrorMessage'), []);
    assert.strictEqual(sim.log.length, 0, 'nothing was sent');
    prompts.restore();

    // A page address pasted from the browser gives its host: none of its path or query is sent.
    prompts = new Prompts()
      .inputs(`http://LOCALHOST:${port}/user/0123/overview?apiKey=pasted-in-a-url#/details`, sim.apiKey)
      .picks('API key')
      .messages();
    assert.strictEqual(await vscode.commands.executeCommand('workfront.signIn'), true);
    assert.ok(
      prompts.messagesOf('showInformationMessage').includes(`Signed in to localhost:${port} as ${sim.admin.name}.`),
    );
    assert.ok(
      sim.log.length > 0 && sim.log.every((r) => r.path.startsWith('/attask/api/v21.0/')),
      'the version of the setting, not a path from the address',
    );
    assert.ok(!JSON.stringify(sim.log).includes('pasted-in-a-url'), 'nothing of the query was sent');
    await vscode.commands.executeCommand('workfront.signOut', `localhost:${port}`);
    prompts.restore();
    sim.clearLog();

    // An address with a different case, a trailing slash and an API path is normalised, and the result is shown.
    prompts = new Prompts()
      .inputs(`HTTP://LOCALHOST:${port}/attask/api/v19.0/`, sim.apiKey)
      .picks('API key')
      .messages();
    assert.strictEqual(await vscode.commands.executeCommand('workfront.signIn'), true);
    assert.ok(
      prompts.messagesOf('showInformationMessage').includes(`Signed in to localhost:${port} as ${sim.admin.name}.`),
      JSON.stringify(prompts.shown),
    );
    assert.ok(
      sim.log.length > 0 && sim.log.every((r) => r.path.startsWith('/attask/api/v19.0/')),
      'the version from the address is used',
    );
    await vscode.commands.executeCommand('workfront.signOut', `localhost:${port}`);
  });

  it('a password echoed back by Workfront in any form reaches neither the sign-in box nor the log', async () => {
    const password = 'Tr0ub4dor&3-Horse';
    const forms = [
      password,
      password.toUpperCase(),
      encodeURIComponent(password),
      password.replace('&', '\\u0026'),
      `${password.slice(0, 8)}\r\n${password.slice(8)}`,
    ];
    sim.inject({
      op: 'action',
      action: 'getApiKey',
      kind: 'status',
      status: 422,
      message: `Invalid login for ${sim.admin.username}: ${forms.join(' / ')}`,
    });
    const logMark = loggedLines.length;
    prompts = new Prompts().inputs(sim.url, sim.admin.username, password).picks('username and password').messages();
    // Shown in the password box; then Escape.
    assert.strictEqual(await vscode.commands.executeCommand('workfront.signIn'), false);
    const errors = [...prompts.inputProblems(), ...prompts.messagesOf('showErrorMessage')];
    assert.strictEqual(errors.length, 1, JSON.stringify(prompts.shown));
    assert.match(errors[0], /Invalid login for .*\*\*\*/);
    const everything = [...errors, ...loggedLines.slice(logMark).map((l) => l.message)].join('\n').toLowerCase();
    for (const form of forms) {
      for (const piece of form.split(/\r\n/)) {
        if (piece.length >= 6) assert.ok(!everything.includes(piece.toLowerCase()), `"${piece}" leaked: ${everything}`);
      }
    }
  });

  it('an endless answer: an error row within the timeout, the last good rows kept, the host’s memory bounded', async () => {
    const active = (await svc.provider.getChildren()).find((n) => n.kind === 'group' && n.group === 'active')!;
    const userIds = async () =>
      (await svc.provider.getChildren(active)).flatMap((n) => (n.kind === 'user' ? [n.userId] : []));
    const good = await userIds();
    assert.ok(good.length > 0);
    sim.inject({ op: 'search', kind: 'endless' });
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakBuffers = base.arrayBuffers;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
    }, 5);
    const started = Date.now();
    let errors: string[];
    try {
      await vscode.commands.executeCommand('workfront.refresh');
      const rows = await svc.provider.getChildren(active);
      errors = rows.filter((n) => n.kind === 'message').map((n) => String(svc.provider.getTreeItem(n).label));
    } finally {
      clearInterval(sampler);
    }
    const seconds = (Date.now() - started) / 1000;
    const growth = { rss: (peakRss - base.rss) / 2 ** 20, buffers: (peakBuffers - base.arrayBuffers) / 2 ** 20 };
    console.log(
      `      endless answer: error row after ${seconds.toFixed(2)} s; extension host peak growth rss ${growth.rss.toFixed(1)} MB, array buffers ${growth.buffers.toFixed(1)} MB`,
    );
    assert.ok(seconds < 30, `within the 30 s timeout (${seconds} s)`);
    assert.strictEqual(errors.length, 1, errors.join(' | '));
    assert.match(errors[0], /^List active users failed: .*larger than any legitimate answer/);
    assert.deepStrictEqual(await userIds(), good, 'the last good rows stay');
    // The cap for a 2,000-row page is 16.6 MB; without one the simulator streams 512 MB into the host.
    assert.ok(growth.buffers < 100 && growth.rss < 200, JSON.stringify(growth));
  });

  it('refuses to deactivate the signed-in user before any request, and shows the main admin refusal as Workfront said it', async () => {
    const self = (await userRow(svc, 'active', sim.admin.ID))!;
    prompts = new Prompts().messages('Deactivate');
    sim.clearLog();
    await vscode.commands.executeCommand('workfront.deactivateUser', self, [self]);
    assert.strictEqual(sim.log.length, 0, 'no request');
    assert.deepStrictEqual(
      prompts.shown.map((m) => m.message),
      [`You are signed in as ${sim.admin.name}: you cannot deactivate your own user.`],
    );
    prompts.restore();
    // Another administrator tries to deactivate the main administrator: Workfront refuses, in its own words.
    const other = sim.store.all().find((u) => u.isActive && u.ID !== sim.admin.ID && !u.name.includes('['))!;
    sim.store.update(other.ID, { isAdmin: true });
    await signOutAll(svc);
    assert.ok(await signIn(sim, sim.issueKey(other.ID)));
    const admin = (await userRow(svc, 'active', sim.admin.ID))!;
    prompts = new Prompts().messages('Deactivate');
    await vscode.commands.executeCommand('workfront.deactivateUser', admin, [admin]);
    const errors = prompts.messagesOf('showErrorMessage');
    assert.deepStrictEqual(errors, [
      `Deactivate ${sim.admin.name} (${sim.admin.emailAddr}) failed: Workfront refused the request (${MAIN_ADMIN_DEACTIVATION}).`,
    ]);
    assert.strictEqual(sim.store.get(sim.admin.ID)?.isActive, true);
    assert.ok(await userRows(svc, 'active').then((rows) => rows.some((r) => r.userId === sim.admin.ID)));
  });
});
