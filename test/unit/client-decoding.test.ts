// Large pages are decoded on a worker thread. These tests prove that this changes nothing a caller can
// see: the same users (byte for byte, hostile text included), the same errors for broken answers, and
// the usual path whenever the worker cannot start, dies, or is stopped.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SummaryDecoder, WORKER_MIN_BYTES } from '../../src/workfront/summaryDecoder';
import { packSummaries, unpackSummaries } from '../../src/workfront/summaryPacking';
import { toSummary } from '../../src/workfront/records';
import { SUMMARY_FIELDS, type UserSummary } from '../../src/workfront/types';
import { WorkfrontClient } from '../../src/workfront/client';
import { parseInstance } from '../../src/workfront/instance';
import { fieldsParam } from '../../src/workfront/query';
import { hexId, prng } from './helpers/memorySource';
import { expectWfError, FAST, scriptedServer, startHarness, type Harness } from './helpers/harness';

const OP = 'List active users';
const HOSTILE_NAMES = [
  '',
  'Zoë Ångström',
  '王伟',
  'NUL\u0000inside',
  '\ud83d\ude00 emoji',
  'lone \ud800 surrogate',
  '"quoted" \\ back',
  'x'.repeat(3000),
  '[link](command:workbench.action.quit)',
];

function summary(i: number, rand: () => number): UserSummary {
  const date = () => (rand() < 0.3 ? null : Math.floor(rand() * 4e12));
  return {
    ID: hexId(i),
    name: HOSTILE_NAMES[i % HOSTILE_NAMES.length] + (i % 7 === 0 ? '' : ` ${i}`),
    emailAddr: i % 11 === 0 ? '' : `user${i}@acme.example`,
    title: ['', 'Engineer', 'Ingénieure', '设计师'][i % 4],
    isActive: rand() < 0.8,
    licenseType: ['FULL', 'LIMITED', 'Light', ''][i % 4],
    lastLoginDate: i === 3 ? 0 : date(),
    actualDeactivationDate: date(),
    scheduleDeactivationDate: date(),
  };
}

/** What the thread that got the answer makes of it, the usual way. */
function inline(bytes: ArrayBuffer): UserSummary[] {
  return (JSON.parse(new TextDecoder().decode(bytes)) as { data: unknown[] }).data.map((r) => toSummary(r, OP));
}

function asBytes(value: unknown): ArrayBuffer {
  const b = Buffer.from(JSON.stringify(value), 'utf8');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** A page as Workfront sends it, from summaries (dates in Workfront's form). */
function wireRow(u: UserSummary): Record<string, unknown> {
  const d = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ':$1+0000'));
  return {
    ID: u.ID,
    name: u.name,
    objCode: 'USER',
    emailAddr: u.emailAddr,
    title: u.title,
    isActive: u.isActive,
    licenseType: u.licenseType,
    lastLoginDate: d(u.lastLoginDate),
    actualDeactivationDate: d(u.actualDeactivationDate),
    scheduleDeactivationDate: d(u.scheduleDeactivationDate),
  };
}

const dyingWorkers: string[] = [];
/** A worker file whose thread exits as soon as it is given a page. */
function dyingWorker(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-worker-'));
  dyingWorkers.push(dir);
  const file = path.join(dir, 'dying.js');
  fs.writeFileSync(file, "require('node:worker_threads').parentPort.once('message', () => process.exit(3));\n");
  return file;
}

