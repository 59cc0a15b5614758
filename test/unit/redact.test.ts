// The redactor on its own: every form a secret can come back in, what it must leave alone, and speed.
import * as assert from 'assert';
import { MIN_SECRET_LENGTH, REDACTED, Redactor, redactSecrets } from '../../src/workfront/redact';

const PW = 'S3cr3t Pässwörd/+&x';
const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const r = new Redactor([PW, KEY]);
const pct = (s: string, upper = true) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => `%${b.toString(16).padStart(2, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`)
    .join('');
/** JSON's \\uXXXX for every UTF-16 unit (a non-BMP character is a surrogate pair). */
const uEscape = (s: string) =>
  Array.from({ length: s.length }, (_, i) => `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');

describe('Redactor', () => {
  describe('finds every form', () => {
    const cases: Array<[string, string]> = [
      ['exact', PW],
      ['upper case', PW.toUpperCase()],
      ['lower case', PW.toLowerCase()],
      ['mixed case', [...PW].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('')],
      ['encodeURIComponent', encodeURIComponent(PW)],
      ['%XX upper hex for every byte', pct(PW)],
      ['%xx lower hex for every byte', pct(PW, false)],
      ['form encoding', new URLSearchParams({ p: PW }).toString().slice(2)],
      ['URL-encoded twice', encodeURIComponent(encodeURIComponent(PW))],
      ['URL-encoded three times', encodeURIComponent(encodeURIComponent(encodeURIComponent(PW)))],
      ['JSON.stringify', JSON.stringify(PW).slice(1, -1)],
      ['JSON \\u for every character', uEscape(PW)],
      ['JSON \\/ for /', PW.replace('/', '\\/')],
      ['JSON-escaped, then URL-encoded', encodeURIComponent(uEscape(PW))],
      ['HTML decimal entities', [...PW].map((c) => `&#${c.codePointAt(0)};`).join('')],
      ['HTML hex entities', [...PW].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join('')],
      ['HTML named entity for &', PW.replace('&', '&amp;')],
      ['split by CRLF', `${PW.slice(0, 4)}\r\n${PW.slice(4)}`],
      ['split by LF and indentation', `${PW.slice(0, 9)}\n        ${PW.slice(9)}`],
      ['split by whitespace runs everywhere', [...PW].join('  \t ')],
      ['split by a JSON-escaped \\r\\n', `${PW.slice(0, 6)}\\r\\n${PW.slice(6)}`],
      ['split by %0D%0A', `${encodeURIComponent(PW.slice(0, 6))}%0D%0A${encodeURIComponent(PW.slice(6))}`],
      ['split by zero-width spaces', [...PW].join('\u200b')],
      ['upper case, URL-encoded', encodeURIComponent(PW.toUpperCase())],
    ];
    for (const [name, form] of cases) {
      it(`${name}`, () => {
        const text = `login failed for dana: ${form} (try again)`;
        const out = r.redact(text);
        assert.strictEqual(out, `login failed for dana: ${REDACTED} (try again)`, out);
      });
    }

    it('the API key in upper case, split and escaped', () => {
      for (const form of [KEY.toUpperCase(), `${KEY.slice(0, 16)}\n${KEY.slice(16)}`, uEscape(KEY), pct(KEY)]) {
        assert.strictEqual(r.redact(`apiKey=${form};`), `apiKey=${REDACTED};`);
      }
    });

    it('every occurrence, and several secrets in one text', () => {
      const out = r.redact(`${PW} and ${KEY} and ${PW.toUpperCase()} and ${encodeURIComponent(KEY)}`);
      assert.strictEqual(out, `${REDACTED} and ${REDACTED} and ${REDACTED} and ${REDACTED}`);
    });

    it('a secret inside another secret: the longer one is replaced whole', () => {
      const nested = new Redactor(['abcd', 'xxabcdyy']);
      assert.strictEqual(nested.redact('1 xxabcdyy 2 abcd 3'), `1 ${REDACTED} 2 ${REDACTED} 3`);
    });

    it('letters that change length in upper case (ß → SS) and non-BMP characters', () => {
      const s = new Redactor(['straße-🔑-key']);
      assert.strictEqual(s.redact('STRASSE-🔑-KEY'), REDACTED);
      assert.strictEqual(s.redact(encodeURIComponent('straße-🔑-key')), REDACTED);
      assert.strictEqual(s.redact(uEscape('straße-🔑-key')), REDACTED);
    });

    it('a secret that itself looks escaped (%41, \\u, &amp;) is found exact and encoded', () => {
      const s = new Redactor(['p%41ss\\u0041&amp;']);
      assert.strictEqual(s.redact('x p%41ss\\u0041&amp; y'), `x ${REDACTED} y`);
      assert.strictEqual(s.redact(`x ${encodeURIComponent('p%41ss\\u0041&amp;')} y`), `x ${REDACTED} y`);
    });

    it('characters regular expressions treat specially are plain characters', () => {
      const s = new Redactor(['.*+?^${}()|[]\\']);
      assert.strictEqual(s.redact('a .*+?^${}()|[]\\ b'), `a ${REDACTED} b`);
      assert.strictEqual(s.redact('a anything b'), 'a anything b');
    });
  });

  describe('leaves the rest alone', () => {
    it('text without a secret is returned unchanged (the very same string)', () => {
      const text = 'GET /attask/api/v21.0/user/search 200 12 ms (attempt 1) 100% & \\n done';
      assert.strictEqual(r.redact(text), text);
    });

    it('text around a secret keeps its exact spacing, case and escapes', () => {
      assert.strictEqual(r.redact(`  A%20b\t${PW}\r\nC&amp;d  `), `  A%20b\t${REDACTED}\r\nC&amp;d  `);
    });

    it(`secrets shorter than ${MIN_SECRET_LENGTH} characters, empty or missing ones are ignored`, () => {
      const s = new Redactor(['abc', '', undefined, null, ' a b ']);
      assert.ok(s.empty);
      assert.strictEqual(s.redact('abc a b abcd'), 'abc a b abcd');
      assert.strictEqual(redactSecrets('the abc', ['abc']), 'the abc');
    });

    it('a partial secret is not a secret (nothing is guessed)', () => {
      assert.strictEqual(r.redact(PW.slice(0, 8)), PW.slice(0, 8));
    });

    it('secrets can be added later (a token obtained after sign-in)', () => {
      const s = new Redactor([KEY]);
      assert.strictEqual(s.redact('token t0k3n-value'), 'token t0k3n-value');
      s.add('t0k3n-value');
      assert.strictEqual(s.redact('token T0K3N-VALUE'), `token ${REDACTED}`);
    });
  });

  describe('quote: bounded, one line, redacted', () => {
    it('a long text is cut to the bound with an ellipsis', () => {
      const q = r.quote('word '.repeat(10_000), 500);
      assert.ok(q.length <= 500, `${q.length}`);
      assert.ok(q.endsWith('…'));
    });

    it('line breaks and control or bidi characters become single spaces', () => {
      assert.strictEqual(r.quote('a\r\nINFO forged\u202e\u0000b', 100), 'a INFO forged b');
    });

    it('a secret across the bound is replaced whole: no start of it shows', () => {
      for (let pad = 480; pad < 500; pad++) {
        const q = r.quote(`${'.'.repeat(pad)}${PW}${'.'.repeat(200)}`, 500);
        assert.ok(!q.toLowerCase().includes('s3cr'), `pad ${pad}: ${q.slice(-40)}`);
      }
    });

    it('a secret spread over a huge whitespace run across the bound: no start of it shows', () => {
      const q = r.quote(`${'.'.repeat(490)}${PW.slice(0, 6)}${' '.repeat(100_000)}${PW.slice(6)}`, 500);
      assert.ok(!q.toLowerCase().includes('s3cr3t'), q.slice(-40));
    });

    it('a secret spread by long runs of escaped line breaks: still found', () => {
      const q = r.quote(`x ${PW.slice(0, 6)}${'\\n'.repeat(50_000)}${PW.slice(6)} y`, 500);
      assert.strictEqual(q, `x ${REDACTED} y`);
    });

    it('quotes a 20 MB text by its start, secrets redacted', () => {
      const huge = `${PW} `.repeat(1_000_000);
      const q = r.quote(huge, 500);
      assert.ok(q.length <= 501 && !q.includes('S3cr'), q.slice(0, 80));
    });
  });

  // How fast it is (it runs on every log line) is measured by `npm run bench` (test/bench/redaction.ts),
  // beside a plain split/join, not here.
  describe('large texts', () => {
    it('10,000 ordinary log lines come back unchanged', () => {
      const lines = Array.from(
        { length: 10_000 },
        (_, i) => `GET /attask/api/v21.0/user/search 200 ${i} ms (attempt 1)`,
      );
      for (const line of lines) assert.strictEqual(r.redact(line), line);
    });

    it('a 1 MB text without a secret is unchanged; a 1 MB text full of escapes loses every secret', () => {
      const plain = 'The user is the sole approver of 3 open approvals. '.repeat(20_000);
      assert.strictEqual(r.redact(plain), plain);
      const escaped = `a%20b\\u0041&amp; ${encodeURIComponent(PW)} `.repeat(25_000);
      const out = r.redact(escaped);
      assert.ok(!out.includes(encodeURIComponent(PW)));
    });
  });
});
