// The simulator's injected faults, latency and concurrency cap, over real HTTP.
import * as assert from 'node:assert/strict';
import { ERROR_CLASS, NOT_LOGGED_IN, startSimulator, type FaultKind, type SimUser, type Simulator } from '../simulator';
import { call, expectError, obj, pickUser, type Reply } from '../simulator/testHttp';

/** Waits until `check` holds (the server settles a request a moment after the client gave up). */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), what);
}

describe('simulator: injected faults', () => {
  let sim: Simulator;
  const taken = new Set<string>();
  let someone: SimUser;
  const deactivate = (user: SimUser, signal?: AbortSignal) =>
    call(sim, `/user/${user.ID}?updates={"isActive":false}&fields=isActive`, { method: 'PUT', signal });
  const lastStatus = () => sim.log[sim.log.length - 1].status;

  before(async () => {
    sim = await startSimulator({ users: 80 });
    someone = pickUser(sim, taken);
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sim.setLatency(0);
  });

  it('status: a Workfront error envelope with the status, class and message given; nothing applied', async () => {
    sim.inject({
      op: 'update',
      kind: 'status',
      status: 503,
      errorClass: 'com.example.Busy',
      message: 'Try later',
      times: 1,
    });
    const user = pickUser(sim, taken, (u) => u.isActive);
    expectError(await deactivate(user), 503, 'com.example.Busy', 'Try later');
    assert.equal(user.isActive, true, 'not applied');
    assert.equal(obj(await deactivate(user)).isActive, false, 'times: 1');
  });

  it('skip and times count matching requests; op, userId and action select them', async () => {
    sim.inject({ op: 'count', skip: 1, times: 2, kind: 'status', status: 500 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(sim, '/user/count')).status);
    assert.deepEqual(statuses, [200, 500, 500, 200]);
    const other = pickUser(sim, taken);
    sim.inject({ op: 'get', userId: someone.ID, kind: 'status', status: 418 });
    assert.equal((await call(sim, `/user/${someone.ID}`)).status, 418);
    assert.equal((await call(sim, `/user?id=${someone.ID}`)).status, 418);
    assert.equal((await call(sim, `/user/${other.ID}`)).status, 200);
    sim.inject({ op: 'action', action: 'getApiKey', kind: 'authError200' });
    expectError(
      await call(sim, `/user/${sim.admin.ID}/getApiKey`, { method: 'PUT' }),
      200,
      ERROR_CLASS.auth,
      NOT_LOGGED_IN,
    );
    expectError(await call(sim, `/user/${sim.admin.ID}/fly`, { method: 'PUT' }), 422, ERROR_CLASS.invalidParameter);
    assert.throws(() => sim.inject({ kind: 'explode' as FaultKind }));
  });

  it('the first matching rule with uses left wins', async () => {
    sim.inject({ op: 'count', kind: 'status', status: 501, times: 1 });
    sim.inject({ op: 'count', kind: 'status', status: 502, times: 1 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(sim, '/user/count')).status);
    assert.deepEqual(statuses, [501, 502, 200]);
  });

  it('authError200, html, empty, noEnvelope and wrongShape break the body in their own ways', async () => {
    sim.inject({ op: 'search', kind: 'authError200', times: 1 });
    expectError(await call(sim, '/user/search'), 200, ERROR_CLASS.auth, NOT_LOGGED_IN);
    sim.inject({ op: 'search', kind: 'html', times: 1 });
    const html = await call(sim, '/user/search');
    assert.equal(html.status, 502);
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(html.text, /<html>/);
    sim.inject({ op: 'search', kind: 'html', status: 200, times: 1 });
    assert.equal((await call(sim, '/user/search')).status, 200);
    sim.inject({ op: 'search', kind: 'empty', times: 1 });
    const empty = await call(sim, '/user/search');
    assert.equal(empty.status, 200);
    assert.equal(empty.text, '');
    sim.inject({ op: 'search', kind: 'noEnvelope', times: 1 });
    assert.deepEqual((await call(sim, '/user/search')).json, { result: 'ok' });
    sim.inject({ op: 'search', kind: 'wrongShape', times: 1 });
    const wrong = await call(sim, '/user/search');
    assert.equal(wrong.status, 200);
    assert.equal(typeof wrong.json?.data, 'string');
  });

  it('truncated: 200, JSON content type, the real body cut in the middle', async () => {
    const real = await call(sim, '/user/search?ID_Sort=asc&fields=emailAddr');
    sim.inject({ op: 'search', kind: 'truncated', times: 1 });
    const cut = await call(sim, '/user/search?ID_Sort=asc&fields=emailAddr');
    assert.equal(cut.status, 200);
    assert.equal(cut.headers.get('content-type'), 'application/json;charset=UTF-8');
    assert.ok(cut.text.length > 10 && cut.text.length < real.text.length && real.text.startsWith(cut.text));
    assert.equal(cut.json, undefined, 'not parseable');
  });

  it('reset: the connection drops before any answer, and the edit is not applied', async () => {
    const user = pickUser(sim, taken, (u) => u.isActive);
    sim.inject({ op: 'update', kind: 'reset', times: 1 });
    await assert.rejects(deactivate(user));
    assert.equal(user.isActive, true);
    assert.equal(lastStatus(), 0);
  });

  it('resetMidBody: headers and part of the body, then the connection drops (the edit happened)', async () => {
    const user = pickUser(sim, taken, (u) => u.isActive);
    sim.inject({ op: 'update', kind: 'resetMidBody', times: 1 });
    await assert.rejects(deactivate(user));
    assert.equal(user.isActive, false);
    assert.equal(lastStatus(), 0);
  });

  it('applyThenReset: the edit happens, the answer is lost', async () => {
    const user = pickUser(sim, taken, (u) => u.isActive);
    sim.inject({ op: 'update', userId: user.ID, kind: 'applyThenReset' });
    await assert.rejects(deactivate(user));
    assert.equal(user.isActive, false);
  });

  it('hang and applyThenHang never answer (the request stays in flight until the client gives up)', async () => {
    const user = pickUser(sim, taken, (u) => u.isActive);
    sim.inject({ op: 'update', kind: 'hang', times: 1 });
    const hanging = deactivate(user, AbortSignal.timeout(200));
    await eventually(() => sim.stats.inFlight === 1, 'in flight while hanging');
    await assert.rejects(hanging);
    assert.equal(user.isActive, true, 'hang applies nothing');
    await eventually(() => sim.stats.inFlight === 0, 'released when the client gave up');
    sim.inject({ op: 'update', kind: 'applyThenHang', times: 1 });
    await assert.rejects(deactivate(user, AbortSignal.timeout(200)));
    assert.equal(user.isActive, false, 'applyThenHang applies');
  });

  it('latency (fault or global) delays the answer but not the simulator time', async () => {
    sim.inject({ op: 'count', kind: 'latency', latencyMs: 150, times: 1 });
    let start = performance.now();
    assert.equal((await call(sim, '/user/count')).status, 200);
    assert.ok(performance.now() - start >= 140, 'fault latency');
    assert.ok(sim.log[sim.log.length - 1].handlerMs < 100, 'handlerMs excludes latency');
    sim.setLatency(120);
    start = performance.now();
    await call(sim, '/user/count');
    assert.ok(performance.now() - start >= 110, 'global latency');
  });

  it('reads are answered ahead while their latency runs, but a change made meanwhile is in the answer', async () => {
    sim.setLatency(120);
    const user = pickUser(sim, taken, (u) => u.isActive);
    const read = call(sim, `/user/${user.ID}?fields=name,title`);
    const counted = call(sim, '/user/count?isActive=true');
    const before = sim.store.count(true);
    await new Promise((r) => setTimeout(r, 40));
    sim.store.update(user.ID, { title: 'Changed during the latency' });
    sim.store.setActive(pickUser(sim, taken, (u) => u.isActive).ID, false);
    assert.equal(obj(await read).title, 'Changed during the latency');
    assert.equal(obj(await counted).count, before - 1);
    // An answer made ahead still waits for the whole latency.
    const start = performance.now();
    const replies = await Promise.all([0, 1, 2, 3].map(() => call(sim, '/user/search?fields=name')));
    assert.ok(replies.every((r) => r.status === 200));
    assert.ok(performance.now() - start >= 115, 'the latency still applies');
  });

  it('redirect: a 302 to the login page, which answers HTML', async () => {
    sim.inject({ op: 'search', kind: 'redirect', times: 2 });
    const reply: Reply = await call(sim, '/user/search');
    assert.equal(reply.status, 302);
    assert.equal(reply.headers.get('location'), `${sim.url}/attask/login`);
    const followed = await call(sim, '/user/search', { redirect: 'follow' });
    assert.equal(followed.status, 200);
    assert.match(followed.headers.get('content-type') ?? '', /text\/html/);
    sim.inject({ op: 'search', kind: 'redirect', status: 307, location: 'https://elsewhere.example/x', times: 1 });
    const custom = await call(sim, '/user/search');
    assert.equal(custom.status, 307);
    assert.equal(custom.headers.get('location'), 'https://elsewhere.example/x');
  });

  it('close() ends hanging requests at once', async () => {
    const other = await startSimulator({ users: 5 });
    other.inject({ kind: 'hang' });
    const hanging = call(other, '/user/count');
    await eventually(() => other.stats.inFlight === 1, 'hanging');
    const start = performance.now();
    await other.close();
    await assert.rejects(hanging);
    assert.ok(performance.now() - start < 1000);
  });
});

