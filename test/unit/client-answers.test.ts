// Answers the simulator does not give, from a scripted server: Retry-After, an edit Workfront did not
// apply, `isActive` and `count` as strings, `$$USER` as a one-element list.
import * as assert from 'assert';
import { WorkfrontClient } from '../../src/workfront/client';
import { parseInstance } from '../../src/workfront/instance';
import { expectWfError, FAST, scriptedServer, type ScriptedAnswer, type ScriptedRequest } from './helpers/harness';

const ID = '0123456789abcdef0123456789abcdef';
const KEY = 'b'.repeat(32);
const user = (over: Record<string, unknown> = {}) => ({
  ID,
  name: 'Dana Example',
  objCode: 'USER',
  emailAddr: 'dana@acme.example',
  title: 'Analyst',
  isActive: true,
  licenseType: 'Light',
  lastLoginDate: '2024-01-08T10:13:44:123-0700',
  actualDeactivationDate: null,
  scheduleDeactivationDate: null,
  ...over,
});

describe('WorkfrontClient with scripted answers', function () {
  this.timeout(10_000);
  const servers: Array<{ close(): Promise<void> }> = [];
  const clients: WorkfrontClient[] = [];
  const start = async (respond: (req: ScriptedRequest, i: number) => ScriptedAnswer, options = FAST) => {
    const s = await scriptedServer(respond);
    servers.push(s);
    const c = new WorkfrontClient(parseInstance(s.url), KEY, options);
    clients.push(c);
    return { s, c };
  };
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all(servers.map((s) => s.close()));
  });

  it('honours Retry-After on a 429, capped at retryMaxMs', async () => {
    const { s, c } = await start(
      (_r, i) =>
        i === 0
          ? {
              status: 429,
              headers: { 'retry-after': '30' },
              body: { error: { class: 'TooManyRequests', message: 'slow down' } },
            }
          : { body: { data: { count: 3 } } },
      {
        ...FAST,
        retryBaseMs: 1,
        retryMaxMs: 250,
      },
    );
    assert.strictEqual(await c.countUsers({}), 3);
    assert.strictEqual(s.requests.length, 2);
    const gap = s.requests[1].time - s.requests[0].time;
    assert.ok(gap >= 230 && gap < 1_000, `waited ${gap} ms`);
  });

  it('honours a short Retry-After on a 503', async () => {
    const { s, c } = await start(
      (_r, i) =>
        i === 0 ? { status: 503, headers: { 'retry-after': '0.15' }, body: '' } : { body: { data: { count: 1 } } },
      { ...FAST, retryBaseMs: 1, retryMaxMs: 5_000 },
    );
    assert.strictEqual(await c.countUsers({}), 1);
    const gap = s.requests[1].time - s.requests[0].time;
    assert.ok(gap >= 130 && gap < 1_000, `waited ${gap} ms`);
  });

  it('an edit Workfront answered without applying → unconfirmed', async () => {
    const { c } = await start(() => ({ body: { data: user({ isActive: true }) } }));
    const err = await expectWfError(c.setActive(ID, false), 'unconfirmed', [KEY]);
    assert.strictEqual(err.operation, 'Deactivate the user');
    assert.match(err.message, /still active/);
  });

  it('reads isActive sent as the string "false" / "true"', async () => {
    let state = 'true';
    const { c } = await start((r) => {
      if (r.method === 'PUT')
        state = String((JSON.parse(r.url.searchParams.get('updates')!) as { isActive: unknown }).isActive);
      return { body: { data: user({ isActive: state }) } };
    });
    assert.strictEqual((await c.getUser(ID)).isActive, true);
    assert.strictEqual((await c.setActive(ID, false)).isActive, false);
    assert.strictEqual((await c.setActive(ID, true)).isActive, true);
  });

  it('an isActive that is neither boolean nor "true"/"false" → malformed, not a guess', async () => {
    const { c } = await start(() => ({ body: { data: user({ isActive: 'yes' }) } }));
    await expectWfError(c.getUser(ID), 'malformed', [KEY]);
  });

  it('a count sent as a string is read; a negative or fractional count → malformed', async () => {
    const answers = [{ count: '42' }, { count: -1 }, { count: 1.5 }, { count: null }, {}];
    const { c } = await start((_r, i) => ({ body: { data: answers[i] } }));
    assert.strictEqual(await c.countUsers({}), 42);
    for (let i = 1; i < answers.length; i++) await expectWfError(c.countUsers({}), 'malformed', [KEY]);
  });

  it('whoAmI accepts $$USER answered as a one-element list', async () => {
    const { c } = await start(() => ({
      body: { data: [{ ID, name: 'Dana', username: 'dana@acme.example', isAdmin: 'true' }] },
    }));
    assert.deepStrictEqual(await c.whoAmI(), { ID, name: 'Dana', username: 'dana@acme.example', isAdmin: true });
  });

  it('a row with a non-hex ID (a path in disguise) → malformed, never used in a later URL', async () => {
    const { s, c } = await start(() => ({ body: { data: [user({ ID: '../../x' })] } }));
    await expectWfError(c.searchUsers({}, { first: 0, limit: 10 }), 'malformed', [KEY]);
    assert.strictEqual(s.requests.length, 1);
  });

  it('a search answered with an object instead of a list → malformed', async () => {
    const { c } = await start(() => ({ body: { data: user() } }));
    await expectWfError(c.searchUsers({}, { first: 0, limit: 10 }), 'malformed', [KEY]);
  });

  it('sends the key as an apiKey header only, JSON accepted', async () => {
    const { s, c } = await start(() => ({ body: { data: user() } }));
    await c.getUser(ID);
    const r = s.requests[0];
    assert.strictEqual(r.headers.apikey, KEY);
    assert.match(String(r.headers.accept), /application\/json/);
    assert.ok(!r.url.href.includes(KEY));
    assert.strictEqual(r.body, '');
  });
});
