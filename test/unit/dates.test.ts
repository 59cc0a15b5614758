// Workfront dates: the colon-millisecond form, the dot form, ISO, date-only, and garbage.
import * as assert from 'assert';
import { formatWorkfrontDate, parseWorkfrontDate } from '../../src/workfront/dates';

const iso = (s: string) => Date.parse(s);

describe('parseWorkfrontDate', () => {
  const good: Array<[string, string]> = [
    // Workfront's own form: colon before the milliseconds, offset without a colon.
    ['2014-08-28T11:00:00:000-0400', '2014-08-28T15:00:00.000Z'],
    ['2024-01-08T10:13:44:123-0700', '2024-01-08T17:13:44.123Z'],
    ['2024-01-08T10:13:44:123+0000', '2024-01-08T10:13:44.123Z'],
    ['2024-01-08T10:13:44:123+0530', '2024-01-08T04:43:44.123Z'],
    ['2024-01-08T00:30:00:000+0100', '2024-01-07T23:30:00.000Z'],
    ['2024-12-31T23:59:59:999-1200', '2025-01-01T11:59:59.999Z'],
    ['2024-02-29T12:00:00:000+1400', '2024-02-28T22:00:00.000Z'],
    // Event-subscription form: a dot before the milliseconds.
    ['2024-01-08T10:13:28.722-0600', '2024-01-08T16:13:28.722Z'],
    ['2024-01-08T10:13:28.7-0600', '2024-01-08T16:13:28.700Z'],
    ['2024-01-08T10:13:28.72-0600', '2024-01-08T16:13:28.720Z'],
    // ISO.
    ['2024-01-08T17:13:44.123Z', '2024-01-08T17:13:44.123Z'],
    ['2024-01-08T17:13:44Z', '2024-01-08T17:13:44.000Z'],
    ['2024-01-08T17:13Z', '2024-01-08T17:13:00.000Z'],
    ['2024-01-08T10:13:44.123-07:00', '2024-01-08T17:13:44.123Z'],
    ['2024-01-08T10:13:44+05:30', '2024-01-08T04:43:44.000Z'],
    // Date only (taken as UTC midnight).
    ['2024-01-08', '2024-01-08T00:00:00.000Z'],
    // Calendar edges that are real dates.
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00:000+0000', '2000-02-29T00:00:00.000Z'],
    ['2024-12-31T23:59:59:999+0000', '2024-12-31T23:59:59.999Z'],
    ['2024-01-01T00:00:00:000+1400', '2023-12-31T10:00:00.000Z'],
    ['2024-01-01T00:00:00:000-1200', '2024-01-01T12:00:00.000Z'],
  ];
  for (const [input, expected] of good) {
    it(`${input} → ${expected}`, () => {
      assert.strictEqual(parseWorkfrontDate(input), iso(expected));
    });
  }

  const garbage: unknown[] = [
    '',
    ' ',
    'garbage',
    'yesterday',
    '2024',
    '2024-01',
    '2024/01/08',
    '08.01.2024',
    '2024-01-08 10:13:44',
    '2024-01-08T10:13:44:123-07',
    '2024-01-08T10:13:44:123 -0700',
    '2024-01-08T10:13:44:1234-0700',
    'T10:13:44',
    ' 2024-01-08',
    '2024-01-08\n',
    null,
    undefined,
    0,
    1704733224123,
    true,
    {},
    [],
  ];
  for (const input of garbage) {
    it(`${JSON.stringify(input) ?? String(input)} → null`, () => {
      assert.strictEqual(parseWorkfrontDate(input), null);
    });
  }

  // Out-of-range parts must not roll over into a different, valid-looking date.
  const outOfRange = [
    '2024-13-01',
    '2024-00-10',
    '2024-02-30',
    '2023-02-29',
    '2024-01-32',
    '2024-01-08T25:00:00:000-0000',
    '2024-01-08T10:60:00:000-0000',
    '2024-01-08T10:13:61:000-0000',
    '2024-01-08T10:13:44:123-2500',
    '1900-02-29',
    '2024-04-31',
    '2024-01-08T24:00:00:000+0000',
    '2024-01-08T10:13:44:123+1500',
  ];
  it('out-of-range month, day, hour, minute, second or offset → null (not rolled over to another date)', () => {
    const rolledOver = outOfRange
      .map((input) => [input, parseWorkfrontDate(input)] as const)
      .filter(([, v]) => v !== null)
      .map(([input, v]) => `${input} → ${new Date(v!).toISOString()}`);
    assert.deepStrictEqual(rolledOver, []);
  });

  // Workfront's own 28-character form is read by position; the other forms go through the general parser.
  it("Workfront's form and the ISO form of the same instant agree, at any offset", () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    for (let i = 0; i < 500; i++) {
      const ms = Math.floor(Math.random() * 4102444800000);
      const offsetMin = (Math.random() < 0.5 ? -1 : 1) * Math.floor(Math.random() * 14) * 60 + (i % 3) * 15;
      const local = new Date(ms + offsetMin * 60_000).toISOString(); // the wall-clock time at that offset
      const sign = offsetMin < 0 ? '-' : '+';
      const abs = Math.abs(offsetMin);
      const workfront = `${local.slice(0, 19)}:${local.slice(20, 23)}${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
      const isoForm = `${local.slice(0, 23)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
      assert.strictEqual(workfront.length, 28);
      assert.strictEqual(parseWorkfrontDate(workfront), ms, workfront);
      assert.strictEqual(parseWorkfrontDate(isoForm), ms, isoForm);
    }
  });

  it("Workfront's form with a wrong part is not a date", () => {
    const bad = [
      '2024-13-08T10:13:44:123-0700',
      '2024-00-08T10:13:44:123-0700',
      '2024-02-30T10:13:44:123-0700',
      '2023-02-29T10:13:44:123-0700',
      '2024-06-31T10:13:44:123-0700',
      '2024-06-00T10:13:44:123-0700',
      '0050-06-10T10:13:44:123-0700',
      '2024-0a-08T10:13:44:123-0700',
      '2024-01-08T10:13:44:12x-0700',
      '2024-01-08T10:13:44:123-07x0',
      '2024-01-08T10:13:44:123*0700',
      '2024-01-08X10:13:44:123-0700',
      '2024-01-08T10-13:44:123-0700',
      '２０２４-01-08T10:13:44:123-07',
      '2024-01-08T10:13:44:123-1401',
    ];
    const read = bad.map((s) => [s, parseWorkfrontDate(s)] as const).filter(([, v]) => v !== null);
    assert.deepStrictEqual(read, []);
  });
});

