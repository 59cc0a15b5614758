// Instance addressing: every accepted form of a Workfront address, and every refusal.
import * as assert from 'assert';
import { DEFAULT_API_VERSION, isLoopbackHost, parseInstance } from '../../src/workfront/instance';
import { isWorkfrontError } from '../../src/workfront/errors';

describe('parseInstance', () => {
  describe('accepts', () => {
    const cases: Array<[string, string, string]> = [
      // input, expected host, expected apiBase
      ['acme', 'acme.my.workfront.com', 'https://acme.my.workfront.com/attask/api/v21.0'],
      ['  acme  ', 'acme.my.workfront.com', 'https://acme.my.workfront.com/attask/api/v21.0'],
      ['ACME', 'acme.my.workfront.com', 'https://acme.my.workfront.com/attask/api/v21.0'],
      ['my-org', 'my-org.my.workfront.com', 'https://my-org.my.workfront.com/attask/api/v21.0'],
      ['acme.my.workfront.com', 'acme.my.workfront.com', 'https://acme.my.workfront.com/attask/api/v21.0'],
      ['Acme.My.Workfront.com', 'acme.my.workfront.com', 'https://acme.my.workfront.com/attask/api/v21.0'],
      [
        'acme.my.workfront.adobe.com',
        'acme.my.workfront.adobe.com',
        'https://acme.my.workfront.adobe.com/attask/api/v21.0',
      ],
      [
        'https://acme.my.workfront.adobe.com',
        'acme.my.workfront.adobe.com',
        'https://acme.my.workfront.adobe.com/attask/api/v21.0',
      ],
      [
        'https://acme.my.workfront.adobe.com/',
        'acme.my.workfront.adobe.com',
        'https://acme.my.workfront.adobe.com/attask/api/v21.0',
      ],
      [
        'https://acme.my.workfront.com/attask',
        'acme.my.workfront.com',
        'https://acme.my.workfront.com/attask/api/v21.0',
      ],
      [
        'https://acme.my.workfront.com/attask/api',
        'acme.my.workfront.com',
        'https://acme.my.workfront.com/attask/api/v21.0',
      ],
      [
        'acme.preview.workfront.com',
        'acme.preview.workfront.com',
        'https://acme.preview.workfront.com/attask/api/v21.0',
      ],
      ['acme.sb01.workfront.com', 'acme.sb01.workfront.com', 'https://acme.sb01.workfront.com/attask/api/v21.0'],
      [
        'https://acme.sb01.workfront.com',
        'acme.sb01.workfront.com',
        'https://acme.sb01.workfront.com/attask/api/v21.0',
      ],
      [
        'https://acme.my.workfront.com/attask/api/v19.0',
        'acme.my.workfront.com',
        'https://acme.my.workfront.com/attask/api/v19.0',
      ],
      [
        'https://acme.my.workfront.com/attask/api/v19.0/',
        'acme.my.workfront.com',
        'https://acme.my.workfront.com/attask/api/v19.0',
      ],
      [
        'acme.my.workfront.com/attask/api/v20.0',
        'acme.my.workfront.com',
        'https://acme.my.workfront.com/attask/api/v20.0',
      ],
      [
        'https://acme.my.workfront.com:8443',
        'acme.my.workfront.com:8443',
        'https://acme.my.workfront.com:8443/attask/api/v21.0',
      ],
      ['http://127.0.0.1:8443', '127.0.0.1:8443', 'http://127.0.0.1:8443/attask/api/v21.0'],
      ['127.0.0.1:8443', '127.0.0.1:8443', 'http://127.0.0.1:8443/attask/api/v21.0'],
      ['http://127.0.0.1:8443/attask/api/v19.0', '127.0.0.1:8443', 'http://127.0.0.1:8443/attask/api/v19.0'],
      ['localhost:3000', 'localhost:3000', 'http://localhost:3000/attask/api/v21.0'],
      ['localhost', 'localhost', 'http://localhost/attask/api/v21.0'],
      ['http://localhost:3000', 'localhost:3000', 'http://localhost:3000/attask/api/v21.0'],
      ['https://localhost:3000', 'localhost:3000', 'https://localhost:3000/attask/api/v21.0'],
      ['http://[::1]:3000', '[::1]:3000', 'http://[::1]:3000/attask/api/v21.0'],
    ];
    for (const [input, host, apiBase] of cases) {
      it(`"${input}"`, () => {
        const inst = parseInstance(input);
        assert.strictEqual(inst.host, host);
        assert.strictEqual(inst.apiBase, apiBase);
        assert.strictEqual(inst.origin, apiBase.replace(/\/attask\/api\/v\d+\.\d$/, ''));
        assert.strictEqual(inst.webBase, inst.origin);
        assert.ok(!inst.apiBase.endsWith('/'));
      });
    }
  });

  describe('accepts an address pasted from the browser, reduced to the instance', () => {
    const cases: Array<[string, string, string]> = [
      // input, expected host, why
      ['https://acme.my.workfront.com/home', 'acme.my.workfront.com', 'the home page'],
      [
        'https://acme.my.workfront.com/user/0123456789abcdef0123456789abcdef/overview',
        'acme.my.workfront.com',
        "a user's page",
      ],
      [
        'https://acme.my.workfront.com/setup/users?activeTab=users&page=2',
        'acme.my.workfront.com',
        'a page with a query',
      ],
      ['https://acme.my.workfront.com/#/projects?filter=active', 'acme.my.workfront.com', 'a hash route'],
      ['https://acme.my.workfront.com/?apiKey=x', 'acme.my.workfront.com', 'a query (dropped, never used)'],
      ['https://acme.my.workfront.com?', 'acme.my.workfront.com', 'an empty query'],
      ['https://acme.my.workfront.com/#x', 'acme.my.workfront.com', 'a fragment'],
      ['https://acme.my.workfront.com#', 'acme.my.workfront.com', 'an empty fragment'],
      ['https://acme.my.workfront.com/some/other/path', 'acme.my.workfront.com', 'another path'],
      ['https://ACME.My.Workfront.com/Home/', 'acme.my.workfront.com', 'upper case'],
      ['acme.my.workfront.com/home', 'acme.my.workfront.com', 'a page without the scheme'],
      ['https://acme.preview.workfront.com/home', 'acme.preview.workfront.com', 'a preview page'],
      ['https://acme.sb01.workfront.com/user/1/overview', 'acme.sb01.workfront.com', 'a sandbox page'],
      ['https://acme.my.workfront.adobe.com/home', 'acme.my.workfront.adobe.com', 'an Adobe API host page'],
      ['https://acme.my.workfront.com/search?q=M%C3%BCller', 'acme.my.workfront.com', 'percent-encoding'],
      ['https://acme.my.workfront.com/search#q=Müller', 'acme.my.workfront.com', 'non-ASCII after the host'],
      ['https://acme.my.workfront.com:8443/home', 'acme.my.workfront.com:8443', 'a port'],
      ['https://acme.my.workfront.com/attask/api/../../evil', 'acme.my.workfront.com', 'a dot-dot path'],
      ['https://acme.my.workfront.com/attask/api-unsupported', 'acme.my.workfront.com', 'the unsupported API'],
      ['http://127.0.0.1:8443/home?x=1#/y', '127.0.0.1:8443', 'a loopback page'],
    ];
    for (const [input, host, why] of cases) {
      it(`${why}: ${JSON.stringify(input)}`, () => {
        const inst = parseInstance(input);
        assert.strictEqual(inst.host, host);
        assert.strictEqual(inst.apiBase, `${inst.origin}/attask/api/v21.0`, 'the version from the setting');
        assert.strictEqual(inst.origin, `${host.startsWith('127.') ? 'http' : 'https'}://${host}`);
      });
    }
    it('an API request names its version too, so sign-in can say when it is deprecated (signIn.test.ts)', () => {
      assert.strictEqual(
        parseInstance('https://acme.my.workfront.com/attask/api/v15.0/user/search?isActive=true', '21.0').apiBase,
        'https://acme.my.workfront.com/attask/api/v15.0',
      );
      assert.strictEqual(
        parseInstance('https://acme.my.workfront.com/attask/api-internal/user', '21.0').apiBase,
        'https://acme.my.workfront.com/attask/api/v21.0',
      );
    });
    it('the API base still names its version, with or without a query', () => {
      assert.strictEqual(
        parseInstance('https://acme.my.workfront.com/attask/api/v19.0?x=1', '21.0').apiBase,
        'https://acme.my.workfront.com/attask/api/v19.0',
      );
    });
  });

  describe('refuses a pasted address that is not safe', () => {
    const cases: Array<[string, string]> = [
      ['https://user:pass@acme.my.workfront.com/home', 'credentials'],
      ['https://admin@acme.my.workfront.com/user/1/overview', 'a user name'],
      ['https://acme.my.workfront.com@evil.example.com/home', 'credentials that hide another host'],
      ['https://evil.example.com/home?next=https://acme.my.workfront.com', 'Workfront in the query only'],
      ['https://evil.example.com/#acme.my.workfront.com', 'Workfront in the fragment only'],
      ['https://acme.my.workfront.com.evil.example/home', 'Workfront as a prefix of another host'],
      ['http://acme.my.workfront.com/home', 'http off loopback'],
      ['https://\u0430cme.my.workfront.com/home', 'a Cyrillic look-alike letter in the host'],
      ['https://acme.my.workfront\uff0ecom/home', 'a full-width dot in the host'],
      ['https://acme.my.workfront.com\u200b/home', 'a zero-width space in the host'],
      [
        'https://experience.adobe.com.evil.example/#/@acme/so:acme-Production/workfront',
        'experience.adobe.com as a prefix',
      ],
      ['https://experience-adobe.com/#/@acme/so:acme-Production/workfront', 'a look-alike of experience.adobe.com'],
      ['https://acme.my.workfront.com/home page', 'a space in the path'],
      ['https://acme.my.workfront.com\\home', 'a backslash (parsers disagree on where it ends the host)'],
      ['ftp://acme.my.workfront.com/home', 'the ftp scheme'],
    ];
    for (const [input, why] of cases) {
      it(`${why}: ${JSON.stringify(input)}`, () => {
        assertRefused(() => parseInstance(input));
      });
    }
    it('quotes the scheme and host only: never the path, the query or a password', () => {
      for (const input of [
        'https://user:s3cret@acme.my.workfront.com/home',
        'http://acme.my.workfront.com/attask/api/v21.0/user?apiKey=s3cret',
      ]) {
        assert.throws(
          () => parseInstance(input),
          (err: Error) =>
            !err.message.includes('s3cret') && /^"https?:\/\/(…@)?acme\.my\.workfront\.com"/.test(err.message),
        );
      }
    });
  });

  describe('API version', () => {
    it('defaults to 21.0', () => {
      assert.strictEqual(DEFAULT_API_VERSION, '21.0');
      assert.strictEqual(parseInstance('acme').apiBase, 'https://acme.my.workfront.com/attask/api/v21.0');
    });
    it('can be overridden', () => {
      assert.strictEqual(parseInstance('acme', '19.0').apiBase, 'https://acme.my.workfront.com/attask/api/v19.0');
      assert.strictEqual(parseInstance('localhost:3000', '22.0').apiBase, 'http://localhost:3000/attask/api/v22.0');
    });
    it('a version in the URL wins over the option', () => {
      assert.strictEqual(
        parseInstance('https://acme.my.workfront.com/attask/api/v18.0', '21.0').apiBase,
        'https://acme.my.workfront.com/attask/api/v18.0',
      );
    });
    for (const bad of ['21', 'v21.0', '100.0', '21.00', '', 'latest', '21.0/../x', '21.0?x=1']) {
      it(`refuses version "${bad}"`, () => {
        assertRefused(() => parseInstance('acme', bad));
      });
    }
  });

  describe('refuses', () => {
    const cases: Array<[string, string]> = [
      ['', 'empty'],
      ['   ', 'only spaces'],
      ['ac me', 'a space inside'],
      ['acme.my.workfront.com\tx', 'a tab'],
      ['https://user:pass@acme.my.workfront.com', 'credentials'],
      ['https://user@acme.my.workfront.com', 'a user name'],
      ['https://acme.my.workfront.com@evil.example.com', 'credentials that hide another host'],
      ['http://acme.my.workfront.com', 'http off loopback'],
      ['http://localhost.evil.example.com', 'http to a host that only starts like localhost'],
      ['http://127.0.0.1.nip.io', 'http to a host that only starts like a loopback IP'],
      ['https://\u0430cme.my.workfront.com', 'a Cyrillic look-alike letter'],
      ['\u0430cme', 'a Cyrillic look-alike bare domain'],
      ['acme.my.w\u043erkfront.com', 'a Cyrillic o in the suffix'],
      ['https://acme.my.workfront.com\u200b', 'a zero-width space'],
      ['evil.example.com', 'a non-Workfront host'],
      ['https://evil.example.com', 'a non-Workfront URL'],
      ['workfront.com', 'the bare Workfront domain'],
      ['https://workfront.adobe.com', 'the bare Adobe Workfront domain'],
      ['acme.my.workfront.com.evil.example.com', 'Workfront as a prefix of another host'],
      ['acme-workfront.com', 'a host ending in workfront.com without the dot'],
      ['https://evil.example.com/acme.my.workfront.com', 'Workfront in the path only'],
      ['ftp://acme.my.workfront.com', 'the ftp scheme'],
      ['file:///etc/passwd', 'the file scheme'],
      ['javascript:alert(1)', 'a javascript: URL'],
      ['https://', 'a scheme without host'],
    ];
    for (const [input, why] of cases) {
      it(`${why}: ${JSON.stringify(input)}`, () => {
        assertRefused(() => parseInstance(input));
      });
    }
    it('the refusal names the input and the operation', () => {
      try {
        parseInstance('evil.example.com');
        assert.fail('not refused');
      } catch (err) {
        assert.ok(isWorkfrontError(err, 'address'));
        assert.ok(err.message.includes('evil.example.com'));
        assert.strictEqual(err.operation, 'Read the Workfront address');
        assert.strictEqual(err.status, undefined);
      }
    });
  });
});

describe('isLoopbackHost', () => {
  for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) {
    it(`${h} is loopback`, () => assert.strictEqual(isLoopbackHost(h), true));
  }
  for (const h of ['localhost.example.com', '127.0.0.1.nip.io', '10.0.0.1', '0.0.0.0', 'acme.my.workfront.com', '']) {
    it(`${JSON.stringify(h)} is not loopback`, () => assert.strictEqual(isLoopbackHost(h), false));
  }
});

function assertRefused(fn: () => unknown): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isWorkfrontError(err, 'address'), `expected an address error, got ${String(err)}`);
    return true;
  });
}
