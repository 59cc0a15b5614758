// The sign-in flow's decisions on plain Node (fake vscode, fake Workfront), through the registered command:
// a typo keeps the flow open with the error in the box and the value kept, Enter tries again, and nothing
// is stored before Workfront accepts the key; the username is remembered; an address pasted from the
// browser is understood; signing in again replaces a key, and Sign Out asks which instance when there
// are several. What the admin sees is proven in the real workbench too (test/ui/signIn.test.ts).
import * as assert from 'assert';
import { activateFake, HOST, type Activated } from '../fakes/extension';
import { wfError } from '../fakes/client';
import { encodeCredential } from '../../src/auth/credential';
import type { ScriptedInputBox, ShownInput } from '../fakes/scriptedInput';
import * as fake from '../fakes/vscode';

type Answer = string | undefined | typeof fake.BACK;

/** What the admin answers at each step, in order; a step with no answer left is escaped. */
interface Script {
  address?: Array<Answer | ((box: ScriptedInputBox) => Answer)>;
  /** Where Workfront opens, asked for a bare name; default: its own address (classic). */
  kind?: Answer[];
  method?: Answer[];
  key?: Answer[];
  username?: Answer[];
  password?: Answer[];
}

const STORE = `store workfront.apiKey/${HOST}`;

describe('Sign in (fake vscode, fake Workfront)', () => {
  let a: Activated;
  const run = <T>(id: string, ...args: unknown[]) => fake.commands.executeCommand<T>(id, ...args);
  const shown = (fn?: fake.MessageFn) => fake.record.messages.filter((m) => !fn || m.fn === fn).map((m) => m.message);
  /** What the boxes of one step showed each time they waited for the admin. */
  const boxes = (step: number, password?: boolean): ShownInput[] =>
    fake.record.inputs.filter((i) => i.step === step && (password === undefined || i.password === password));
  const stores = () => a.context.secrets.calls.filter((c) => c.startsWith('store'));
  /** The key each who-am-I check sent, and to which host, in order. */
  const checks = () => a.wf.calls.flatMap((c, i) => (c.method === 'whoAmI' ? [a.wf.keysUsed[i]] : []));
  /** The host of every client made, in order (sign-in's checks come first). */
  const checkedHosts = () => a.wf.clientsMade.map((c) => c.instance.host);

  afterEach(() => a?.dispose());

  function answer(script: Script): void {
    const queues = { ...script };
    const next = (name: keyof Script, box?: ScriptedInputBox): Answer => {
      const given = queues[name]?.shift();
      return typeof given === 'function' ? given(box!) : given;
    };
    fake.answers.inputBox = (box) => {
      const b = box as ScriptedInputBox;
      if (b.step === 1) return next('address', b);
      if (b.step === 4) return next('password');
      return b.password ? next('key') : next('username');
    };
    fake.answers.quickPick = (items) => {
      const asksKind = items.some((i) => i.label.includes('At experience.adobe.com'));
      const want = asksKind ? (queues.kind?.length ? next('kind') : 'At its own address') : next('method');
      if (want === undefined || want === fake.BACK) return want;
      const found = items.find((i) => i.label.includes(want));
      assert.ok(found, `no "${want}" in ${JSON.stringify(items.map((i) => i.label))}`);
      return found;
    };
  }

  it('a rejected key keeps the flow open with the error in the box and the key kept; the right one signs in', async () => {
    a = activateFake({ signedIn: false });
    answer({ address: [HOST], method: ['API key'], key: ['wrong-key', 'good-key'] });
    assert.strictEqual(await run('workfront.signIn'), true);
    assert.deepStrictEqual(
      boxes(3).map((b) => [b.value, b.validation, b.severity]),
      [
        ['', undefined, undefined],
        [
          'wrong-key',
          `Workfront rejected the API key for ${HOST}. Check that you pasted the whole key for this instance and that it has not expired or been reset, then press Enter to try again.`,
          3,
        ],
      ],
    );
    assert.strictEqual(fake.inputBoxes.length, 2, 'the same key box took both tries');
    assert.deepStrictEqual(checks().slice(0, 2), ['wrong-key', 'good-key'], 'each key checked before anything');
    assert.deepStrictEqual(stores(), [STORE], 'stored once, after Workfront accepted it');
    assert.strictEqual(a.context.secrets.values.get(`workfront.apiKey/${HOST}`), 'good-key');
    assert.deepStrictEqual(shown('showErrorMessage'), [], 'the error was in the box, not a notification');
    assert.deepStrictEqual(shown('showInformationMessage'), [`Signed in to ${HOST} as User 00001.`]);
    assert.strictEqual(fake.record.context.get('workfront.signedIn'), true);
  });

  it('Escape after a rejected key stores nothing and says nothing more', async () => {
    a = activateFake({ signedIn: false });
    answer({ address: [HOST], method: ['API key'], key: ['wrong-key'] });
    assert.strictEqual(await run('workfront.signIn'), false);
    assert.deepStrictEqual(stores(), []);
    assert.deepStrictEqual(a.svc.keys.instances(), []);
    assert.deepStrictEqual(fake.record.messages, []);
  });

  it('a wrong password is shown in the password box; the username is remembered (not the password) and offered next time', async () => {
    a = activateFake({ signedIn: false });
    const passwords = (a.svc.clients as unknown as { passwordsSeen: string[] }).passwordsSeen;
    answer({
      address: [HOST],
      method: ['username and password'],
      username: ['dana@acme.example'],
      password: ['wrong-password', 'right-password'],
    });
    assert.strictEqual(await run('workfront.signIn'), true);
    const tries = boxes(4);
    assert.strictEqual(tries.length, 2);
    assert.match(tries[0].prompt ?? '', /password of dana@acme\.example/);
    assert.strictEqual(
      tries[1].validation,
      `Workfront rejected the username or password for ${HOST}. Correct the password, or go back to change the username.`,
    );
    assert.deepStrictEqual(passwords, ['wrong-password', 'right-password'], 'each password used for one try');
    assert.deepStrictEqual(stores(), [STORE]);
    assert.deepStrictEqual(a.context.globalState.values.get('workfront.usernames'), { [HOST]: 'dana@acme.example' });
    const everything = JSON.stringify([
      fake.record.messages,
      fake.record.log,
      [...a.context.globalState.values],
      [...a.context.secrets.values],
    ]);
    for (const p of ['wrong-password', 'right-password']) assert.ok(!everything.includes(p), `${p} was kept somewhere`);

    await run('workfront.signOut', HOST);
    fake.record.inputs.length = 0;
    answer({ address: [HOST], method: ['username and password'] });
    assert.strictEqual(await run('workfront.signIn'), false);
    assert.strictEqual(boxes(3)[0].value, 'dana@acme.example', 'the username is offered again');
  });

  it('an address that does not answer as Workfront sends the flow back to the address, kept; Enter tries the key again', async () => {
    a = activateFake({ signedIn: false });
    a.wf.failNext('whoAmI', wfError('notFound', 'Read the signed-in user', 404));
    answer({ address: ['acmee.my.workfront.com', HOST], method: ['API key'], key: ['good-key'] });
    assert.strictEqual(await run('workfront.signIn'), true);
    const addressBoxes = boxes(1);
    assert.strictEqual(addressBoxes.length, 2);
    assert.strictEqual(addressBoxes[1].value, 'acmee.my.workfront.com', 'the address as typed');
    assert.strictEqual(
      addressBoxes[1].validation,
      'acmee.my.workfront.com did not answer as Workfront ("not found" at https://acmee.my.workfront.com/attask/api/v21.0). Check the address and the API version ("workfront.apiVersion").',
    );
    assert.strictEqual(boxes(3).length, 1, 'the key was asked for once');
    assert.deepStrictEqual(checkedHosts().slice(0, 2), ['acmee.my.workfront.com', HOST]);
    assert.deepStrictEqual(stores(), [STORE], 'nothing stored for the wrong address');
  });

  it('a passing trouble (timeout) is a warning in the box; Enter with the same key tries again', async () => {
    a = activateFake({ signedIn: false });
    a.wf.failNext('whoAmI', wfError('timeout', 'Read the signed-in user'));
    answer({ address: [HOST], method: ['API key'], key: ['good-key', 'good-key'] });
    assert.strictEqual(await run('workfront.signIn'), true);
    const [, retry] = boxes(3);
    assert.strictEqual(retry.value, 'good-key');
    assert.strictEqual(retry.severity, 2);
    assert.match(retry.validation ?? '', /did not answer in time\. Try again/);
  });

  it('Escape while the key is being checked cancels the request and stores nothing', async () => {
    a = activateFake({ signedIn: false });
    const release = a.wf.hold('whoAmI');
    answer({ address: [HOST], method: ['API key'], key: ['good-key'] });
    const result = run('workfront.signIn');
    while (a.wf.callsOf('whoAmI').length === 0) await fake.settle();
    const box = fake.inputBoxes[fake.inputBoxes.length - 1];
    assert.strictEqual(box.busy, true, 'the box shows it is busy');
    assert.strictEqual(box.validationText, `Checking the API key with ${HOST}… (Escape cancels)`);
    box.hide();
    assert.strictEqual(await result, false);
    assert.strictEqual(a.wf.callsOf('whoAmI')[0].signal?.aborted, true, 'the request was cancelled');
    release();
    await fake.settle();
    assert.deepStrictEqual(stores(), []);
    assert.deepStrictEqual(fake.record.messages, []);
  });

  it('Back goes to the step before, keeping what was entered', async () => {
    a = activateFake({ signedIn: false });
    answer({
      address: [HOST, HOST],
      method: ['API key', fake.BACK, 'API key'],
      key: [fake.BACK, 'good-key'],
    });
    assert.strictEqual(await run('workfront.signIn'), true);
    assert.deepStrictEqual(
      fake.record.inputs.map((i) => i.step),
      [1, 2, 3, 2, 1, 2, 3],
    );
    assert.strictEqual(boxes(1)[1].value, HOST, 'the address is kept');
  });

  it('an address pasted from the browser says what it understood and signs in to that instance', async () => {
    a = activateFake({ signedIn: false });
    const pasted = `https://${HOST}/user/0123456789abcdef0123456789abcdef/overview?tab=1#/details`;
    let understood = '';
    answer({
      address: [
        (box) => {
          box.changeValue(pasted);
          understood = box.prompt ?? '';
          return pasted;
        },
      ],
      method: ['API key'],
      key: ['good-key'],
    });
    assert.strictEqual(await run('workfront.signIn'), true);
    assert.strictEqual(understood, `Signing in to ${HOST}.`);
    assert.deepStrictEqual(
      a.svc.keys.instances().map((i) => i.apiBase),
      [`https://${HOST}/attask/api/v21.0`],
    );
  });

  it('a bare name asks where Workfront opens; Adobe-hosted offers Server-to-Server and an API key, not the password', async () => {
    a = activateFake({ signedIn: false });
    const s2s = {
      kind: 's2s',
      clientId: 'cid',
      clientSecret: 'the-client-secret',
      orgId: 'ORG1@AdobeOrg',
      scopes: 'openid,AdobeID',
    } as const;
    a.wf.validKeys.add(encodeCredential(s2s));
    let methods: string[] = [];
    let placeholder = '';
    fake.answers.quickPick = (items) => {
      if (items.some((i) => i.label.includes('At experience.adobe.com')))
        return items.find((i) => i.label.includes('At experience.adobe.com'));
      methods = items.map((i) => i.label);
      placeholder = fake.record.inputs.at(-1)?.placeholder ?? '';
      return items.find((i) => i.label.includes('Server-to-Server'));
    };
    const values: Record<number, string> = {
      1: 'acme',
      3: 'cid',
      4: 'the-client-secret',
      5: 'ORG1@AdobeOrg',
      6: 'openid, AdobeID',
    };
    fake.answers.inputBox = (box) => values[(box as ScriptedInputBox).step ?? 0];
    assert.strictEqual(await run('workfront.signIn'), true);
    // The browser sign-in is offered too: whether Workfront's OAuth2 applications work there is not
    // documented (docs/oauth.md), so the admin chooses.
    assert.deepStrictEqual(methods, [
      '$(server) Server-to-Server credential (Adobe Developer Console)',
      '$(globe) Sign in with Workfront in the browser (OAuth2 application)',
      '$(key) Paste an API key',
    ]);
    assert.match(placeholder, /Username and password is not offered: Workfront says it is not available/);
    const [instance] = a.svc.keys.instances();
    assert.strictEqual(instance.host, 'acme.my.workfront.adobe.com');
    assert.strictEqual(instance.kind, 'adobe');
    assert.deepStrictEqual(
      await a.svc.keys.getCredential(instance.host),
      s2s,
      'scopes as the credential page lists them',
    );
    assert.ok(boxes(4)[0].password, 'the client secret is typed in a password box');
    assert.match(boxes(6)[0].prompt ?? '', /admin rights from the Admin Console product profile/);
    assert.ok(
      !JSON.stringify([...a.context.globalState.values]).includes('the-client-secret'),
      'the secret is not in state',
    );
    // Signing in again to the same organisation replaces the credential, and says so.
    fake.record.messages.length = 0;
    assert.strictEqual(await run('workfront.signIn'), true);
    assert.deepStrictEqual(shown('showInformationMessage'), [
      'Signed in to acme.my.workfront.adobe.com as User 00001. The new credential replaced the one stored before.',
    ]);
  });

  it('a pasted URL naming a deprecated version is not used silently: the supported version unless the admin keeps it', async () => {
    a = activateFake({ signedIn: false });
    let asked = '';
    fake.answers.quickPick = (items) => {
      if (items.some((i) => i.label.startsWith('Use API version'))) {
        asked = fake.record.inputs.at(-1)?.placeholder ?? '';
        return items.find((i) => i.label.startsWith('Use API version 21.0'));
      }
      return items.find((i) => i.label.includes('API key'));
    };
    fake.answers.inputBox = (box) =>
      (box as ScriptedInputBox).step === 1 ? `https://${HOST}/attask/api/v15.0/user/search` : 'good-key';
    assert.strictEqual(await run('workfront.signIn'), true);
    assert.strictEqual(asked, 'The address names API version 15.0, which is deprecated.');
    assert.deepStrictEqual(
      a.svc.keys.instances().map((i) => i.apiBase),
      [`https://${HOST}/attask/api/v21.0`],
    );
  });

  it('a refused address stays in the box with the reason; nothing is sent', async () => {
    a = activateFake({ signedIn: false });
    answer({ address: ['https://evil.example.com/home'] });
    assert.strictEqual(await run('workfront.signIn'), false);
    const [first, second] = boxes(1);
    assert.strictEqual(first.validation, undefined);
    assert.strictEqual(second.value, 'https://evil.example.com/home');
    assert.match(
      second.validation ?? '',
      /^"https:\/\/evil\.example\.com" is not a Workfront address: the host is not a Workfront host/,
    );
    assert.deepStrictEqual(a.wf.calls, []);
  });

  it('signed in already: the first step says it adds another instance and lists the signed-in ones; the same host replaces its key', async () => {
    a = activateFake();
    answer({
      address: [
        (box) => {
          box.changeValue('acme');
          return 'acme';
        },
      ],
      method: ['API key'],
      key: ['good-key'],
    });
    const first = () => boxes(1)[0];
    assert.strictEqual(await run('workfront.signIn'), true);
    assert.strictEqual(first().title, 'Sign in to another Workfront instance');
    assert.match(first().prompt ?? '', /^Adds another instance \(signed in: acme\.my\.workfront\.com\)/);
    assert.strictEqual(first().value, '', 'the signed-in instance is not offered as the one to add');
    assert.strictEqual(boxes(2)[0].title, `Sign in again to ${HOST} (replaces its API key)`);
    assert.deepStrictEqual(shown('showInformationMessage'), [
      `Signed in to ${HOST} as User 00001. The new API key replaced the one stored before.`,
    ]);
    assert.strictEqual(a.svc.keys.instances().length, 1);

    fake.record.inputs.length = 0;
    fake.record.messages.length = 0;
    let prompt = '';
    answer({
      address: [
        (box) => {
          box.changeValue('beta');
          prompt = box.prompt ?? '';
          return 'beta';
        },
      ],
      method: ['API key'],
      key: ['good-key'],
    });
    assert.strictEqual(await run('workfront.signIn'), true);
    assert.strictEqual(prompt, 'Signing in to beta.my.workfront.com.');
    assert.strictEqual(boxes(2)[0].title, 'Sign in to beta.my.workfront.com');
    assert.deepStrictEqual(shown('showInformationMessage'), ['Signed in to beta.my.workfront.com as User 00001.']);
    assert.deepStrictEqual(
      a.svc.keys.instances().map((i) => i.host),
      [HOST, 'beta.my.workfront.com'],
    );
  });

  it('the row of a rejected key signs in again from the method step, Back leading to its address', async () => {
    a = activateFake();
    answer({ method: [fake.BACK], address: [undefined] });
    assert.strictEqual(await run('workfront.signIn', HOST), false);
    assert.deepStrictEqual(
      fake.record.inputs.map((i) => [i.step, i.title, i.value]),
      [
        [2, `Sign in again to ${HOST} (replaces its API key)`, ''],
        [1, 'Sign in to another Workfront instance', HOST],
      ],
    );
  });

  it('a keyring that cannot store ends the flow with one message: nothing was stored', async () => {
    a = activateFake({ signedIn: false });
    a.context.secrets.failWith = new Error('no keyring');
    answer({ address: [HOST], method: ['API key'], key: ['good-key'] });
    assert.strictEqual(await run('workfront.signIn'), undefined);
    assert.deepStrictEqual(shown(), [
      "Could not save the API key in VS Code's secret storage: Error: no keyring On Linux, VS Code needs a keyring such as GNOME Keyring or KWallet; see the README. Nothing was stored.",
    ]);
  });

  describe('Sign Out', () => {
    it('with two instances asks which, and signs out of that one only; with one it asks nothing', async () => {
      a = activateFake();
      answer({ address: ['beta'], method: ['API key'], key: ['good-key'] });
      assert.strictEqual(await run('workfront.signIn'), true);
      let offered: string[] = [];
      fake.answers.quickPick = (items) => {
        offered = items.map((i) => i.label);
        return items.find((i) => i.label === 'beta.my.workfront.com');
      };
      const asked = () => fake.record.calls['window.showQuickPick'] ?? 0;
      assert.strictEqual(await run('workfront.signOut'), true);
      assert.deepStrictEqual(offered, [HOST, 'beta.my.workfront.com']);
      assert.deepStrictEqual(
        a.svc.keys.instances().map((i) => i.host),
        [HOST],
      );
      const before = asked();
      assert.strictEqual(await run('workfront.signOut'), true);
      assert.strictEqual(asked(), before, 'one instance: no question');
      assert.deepStrictEqual(a.svc.keys.instances(), []);
    });
  });
});
