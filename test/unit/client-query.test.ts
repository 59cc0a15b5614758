// Search parameters built by the client: filters, OR groups for text, ID order, fields.
import * as assert from 'assert';
import { fieldsParam, ID_ORDER, queryParams } from '../../src/workfront/query';
import { DETAIL_FIELDS, SUMMARY_FIELDS } from '../../src/workfront/types';
import { isWorkfrontId } from '../../src/workfront/ids';
import { assertWorkfrontId } from '../../src/workfront/ids';
import { isWorkfrontError } from '../../src/workfront/errors';

describe('queryParams', () => {
  it('no filter: no parameters', () => {
    assert.deepStrictEqual(queryParams({}), []);
  });

  it('isActive always travels with an explicit _Mod', () => {
    assert.deepStrictEqual(queryParams({ isActive: true }), [
      ['isActive', 'true'],
      ['isActive_Mod', 'eq'],
    ]);
    assert.deepStrictEqual(queryParams({ isActive: false }), [
      ['isActive', 'false'],
      ['isActive_Mod', 'eq'],
    ]);
  });

  it('scheduledOnly asks for a non-null scheduled deactivation date', () => {
    assert.deepStrictEqual(queryParams({ scheduledOnly: true }), [['scheduleDeactivationDate_Mod', 'notnull']]);
  });

  it('text: one case-insensitive contains per field, each OR group repeating the constant', () => {
    const p = queryParams({ isActive: false, text: ' Dana ' });
    assert.deepStrictEqual(p, [
      ['isActive', 'false'],
      ['isActive_Mod', 'eq'],
      ['name', 'Dana'],
      ['name_Mod', 'cicontains'],
      ['OR:1:isActive', 'false'],
      ['OR:1:isActive_Mod', 'eq'],
      ['OR:1:emailAddr', 'Dana'],
      ['OR:1:emailAddr_Mod', 'cicontains'],
      ['OR:2:isActive', 'false'],
      ['OR:2:isActive_Mod', 'eq'],
      ['OR:2:title', 'Dana'],
      ['OR:2:title_Mod', 'cicontains'],
    ]);
  });

  it('text with every constant repeats all of them in each group', () => {
    const p = queryParams({ isActive: true, scheduledOnly: true, text: 'x' });
    for (const g of ['', 'OR:1:', 'OR:2:']) {
      assert.ok(
        p.some(([k, v]) => k === `${g}isActive` && v === 'true'),
        `${g}isActive`,
      );
      assert.ok(
        p.some(([k, v]) => k === `${g}isActive_Mod` && v === 'eq'),
        `${g}isActive_Mod`,
      );
      assert.ok(
        p.some(([k, v]) => k === `${g}scheduleDeactivationDate_Mod` && v === 'notnull'),
        `${g}schedule`,
      );
    }
  });

  it('blank text is no text filter', () => {
    assert.deepStrictEqual(queryParams({ isActive: true, text: '   ' }), queryParams({ isActive: true }));
  });

  it('text is a value, never a parameter name, and is sent as typed (URL encoding happens later)', () => {
    const evil = 'a&apiKey=x&$$LIMIT=1';
    const p = queryParams({ text: evil });
    assert.ok(p.every(([k]) => /^(OR:\d:)?(name|emailAddr|title)(_Mod)?$/.test(k)));
    assert.strictEqual(p.find(([k]) => k === 'name')![1], evil);
    const url = new URL('https://x.my.workfront.com/attask/api/v21.0/user/search');
    for (const [k, v] of p) url.searchParams.append(k, v);
    assert.strictEqual(url.searchParams.getAll('apiKey').length, 0);
    assert.strictEqual(url.searchParams.get('name'), evil);
  });
});

describe('fieldsParam and ID order', () => {
  it('always puts ID first, once', () => {
    assert.deepStrictEqual(fieldsParam(['name']), ['fields', 'ID,name']);
    assert.deepStrictEqual(fieldsParam(['name', 'ID', 'title']), ['fields', 'ID,name,title']);
  });

  it('summary fields: exactly what a tree row needs', () => {
    assert.deepStrictEqual(fieldsParam(SUMMARY_FIELDS), [
      'fields',
      'ID,name,emailAddr,title,isActive,licenseType,lastLoginDate,actualDeactivationDate,scheduleDeactivationDate',
    ]);
  });

  it('detail fields resolve references to names', () => {
    const f = fieldsParam(DETAIL_FIELDS)[1].split(',');
    for (const ref of ['accessLevel:name', 'homeGroup:name', 'company:name', 'manager:name'])
      assert.ok(f.includes(ref), ref);
  });

  it('sorts by ID ascending', () => {
    assert.deepStrictEqual(ID_ORDER, [['ID_Sort', 'asc']]);
  });
});

describe('Workfront IDs', () => {
  const good = ['592125e60089b88fae8b51c08383e144', '0'.repeat(32), 'f'.repeat(32), 'ABCDEF0123456789abcdef0123456789'];
  const bad: unknown[] = [
    '../x',
    '../../../../etc/passwd',
    '592125e60089b88fae8b51c08383e14', // 31
    '592125e60089b88fae8b51c08383e1444', // 33
    '592125e60089b88fae8b51c08383e14g', // non-hex
    '592125e60089b88fae8b51c08383e14/',
    '592125e60089b88fae8b51c08383e144/../x',
    '592125e60089b88fae8b51c08383e144?x',
    ' 592125e60089b88fae8b51c08383e144',
    '592125e60089b88fae8b51c08383e144\n',
    '$$USER',
    '',
    null,
    undefined,
    42,
    {},
  ];
  for (const id of good) {
    it(`accepts ${id}`, () => {
      assert.ok(isWorkfrontId(id));
      assert.strictEqual(assertWorkfrontId(id, 'Test'), id.toLowerCase());
    });
  }
  for (const id of bad) {
    it(`refuses ${JSON.stringify(id) ?? String(id)}`, () => {
      assert.strictEqual(isWorkfrontId(id), false);
      assert.throws(
        () => assertWorkfrontId(id, 'Test'),
        (e: unknown) => isWorkfrontError(e, 'malformed') && e.operation === 'Test',
      );
    });
  }
});
