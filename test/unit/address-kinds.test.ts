// Addresses of both kinds of organisation: what an admin pastes from the browser's address bar (classic,
// experience.adobe.com, an API host, a bare name), what kind of organisation it says, the links back to a
// user's page, the API versions still supported, and hostile look-alikes.
import * as assert from 'assert';
import { isWorkfrontError } from '../../src/workfront/errors';
import { experienceUserLink, parseExperienceAddress } from '../../src/workfront/experience';
import { parseInstance, withKind } from '../../src/workfront/instance';
import { versionOf, versionSupport } from '../../src/workfront/versions';

const ID = '592125e60089b88fae8b51c08383e144';

describe('addresses of classic and Adobe-hosted organisations', () => {
  it('reads an experience.adobe.com address as the Adobe-hosted API host, keeping company and tenant', () => {
    const i = parseInstance('https://experience.adobe.com/#/@acmecorp/so:acme-Production/workfront/home');
    assert.strictEqual(i.host, 'acme.my.workfront.adobe.com');
    assert.strictEqual(i.apiBase, 'https://acme.my.workfront.adobe.com/attask/api/v21.0');
    assert.strictEqual(i.kind, 'adobe');
    assert.deepStrictEqual(i.experience, {
      company: 'acmecorp',
      tenant: 'acme-Production',
      domain: 'acme',
      environment: 'Production',
    });
  });
  it('keeps hyphens in the domain: the environment is after the last one', () => {
    const i = parseInstance('https://experience.adobe.com/#/@acme/so:acme-eu-2-Production/workfront/user/x/details');
    assert.strictEqual(i.host, 'acme-eu-2.my.workfront.adobe.com');
  });
  it('says the kind from the documented hosts, and not from others', () => {
    assert.strictEqual(parseInstance('https://acme.my.workfront.com/home').kind, 'classic');
    assert.strictEqual(parseInstance('acme.my.workfront.adobe.com').kind, 'adobe');
    assert.strictEqual(parseInstance('acme').kind, undefined, 'a bare name: sign-in asks');
    assert.strictEqual(parseInstance('acme.preview.workfront.com').kind, undefined);
    assert.strictEqual(parseInstance('acme.sb01.workfront.com').kind, undefined);
    assert.strictEqual(parseInstance('http://127.0.0.1:3000').kind, undefined);
  });
  it('gives a bare name the Adobe-hosted API host once the admin says so; other hosts keep theirs', () => {
    assert.strictEqual(withKind(parseInstance('acme'), 'adobe').host, 'acme.my.workfront.adobe.com');
    assert.strictEqual(withKind(parseInstance('acme'), 'classic').host, 'acme.my.workfront.com');
    assert.strictEqual(
      withKind(parseInstance('acme.preview.workfront.com'), 'adobe').host,
      'acme.preview.workfront.com',
    );
    assert.strictEqual(withKind(parseInstance('http://127.0.0.1:3000'), 'adobe').origin, 'http://127.0.0.1:3000');
  });
  it('refuses another environment rather than guessing its API host, and says what to enter', () => {
    assert.throws(
      () => parseInstance('https://experience.adobe.com/#/@acme/so:acme-Preview/workfront/home'),
      (err: unknown) => isWorkfrontError(err, 'address') && /"Preview" environment/.test(err.message),
    );
  });
  describe('refuses hostile or broken experience.adobe.com addresses', () => {
    for (const input of [
      'http://experience.adobe.com/#/@acme/so:acme-Production/workfront',
      'https://experience.adobe.com:8443/#/@acme/so:acme-Production/workfront',
      'https://user@experience.adobe.com/#/@acme/so:acme-Production/workfront',
      'https://experience.adobe.com/#/@acme/so:evil.example.com-Production/workfront',
      'https://experience.adobe.com/#/@acme/so:acme%2eevil-Production/workfront',
      'https://experience.adobe.com/#/@acme/so:-Production/workfront',
      'https://experience.adobe.com/#/@acme/workfront/home',
      'https://experience.adobe.com/#/@a/b@evil/so:acme-Production',
      'https://experience.adobe.com/',
      'https://experience.adobe.com.evil.example/#/@acme/so:acme-Production/workfront',
      'https://evil.example/#/@acme/so:acme-Production/workfront/experience.adobe.com',
      'https://experience.adobe.com@evil.example/#/@acme/so:acme-Production/workfront',
      'https://experience.ad\u043ebe.com/#/@acme/so:acme-Production/workfront',
    ]) {
      it(JSON.stringify(input), () =>
        assert.throws(
          () => parseInstance(input),
          (err: unknown) => isWorkfrontError(err, 'address'),
        ),
      );
    }
  });
  it('only https://experience.adobe.com itself is read as one', () => {
    assert.strictEqual(parseExperienceAddress('https://acme.my.workfront.com/#/@acme/so:acme-Production'), undefined);
    assert.strictEqual(parseExperienceAddress('experience.adobe.com'), undefined);
  });

  it('links to the documented details page on both kinds', () => {
    assert.strictEqual(
      experienceUserLink({ company: 'acmecorp', tenant: 'acme-Production' }, ID),
      `https://experience.adobe.com/#/@acmecorp/so:acme-Production/workfront/user/${ID}/details`,
    );
  });
});

describe('API versions in the supported window', () => {
  const on = new Date('2026-11-30T12:00:00Z');
  it('calls the recipe versions deprecated', () => {
    assert.deepStrictEqual(versionSupport('15.0', on), { supported: false, until: '2025-12-17' });
    assert.deepStrictEqual(versionSupport('7.0', on), { supported: false, until: '2025-09-30' });
  });
  it('follows the schedule by date', () => {
    assert.strictEqual(versionSupport('17.0', new Date('2026-10-31T12:00:00Z')).supported, true);
    assert.strictEqual(versionSupport('17.0', on).supported, false);
    assert.strictEqual(versionSupport('21.0', on).supported, true);
    assert.strictEqual(versionSupport('23.0', on).supported, true, 'newer than the table');
  });
  it('reads the version of an API base', () => {
    assert.strictEqual(versionOf(parseInstance('https://acme.my.workfront.com/attask/api/v15.0').apiBase), '15.0');
  });
});
