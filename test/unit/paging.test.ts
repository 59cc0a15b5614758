// readAllPages and mapLimit with an in-memory PagingSource: request counts, concurrency, and
// completeness while the set changes between (and during) page calls.
import * as assert from 'assert';
import { mapLimit, readAllPages } from '../../src/workfront/paging';
import { checkComplete, hexId, MemorySource, prng, type CallInfo } from './helpers/memorySource';

const ids = (n: number, start = 1000, step = 10) => Array.from({ length: n }, (_, i) => hexId(start + i * step));
const expectedPages = (n: number, p: number) => (n <= p ? 1 : Math.ceil((n - 1) / (p - 1)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('readAllPages', () => {
  describe('with no changes', () => {
    const P = 10;
    for (const n of [0, 1, 2, 9, 11, 12, 18, 20, 21, 27, 101, 102, 1001]) {
      it(`${n} rows, page size ${P}: every row once, ${expectedPages(n, P)} page request(s), no range request`, async () => {
        const src = new MemorySource(ids(n));
        const rows = await readAllPages(src, { total: n, pageSize: P, concurrency: 3 });
        assert.deepStrictEqual(checkComplete(rows, src), []);
        assert.strictEqual(rows.length, n);
        assert.strictEqual(src.pageCalls(), expectedPages(n, P));
        assert.strictEqual(src.rangeCalls(), 0);
      });
    }

    // When the last page comes back full, more rows may have been added since the count; one keyset
    // read of the tail makes sure. That happens when n = P, or n - 1 is a multiple of P - 1.
    for (const n of [10, 19, 28, 100]) {
      it(`${n} rows, page size ${P} (last page exactly full): one extra tail read, still every row once`, async () => {
        const src = new MemorySource(ids(n));
        const rows = await readAllPages(src, { total: n, pageSize: P, concurrency: 3 });
        assert.deepStrictEqual(checkComplete(rows, src), []);
        assert.strictEqual(src.pageCalls(), expectedPages(n, P));
        assert.strictEqual(src.rangeCalls(), 1);
        const tail = src.calls.find((c) => c.kind === 'range')!;
        assert.strictEqual(tail.toId, undefined);
      });
    }

    it('pages overlap by exactly one row: offsets k*(P-1), limit P', async () => {
      const src = new MemorySource(ids(50));
      await readAllPages(src, { total: 50, pageSize: 10, concurrency: 2 });
      const pages = src.calls.filter((c) => c.kind === 'page').map((c) => [c.first, c.limit]);
      pages.sort((a, b) => a[0]! - b[0]!);
      assert.deepStrictEqual(
        pages,
        [0, 9, 18, 27, 36, 45].map((f) => [f, 10]),
      );
    });

    it('10,001 rows with Workfront-size pages (2,000): 6 requests', async () => {
      const src = new MemorySource(ids(10_001));
      const rows = await readAllPages(src, { total: 10_001, pageSize: 2000, concurrency: 4 });
      assert.deepStrictEqual(checkComplete(rows, src), []);
      assert.strictEqual(src.calls.length, Math.ceil(10_000 / 1999));
      assert.ok(src.calls.every((c) => c.limit === 2000));
    });

    it('100,000 rows with 2,000-row pages: 51 requests', async () => {
      const src = new MemorySource(ids(100_000, 1, 1));
      const rows = await readAllPages(src, { total: 100_000, pageSize: 2000, concurrency: 10 });
      assert.strictEqual(rows.length, 100_000);
      assert.strictEqual(new Set(rows.map((r) => r.ID)).size, 100_000);
      assert.strictEqual(src.calls.length, 51);
    });

    it('page size is capped at 2,000 and at least 2', async () => {
      const big = new MemorySource(ids(5000));
      await readAllPages(big, { total: 5000, pageSize: 5000, concurrency: 2 });
      assert.ok(big.calls.every((c) => c.limit === 2000));
      const tiny = new MemorySource(ids(5));
      const rows = await readAllPages(tiny, { total: 5, pageSize: 1, concurrency: 2 });
      assert.deepStrictEqual(checkComplete(rows, tiny), []);
      assert.ok(tiny.calls.every((c) => c.limit === 2));
    });

    it('a stale low total still reads every row (tail by keyset)', async () => {
      const src = new MemorySource(ids(95));
      const rows = await readAllPages(src, { total: 20, pageSize: 10, concurrency: 2 });
      assert.deepStrictEqual(checkComplete(rows, src), []);
    });

    it('a stale high total still reads every row once', async () => {
      const src = new MemorySource(ids(15));
      const rows = await readAllPages(src, { total: 90, pageSize: 10, concurrency: 3 });
      assert.deepStrictEqual(checkComplete(rows, src), []);
      assert.strictEqual(rows.length, 15);
    });
  });

  describe('concurrency', () => {
    for (const c of [1, 2, 4, 10]) {
      it(`never more than ${c} call(s) in flight, and uses all ${c}`, async () => {
        const src = new MemorySource(ids(200), { delayMs: (call) => 2 + (call.index % 3) * 3 });
        const rows = await readAllPages(src, { total: 200, pageSize: 10, concurrency: c });
        assert.deepStrictEqual(checkComplete(rows, src), []);
        assert.ok(src.maxInFlight <= c, `max in flight ${src.maxInFlight} > ${c}`);
        assert.strictEqual(src.maxInFlight, c);
      });
    }

    it('keyset gap reads also respect the limit', async () => {
      // Every page after the first loses rows before it is read, so every seam has a gap.
      const src = new MemorySource(ids(300), {
        delayMs: () => 3,
        beforeRead: (call, s) => {
          if (call.kind === 'page' && call.first! > 0) {
            for (let i = 0; i < 3; i++) s.removeAt(Math.max(0, call.first! - 5));
          }
        },
      });
      const rows = await readAllPages(src, { total: 300, pageSize: 10, concurrency: 3 });
      assert.deepStrictEqual(checkComplete(rows, src), []);
      assert.ok(src.rangeCalls() > 3, 'expected gap reads');
      assert.ok(src.maxInFlight <= 3);
    });
  });

  describe('while the set changes between pages', () => {
    const P = 10;
    // concurrency 1: pages are read in order, so each hook runs at a known point.
    const run = async (
      n: number,
      beforeRead: (call: CallInfo, s: MemorySource) => void,
      opts: { concurrency?: number; inclusiveRange?: boolean; delayMs?: (c: CallInfo) => number } = {},
    ) => {
      const src = new MemorySource(ids(n), { beforeRead, inclusiveRange: opts.inclusiveRange, delayMs: opts.delayMs });
      const rows = await readAllPages(src, { total: n, pageSize: P, concurrency: opts.concurrency ?? 1 });
      assert.deepStrictEqual(checkComplete(rows, src), []);
      return { src, rows };
    };
    const pageNo = (c: CallInfo) => (c.kind === 'page' ? c.first! / (P - 1) : -1);

    it('one row removed before the next page (the deactivation case): nothing missed', async () => {
      const { src } = await run(50, (c, s) => {
        if (pageNo(c) === 1) s.removeAt(2);
      });
      assert.strictEqual(src.pageCalls(), expectedPages(50, P));
    });

    it('several rows removed before the next page: the gap is read by ID range', async () => {
      const { src } = await run(50, (c, s) => {
        if (pageNo(c) === 1) for (let i = 0; i < 4; i++) s.removeAt(1);
      });
      assert.ok(src.rangeCalls() >= 1);
      const gap = src.calls.find((c) => c.kind === 'range' && c.toId !== undefined);
      assert.ok(gap, 'expected a bounded range read for the gap');
    });

    it('rows removed before every page', async () => {
      await run(80, (c, s) => {
        if (pageNo(c) > 0) {
          s.removeAt(0);
          s.removeAt(s.size - 1);
          s.removeAt(Math.floor(s.size / 2));
        }
      });
    });

    it('rows added before the next page (earlier IDs shift later rows right)', async () => {
      let next = 1;
      await run(50, (c, s) => {
        if (pageNo(c) === 2) for (let i = 0; i < 5; i++) s.insert(hexId(1000 + 10 * i + next++));
      });
    });

    it('rows added far ahead of the remaining pages (shift larger than a page)', async () => {
      await run(60, (c, s) => {
        if (pageNo(c) === 2) for (let i = 0; i < 35; i++) s.insert(hexId(i + 1)); // all before every existing ID
      });
    });

    it('rows removed far more than a page before the remaining pages', async () => {
      await run(100, (c, s) => {
        if (pageNo(c) === 3) for (let i = 0; i < 25; i++) s.removeAt(0);
      });
    });

    it('everything after the first page removed', async () => {
      const { rows } = await run(50, (c, s) => {
        if (pageNo(c) === 1) while (s.size > 5) s.removeAt(s.size - 1);
      });
      assert.ok(rows.length >= 5);
    });

    it('rows appended before the last page make it full: the tail is read by keyset', async () => {
      const { src, rows } = await run(50, (c, s) => {
        if (pageNo(c) === 5) for (let i = 0; i < 33; i++) s.insert(hexId(5_000 + i));
      });
      assert.ok(src.calls.some((c) => c.kind === 'range' && c.toId === undefined));
      assert.strictEqual(rows.length, 83);
    });

    it('a deactivate/reactivate churn (remove and re-add the same rows) between pages', async () => {
      const all = ids(70);
      await run(70, (c, s) => {
        const k = pageNo(c);
        if (k > 0) {
          s.remove(all[k * 7]!);
          s.insert(all[(k - 1) * 7]!); // re-added: it was removed, so it need not be returned
        }
      });
    });

    it('changes during the gap reads themselves', async () => {
      const { src } = await run(60, (c, s) => {
        if (pageNo(c) === 1) for (let i = 0; i < 3; i++) s.removeAt(2);
        if (c.kind === 'range') {
          s.removeAt(0);
          s.insert(hexId(1001 + c.index)); // a new row inside the gap being read
        }
      });
      assert.ok(src.rangeCalls() >= 1);
    });

    it('pages completing in reverse order with removals in between (concurrent)', async () => {
      // Later pages answer first; each answer removes a row near the start, shifting earlier pages.
      const { src } = await run(
        90,
        (c, s) => {
          if (c.kind === 'page') {
            s.removeAt(3);
            s.removeAt(3);
          }
        },
        { concurrency: 10, delayMs: (c) => (c.kind === 'page' ? 50 - c.first! / 2 : 1) },
      );
      assert.ok(src.maxInFlight > 1);
    });

    it('Workfront-style inclusive range ends give the same result', async () => {
      await run(
        60,
        (c, s) => {
          if (pageNo(c) === 2) for (let i = 0; i < 4; i++) s.removeAt(1);
          if (pageNo(c) === 4) for (let i = 0; i < 30; i++) s.insert(hexId(9_000 + i));
        },
        { inclusiveRange: true },
      );
    });

    it('randomised: 150 seeded runs of adds, removals and re-adds at every call, out-of-order completion', async function () {
      this.timeout(20_000);
      const failures: string[] = [];
      for (let seed = 1; seed <= 150; seed++) {
        const rnd = prng(seed);
        const n = Math.floor(rnd() * 120);
        const p = 2 + Math.floor(rnd() * 12);
        const concurrency = 1 + Math.floor(rnd() * 5);
        const inclusiveRange = rnd() < 0.5;
        let fresh = 0;
        const src = new MemorySource(ids(n, 1_000, 10), {
          inclusiveRange,
          delayMs: () => Math.floor(rnd() * 3),
          beforeRead: (_c, s) => {
            const ops = Math.floor(rnd() * 4);
            for (let i = 0; i < ops; i++) {
              const r = rnd();
              if (r < 0.4 && s.size > 0) s.removeAt(Math.floor(rnd() * s.size));
              else if (r < 0.8) s.insert(hexId(1_000 + Math.floor(rnd() * (n + 5) * 10) + 1 + (fresh++ % 9)));
              else if (s.size > 0) {
                const id = s.snapshot()[Math.floor(rnd() * s.size)]!;
                s.remove(id);
                s.insert(id);
              }
            }
          },
        });
        const rows = await readAllPages(src, { total: n, pageSize: p, concurrency });
        const problems = checkComplete(rows, src);
        if (problems.length)
          failures.push(
            `seed ${seed} (n=${n}, P=${p}, c=${concurrency}, inclusive=${inclusiveRange}): ${problems.slice(0, 3).join('; ')}`,
          );
        if (src.maxInFlight > concurrency) failures.push(`seed ${seed}: ${src.maxInFlight} in flight > ${concurrency}`);
      }
      assert.deepStrictEqual(failures, []);
    });
  });

  describe('signals and failures', () => {
    it('passes the signal to every call', async () => {
      const ctl = new AbortController();
      const src = new MemorySource(ids(40), {
        beforeRead: (c, s) => (c.kind === 'page' && c.first === 9 ? void s.removeAt(1) : undefined),
      });
      await readAllPages(src, { total: 40, pageSize: 10, concurrency: 2, signal: ctl.signal });
      assert.ok(src.signals.length > 0);
      assert.ok(src.signals.every((s) => s === ctl.signal));
    });

    it('the first failure rejects the read and no further pages are started', async () => {
      const boom = new Error('page 2 failed');
      const src = new MemorySource(ids(200), {
        fail: (c) => (c.kind === 'page' && c.first === 18 ? boom : undefined),
        delayMs: () => 2,
      });
      await assert.rejects(readAllPages(src, { total: 200, pageSize: 10, concurrency: 2 }), (e) => e === boom);
      await sleep(20);
      assert.ok(src.pageCalls() <= 4, `${src.pageCalls()} pages started after a failure`);
      assert.strictEqual(src.inFlight, 0);
    });

    it('a failing gap read rejects the read', async () => {
      const boom = new Error('range failed');
      const src = new MemorySource(ids(50), {
        beforeRead: (c, s) =>
          c.kind === 'page' && c.first === 9 ? void [1, 2, 3].forEach(() => s.removeAt(1)) : undefined,
        fail: (c) => (c.kind === 'range' ? boom : undefined),
      });
      await assert.rejects(readAllPages(src, { total: 50, pageSize: 10, concurrency: 1 }), (e) => e === boom);
    });
  });
});

describe('mapLimit', () => {
  it('returns results in index order whatever the completion order', async () => {
    const out = await mapLimit(8, 3, async (i) => {
      await sleep((8 - i) * 2);
      return i * i;
    });
    assert.deepStrictEqual(out, [0, 1, 4, 9, 16, 25, 36, 49]);
  });

  it('never runs more than the limit at once', async () => {
    let inFlight = 0;
    let max = 0;
    await mapLimit(30, 4, async () => {
      max = Math.max(max, ++inFlight);
      await sleep(1);
      inFlight--;
    });
    assert.strictEqual(max, 4);
  });

  it('handles zero tasks and a limit below one', async () => {
    assert.deepStrictEqual(await mapLimit(0, 5, async () => 1), []);
    assert.deepStrictEqual(await mapLimit(3, 0, async (i) => i), [0, 1, 2]);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    await assert.rejects(
      mapLimit(20, 2, async (i) => {
        started.push(i);
        await sleep(1);
        if (i === 3) throw new Error('x3');
        return i;
      }),
      /x3/,
    );
    await sleep(10);
    assert.ok(Math.max(...started) <= 5, `started ${started.join(',')}`);
  });
});
