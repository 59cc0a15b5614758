// The text the commands make on their own: CSV fields, lines and file names, dates in a stated time
// zone, the leaving day.
import * as assert from 'assert';
import { csvField, csvHeader, exportFileName, toCsv } from '../../src/commands/csv';
import { parseLeavingDay } from '../../src/commands/scheduleDeactivation';
import { dateTimeIn, dayIn, localTimeZone, usableTimeZone } from '../../src/util/timeZone';
import { makeUser } from '../fakes/client';
import type { UserExportRow } from '../../src/workfront';
import { describeError } from '../../src/util/errorMessages';
import { WorkfrontError } from '../../src/workfront';

describe('Command text', () => {
  describe('CSV export', () => {
    it('quotes what needs quoting and doubles quotes', () => {
      assert.strictEqual(csvField('plain'), 'plain');
      assert.strictEqual(csvField('a,b'), '"a,b"');
      assert.strictEqual(csvField('say "hi"'), '"say ""hi"""');
      assert.strictEqual(csvField('two\nlines'), '"two\nlines"');
      assert.strictEqual(csvField(' padded '), '" padded "');
    });

    it('a field never starts a formula, whatever separator the spreadsheet splits on', () => {
      for (const start of ['=', '+', '-', '@', '\t', '\r']) {
        assert.ok(
          csvField(`${start}1+1`).replace(/^"/, '').startsWith("'"),
          `field starting with ${JSON.stringify(start)}`,
        );
      }
      assert.ok(csvField('  =1+1').replace(/^"/, '').startsWith("'"), 'spaces before the formula');
      // Locales whose list separator is ";" (and tab-separated pastes) split there: inside quotes they do not.
      for (const sep of [';', '\t', '|']) {
        const field = csvField(`Dana${sep}=HYPERLINK("https://evil.example")`);
        assert.ok(field.startsWith('"') && field.endsWith('"'), `${JSON.stringify(sep)}: ${field}`);
      }
    });

    const row = (i: number, over: Partial<UserExportRow> = {}): UserExportRow => ({
      ...makeUser(i),
      accessLevelName: 'Planner',
      homeGroupName: 'Marketing, EMEA',
      managerName: 'Ana Rossi',
      managerEmail: 'ana@acme.example',
      ...over,
    });

    it('writes a header naming the time zone, one line per user, UTF-8 with a byte-order mark and CRLF', () => {
      const csv = toCsv(
        [
          row(1, {
            name: 'Zoë 王',
            title: '=cmd',
            lastLoginDate: Date.UTC(2025, 5, 18, 7, 7),
            actualDeactivationDate: Date.UTC(2025, 11, 31, 23, 30),
          }),
        ],
        'Europe/Berlin',
      );
      assert.ok(csv.startsWith('\ufeff'));
      const lines = csv.slice(1).split('\r\n');
      assert.strictEqual(lines.length, 3);
      assert.strictEqual(
        lines[0],
        'ID,Name,Email,Title,Active,License type,Access level,Home group,Manager,Manager email,Last sign-in (Europe/Berlin),Deactivated on (Europe/Berlin),Scheduled deactivation (Europe/Berlin)',
      );
      // 07:07 UTC is 09:07 in Berlin in June (CEST); 23:30 UTC on 31 December is 00:30 on 1 January (CET).
      assert.strictEqual(
        lines[1],
        `${'0'.repeat(31)}1,Zoë 王,user1@acme.example,'=cmd,true,LITE,Planner,"Marketing, EMEA",Ana Rossi,ana@acme.example,2025-06-18 09:07,2026-01-01 00:30,`,
      );
      assert.strictEqual(lines[2], '');
    });

    it('empty references and dates are empty fields; every column is there for every user', () => {
      const csv = toCsv(
        [row(2, { accessLevelName: null, homeGroupName: null, managerName: null, managerEmail: null })],
        'UTC',
      );
      const [header, line] = csv.slice(1).split('\r\n');
      assert.strictEqual(line.split(',').length, header.split(',').length);
      assert.match(line, /,LITE,,,,,,,$/);
    });

    it('dates are YYYY-MM-DD HH:mm (24-hour) in the zone asked for, across daylight-saving changes', () => {
      const at = Date.UTC(2025, 2, 30, 0, 59); // 01:59 CET, a minute before Europe's clocks go forward
      assert.strictEqual(dateTimeIn('Europe/Berlin')(at), '2025-03-30 01:59');
      assert.strictEqual(dateTimeIn('Europe/Berlin')(at + 60_000), '2025-03-30 03:00');
      assert.strictEqual(dateTimeIn('America/Chicago')(Date.UTC(2025, 0, 1, 5, 0)), '2024-12-31 23:00');
      assert.strictEqual(dateTimeIn('UTC')(Date.UTC(2025, 0, 1, 0, 0)), '2025-01-01 00:00', 'midnight is 00, not 24');
      assert.strictEqual(dayIn('Asia/Kolkata', Date.UTC(2025, 5, 18, 20, 0)), '2025-06-19');
    });

    it('a time zone is used only when Intl knows it; the local one always is', () => {
      for (const zone of ['Europe/Berlin', 'America/Chicago', 'US/Central', 'UTC'])
        assert.strictEqual(usableTimeZone(zone), zone);
      for (const zone of [null, undefined, '', 'Mars/Olympus', 'GMT+25', '<script>', 'x'.repeat(200)])
        assert.strictEqual(usableTimeZone(zone), undefined, String(zone));
      assert.ok(usableTimeZone(localTimeZone()));
    });

    it('the header says the zone in every date column', () => {
      const header = csvHeader('Asia/Kolkata');
      assert.deepStrictEqual(
        header.filter((h) => h.includes('(Asia/Kolkata)')),
        ['Last sign-in (Asia/Kolkata)', 'Deactivated on (Asia/Kolkata)', 'Scheduled deactivation (Asia/Kolkata)'],
      );
    });

    it('file names carry the instance, what was exported, the filter and the day', () => {
      assert.strictEqual(
        exportFileName('acme.my.workfront.com', 'active', false, '2025-06-18'),
        'workfront-acme.my.workfront.com-active-2025-06-18.csv',
      );
      assert.strictEqual(
        exportFileName('acme.my.workfront.com', 'inactive', true, '2025-06-18'),
        'workfront-acme.my.workfront.com-inactive-filtered-2025-06-18.csv',
      );
      assert.strictEqual(
        exportFileName('127.0.0.1:8443', 'selected', false, '2025-06-18'),
        'workfront-127.0.0.1_8443-selected-2025-06-18.csv',
      );
    });
  });

  describe('leaving day', () => {
    const now = Date.UTC(2026, 10, 30, 12);
    it('is a future day, at a whole hour if given, in the zone the admin works in', () => {
      assert.strictEqual(parseLeavingDay('2027-01-31', 'UTC', now), Date.UTC(2027, 0, 31));
      assert.strictEqual(parseLeavingDay(' 2026-12-01 ', 'UTC', now), Date.UTC(2026, 11, 1));
      assert.strictEqual(parseLeavingDay('2027-01-31 14:00', 'UTC', now), Date.UTC(2027, 0, 31, 14));
      assert.strictEqual(parseLeavingDay('2027-01-31 9', 'UTC', now), Date.UTC(2027, 0, 31, 9));
      // Berlin is UTC+1 in winter and UTC+2 in summer; New York UTC-5 in winter.
      assert.strictEqual(parseLeavingDay('2027-01-31 14:00', 'Europe/Berlin', now), Date.UTC(2027, 0, 31, 13));
      assert.strictEqual(parseLeavingDay('2027-07-01 00:00', 'Europe/Berlin', now), Date.UTC(2027, 5, 30, 22));
      assert.strictEqual(parseLeavingDay('2027-01-31', 'America/New_York', now), Date.UTC(2027, 0, 31, 5));
    });
    it('refuses other forms, days that do not exist, minutes and times not in the future', () => {
      assert.match(String(parseLeavingDay('31/01/2027', 'UTC', now)), /YYYY-MM-DD/);
      assert.match(String(parseLeavingDay('2027-02-30', 'UTC', now)), /does not exist/);
      assert.match(String(parseLeavingDay('2027-01-31 14:30', 'UTC', now)), /whole hours/);
      assert.match(String(parseLeavingDay('2027-01-31 24:00', 'UTC', now)), /between 0 and 23/);
      assert.match(String(parseLeavingDay('2026-11-30', 'UTC', now)), /in the future/);
      assert.strictEqual(parseLeavingDay('2026-11-30 18:00', 'UTC', now), Date.UTC(2026, 10, 30, 18));
    });
  });

  it('a timeout through a proxy names the proxy as well as the instance', () => {
    const err = new WorkfrontError(
      'timeout',
      'Count users: Workfront did not answer within 30 s (through the proxy 10.0.0.5:8080).',
      {
        operation: 'Count users',
      },
    );
    assert.strictEqual(
      describeError(err, { instance: 'acme.my.workfront.com' }),
      'Count users failed: acme.my.workfront.com (through the proxy 10.0.0.5:8080) did not answer in time. Try again, or raise "workfront.requestTimeoutSeconds".',
    );
  });
});
