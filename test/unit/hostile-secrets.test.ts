// Every secret redacted, wherever it comes back (class 4): a server that echoes the password given at
// sign-in, the API key or another secret the client holds, changed in case, URL-encoded, JSON-escaped,
// as HTML entities or split over lines. No form of it may reach an error (message, wfMessage, stack,
// inspect) or a log line.
import * as assert from 'assert';
import { inspect } from 'node:util';
import { obtainApiKey, WorkfrontClient, type ClientOptions } from '../../src/workfront/client';
import { parseInstance } from '../../src/workfront/instance';
import type { WorkfrontError } from '../../src/workfront/errors';
import { FAST, watchUnhandledRejections } from './helpers/harness';
import { hostileServer, sendJson, type HostileServer } from './helpers/hostile';

const PASSWORD = 'Zq7#Ké9/ß&x+Vt!m3 Lp';
const KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkYW5hIn0.Q2xpZW50U2VjcmV0';

const hex = (c: number, upper: boolean) => {
  const h = c.toString(16).padStart(2, '0');
  return upper ? h.toUpperCase() : h;
};
const utf8 = (s: string) => [...Buffer.from(s, 'utf8')];

/** The ways a server might echo a secret back. */
function forms(secret: string): Array<[string, string]> {
  return [
    ['exact', secret],
    ['upper case', secret.toUpperCase()],
    ['lower case', secret.toLowerCase()],
    ['encodeURIComponent', encodeURIComponent(secret)],
    [
      'every byte %XX, upper hex',
      utf8(secret)
        .map((b) => `%${hex(b, true)}`)
        .join(''),
    ],
    [
      'every byte %xx, lower hex',
      utf8(secret)
        .map((b) => `%${hex(b, false)}`)
        .join(''),
    ],
    ['form encoding (+ for space)', new URLSearchParams({ p: secret }).toString().slice(2)],
    ['URL-encoded twice', encodeURIComponent(encodeURIComponent(secret))],
    [
      'JSON \\uXXXX for every character',
      Array.from({ length: secret.length }, (_, i) => `\\u${secret.charCodeAt(i).toString(16).padStart(4, '0')}`).join(
        '',
      ),
    ],
    ['JSON with \\/', JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/')],
    ['HTML entities', [...secret].map((c) => `&#${c.codePointAt(0)};`).join('')],
    [
      'HTML &amp; and &#x..;',
      secret.replace(/&/g, '&amp;').replace(/[a-z]/g, (c) => `&#x${hex(c.charCodeAt(0), false)};`),
    ],
    ['split by CRLF', `${secret.slice(0, 7)}\r\n${secret.slice(7)}`],
    ['split by a JSON-escaped line break', `${secret.slice(0, 5)}\\n${secret.slice(5)}`],
    ['split by whitespace runs', [...secret].join(' \t ')],
    [
      'upper case, URL-encoded, split over lines',
      `${encodeURIComponent(secret.toUpperCase()).slice(0, 9)}\n   ${encodeURIComponent(secret.toUpperCase()).slice(9)}`,
    ],
  ];
}

/** An independent reading of a text: decoded the usual ways, lower case, no whitespace. */
function normalise(text: string): string {
  let t = text;
  for (let i = 0; i < 3; i++) {
    t = t
      .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\n|\\r|\\t/g, ' ')
      .replace(/\\\//g, '/')
      .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&amp;/g, '&')
      .replace(/(?:%[0-9a-fA-F]{2})+/g, (m) => {
        try {
          return decodeURIComponent(m);
        } catch {
          return m;
        }
      });
  }
  return t.toLowerCase().replace(/[\s+]/g, '');
}

/** Fails if any 6 consecutive characters of the secret show in `text`, in any form. */
function assertNoPartOf(secret: string, text: string | undefined, where: string): void {
  if (!text) return;
  const seen = normalise(text);
  for (const variant of new Set([secret, secret.toUpperCase(), secret.toLowerCase()])) {
    const s = variant.toLowerCase().replace(/[\s+]/g, '');
    for (let i = 0; i + 6 <= s.length; i++) {
      assert.ok(!seen.includes(s.slice(i, i + 6)), `${where} shows "${s.slice(i, i + 6)}" of a secret: ${text}`);
    }
  }
}

