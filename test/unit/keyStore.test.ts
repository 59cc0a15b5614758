// The key store on plain Node with a fake SecretStorage and global state.
import * as assert from 'assert';
import { KeyStore, KeyringError } from '../../src/auth/keyStore';
import { parseInstance } from '../../src/workfront';
import * as fake from '../fakes/vscode';

describe('KeyStore (fake SecretStorage)', () => {
  const acme = parseInstance('acme.my.workfront.com');
  const beta = parseInstance('beta.my.workfront.adobe.com');
  let secrets: fake.FakeSecrets;
  let state: fake.FakeMemento;
  let keys: KeyStore;

  beforeEach(() => {
    fake.reset();
    secrets = new fake.FakeSecrets();
    state = new fake.FakeMemento();
    keys = new KeyStore(secrets as never, state as never);
  });
  afterEach(() => keys.dispose());

  it('keeps one key per host in SecretStorage and the instance list (no secrets) in global state', async () => {
    await keys.add(acme, 'key-a');
    await keys.add(beta, 'key-b');
    assert.strictEqual(await keys.getKey(acme.host), 'key-a');
    assert.strictEqual(await keys.getKey(beta.host), 'key-b');
    assert.deepStrictEqual(
      keys.instances().map((i) => i.host),
      [acme.host, beta.host],
    );
    assert.ok(!JSON.stringify([...state.values]).includes('key-'), 'no key in global state');
    assert.strictEqual(keys.lastInstance(), beta.apiBase);
  });

  it('signing in again to the same host replaces its entry, not adds one', async () => {
    await keys.add(acme, 'key-1');
    await keys.add(acme, 'key-2');
    assert.strictEqual(keys.instances().length, 1);
    assert.strictEqual(await keys.getKey(acme.host), 'key-2');
  });

  it('remove() deletes the key first, then forgets the instance', async () => {
    await keys.add(acme, 'key-a');
    secrets.calls.length = 0;
    state.updates.length = 0;
    const order: string[] = [];
    const del = secrets.delete.bind(secrets);
    secrets.delete = async (k) => {
      order.push('delete key');
      await del(k);
    };
    const upd = state.update.bind(state);
    state.update = async (k, v) => {
      order.push(`update ${k}`);
      await upd(k, v);
    };
    await keys.remove(acme);
    assert.deepStrictEqual(order, ['delete key', 'update workfront.instances']);
    assert.deepStrictEqual(keys.instances(), []);
    assert.strictEqual(await keys.getKey(acme.host), undefined);
  });

  it('a keyring failure is a KeyringError, and remove() then keeps the instance listed', async () => {
    await keys.add(acme, 'key-a');
    secrets.failWith = new Error('org.freedesktop.secrets unavailable');
    await assert.rejects(keys.getKey(acme.host), KeyringError);
    await assert.rejects(
      keys.remove(acme),
      (e: Error) => e instanceof KeyringError && /delete the API key/.test(e.message),
    );
    assert.deepStrictEqual(
      keys.instances().map((i) => i.host),
      [acme.host],
    );
    await assert.rejects(keys.add(beta, 'key-b'), KeyringError);
    assert.strictEqual(keys.instances().length, 1, 'nothing recorded when the key could not be saved');
  });

  it('entries that no longer pass the address checks are dropped, not used', () => {
    state.values.set('workfront.instances', [
      { origin: 'https://evil.example.com', apiBase: 'https://evil.example.com/attask/api/v21.0' },
      { origin: acme.origin, apiBase: acme.apiBase },
      { origin: 'x', apiBase: 42 },
    ]);
    assert.deepStrictEqual(
      keys.instances().map((i) => i.host),
      [acme.host],
    );
  });

  it('tells which host’s key changed, here or in another window', () => {
    const changed: string[] = [];
    keys.onDidChangeKey((h) => changed.push(h));
    secrets.changeElsewhere(`workfront.apiKey/${acme.host}`, undefined);
    secrets.changeElsewhere('some.other.secret', 'x');
    assert.deepStrictEqual(changed, [acme.host]);
  });
});