describe('Large pages decoded on a worker thread', function () {
  after(() => {
    for (const dir of dyingWorkers) fs.rmSync(dir, { recursive: true, force: true });
  });
  this.timeout(30_000);

  describe('packing users into columns', () => {
    it('unpacks to exactly the users packed: hostile text, empty values, epoch 0 and missing dates, key order', () => {
      const rand = prng(5);
      const users = Array.from({ length: 500 }, (_, i) => summary(i, rand));
      const back = unpackSummaries(packSummaries(users));
      assert.deepStrictEqual(back, users);
      assert.deepStrictEqual(
        back.map((u) => Object.keys(u).join()),
        users.map((u) => Object.keys(u).join()),
      );
      assert.strictEqual(back[3].lastLoginDate, 0);
    });

    it('an empty page packs and unpacks to an empty list', () => {
      assert.deepStrictEqual(unpackSummaries(packSummaries([])), []);
    });

    it('repeated titles and license types are one string each', () => {
      const rand = prng(6);
      const back = unpackSummaries(packSummaries(Array.from({ length: 40 }, (_, i) => summary(i, rand))));
      const titles = back.filter((u) => u.title === 'Engineer');
      assert.ok(titles.length > 2);
      const packed = packSummaries(back);
      assert.strictEqual(
        packed.labels.length,
        new Set([...back.map((u) => u.title), ...back.map((u) => u.licenseType)]).size,
      );
    });
  });

  describe('SummaryDecoder', () => {
    const decoders: SummaryDecoder[] = [];
    const make = (...args: ConstructorParameters<typeof SummaryDecoder>) => {
      const d = new SummaryDecoder(...args);
      decoders.push(d);
      return d;
    };
    const workerFile = path.join(__dirname, '../../src/workfront/summaryWorker.js');
    afterEach(async () => {
      await Promise.all(decoders.splice(0).map((d) => d.dispose()));
    });

    it('gives the same users as decoding in place, for a 2,000-user page with hostile text', async () => {
      const rand = prng(7);
      const bytes = asBytes({ data: Array.from({ length: 2000 }, (_, i) => wireRow(summary(i, rand))) });
      const expected = inline(bytes);
      assert.ok(bytes.byteLength >= WORKER_MIN_BYTES);
      const decoder = make({ workerFile });
      assert.ok(decoder.wants(bytes.byteLength));
      const decoded = await decoder.decode(bytes, OP);
      assert.ok('rows' in decoded, 'the worker decoded it');
      assert.deepStrictEqual(decoded.rows, expected);
      assert.strictEqual(bytes.byteLength, 0, 'the bytes were moved to the worker, not copied');
    });

    it('small answers are not handed over', () => {
      assert.strictEqual(make({ workerFile }).wants(WORKER_MIN_BYTES - 1), false);
    });

    it('anything but a plain list of users comes back as the same bytes, for the caller to report', async () => {
      const decoder = make({ workerFile });
      const rand = prng(8);
      const good = Array.from({ length: 300 }, (_, i) => wireRow(summary(i, rand)));
      const badId = good.map((r, i) => (i === 250 ? { ...r, ID: '../../user/search' } : r));
      const cases: Array<[string, ArrayBuffer]> = [
        ['a row with a bad ID', asBytes({ data: badId })],
        [
          'an error envelope',
          asBytes({ error: { class: 'com.attask.common.AuthenticationException', message: 'x'.repeat(70_000) } }),
        ],
        ['data that is not a list', asBytes({ data: { count: 5, padding: 'x'.repeat(70_000) } })],
        ['not JSON', new TextEncoder().encode('<html>' + 'x'.repeat(70_000)).buffer as ArrayBuffer],
        ['cut off', asBytes({ data: good }).slice(0, 50_000)],
      ];
      for (const [what, bytes] of cases) {
        const copy = Buffer.from(bytes.slice(0));
        const decoded = await decoder.decode(bytes, OP);
        assert.ok('bytes' in decoded, what);
        assert.ok(Buffer.from(decoded.bytes).equals(copy), `${what}: the same bytes come back`);
      }
      assert.ok(
        'rows' in (await decoder.decode(asBytes({ data: good }), OP)),
        'and it still decodes good pages afterwards',
      );
    });

    it('a worker that cannot start: every answer is read in place, and no more workers are tried', async () => {
      const logged: string[] = [];
      const decoder = make({
        workerFile: path.join(os.tmpdir(), 'no-such-worker-file.js'),
        log: (level, message) => logged.push(`${level}: ${message}`),
      });
      const bytes = asBytes({ data: [], padding: 'x'.repeat(WORKER_MIN_BYTES) });
      const decoded = await decoder.decode(bytes, OP);
      // Either it failed at once (the bytes were never moved) or the thread failed to load the file.
      assert.ok('bytes' in decoded || 'lost' in decoded, JSON.stringify(Object.keys(decoded)));
      assert.strictEqual(decoder.wants(WORKER_MIN_BYTES * 10), false);
      assert.ok(
        logged.some((l) =>
          /^warn: The decoding thread stopped \(.+\); large lists of users are decoded on the extension's thread/.test(
            l,
          ),
        ),
        logged.join('\n'),
      );
      const again = asBytes({ data: [] });
      assert.deepStrictEqual(
        await decoder.decode(again, OP),
        { bytes: again },
        'later answers are handed back untouched',
      );
    });

    it('a worker that dies with pages in hand: they are reported lost, to be asked for again', async () => {
      const decoder = make({ workerFile: dyingWorker() });
      const rand = prng(9);
      const page = () => asBytes({ data: Array.from({ length: 400 }, (_, i) => wireRow(summary(i, rand))) });
      const results = await Promise.all([decoder.decode(page(), OP), decoder.decode(page(), OP)]);
      assert.deepStrictEqual(results, [{ lost: true }, { lost: true }]);
      assert.strictEqual(decoder.wants(WORKER_MIN_BYTES), false);
    });

    it('an idle worker is stopped, and the next large page starts another', async () => {
      const decoder = make({ workerFile, idleMs: 50 });
      const rand = prng(10);
      const page = () => asBytes({ data: Array.from({ length: 400 }, (_, i) => wireRow(summary(i, rand))) });
      assert.ok('rows' in (await decoder.decode(page(), OP)));
      assert.strictEqual(decoder.running, true);
      const until = Date.now() + 5_000;
      while (decoder.running && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      assert.strictEqual(decoder.running, false, 'stopped when idle');
      const bytes = page();
      const expected = inline(bytes);
      assert.deepStrictEqual(await decoder.decode(bytes, OP), { rows: expected });
      assert.strictEqual(decoder.running, true);
    });
  });

  describe('through the client', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ users: 6000, seed: 21 });
      // Hostile text in the organisation, spread over the pages.
      const all = h.sim.store.all();
      HOSTILE_NAMES.forEach((name, i) =>
        h.sim.store.update(all[(i * 613) % all.length].ID, { name, title: name.slice(0, 60) }),
      );
    });
    after(() => h.close());

    it('a listing decoded on the worker equals one read page by page in place', async () => {
      const client = h.client();
      const listed = await client.listUsers({});
      assert.strictEqual(listed.length, h.sim.store.count());
      // The same pages read in place: pages of 150 are below the worker's threshold.
      const small = h.client({ ...FAST, pageSize: 150, concurrency: 10 });
      const reference = await small.listUsers({});
      const byId = (a: UserSummary, b: UserSummary) => (a.ID < b.ID ? -1 : 1);
      assert.deepStrictEqual([...listed].sort(byId), [...reference].sort(byId));
      assert.ok(listed.some((u) => u.name === 'NUL\u0000inside'));
    });

    it('a decoding thread that dies mid-listing: the pages it held are asked for again, and the listing is complete', async () => {
      const logged: string[] = [];
      const client = h.client({ ...FAST, log: (level, message) => logged.push(`${level}: ${message}`) });
      // Failure injection: the client's decoder swapped for one whose thread exits on its first page.
      (client as unknown as { decoder: SummaryDecoder }).decoder = new SummaryDecoder({
        workerFile: dyingWorker(),
        log: (level, message) => logged.push(`${level}: ${message}`),
      });
      const mark = h.sim.log.length;
      const rows = await client.listUsers({});
      assert.strictEqual(rows.length, h.sim.store.count());
      assert.strictEqual(new Set(rows.map((r) => r.ID)).size, rows.length);
      const searches = h.since(mark).filter((e) => e.op === 'search').length;
      const pages = Math.ceil((h.sim.store.count() - 1) / 1999);
      assert.ok(searches > pages, `${searches} searches: the lost pages were read again`);
      assert.ok(
        logged.some((l) => /^warn: The decoding thread stopped/.test(l)),
        logged.join('\n'),
      );
      assert.ok(
        logged.some((l) => /retry/.test(l)),
        'retried',
      );
    });

    it('a bad row in a large page is the same malformed error as in a small one', async () => {
      const rand = prng(11);
      const rows = Array.from({ length: 2000 }, (_, i) => wireRow(summary(i, rand)));
      rows[1500] = { ...rows[1500], isActive: 'perhaps' };
      const server = await scriptedServer((req) => ({
        body: { data: req.url.searchParams.get('$$LIMIT') === '2000' ? rows : rows.slice(1400, 1600) },
      }));
      try {
        const instance = parseInstance(server.url);
        const big = new WorkfrontClient(instance, 'k'.repeat(32), FAST);
        const small = new WorkfrontClient(instance, 'k'.repeat(32), FAST);
        try {
          const a = await expectWfError(big.searchUsers({ isActive: true }, { first: 0, limit: 2000 }), 'malformed');
          const b = await expectWfError(small.searchUsers({ isActive: true }, { first: 0, limit: 200 }), 'malformed');
          assert.strictEqual(a.message, b.message);
          assert.match(a.message, /isActive/);
        } finally {
          await Promise.all([big.dispose(), small.dispose()]);
        }
      } finally {
        await server.close();
      }
    });

    it('a large error answer with status 200 is still an error (not an empty list)', async () => {
      const server = await scriptedServer(() => ({
        body: {
          error: { class: 'com.attask.common.AuthenticationException', message: 'Session expired. '.repeat(5000) },
        },
      }));
      try {
        const c = new WorkfrontClient(parseInstance(server.url), 'k'.repeat(32), FAST);
        await expectWfError(c.searchUsers({}, { first: 0, limit: 2000 }), 'auth');
        await c.dispose();
      } finally {
        await server.close();
      }
    });

    it('requests only the summary fields either way', () => {
      const search = h.sim.log.filter((e) => e.op === 'search');
      assert.ok(search.length > 0);
      for (const e of search) assert.deepStrictEqual(e.query.fields, [fieldsParam(SUMMARY_FIELDS)[1]]);
    });
  });
});