function assertClean(secret: string, err: WorkfrontError, logs: readonly string[], form: string): void {
  for (const [what, text] of [
    ['message', err.message],
    ['wfMessage', err.wfMessage],
    ['wfClass', err.wfClass],
    ['stack', err.stack],
    ['inspect', inspect(err, { depth: 6 })],
    ['JSON', JSON.stringify(err)],
  ] as const) {
    assert.ok(!text?.includes(form), `the error's ${what} contains the form as sent: ${text}`);
    assertNoPartOf(secret, text, `the error's ${what}`);
  }
  for (const line of logs) assertNoPartOf(secret, line, 'a log line');
}

describe('hostile servers: every secret redacted wherever it comes back (class 4)', function () {
  this.timeout(10_000);
  const unhandled = watchUnhandledRejections();
  let server: HostileServer;
  let echo = '';
  let echoClass = 'com.attask.common.InvalidParameterException';
  const logs: string[] = [];
  const log = (level: string, message: string) => logs.push(`${level} ${message}`);
  const clients: WorkfrontClient[] = [];

  before(async () => {
    server = await hostileServer((_req, res) =>
      sendJson(res, { error: { class: echoClass, message: `Invalid value ${echo} in this request` } }, 422),
    );
  });
  beforeEach(() => {
    logs.length = 0;
    echoClass = 'com.attask.common.InvalidParameterException';
  });
  after(async () => {
    unhandled.stop();
    await Promise.all(clients.map((c) => c.dispose()));
    await server.close();
  });

  const signIn = async () => {
    try {
      await obtainApiKey(parseInstance(server.url), 'dana', PASSWORD, { ...FAST, log });
    } catch (err) {
      return err as WorkfrontError;
    }
    assert.fail('expected a failure');
  };
  const search = async (options: ClientOptions) => {
    const c = new WorkfrontClient(parseInstance(server.url), KEY, { ...FAST, log, ...options });
    clients.push(c);
    try {
      await c.searchUsers({ isActive: true }, { first: 0, limit: 10 });
    } catch (err) {
      return err as WorkfrontError;
    }
    assert.fail('expected a failure');
  };

  for (const [name, form] of forms(PASSWORD)) {
    it(`the sign-in password echoed ${name}: redacted in the error and the log`, async () => {
      echo = form;
      const err = await signIn();
      assert.strictEqual(err.kind, 'validation');
      assert.match(err.wfMessage!, /\*\*\*/, 'the redaction shows');
      assertClean(PASSWORD, err, logs, form);
    });
  }

  for (const [name, form] of forms(KEY)) {
    it(`the API key echoed ${name}: redacted`, async () => {
      echo = form;
      const err = await search({});
      assertClean(KEY, err, logs, form);
    });
  }

  for (const [name, form] of forms(TOKEN).slice(0, 6)) {
    it(`another secret the client holds (an OAuth token, via the secrets option) echoed ${name}: redacted`, async () => {
      echo = form;
      const err = await search({ secrets: [TOKEN] } as ClientOptions);
      assertClean(TOKEN, err, logs, form);
    });
  }

  it('the password echoed in the error class is redacted too', async () => {
    echo = 'x';
    echoClass = `com.attask.${PASSWORD.toUpperCase()}Exception`;
    const err = await signIn();
    assertClean(PASSWORD, err, logs, PASSWORD.toUpperCase());
  });

  it('a secret cut by the 500-character bound does not leave its start visible', async () => {
    // "Invalid value " and the pad before it: the quote shows 499 characters, so 6 to 19 of the secret
    // would be visible after a plain cut.
    for (const pad of [466, 470, 475, 479]) {
      echo = `${'.'.repeat(pad)}${PASSWORD}${'.'.repeat(100)}`;
      const err = await signIn();
      assertClean(PASSWORD, err, logs, PASSWORD);
    }
  });

  it('a secret split by a long whitespace run around the bound does not leave its start visible', async () => {
    echo = `${'.'.repeat(460)}${PASSWORD.slice(0, 8)}${' '.repeat(5_000)}${PASSWORD.slice(8)}`;
    const err = await signIn();
    assertClean(PASSWORD, err, logs, PASSWORD.slice(0, 8));
  });

  it('ordinary text around a redaction is kept', async () => {
    echo = PASSWORD;
    const err = await signIn();
    assert.strictEqual(err.wfMessage, 'Invalid value *** in this request');
  });

  it('no unhandled promise rejections', () => {
    assert.deepStrictEqual(unhandled.seen, []);
  });
});
