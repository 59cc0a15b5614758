// The text the commands make on their own: CSV fields, the leaving day, the details document.
import * as assert from 'assert';
import { csvField, toCsv } from '../../src/commands/exportCsv';
import { parseLeavingDay } from '../../src/commands/scheduleDeactivation';
import { detailsText } from '../../src/commands/showDetails';
import { makeUser } from '../fakes/client';
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

    it('writes a header, one line per user, UTF-8 with a byte-order mark and CRLF', () => {
      const csv = toCsv([makeUser(1, { name: 'Zoë 王', title: '=cmd' })]);
      assert.ok(csv.startsWith('\ufeffID,Name,Email,Title,Active,'));
      const lines = csv.slice(1).split('\r\n');
      assert.strictEqual(lines.length, 3);
      assert.strictEqual(lines[2], '');
      assert.match(lines[1], /^0{31}1,Zoë 王,user1@acme\.example,'=cmd,true,LITE,,,$/);
    });
  });

  describe('leaving day', () => {
    const now = new Date(2026, 10, 30, 12).getTime();
    it('is a future day, at a whole hour if given, in this computer’s time zone', () => {
      assert.strictEqual(parseLeavingDay('2027-01-31', now), new Date(2027, 0, 31).getTime());
      assert.strictEqual(parseLeavingDay(' 2026-12-01 ', now), new Date(2026, 11, 1).getTime());
      assert.strictEqual(parseLeavingDay('2027-01-31 14:00', now), new Date(2027, 0, 31, 14).getTime());
      assert.strictEqual(parseLeavingDay('2027-01-31 9', now), new Date(2027, 0, 31, 9).getTime());
      assert.strictEqual(parseLeavingDay('2026-11-30 18:00', now), new Date(2026, 10, 30, 18).getTime());
    });
    it('refuses other forms, days that do not exist, minutes and times not in the future', () => {
      assert.match(String(parseLeavingDay('31/01/2027', now)), /YYYY-MM-DD/);
      assert.match(String(parseLeavingDay('2027-02-30', now)), /does not exist/);
      assert.match(String(parseLeavingDay('2027-01-31 14:30', now)), /whole hours/);
      assert.match(String(parseLeavingDay('2027-01-31 24:00', now)), /between 0 and 23/);
      assert.match(String(parseLeavingDay('2026-11-30', now)), /in the future/);
    });
  });

  it('the details document lists every field, empty ones as a dash', () => {
    const text = detailsText(
      {
        ...makeUser(7),
        username: 'u7',
        firstName: 'User',
        lastName: '7',
        isAdmin: false,
        loginCount: null,
        entryDate: null,
        accessLevelName: 'Standard',
        homeGroupName: null,
        companyName: null,
        managerName: null,
      },
      'acme.my.workfront.com',
    );
    assert.match(text, /^Name +User 00007$/m);
    assert.match(text, /^Access level +Standard$/m);
    assert.match(text, /^Manager +—$/m);
    assert.match(text, /^Instance +acme\.my\.workfront\.com$/m);
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
