// Unbounded answers (class 1): an endless or huge body must be stopped at a cap derived from what the
// request can legitimately return, with a `malformed` error that says so, and peak memory must stay
// bounded while it streams. Text quoted from an answer (Workfront's message, a bad value) is bounded too.
import * as assert from 'assert';
import { WorkfrontClient, type ClientOptions } from '../../src/workfront/client';
import { parseInstance } from '../../src/workfront/instance';
import { hexId } from './helpers/memorySource';
import { expectWfError, FAST, watchUnhandledRejections } from './helpers/harness';
import {
  hostileServer,
  MB,
  peakMemoryDuring,
  sendJson,
  streamEndlessly,
  userRow,
  type HostileServer,
} from './helpers/hostile';

const KEY = 'd'.repeat(32);
const ID = hexId(0x7777);
/** Safety stop of the "endless" bodies: far past any cap, short of hurting the machine without one. */
const SAFETY_BYTES = 192 * MB;
/** The bound on peak memory growth while an endless body streams. */
const PEAK_BOUND = 64 * MB;
/** Longest message the client may make of a quoted answer (the quote is ≤ 500 characters). */
const MESSAGE_BOUND = 1_000;

describe('hostile servers: unbounded answers (class 1)', function () {
  this.timeout(15_000);
  const unhandled = watchUnhandledRejections();
  let server: HostileServer;
  let answer: (req: { url: URL }, res: import('node:http').ServerResponse) => void = () => undefined;
  /** Bytes the current endless answer managed to send before the client stopped reading. */
  let sent = 0;
  const clients: WorkfrontClient[] = [];
  const client = (options: ClientOptions = FAST) => {
    const c = new WorkfrontClient(parseInstance(server.url), KEY, options);
    clients.push(c);
    return c;
  };
  const endless =
    (prefix: string, declaredLength?: number) => (_req: unknown, res: import('node:http').ServerResponse) => {
      const chunk = Buffer.alloc(64 * 1024, 0x20); // spaces: still "valid JSON so far"
      const write = res.write.bind(res);
      res.write = ((c: Buffer | string, ...rest: never[]) => {
        sent += typeof c === 'string' ? c.length : c.length;
        return write(c, ...rest);
      }) as typeof res.write;
      if (declaredLength !== undefined) res.setHeader('content-length', String(declaredLength));
      streamEndlessly(res, chunk, SAFETY_BYTES, prefix);
    };

  before(async () => {
    server = await hostileServer((req, res) => answer(req, res));
    // Warm up (undici loaded, a connection open), so that the memory measured is the answer's.
    answer = (_req, res) => sendJson(res, { data: { count: 1 } });
    await client().countUsers({});
  });
  beforeEach(() => {
    sent = 0;
  });
  after(async () => {
    unhandled.stop();
    await Promise.all(clients.map((c) => c.dispose()));
    await server.close();
  });

  it('an endless body to a count: stopped at 1 MB, malformed, one request, peak memory bounded', async () => {
    answer = endless('{"data":{"count":1');
    const c = client();
    const mark = server.requests.length;
    const run = await peakMemoryDuring(() => expectWfError(c.countUsers({}), 'malformed', [KEY]));
    if (run.error) throw run.error;
    const err = run.result!;
    assert.match(err.message, /larger than any legitimate answer.*stopped at 1 MB/);
    assert.ok(err.message.length < MESSAGE_BOUND);
    assert.strictEqual(server.requests.length - mark, 1, 'not retried: the next answer would be as large');
    assert.ok(run.peakArrayBuffersGrowth < PEAK_BOUND, `arrayBuffers +${run.peakArrayBuffersGrowth / MB} MB`);
    assert.ok(run.peakRssGrowth < PEAK_BOUND, `rss +${run.peakRssGrowth / MB} MB`);
    assert.ok(sent < 32 * MB, `the server could send ${sent / MB} MB: the client kept reading`);
  });

  it('an endless body to a 2,000-row search page: stopped at the page cap (16.6 MB), memory bounded', async () => {
    answer = endless('{"data":[');
    const c = client();
    const run = await peakMemoryDuring(() =>
      expectWfError(c.searchUsers({ isActive: true }, { first: 0, limit: 2000 }), 'malformed', [KEY]),
    );
    if (run.error) throw run.error;
    assert.match(run.result!.message, /larger than any legitimate answer.*stopped at 16\.6 MB/);
    assert.ok(run.peakArrayBuffersGrowth < PEAK_BOUND, `arrayBuffers +${run.peakArrayBuffersGrowth / MB} MB`);
    assert.ok(run.peakRssGrowth < PEAK_BOUND, `rss +${run.peakRssGrowth / MB} MB`);
  });

  it('a 10-row search page gets a smaller cap than a 2,000-row one', async () => {
    answer = endless('{"data":[');
    const err = await expectWfError(c10(), 'malformed', [KEY]);
    assert.match(err.message, /stopped at 1\.1 MB/);
    function c10() {
      return client().searchUsers({}, { first: 0, limit: 10 });
    }
  });

  it('a Content-Length past the cap is refused before the body is read', async () => {
    answer = endless('{"data":{"count":1', 5_000_000_000);
    const err = await expectWfError(client().countUsers({}), 'malformed', [KEY]);
    assert.match(err.message, /larger than any legitimate answer/);
    assert.ok(sent < 8 * MB, `${sent / MB} MB were sent`);
  });

  it('an endless body behind a 503 is not retried (each attempt would stream as much)', async () => {
    answer = (_req, res) => {
      res.statusCode = 503;
      endless('{"error":{"message":"')(_req, res);
    };
    const mark = server.requests.length;
    await expectWfError(client().getUser(ID), 'malformed', [KEY]);
    assert.strictEqual(server.requests.length - mark, 1);
  });

  it('a 5 MB Workfront message becomes a short one: wfMessage ≤ 500 characters with an ellipsis', async () => {
    const huge = 'The user is the sole approver. '.repeat(170_000);
    answer = (_req, res) => sendJson(res, { error: { class: 'ValidationException', message: huge } }, 422);
    const err = await expectWfError(client().searchUsers({}, { first: 0, limit: 2000 }), 'validation', [KEY]);
    assert.ok(err.wfMessage!.length <= 501, `wfMessage has ${err.wfMessage!.length} characters`);
    assert.ok(err.wfMessage!.endsWith('…'));
    assert.ok(err.wfMessage!.startsWith('The user is the sole approver.'));
    assert.ok(err.message.length < MESSAGE_BOUND, `message has ${err.message.length} characters`);
  });

  it('a 20 MB message to a small call is stopped by the cap, never quoted', async () => {
    const huge = 'x'.repeat(20 * MB);
    answer = (_req, res) => sendJson(res, { error: { class: 'ValidationException', message: huge } }, 422);
    const err = await expectWfError(client().getUser(ID), 'malformed', [KEY]);
    assert.ok(err.message.length < MESSAGE_BOUND);
    assert.strictEqual(err.wfMessage, undefined);
  });

  it('a huge error class and a multi-line message are bounded and on one line', async () => {
    answer = (_req, res) =>
      sendJson(
        res,
        { error: { class: 'com.attask.'.repeat(50_000), message: 'first line\r\nINFO forged line\n\u202eevil' } },
        422,
      );
    const err = await expectWfError(client().getUser(ID), 'validation', [KEY]);
    assert.ok(err.wfClass!.length <= 201, `wfClass has ${err.wfClass!.length} characters`);
    assert.doesNotMatch(err.wfMessage!, /[\r\n\u202e]/);
    assert.doesNotMatch(err.message, /[\r\n\u202e]/);
  });

  for (const [what, body] of [
    ['a count that is a 500,000-character string', { data: { count: '9'.repeat(500_000) } }],
    ['isActive that is a 500,000-character string', { data: userRow(ID, { isActive: 'y'.repeat(500_000) }) }],
    ['an ID that is a 500,000-character string', { data: userRow('e'.repeat(500_000)) }],
  ] as const) {
    it(`${what}: the shape error quotes no more than a short preview`, async () => {
      answer = (_req, res) => sendJson(res, body);
      const c = client();
      const err = await expectWfError(what.startsWith('a count') ? c.countUsers({}) : c.getUser(ID), 'malformed', [
        KEY,
      ]);
      assert.ok(err.message.length < 300, `message has ${err.message.length} characters`);
    });
  }

  it('a legitimate large page (2,000 users) still reads', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => userRow(hexId(0x10000 + i), { title: 'é'.repeat(200) }));
    answer = (_req, res) => sendJson(res, { data: rows });
    const got = await client().searchUsers({}, { first: 0, limit: 2000 });
    assert.strictEqual(got.length, 2000);
  });

  it('no unhandled promise rejections', () => {
    assert.deepStrictEqual(unhandled.seen, []);
  });
});
