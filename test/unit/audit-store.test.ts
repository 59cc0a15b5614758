// The audit trail's store and its folding, on plain Node with real files: a torn last line, appends from
// several processes at once, rotation and pruning; begin/done/observe, and what counts as cut off.
import * as assert from 'assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { foldRecords, isUnresolved } from '../../src/audit/records';
import { AuditStore, CURRENT_FILE, DEFAULT_LIMITS, type StoreLimits } from '../../src/audit/store';
import { AuditTrail } from '../../src/audit/trail';
import type { UserSummary } from '../../src/workfront';

const STORE_MODULE = path.resolve(__dirname, '../../src/audit/store.js');

const change = (id: string, to = 'false') => ({
  instance: 'acme.my.workfront.com',
  by: { ID: 'a'.repeat(32), name: 'Admin', username: 'admin@acme.example' },
  user: { ID: id, name: `User ${id}`, email: `${id}@acme.example` },
  action: 'deactivate',
  field: 'isActive',
  from: 'true',
  to,
});

const summary = (ID: string, isActive: boolean): UserSummary => ({
  ID,
  name: `User ${ID}`,
  emailAddr: `${ID}@acme.example`,
  title: '',
  isActive,
  licenseType: 'Standard',
  lastLoginDate: null,
  actualDeactivationDate: null,
  scheduleDeactivationDate: null,
});

