// The simulator must stay cheap at 100,000 users, or benchmarks measure it instead of the client. This
// checks the simulator's own time per request (handlerMs), not wall-clock time, and prints the figures.
import * as assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator';
import { call, ids, qs } from '../simulator/testHttp';

describe('simulator: speed at 100,000 users', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let startMs = 0;
  before(async () => {
    const start = performance.now();
    sim = await startSimulator({ users: 100_000, maxConcurrent: 0 });
    startMs = performance.now() - start;
  });
  after(() => sim?.close());

  it('20 pages of 2,000 with a filter and a two-key sort cost a few ms each', async () => {
    sim.clearLog();
    const seen = new Set<string>();
    for (let page = 0; page < 20; page++) {
      const query = qs([
        ['isActive', 'true'],
        ['isActive_Mod', 'eq'],
        ['name_1_Sort', 'ciasc'],
        ['ID_2_Sort', 'asc'],
        ['fields', 'ID,name,emailAddr,isActive,lastLoginDate'],
        ['$$FIRST', String(page * 2000)],
        ['$$LIMIT', '2000'],
      ]);
      for (const id of ids(await call(sim, `/user/search?${query}`))) seen.add(id);
    }
    assert.equal(seen.size, 40_000);
    const costs = sim.log.map((e) => e.handlerMs);
    const average = costs.reduce((a, b) => a + b, 0) / costs.length;
    console.log(
      `      startup ${startMs.toFixed(0)} ms; handlerMs per page: average ${average.toFixed(1)}, first ${costs[0].toFixed(1)}, max ${Math.max(...costs).toFixed(1)}`,
    );
    assert.ok(average < 20, `average simulator time per page ${average.toFixed(1)} ms`);
  });

  it('a deactivation between pages keeps later pages cheap (cached lists are patched, not rebuilt)', async () => {
    sim.clearLog();
    const active = sim.store.all().filter((u) => u.isActive && u.ID !== sim.admin.ID);
    for (let i = 0; i < 10; i++) {
      await call(sim, `/user/${active[i].ID}?updates={"isActive":"false"}`, { method: 'PUT' });
      await call(sim, `/user/search?isActive=true&ID_Sort=asc&$$FIRST=${i * 2000}&$$LIMIT=2000&fields=ID,name`);
    }
    const pages = sim.log.filter((e) => e.op === 'search').map((e) => e.handlerMs);
    const average = pages.reduce((a, b) => a + b, 0) / pages.length;
    console.log(`      with an edit before each page: average ${average.toFixed(1)} ms per page`);
    assert.ok(average < 40, `average ${average.toFixed(1)} ms`);
  });
});