describe('simulator: concurrency cap', () => {
  it('answers requests over the cap at once with 429 TooManyRequests, counting latency as in flight', async () => {
    const sim = await startSimulator({ users: 20, maxConcurrent: 3, latencyMs: 250 });
    try {
      const start = performance.now();
      const replies = await Promise.all(Array.from({ length: 6 }, () => call(sim, '/user/count')));
      const statuses = replies.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
      for (const r of replies.filter((x) => x.status === 429))
        expectError(r, 429, ERROR_CLASS.tooManyRequests, 'concurrent');
      assert.ok(performance.now() - start >= 240);
      assert.equal(sim.stats.rejectedByCap, 3);
      assert.ok(sim.stats.maxInFlight >= 4, `maxInFlight ${sim.stats.maxInFlight}`);
      assert.equal(sim.stats.requests, 6);
      await eventually(() => sim.stats.inFlight === 0, 'all settled');
      assert.equal(sim.log.filter((e) => e.status === 429).length, 3, 'rejected requests are logged');
      sim.resetStats();
      assert.deepEqual(
        { ...sim.stats },
        { inFlight: 0, maxInFlight: 0, requests: 0, rejectedByCap: 0, handlerMsTotal: 0 },
      );
      // Sequential requests never meet the cap.
      for (let i = 0; i < 4; i++) assert.equal((await call(sim, '/user/count')).status, 200);
      assert.equal(sim.stats.maxInFlight, 1);
    } finally {
      await sim.close();
    }
  });

  it('concurrencyStatus is configurable, and maxConcurrent 0 means no cap', async () => {
    const capped = await startSimulator({ users: 5, maxConcurrent: 1, concurrencyStatus: 503, latencyMs: 100 });
    const open = await startSimulator({ users: 5, maxConcurrent: 0, latencyMs: 100 });
    try {
      const statuses = (await Promise.all([0, 1].map(() => call(capped, '/user/count')))).map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 503]);
      const all = await Promise.all(Array.from({ length: 15 }, () => call(open, '/user/count')));
      assert.ok(all.every((r) => r.status === 200));
      assert.ok(open.stats.maxInFlight > 10);
    } finally {
      await Promise.all([capped.close(), open.close()]);
    }
  });
});