describe('formatWorkfrontDate', () => {
  it('writes UTC with a colon before the milliseconds and a +0000 offset', () => {
    assert.strictEqual(formatWorkfrontDate(iso('2024-01-08T17:13:44.123Z')), '2024-01-08T17:13:44:123+0000');
    assert.strictEqual(formatWorkfrontDate(0), '1970-01-01T00:00:00:000+0000');
    assert.match(formatWorkfrontDate(Date.now()), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}:\d{3}\+0000$/);
  });

  it('round-trips through parseWorkfrontDate', () => {
    const samples = [
      0,
      1,
      999,
      1_000,
      1704733224123,
      951782400000 /* 2000-02-29 */,
      4102444799999 /* 2099-12-31 */,
      Date.UTC(2024, 1, 29, 23, 59, 59, 1),
    ];
    for (let i = 0; i < 200; i++) samples.push(Math.floor(Math.random() * 4102444800000));
    for (const ms of samples) {
      assert.strictEqual(parseWorkfrontDate(formatWorkfrontDate(ms)), ms, `round trip of ${ms}`);
    }
  });

  it('parse then format gives the same instant in UTC', () => {
    const text = '2014-08-28T11:00:00:000-0400';
    assert.strictEqual(formatWorkfrontDate(parseWorkfrontDate(text)!), '2014-08-28T15:00:00:000+0000');
  });
});