describe('Audit trail store (real files)', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-audit-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a torn last line (a crash mid-write) is skipped, and the next record starts on a line of its own', async () => {
    const store = new AuditStore(dir);
    await store.append({ id: '1', type: 'begin' });
    fs.appendFileSync(path.join(dir, CURRENT_FILE), '{"id":"2","type":"be');
    await store.append({ id: '3', type: 'end' });
    const { records, skipped } = await store.readAll();
    assert.deepStrictEqual(records, [
      { id: '1', type: 'begin' },
      { id: '3', type: 'end' },
    ]);
    assert.strictEqual(skipped, 1);
    const text = fs.readFileSync(path.join(dir, CURRENT_FILE), 'utf8');
    assert.ok(text.endsWith('{"id":"2","type":"be\n{"id":"3","type":"end"}\n'), JSON.stringify(text));
  });

  it('four processes appending at once lose and mix nothing', async () => {
    const perProcess = 150;
    const script = `
      const { AuditStore } = require(${JSON.stringify(STORE_MODULE)});
      const store = new AuditStore(process.argv[1], () => ({ rotateBytes: 1e9, maxTotalBytes: 1e9, retentionDays: 0 }));
      const who = process.argv[2];
      const pad = 'x'.repeat(300); // long records: a mixed write would show
      Promise.all(Array.from({ length: ${perProcess} }, (_, i) => store.append({ who, i, pad })))
        .then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
    const codes = await Promise.all(
      ['a', 'b', 'c', 'd'].map(
        (who) =>
          new Promise<number | null>((resolve) => {
            const child = spawn(process.execPath, ['-e', script, dir, who], { stdio: 'inherit' });
            child.on('exit', resolve);
          }),
      ),
    );
    assert.deepStrictEqual(codes, [0, 0, 0, 0]);
    const { records, skipped } = await new AuditStore(dir).readAll();
    assert.strictEqual(skipped, 0);
    assert.strictEqual(records.length, 4 * perProcess);
    for (const who of ['a', 'b', 'c', 'd']) {
      const mine = (records as Array<{ who: string; i: number }>).filter((r) => r.who === who).map((r) => r.i);
      // One process's appends stay in order; all of them are there.
      assert.deepStrictEqual(mine, [...Array(perProcess).keys()]);
    }
  });

  it('rotates by size, reads across the files in order, and prunes the oldest beyond the total', async () => {
    let limits: StoreLimits = { rotateBytes: 400, maxTotalBytes: 1e9, retentionDays: 0 };
    const store = new AuditStore(dir, () => limits);
    for (let i = 0; i < 40; i++) await store.append({ i, pad: 'y'.repeat(40) });
    const rotated = fs.readdirSync(dir).filter((n) => n !== CURRENT_FILE);
    assert.ok(rotated.length >= 5, `rotated files: ${rotated.join(' ')}`);
    const all = (await store.readAll()).records as Array<{ i: number }>;
    assert.deepStrictEqual(
      all.map((r) => r.i),
      [...Array(40).keys()],
    );
    // A total of about two files: only the newest records are kept, the current file always.
    limits = { ...limits, maxTotalBytes: 900 };
    await store.prune();
    const kept = ((await store.readAll()).records as Array<{ i: number }>).map((r) => r.i);
    assert.ok(kept.length > 0 && kept.length < 40, `kept ${kept.length}`);
    assert.deepStrictEqual(
      kept,
      [...Array(kept.length).keys()].map((k) => 40 - kept.length + k),
    );
  });

  it('prunes rotated files older than the retention, never the current file', async () => {
    const store = new AuditStore(dir, () => ({ ...DEFAULT_LIMITS, rotateBytes: 100, retentionDays: 30 }));
    await store.append({ old: 1, pad: 'z'.repeat(120) }); // rotated at once
    await store.append({ current: 1 });
    const [old] = fs.readdirSync(dir).filter((n) => n !== CURRENT_FILE);
    const longAgo = new Date(Date.now() - 31 * 86_400_000);
    fs.utimesSync(path.join(dir, old), longAgo, longAgo);
    await store.prune();
    assert.deepStrictEqual(fs.readdirSync(dir), [CURRENT_FILE]);
    assert.deepStrictEqual((await store.readAll()).records, [{ current: 1 }]);
  });

  it('a change that cannot be recorded is refused before anything is sent', async () => {
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, '');
    const trail = new AuditTrail(new AuditStore(file), () => undefined);
    await assert.rejects(trail.begin(change('u1')));
  });
});

describe('Audit trail entries (real files)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-audit-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('begin is on disk before done; each answer completes its own entry', async () => {
    const trail = new AuditTrail(new AuditStore(dir), (e) => assert.fail(String(e)));
    const h1 = await trail.begin(change('u1'));
    assert.strictEqual((await trail.entries()).entries[0].end, undefined, 'written before the request');
    const h2 = await trail.begin(change('u2'));
    const h3 = await trail.begin(change('u3'));
    await h1.done({ answer: 'confirmed', now: 'false' });
    await h2.done({ answer: 'refused', message: 'Not allowed' });
    await h3.done({ answer: 'unknown', message: 'timed out' });
    await h3.done({ answer: 'confirmed', now: 'false' }); // a second answer is ignored
    const { entries } = await trail.entries();
    assert.deepStrictEqual(
      entries.map((e) => [e.user.ID, e.end?.answer, e.end?.now ?? e.end?.message, isUnresolved(e)]),
      [
        ['u1', 'confirmed', 'false', false],
        ['u2', 'refused', 'Not allowed', false],
        ['u3', 'unknown', 'timed out', true],
      ],
    );
    assert.strictEqual(entries[0].by?.username, 'admin@acme.example');
  });

  it('observe records whether Workfront has what was intended, for the entries that waited on that user', async () => {
    const trail = new AuditTrail(new AuditStore(dir), () => undefined);
    const lost = await trail.begin(change('u1'));
    await lost.done({ answer: 'unknown', message: 'timed out' });
    const lost2 = await trail.begin(change('u2'));
    await lost2.done({ answer: 'unknown', message: 'reset' });
    assert.deepStrictEqual(await trail.observe('acme.my.workfront.com', 'u9', summary('u9', true)), []);
    const [c1] = await trail.observe('acme.my.workfront.com', 'u1', summary('u1', false));
    const [c2] = await trail.observe('acme.my.workfront.com', 'u2', summary('u2', true));
    assert.deepStrictEqual([c1.now, c1.asIntended, c2.now, c2.asIntended], ['false', true, 'true', false]);
    const { entries } = await trail.entries();
    assert.deepStrictEqual(
      entries.map((e) => e.check?.asIntended),
      [true, false],
    );
    assert.ok(entries.every((e) => !isUnresolved(e)));
  });

  it('entries another process left without an answer (or an unknown one) are cut off once it is gone; not this window’s', async () => {
    const store = new AuditStore(dir);
    const gone = new AuditTrail(store, () => undefined, 111);
    const alive = new AuditTrail(store, () => undefined, 222);
    await gone.begin(change('u1'));
    await (await gone.begin(change('u2'))).done({ answer: 'confirmed', now: 'false' });
    await (await gone.begin(change('u5'))).done({ answer: 'unknown', message: 'socket closed' });
    await (await gone.begin(change('u6'))).done({ answer: 'refused', message: 'Not allowed' });
    await alive.begin(change('u3'));
    const next = new AuditTrail(store, () => undefined, 333);
    await next.begin(change('u4')); // this window's own, in flight
    const cut = await next.cutOff((pid) => pid !== 111);
    assert.deepStrictEqual(
      cut.map((e) => e.user.ID),
      ['u1', 'u5'],
    );
    // A reading of the user records the check: the entry is no longer cut off at the next start.
    await next.observe('acme.my.workfront.com', 'u5', summary('u5', false));
    await next.observe('acme.my.workfront.com', 'u1', undefined);
    const again = new AuditTrail(store, () => undefined, 444);
    assert.deepStrictEqual(await again.cutOff((pid) => pid !== 111), []);
    const u1 = (await again.entries()).entries.find((e) => e.user.ID === 'u1');
    assert.deepStrictEqual([u1?.check?.now, u1?.check?.asIntended], [undefined, false]);
  });

  it('lines of another shape are left out of the entries', () => {
    const entries = foldRecords([
      null,
      'text',
      { id: 'x', at: '2026-01-01T00:00:00.000Z', type: 'begin' }, // no user
      { id: 'y', at: '2026-01-01T00:00:00.000Z', type: 'end', answer: 'confirmed' }, // no begin
      {
        ...change('u1'),
        v: 1,
        id: 'z',
        at: '2026-01-01T00:00:00.000Z',
        type: 'begin',
        pid: 1,
        session: 's',
      },
      { id: 'z', at: '2026-01-01T00:00:01.000Z', type: 'end', answer: 'maybe' }, // not an answer
    ]);
    assert.deepStrictEqual(
      entries.map((e) => [e.id, e.end]),
      [['z', undefined]],
    );
  });
});
