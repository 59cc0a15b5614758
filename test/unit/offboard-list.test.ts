// Reading an offboarding list (plain lines, CSV from HR) and deciding what happens to each line.
import * as assert from 'assert';
import { parseLoginList, splitCsvLine } from '../../src/commands/loginList';
import { offboardCsv, planOffboarding, usersToDeactivate } from '../../src/commands/offboardPlan';
import type { LoginRow } from '../../src/workfront/matchLogins';

function row(id: string, email: string, isActive = true, username = email): LoginRow {
  return {
    ID: id.padEnd(32, '0'),
    name: `User ${id}`,
    emailAddr: email,
    username,
    title: '',
    isActive,
    licenseType: 'Standard',
    lastLoginDate: null,
    actualDeactivationDate: null,
    scheduleDeactivationDate: null,
  };
}

describe('Offboard from List: reading the list', () => {
  it('one value per line: blank lines, comments, a lone header word, quotes and repeats', () => {
    const r = parseLoginList('\ufeffEmail\r\n a@x.com \n\n# leavers\n"B@x.com"\nb@X.com\nlogin.name\n');
    assert.ok(r.ok);
    assert.deepStrictEqual(
      r.logins.map((l) => [l.value, l.line]),
      [
        ['a@x.com', 2],
        ['B@x.com', 5],
        ['login.name', 7],
      ],
    );
    assert.strictEqual(r.duplicates, 1);
    assert.strictEqual(r.column, undefined);
  });

  it('a CSV from HR: the email column found by its header, quoted fields with commas', () => {
    const csv =
      'Employee,"Last day",E-mail Address,Username\n"Rossi, Ana",2026-12-01,ana@x.com,arossi\nBo,2026-12-02,,bo\n';
    const r = parseLoginList(csv);
    assert.ok(r.ok);
    assert.strictEqual(r.column, 'E-mail Address');
    assert.deepStrictEqual(
      r.logins.map((l) => l.value),
      ['ana@x.com'],
    );
  });

  it('semicolon and tab separated files; a username column when there is no email column', () => {
    const r = parseLoginList('Name;Login\nAna;arossi\nBo;bo.b\n');
    assert.ok(r.ok);
    assert.deepStrictEqual(
      r.logins.map((l) => l.value),
      ['arossi', 'bo.b'],
    );
    const t = parseLoginList('Name\tEmail\nAna\tana@x.com\n');
    assert.ok(t.ok);
    assert.deepStrictEqual(
      t.logins.map((l) => l.value),
      ['ana@x.com'],
    );
  });

  it('a CSV with no usable column, an empty list and a huge file are refused with the reason', () => {
    const r = parseLoginList('Name,Department\nAna,Sales\n');
    assert.deepStrictEqual(r, { ok: false, problem: 'noColumn', headers: ['Name', 'Department'] });
    assert.deepStrictEqual(parseLoginList(' \n# nothing\n'), { ok: false, problem: 'empty' });
    assert.deepStrictEqual(parseLoginList('x@y.z\n'.repeat(20_001)), { ok: false, problem: 'tooMany' });
  });

  it('splits CSV lines with doubled quotes', () => {
    assert.deepStrictEqual(splitCsvLine('"a ""b"", c",d', ','), ['a "b", c', 'd']);
  });
});

describe('Offboard from List: the plan', () => {
  const me = row('a', 'me@x.com');
  const active = row('b', 'b@x.com');
  const inactive = row('c', 'c@x.com', false);
  const boss = row('d', 'boss@x.com', true, 'Main.Admin');
  const twinA = row('e', 'twin@x.com');
  const twinB = row('f', 'other@x.com', true, 'twin@x.com');
  const matches = new Map<string, LoginRow[]>([
    ['me@x.com', [me]],
    ['b@x.com', [active]],
    ['bee', [active]],
    ['c@x.com', [inactive]],
    ['boss@x.com', [boss]],
    ['twin@x.com', [twinA, twinB]],
    ['nobody@x.com', []],
  ]);
  const lines = ['me@x.com', 'B@x.com', 'bee', 'c@x.com', 'boss@x.com', 'twin@x.com', 'nobody@x.com'].map(
    (value, i) => ({ value, line: i + 1 }),
  );

  it('puts every line in one category; protects you and the listed protected users', () => {
    const plan = planOffboarding(lines, matches, me, ['main.admin']);
    assert.deepStrictEqual(
      plan.map((p) => [p.login.value, p.category, p.protectedAs]),
      [
        ['me@x.com', 'protected', 'you'],
        ['B@x.com', 'deactivate', undefined],
        ['bee', 'deactivate', undefined],
        ['c@x.com', 'inactive', undefined],
        ['boss@x.com', 'protected', 'listed'],
        ['twin@x.com', 'ambiguous', undefined],
        ['nobody@x.com', 'notFound', undefined],
      ],
    );
    // The same person named twice is deactivated once.
    assert.deepStrictEqual(
      usersToDeactivate(plan).map((u) => u.ID),
      [active.ID],
    );
    const unprotected = planOffboarding(lines, matches, me, []);
    assert.strictEqual(unprotected[4].category, 'deactivate');
  });

  it('writes the result as CSV, one line per listed value, spreadsheet-safe', () => {
    const plan = planOffboarding(lines, matches, me, []);
    const text = offboardCsv(
      ['Line', 'Listed as', 'Result', 'Name', 'Email', 'Username', 'ID', 'Details'],
      plan.map((p) => ({ planned: p, outcome: p.category, details: p.login.value === 'bee' ? '=cmd' : '' })),
    );
    const rows = text
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    assert.strictEqual(rows.length, lines.length + 1);
    assert.strictEqual(rows[2], `2,B@x.com,deactivate,User b,b@x.com,b@x.com,${active.ID},`);
    assert.ok(rows[3].endsWith(",'=cmd"), rows[3]);
    assert.ok(rows[6].includes('User e <twin@x.com>; User f <other@x.com>'), rows[6]);
  });
});
