// The request limiter: first come first served, a long listing's pages behind every other request, so
// that a confirmation's counts or a change asked for during a large load wait one slot, not the load.
import * as assert from 'assert';
import { RequestLimiter } from '../../src/workfront/limiter';
import { FAST, sleep, startHarness, type Harness } from './helpers/harness';

const aborted = () => new Error('aborted');

describe('RequestLimiter', () => {
  it('serves waiting requests before waiting listing pages, each in arrival order', async () => {
    const limiter = new RequestLimiter(1);
    await limiter.acquire(undefined, aborted);
    const order: string[] = [];
    const wait = (name: string, background: boolean) =>
      limiter.acquire(undefined, aborted, background).then(() => {
        order.push(name);
        limiter.release();
      });
    const all = [wait('page 1', true), wait('page 2', true), wait('count', false), wait('update', false)];
    limiter.release();
    await Promise.all(all);
    assert.deepStrictEqual(order, ['count', 'update', 'page 1', 'page 2']);
  });

  it('an aborted listing page leaves the queue and its slot to the next', async () => {
    const limiter = new RequestLimiter(1);
    await limiter.acquire(undefined, aborted);
    const stop = new AbortController();
    const page = limiter.acquire(stop.signal, aborted, true);
    let next = false;
    const other = limiter.acquire(undefined, aborted, true).then(() => (next = true));
    stop.abort();
    await assert.rejects(page, /aborted/);
    limiter.release();
    await other;
    assert.ok(next);
  });
});

describe('a request asked for during a long listing waits for one slot, not for the listing', function () {
  this.timeout(20_000);
  let h: Harness;
  before(async () => {
    h = await startHarness({ users: 12_000, seed: 7, latencyMs: 40 });
  });
  after(() => h.close());

  it('a count sent while two listings have pages waiting goes out at the next free slot', async () => {
    // One request in flight; each listing keeps two pages in progress: one on the wire, three waiting.
    const client = h.client({ ...FAST, pageSize: 500, concurrency: 1 });
    const mark = h.sim.log.length;
    const searches = () => h.since(mark).filter((e) => e.op === 'search').length;
    const listings = [client.listUsers({ isActive: true }), client.listUsers({ isActive: false })];
    while (searches() < 3) await sleep(5);
    const askedAfter = searches();
    const counted = client.countUsers({ isActive: false, text: 'a' });
    const [[active, inactive]] = await Promise.all([Promise.all(listings), counted]);
    const ops = h.since(mark).map((e) => e.op);
    const countAt = ops.lastIndexOf('count');
    const between = ops.slice(0, countAt).filter((op) => op === 'search').length - askedAfter;
    assert.ok(active.length + inactive.length === 12_000, `${active.length} + ${inactive.length} users listed`);
    // First come first served, the three waiting pages would go first; behind the count, none (one at most
    // if a page was sent but not yet logged when the count was asked).
    assert.ok(between <= 1, `${between} listing pages went out between the count being asked and sent`);
  });
});
