// The simulator over real HTTP: routes, authentication, fields, filters, sorting, paging, edits, key
// actions, the request log and deterministic seeding.
import * as assert from 'node:assert/strict';
import {
  ADMIN_USERNAME,
  DEFAULT_USER_PASSWORD,
  ERROR_CLASS,
  MAIN_ADMIN_DEACTIVATION,
  NOT_LOGGED_IN,
  startSimulator,
  type SimUser,
  type Simulator,
} from '../simulator';
import {
  call,
  cmp,
  count,
  expectError,
  ids,
  obj,
  pickUser,
  qs,
  rows,
  WORKFRONT_DATE,
  type JsonObj,
} from '../simulator/testHttp';

const JSON_TYPE = 'application/json;charset=UTF-8';

describe('simulator: routes and authentication', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ users: 60 });
  });
  after(() => sim.close());

  it('serves versioned, unversioned and api-unsupported paths, object code in any case', async () => {
    for (const prefix of ['/attask/api/v19.0', '/attask/api/v15.0', '/attask/api', '/attask/api-unsupported']) {
      for (const objCode of ['USER', 'user', 'User']) {
        const reply = await call(sim, `${prefix}/${objCode}/count`);
        assert.equal(reply.status, 200, `${prefix}/${objCode}`);
        assert.equal(count(reply), 60);
        assert.equal(reply.headers.get('content-type'), JSON_TYPE);
      }
    }
  });

  it('refuses other object codes with a 404 envelope, and non-API paths with an HTML 404', async () => {
    expectError(await call(sim, '/hour/search'), 404, ERROR_CLASS.notFound, 'hour');
    const page = await call(sim, '/attask/somewhere/else');
    assert.equal(page.status, 404);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  });

  it('gets one user by path or ?id=, several by comma or repeated id= (as an array, in order)', async () => {
    const [a, b, c] = sim.store.all().slice(5, 8);
    assert.equal(obj(await call(sim, `/user/${a.ID}`)).ID, a.ID);
    assert.equal(obj(await call(sim, `/user?id=${b.ID}`)).ID, b.ID);
    assert.deepEqual(ids(await call(sim, `/user?id=${c.ID},${a.ID}`)), [c.ID, a.ID]);
    assert.deepEqual(
      ids(
        await call(
          sim,
          `/user?${qs([
            ['id', b.ID],
            ['id', c.ID],
            ['fields', 'isActive'],
          ])}`,
        ),
      ),
      [b.ID, c.ID],
    );
  });

  it('$$USER is the owner of the key, in a path, an id= and a filter', async () => {
    const other = sim.store.all().find((u) => u.isActive && !u.isAdmin && u.ID !== sim.admin.ID) as SimUser;
    const key = sim.issueKey(other.ID);
    assert.equal(obj(await call(sim, '/user?id=$$USER&fields=*')).username, ADMIN_USERNAME);
    assert.equal(obj(await call(sim, '/user/$$USER', { key })).ID, other.ID);
    assert.deepEqual(ids(await call(sim, '/user/search?ID=$$USER', { key })), [other.ID]);
  });

  it('an unknown ID is a 404 NotFoundException', async () => {
    expectError(
      await call(sim, '/user/0123456789abcdef0123456789abcdef'),
      404,
      ERROR_CLASS.notFound,
      '0123456789abcdef0123456789abcdef',
    );
  });

  it('accepts the key as an apiKey header (any case of the name) or an apiKey parameter', async () => {
    assert.equal((await call(sim, '/user/count', { key: null, headers: { APIKEY: sim.apiKey } })).status, 200);
    assert.equal((await call(sim, '/user/count', { key: null, headers: { apikey: sim.apiKey } })).status, 200);
    assert.equal((await call(sim, `/user/count?apiKey=${sim.apiKey}`, { key: null })).status, 200);
    const form = new URLSearchParams({ apiKey: sim.apiKey, method: 'GET' });
    assert.equal((await call(sim, '/user/count', { key: null, method: 'POST', body: form })).status, 200);
  });

  it('a missing, unknown or revoked key is a 401 with the full AuthenticationException envelope', async () => {
    const expected = {
      error: {
        class: ERROR_CLASS.auth,
        message: NOT_LOGGED_IN,
        title: null,
        msgKey: 'exception.attask',
        attributes: [''],
        code: 0,
      },
    };
    for (const key of [null, 'ffffffffffffffffffffffffffffffff']) {
      const reply = await call(sim, '/user/search', { key });
      assert.equal(reply.status, 401);
      assert.deepEqual(reply.json, expected);
    }
    const key = sim.issueKey(sim.admin.ID);
    assert.equal((await call(sim, '/user/count', { key })).status, 200);
    sim.revokeKey(key);
    expectError(await call(sim, '/user/count', { key }), 401, ERROR_CLASS.auth, NOT_LOGGED_IN);
    assert.equal((await call(sim, '/user/count')).status, 200, 'the main key still works');
  });

  it('the key of a user who is then deactivated stops working', async () => {
    const other = sim.store.all().find((u) => u.isActive && u.ID !== sim.admin.ID) as SimUser;
    const key = sim.issueKey(other.ID);
    assert.equal((await call(sim, '/user/count', { key })).status, 200);
    sim.store.setActive(other.ID, false);
    try {
      assert.equal((await call(sim, '/user/count', { key })).status, 401);
    } finally {
      sim.store.setActive(other.ID, true);
    }
  });

  it('sessions from /login work as a sessionID header, parameter or cookie; a bad password is refused', async () => {
    const login = await call(sim, '/login', {
      key: null,
      method: 'POST',
      body: new URLSearchParams({ username: ADMIN_USERNAME, password: 'demo-password' }),
    });
    const session = obj(login);
    assert.equal(session.userID, sim.admin.ID);
    const sessionID = String(session.sessionID);
    assert.match(sessionID, /^[0-9a-f]{32}$/);
    assert.equal((await call(sim, '/user/count', { key: null, headers: { SessionID: sessionID } })).status, 200);
    assert.equal((await call(sim, `/user/count?sessionID=${sessionID}`, { key: null })).status, 200);
    assert.equal(
      (await call(sim, '/user/count', { key: null, headers: { cookie: `other=1; sessionID=${sessionID}` } })).status,
      200,
    );
    const bad = await call(sim, '/login', {
      key: null,
      method: 'POST',
      body: new URLSearchParams({ username: ADMIN_USERNAME, password: 'wrong' }),
    });
    expectError(bad, 401, ERROR_CLASS.auth);
  });

  it('authErrorStatus and limitErrorStatus are configurable', async () => {
    const other = await startSimulator({ users: 5, authErrorStatus: 403, limitErrorStatus: 400 });
    try {
      expectError(await call(other, '/user/count', { key: null }), 403, ERROR_CLASS.auth);
      expectError(await call(other, '/user/search?$$LIMIT=2001'), 400, ERROR_CLASS.illegalArgument, '2000');
    } finally {
      await other.close();
    }
  });
});

describe('simulator: fields', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ users: 60 });
  });
  after(() => sim.close());

  it('without fields= a default subset; ID, name and objCode always', async () => {
    const row = obj(await call(sim, `/user/${sim.admin.ID}`));
    for (const f of ['ID', 'name', 'objCode', 'emailAddr', 'isActive']) assert.ok(f in row, f);
    assert.equal(row.objCode, 'USER');
    assert.ok(!('scheduleDeactivationDate' in row), 'not every field by default');
  });

  it('fields= gives exactly ID, name, objCode and the fields asked for; * gives every top-level field', async () => {
    assert.deepEqual(Object.keys(obj(await call(sim, `/user/${sim.admin.ID}?fields=isActive,lastLoginDate`))), [
      'ID',
      'name',
      'objCode',
      'isActive',
      'lastLoginDate',
    ]);
    const all = obj(await call(sim, `/user/${sim.admin.ID}?fields=*`));
    assert.deepEqual(Object.keys(all).sort(), [...Object.keys(sim.admin), 'objCode'].sort());
    assert.equal(all.isActive, true);
  });

  it('reference fields come back as nested objects with their objCode', async () => {
    const withManager = sim.store.all().find((u) => u.managerID !== null) as SimUser;
    const row = obj(
      await call(
        sim,
        `/user/${withManager.ID}?fields=accessLevel:name,homeGroup:name,company:name,manager:name,manager:emailAddr`,
      ),
    );
    const ref = (name: string) => row[name] as JsonObj;
    assert.equal(ref('accessLevel').objCode, 'ACSLVL');
    assert.equal(ref('accessLevel').ID, withManager.accessLevelID);
    assert.equal(typeof ref('accessLevel').name, 'string');
    assert.equal(ref('homeGroup').objCode, 'GROUP');
    assert.equal(ref('company').objCode, 'CMPY');
    const manager = sim.store.get(withManager.managerID as string) as SimUser;
    assert.deepEqual(ref('manager'), {
      ID: manager.ID,
      name: manager.name,
      objCode: 'USER',
      emailAddr: manager.emailAddr,
    });
    const admin = obj(await call(sim, `/user/${sim.admin.ID}?fields=manager,accessLevel:name`));
    assert.equal(admin.manager, null);
    assert.equal((admin.accessLevel as JsonObj).name, 'System Administrator');
    const bare = obj(await call(sim, `/user/${withManager.ID}?fields=manager`));
    assert.deepEqual(Object.keys(bare.manager as JsonObj), ['ID', 'name', 'objCode']);
  });

  it('an unknown field, or a known one in the wrong case, is a 422 naming it', async () => {
    expectError(await call(sim, '/user/search?fields=nope'), 422, ERROR_CLASS.invalidParameter, 'nope');
    expectError(await call(sim, '/user/search?fields=ID,isactive'), 422, ERROR_CLASS.invalidParameter, 'isactive');
    expectError(await call(sim, '/user/search?fields=manager:nope'), 422, ERROR_CLASS.invalidParameter, 'manager:nope');
  });
});

describe('simulator: filters, sorting and paging', () => {
  let sim: Simulator;
  let users: readonly SimUser[];
  const search = (query: string) => call(sim, `/user/search?$$LIMIT=2000&${query}`);
  const sameSet = (actual: string[], expected: SimUser[], what: string) => {
    assert.equal(new Set(actual).size, actual.length, `${what}: no duplicates`);
    assert.deepEqual([...actual].sort(), expected.map((u) => u.ID).sort(), what);
    assert.ok(expected.length > 0, `${what}: the case is not empty`);
  };
  before(async () => {
    sim = await startSimulator({ users: 250, seed: 3 });
    users = sim.store.all();
  });
  after(() => sim.close());

  it('isActive filters with "true"/"false" (the count agrees), replies with booleans', async () => {
    assert.equal(count(await call(sim, '/user/count?isActive=false')), sim.store.count(false));
    assert.equal(count(await call(sim, '/user/count?isActive=true&isActive_Mod=eq')), sim.store.count(true));
    const inactive = rows(await search('isActive=false&isActive_Mod=eq&fields=isActive'));
    assert.ok(inactive.every((r) => r.isActive === false));
    sameSet(
      inactive.map((r) => String(r.ID)),
      users.filter((u) => !u.isActive),
      'inactive',
    );
    assert.equal(count(await call(sim, '/user/count?isActive_Mod=ne&isActive=true')), sim.store.count(false));
  });

  it('text modifiers: cieq, cicontains, contains, notcontains, like, cilike, startswith', async () => {
    const some = users[17];
    sameSet(
      ids(
        await search(
          qs([
            ['emailAddr', some.emailAddr.toUpperCase()],
            ['emailAddr_Mod', 'cieq'],
          ]),
        ),
      ),
      [some],
      'cieq',
    );
    sameSet(
      ids(
        await search(
          qs([
            ['name', 'ZOË'],
            ['name_Mod', 'cicontains'],
          ]),
        ),
      ),
      users.filter((u) => u.name.toLowerCase().includes('zoë')),
      'cicontains',
    );
    sameSet(
      ids(
        await search(
          qs([
            ['lastName', 'son'],
            ['lastName_Mod', 'contains'],
          ]),
        ),
      ),
      users.filter((u) => u.lastName.includes('son')),
      'contains',
    );
    sameSet(
      ids(
        await search(
          qs([
            ['title', 'Manager'],
            ['title_Mod', 'notcontains'],
          ]),
        ),
      ),
      users.filter((u) => !u.title.includes('Manager')),
      'notcontains',
    );
    sameSet(
      ids(
        await search(
          qs([
            ['emailAddr', '%.s%@acme.example'],
            ['emailAddr_Mod', 'like'],
          ]),
        ),
      ),
      users.filter((u) => /^.*\.s.*@acme\.example$/.test(u.emailAddr)),
      'like',
    );
    sameSet(
      ids(
        await search(
          qs([
            ['name', 'J%'],
            ['name_Mod', 'cilike'],
          ]),
        ),
      ),
      users.filter((u) => u.name.toLowerCase().startsWith('j')),
      'cilike',
    );
    sameSet(
      ids(
        await search(
          qs([
            ['title', 'Senior'],
            ['title_Mod', 'startswith'],
          ]),
        ),
      ),
      users.filter((u) => u.title.startsWith('Senior')),
      'startswith',
    );
  });

  it('set, range and emptiness modifiers: in (comma or repeated), notin, ciin, between, lt, gte, isnull, notnull', async () => {
    const lights = users.filter((u) => u.licenseType === 'Light' || u.licenseType === 'External');
    sameSet(ids(await search('licenseType=Light,External&licenseType_Mod=in')), lights, 'in, comma list');
    sameSet(ids(await search('licenseType=Light&licenseType=External&licenseType_Mod=in')), lights, 'in, repeated');
    sameSet(ids(await search('licenseType=light,EXTERNAL&licenseType_Mod=ciin')), lights, 'ciin');
    sameSet(
      ids(await search('licenseType=Light,External&licenseType_Mod=notin')),
      users.filter((u) => !lights.includes(u)),
      'notin',
    );
    sameSet(
      ids(await search('loginCount=10&loginCount_Mod=between&loginCount_Range=500')),
      users.filter((u) => u.loginCount >= 10 && u.loginCount <= 500),
      'between',
    );
    sameSet(
      ids(await search('loginCount=10&loginCount_Mod=lt')),
      users.filter((u) => u.loginCount < 10),
      'lt',
    );
    const since = Date.UTC(2024, 0, 1);
    const dateMs = (d: string) => Date.parse(d.replace(/:(\d{3})([+-]\d{2})(\d{2})$/, '.$1$2:$3'));
    sameSet(
      ids(await search('entryDate=2024-01-01T00:00:00:000-0000&entryDate_Mod=gte')),
      users.filter((u) => dateMs(u.entryDate) >= since),
      'gte on a date',
    );
    sameSet(
      ids(await search('lastLoginDate_Mod=isnull')),
      users.filter((u) => u.lastLoginDate === null),
      'isnull',
    );
    sameSet(
      ids(await search('actualDeactivationDate_Mod=notnull')),
      users.filter((u) => !u.isActive),
      'notnull',
    );
    sameSet(
      ids(await search('scheduleDeactivationDate_Mod=notblank')),
      users.filter((u) => u.scheduleDeactivationDate !== null),
      'notblank',
    );
  });

  it('OR groups as Workfront reads them: the plain terms are one alternative, each OR:<n> group another', async () => {
    const byName = users.filter((u) => u.name.toLowerCase().includes('ma'));
    const byMail = users.filter((u) => u.emailAddr.includes('.s'));
    const groups = qs([
      ['OR:1:name', 'ma'],
      ['OR:1:name_Mod', 'cicontains'],
      ['OR:2:emailAddr', '.s'],
      ['OR:2:emailAddr_Mod', 'contains'],
    ]);
    sameSet(
      ids(await search(groups)),
      users.filter((u) => byName.includes(u) || byMail.includes(u)),
      'groups ORed',
    );
    // A plain term is an alternative of its own (not ANDed with the groups)...
    sameSet(
      ids(await search(`isActive=false&${groups}`)),
      users.filter((u) => !u.isActive || byName.includes(u) || byMail.includes(u)),
      'plain OR groups',
    );
    // ...so a condition that must always hold is repeated in every group.
    const both = qs([
      ['OR:1:isActive', 'false'],
      ['OR:1:name', 'ma'],
      ['OR:1:name_Mod', 'cicontains'],
      ['OR:2:isActive', 'false'],
      ['OR:2:emailAddr', '.s'],
      ['OR:2:emailAddr_Mod', 'contains'],
    ]);
    sameSet(
      ids(await search(both)),
      users.filter((u) => !u.isActive && (byName.includes(u) || byMail.includes(u))),
      'repeated in each group',
    );
    assert.equal(
      count(await call(sim, `/user/count?${both}`)),
      users.filter((u) => !u.isActive && (byName.includes(u) || byMail.includes(u))).length,
    );
  });

  it('filters= JSON filters by username, which a username parameter never does', async () => {
    const target = users[42];
    sameSet(
      ids(await search(`filters=${encodeURIComponent(JSON.stringify({ username: target.username }))}`)),
      [target],
      'filters=username',
    );
    assert.equal(
      rows(await search(`username=${encodeURIComponent(target.username)}`)).length,
      users.length,
      'username= is a credential, not a filter',
    );
    const json = JSON.stringify({ isActive: false, licenseType: ['Light', 'Standard'], licenseType_Mod: 'in' });
    sameSet(
      ids(await search(`filters=${encodeURIComponent(json)}`)),
      users.filter((u) => !u.isActive && ['Light', 'Standard'].includes(u.licenseType)),
      'filters= with JSON values',
    );
  });

  it('bad filters are 422s: unknown field, wrong case, unknown modifier, a non-boolean for a boolean', async () => {
    expectError(await search('nope=1'), 422, ERROR_CLASS.invalidParameter, 'nope');
    expectError(await search('isactive=true'), 422, ERROR_CLASS.invalidParameter, 'isactive');
    expectError(await search('name=x&name_Mod=sortof'), 422, ERROR_CLASS.invalidParameter, 'sortof');
    expectError(await search('isActive=maybe'), 422, ERROR_CLASS.invalidParameter, 'maybe');
  });

  it('sorts by several keys (name_1_Sort=ciasc&ID_2_Sort=asc) and by dates descending, nulls first', async () => {
    const byName = [...users].sort((a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.ID, b.ID));
    assert.deepEqual(
      ids(await search('name_1_Sort=ciasc&ID_2_Sort=asc&fields=name')),
      byName.map((u) => u.ID),
    );
    const byNameDesc = [...users].sort((a, b) => cmp(b.name, a.name) || cmp(a.ID, b.ID));
    assert.deepEqual(
      ids(await search('name_1_Sort=desc&ID_2_Sort=asc')),
      byNameDesc.map((u) => u.ID),
    );
    const time = (u: SimUser) =>
      u.lastLoginDate === null
        ? Number.POSITIVE_INFINITY
        : Date.parse(u.lastLoginDate.replace(/:(\d{3})([+-]\d{2})(\d{2})$/, '.$1$2:$3'));
    const byLogin = [...users].sort((a, b) => time(b) - time(a) || cmp(a.ID, b.ID));
    assert.deepEqual(
      ids(await search('lastLoginDate_1_Sort=desc&ID_2_Sort=asc')),
      byLogin.map((u) => u.ID),
    );
    expectError(await search('name_Sort=sideways'), 422, ERROR_CLASS.invalidParameter, 'sideways');
  });

  it('pages: $$LIMIT defaults to 100, $$FIRST skips, names may arrive URL-encoded, count ignores paging', async () => {
    const byId = [...users].sort((a, b) => cmp(a.ID, b.ID)).map((u) => u.ID);
    assert.deepEqual(ids(await call(sim, '/user/search?ID_Sort=asc')), byId.slice(0, 100));
    assert.deepEqual(ids(await call(sim, '/user/search?ID_Sort=asc&$$FIRST=200&$$LIMIT=100')), byId.slice(200, 300));
    const encoded = qs([
      ['ID_Sort', 'asc'],
      ['$$FIRST', '10'],
      ['$$LIMIT', '5'],
    ]);
    assert.ok(encoded.includes('%24%24FIRST'));
    assert.deepEqual(ids(await call(sim, `/user/search?${encoded}`)), byId.slice(10, 15));
    assert.equal(count(await call(sim, '/user/count?$$FIRST=10&$$LIMIT=5')), users.length);
  });

  it('$$LIMIT up to 2000 is fine; above is an IllegalArgumentException naming the limit', async () => {
    assert.equal(rows(await call(sim, '/user/search?$$LIMIT=2000')).length, users.length);
    expectError(await call(sim, '/user/search?$$LIMIT=2001'), 422, ERROR_CLASS.illegalArgument, '2000');
    expectError(await call(sim, '/user/search?$$LIMIT=-1'), 422, ERROR_CLASS.invalidParameter, '$$LIMIT');
  });

  it('without a sort the order is not ID order, and paging through it repeats and skips rows', async () => {
    const unsorted = ids(await call(sim, '/user/search?$$LIMIT=2000'));
    assert.deepEqual(ids(await call(sim, '/user/search?$$LIMIT=2000')), unsorted, 'deterministic');
    assert.notDeepEqual(unsorted, [...unsorted].sort(), 'not ID order');
    const paged: string[] = [];
    for (let first = 0; first < users.length; first += 50)
      paged.push(...ids(await call(sim, `/user/search?$$FIRST=${first}&$$LIMIT=50`)));
    assert.equal(paged.length, users.length);
    assert.ok(new Set(paged).size < users.length, 'unsorted pages overlap');
    const sorted: string[] = [];
    for (let first = 0; first < users.length; first += 50)
      sorted.push(...ids(await call(sim, `/user/search?ID_Sort=asc&$$FIRST=${first}&$$LIMIT=50`)));
    assert.equal(new Set(sorted).size, users.length, 'sorted pages cover everyone once');
  });
});

describe('simulator: cached lists stay right while users change', () => {
  it('random edits, additions and removals between searches: every reply equals a fresh computation', async () => {
    const sim = await startSimulator({ users: 800, seed: 11, maxConcurrent: 0 });
    try {
      let state = 12345;
      const rand = (n: number) => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state % n;
      };
      const queries: { query: string; expected: () => SimUser[] }[] = [
        {
          query: 'isActive=true&ID_Sort=asc',
          expected: () => [...sim.store.all()].filter((u) => u.isActive).sort((a, b) => cmp(a.ID, b.ID)),
        },
        {
          query: 'isActive=false&name_1_Sort=ciasc&ID_2_Sort=asc',
          expected: () =>
            [...sim.store.all()]
              .filter((u) => !u.isActive)
              .sort((a, b) => cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.ID, b.ID)),
        },
        {
          query: 'title=Manager&title_Mod=contains&OR:1:isActive=false&ID_Sort=desc',
          expected: () =>
            [...sim.store.all()]
              .filter((u) => u.title.includes('Manager') || !u.isActive)
              .sort((a, b) => cmp(b.ID, a.ID)),
        },
        {
          query: 'manager:isActive=false&ID_Sort=asc',
          expected: () =>
            [...sim.store.all()]
              .filter((u) => u.managerID !== null && sim.store.get(u.managerID)?.isActive === false)
              .sort((a, b) => cmp(a.ID, b.ID)),
        },
      ];
      const titles = ['Project Manager', 'Copywriter', 'Account Manager', 'Designer'];
      const check = async (q: (typeof queries)[number], round: number) => {
        const actual = ids(await call(sim, `/user/search?$$LIMIT=2000&${q.query}`));
        assert.deepEqual(
          actual,
          q.expected().map((u) => u.ID),
          `round ${round}: ${q.query}`,
        );
      };
      const managers = [
        ...new Set(
          sim.store
            .all()
            .map((u) => u.managerID)
            .filter((id): id is string => id !== null && id !== sim.admin.ID),
        ),
      ];
      for (let round = 0; round < 40; round++) {
        const q = queries[round % queries.length];
        await check(q, round); // cached now; the edits below are patched into it
        for (let edits = 1 + rand(3); edits > 0; edits--) {
          const all = sim.store.all();
          // Editing managers changes which of their reports match manager:isActive (other rows).
          const managerId = managers[rand(managers.length)];
          const user =
            q === queries[3] && sim.store.get(managerId)
              ? (sim.store.get(managerId) as SimUser)
              : all[1 + rand(all.length - 1)];
          const what = rand(10);
          if (what < 6) sim.store.setActive(user.ID, !user.isActive);
          else if (what < 8) sim.store.update(user.ID, { title: titles[rand(titles.length)] });
          else sim.store.update(user.ID, { firstName: ['Ada', 'zoë', 'Émile'][rand(3)] });
        }
        if (round % 8 === 7) {
          sim.store.add({ isActive: rand(2) === 0, title: titles[rand(titles.length)] });
          sim.store.remove(sim.store.all()[1 + rand(sim.store.all().length - 1)].ID);
        }
        await check(q, round);
        assert.equal(count(await call(sim, '/user/count?isActive=false')), sim.store.count(false));
      }
    } finally {
      await sim.close();
    }
  });
});

describe('simulator: edits', () => {
  let sim: Simulator;
  const taken = new Set<string>();
  before(async () => {
    sim = await startSimulator({ users: 60 });
  });
  after(() => sim.close());

  it('deactivates with updates={"isActive":"false"}: JSON false back, actualDeactivationDate stamped', async () => {
    const user = pickUser(sim, taken, (u) => u.isActive);
    const before = Date.now();
    const reply = obj(
      await call(
        sim,
        `/user/${user.ID}?${qs([
          ['updates', '{"isActive":"false"}'],
          ['fields', 'isActive,actualDeactivationDate'],
        ])}`,
        { method: 'PUT' },
      ),
    );
    assert.equal(reply.isActive, false);
    assert.equal(reply.emailAddr, user.emailAddr, 'default fields come back too');
    assert.match(String(reply.actualDeactivationDate), WORKFRONT_DATE);
    const stored = sim.store.get(user.ID) as SimUser;
    assert.equal(stored.isActive, false);
    const stamp = Date.parse(String(stored.actualDeactivationDate).replace(/:(\d{3})([+-]\d{2})(\d{2})$/, '.$1$2:$3'));
    assert.ok(stamp >= before - 1000 && stamp <= Date.now() + 1000, 'stamped now');
    assert.equal(sim.store.count(false), sim.store.all().filter((u) => !u.isActive).length);
    assert.ok(
      ids(await call(sim, '/user/search?isActive=false&$$LIMIT=2000')).includes(user.ID),
      'searches see the change',
    );
  });

  it('reactivates with a JSON true, which clears actualDeactivationDate', async () => {
    const user = pickUser(sim, taken, (u) => !u.isActive);
    const reply = obj(
      await call(
        sim,
        `/user/${user.ID}?${qs([
          ['updates', '{"isActive":true}'],
          ['fields', 'actualDeactivationDate'],
        ])}`,
        { method: 'PUT' },
      ),
    );
    assert.equal(reply.isActive, true);
    assert.equal(reply.actualDeactivationDate, null);
  });

  it('takes updates as a raw JSON body (the JS client), or a form with method=PUT (python-workfront)', async () => {
    const a = pickUser(sim, taken, (u) => u.isActive);
    const viaJson = await call(sim, `/user/${a.ID}?fields=isActive`, {
      method: 'PUT',
      body: '{"isActive":false}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(obj(viaJson).isActive, false);
    const b = pickUser(sim, taken, (u) => u.isActive);
    const form = new URLSearchParams({
      method: 'PUT',
      updates: JSON.stringify({ isActive: 'false' }),
      fields: 'isActive',
    });
    const viaForm = await call(sim, `/user/${b.ID}`, { method: 'POST', body: form });
    assert.equal(obj(viaForm).isActive, false);
    assert.equal(sim.log[sim.log.length - 1].effectiveMethod, 'PUT');
    const c = pickUser(sim, taken, (u) => u.isActive);
    const viaGet = await call(
      sim,
      `/user/${c.ID}?${qs([
        ['method', 'PUT'],
        ['updates', '{"isActive":"false"}'],
      ])}`,
    );
    assert.equal(obj(viaGet).isActive, false, 'GET with method=PUT edits (the JS client with alwaysUseGet)');
  });

  it('refuses to deactivate the main administrator (422), and nothing changes', async () => {
    const reply = await call(sim, `/user/${sim.admin.ID}?updates={"isActive":false}`, { method: 'PUT' });
    expectError(reply, 422, ERROR_CLASS.validation, MAIN_ADMIN_DEACTIVATION);
    assert.equal(sim.admin.isActive, true);
    expectError(
      await call(sim, `/user/${sim.admin.ID}?updates={"isAdmin":false}`, { method: 'PUT' }),
      422,
      ERROR_CLASS.validation,
    );
    assert.throws(() => sim.store.setActive(sim.admin.ID, false));
  });

  it('an unknown ID is a 404; read-only fields, unknown fields and bad values are 422s', async () => {
    expectError(
      await call(sim, '/user/0123456789abcdef0123456789abcdef?updates={"isActive":false}', { method: 'PUT' }),
      404,
      ERROR_CLASS.notFound,
    );
    const user = pickUser(sim, taken, (u) => u.isActive);
    expectError(
      await call(sim, `/user/${user.ID}?updates={"ID":"x"}`, { method: 'PUT' }),
      422,
      ERROR_CLASS.validation,
      'ID',
    );
    expectError(
      await call(sim, `/user/${user.ID}?updates={"objCode":"PROJ"}`, { method: 'PUT' }),
      422,
      ERROR_CLASS.validation,
      'objCode',
    );
    expectError(
      await call(sim, `/user/${user.ID}?updates={"nope":1}`, { method: 'PUT' }),
      422,
      ERROR_CLASS.invalidParameter,
      'nope',
    );
    expectError(
      await call(sim, `/user/${user.ID}?updates={"isActive":"maybe"}`, { method: 'PUT' }),
      422,
      ERROR_CLASS.invalidParameter,
      'maybe',
    );
    expectError(
      await call(sim, `/user/${user.ID}?updates={"isActive":`, { method: 'PUT' }),
      422,
      ERROR_CLASS.invalidParameter,
      'JSON',
    );
    assert.equal((sim.store.get(user.ID) as SimUser).isActive, true);
  });

  it('sets and clears scheduleDeactivationDate, written in Workfront form', async () => {
    const user = pickUser(sim, taken, (u) => u.isActive);
    const set = obj(
      await call(
        sim,
        `/user/${user.ID}?updates={"scheduleDeactivationDate":"2031-03-01"}&fields=scheduleDeactivationDate`,
        { method: 'PUT' },
      ),
    );
    assert.equal(set.scheduleDeactivationDate, '2031-03-01T00:00:00:000-0700');
    const cleared = obj(
      await call(sim, `/user/${user.ID}?updates={"scheduleDeactivationDate":null}&fields=scheduleDeactivationDate`, {
        method: 'PUT',
      }),
    );
    assert.equal(cleared.scheduleDeactivationDate, null);
  });

  it('bulk edits up to 100 at once, all or nothing', async () => {
    const three = [0, 1, 2].map(() => pickUser(sim, taken, (u) => u.isActive));
    const updates = JSON.stringify(three.map((u) => ({ ID: u.ID, isActive: 'false' })));
    const reply = rows(
      await call(
        sim,
        `/user?${qs([
          ['updates', updates],
          ['method', 'PUT'],
          ['fields', 'isActive'],
        ])}`,
        { method: 'PUT' },
      ),
    );
    assert.deepEqual(
      reply.map((r) => [r.ID, r.isActive]),
      three.map((u) => [u.ID, false]),
    );
    const more = JSON.stringify(Array.from({ length: 101 }, () => ({ ID: three[0].ID, isActive: true })));
    expectError(
      await call(sim, '/user?method=PUT', { method: 'POST', body: new URLSearchParams({ updates: more }) }),
      422,
      ERROR_CLASS.invalidParameter,
      '100',
    );
    const withAdmin = JSON.stringify([
      { ID: three[0].ID, isActive: true },
      { ID: sim.admin.ID, isActive: false },
    ]);
    expectError(
      await call(sim, `/user?updates=${encodeURIComponent(withAdmin)}`, { method: 'PUT' }),
      422,
      ERROR_CLASS.validation,
      MAIN_ADMIN_DEACTIVATION,
    );
    assert.equal((sim.store.get(three[0].ID) as SimUser).isActive, false, 'nothing of a refused bulk edit applied');
  });

  it('a non-admin key may read but not deactivate others (SecurityException)', async () => {
    const worker = pickUser(sim, taken, (u) => u.isActive && !u.isAdmin && u.licenseType !== 'Standard');
    const key = sim.issueKey(worker.ID);
    assert.equal((await call(sim, '/user/count', { key })).status, 200);
    const target = pickUser(sim, taken, (u) => u.isActive);
    expectError(
      await call(sim, `/user/${target.ID}?updates={"isActive":false}`, { method: 'PUT', key }),
      422,
      ERROR_CLASS.security,
    );
    assert.equal((sim.store.get(target.ID) as SimUser).isActive, true);
  });

  it('changes made through the store (another admin) show in the next search and count', async () => {
    const user = pickUser(sim, taken, (u) => u.isActive);
    const before = count(await call(sim, '/user/count?isActive=false'));
    sim.store.setActive(user.ID, false);
    assert.equal(count(await call(sim, '/user/count?isActive=false')), before + 1);
    assert.match(String(sim.store.get(user.ID)?.actualDeactivationDate), WORKFRONT_DATE);
    const added = sim.store.add({ firstName: 'Zoë', lastName: 'Nouvelle' });
    assert.equal(added.username, 'zoe.nouvelle@acme.example');
    assert.equal(obj(await call(sim, `/user/${added.ID}`)).name, 'Zoë Nouvelle');
    sim.store.remove(added.ID);
    expectError(await call(sim, `/user/${added.ID}`), 404, ERROR_CLASS.notFound);
  });
});

describe('simulator: API key actions', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ users: 30, adminPassword: 'pw-123' });
  });
  after(() => sim.close());

  const action = (name: string, username: string, password: string, extra: Record<string, string> = {}) =>
    call(sim, `/user?action=${name}`, {
      key: null,
      method: 'PUT',
      body: new URLSearchParams({ username, password, ...extra }),
    });

  it('getApiKey with the password in a form body returns the key; a wrong password is an AuthenticationException', async () => {
    assert.deepEqual(obj(await action('getApiKey', ADMIN_USERNAME, 'pw-123')), { result: sim.apiKey });
    const viaPost = await call(sim, '/user', {
      key: null,
      method: 'POST',
      body: new URLSearchParams({ action: 'getApiKey', method: 'PUT', username: ADMIN_USERNAME, password: 'pw-123' }),
    });
    assert.deepEqual(obj(viaPost), { result: sim.apiKey });
    expectError(await action('getApiKey', ADMIN_USERNAME, 'wrong'), 401, ERROR_CLASS.auth);
    const user = sim.store.all().find((u) => u.isActive && u.ID !== sim.admin.ID) as SimUser;
    assert.deepEqual(
      obj(await action('getApiKey', user.username, DEFAULT_USER_PASSWORD)),
      { result: '' },
      'no key yet',
    );
  });

  it('an action as a bare POST is a 422 "unrecognized URI format"; an unknown action is a 422', async () => {
    const bare = await call(sim, `/user/${sim.admin.ID}/generateApiKey`, { method: 'POST' });
    expectError(bare, 422, ERROR_CLASS.invalidParameter, 'unrecognized URI format: too many parts');
    const bareQuery = await call(sim, '/user?action=getApiKey', {
      key: null,
      method: 'POST',
      body: new URLSearchParams({ username: ADMIN_USERNAME, password: 'pw-123' }),
    });
    expectError(bareQuery, 422, ERROR_CLASS.invalidParameter, 'unrecognized URI format');
    expectError(
      await call(sim, `/user/${sim.admin.ID}/fly`, { method: 'PUT' }),
      422,
      ERROR_CLASS.invalidParameter,
      'fly',
    );
    expectError(
      await call(sim, `/user/${sim.admin.ID}?action=fly`, { method: 'PUT' }),
      422,
      ERROR_CLASS.invalidParameter,
      'fly',
    );
    assert.deepEqual(obj(await call(sim, `/user/${sim.admin.ID}/getApiKey`, { method: 'PUT' })), {
      result: sim.apiKey,
    });
  });

  it('generateApiKey replaces the key (the old one stops working); clearApiKey removes it', async () => {
    const old = sim.apiKey;
    const generated = String(obj(await action('generateApiKey', ADMIN_USERNAME, 'pw-123')).result);
    assert.match(generated, /^[0-9a-f]{32}$/);
    assert.notEqual(generated, old);
    assert.equal(sim.apiKey, generated);
    expectError(await call(sim, '/user/count', { key: old }), 401, ERROR_CLASS.auth);
    assert.equal((await call(sim, '/user/count', { key: generated })).status, 200);
    assert.deepEqual(obj(await action('clearApiKey', ADMIN_USERNAME, 'pw-123', { method: 'PUT' })), { success: true });
    expectError(await call(sim, '/user/count', { key: generated }), 401, ERROR_CLASS.auth);
    assert.deepEqual(obj(await action('getApiKey', ADMIN_USERNAME, 'pw-123')), { result: '' });
    assert.equal(sim.apiKey, '');
    const fresh = String(obj(await action('generateApiKey', ADMIN_USERNAME, 'pw-123')).result);
    assert.equal((await call(sim, '/user/count', { key: fresh })).status, 200);
  });
});

describe('simulator: request log', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ users: 20 });
  });
  after(() => sim.close());

  it('logs every request in arrival order with raw headers, decoded query, merged params and the outcome', async () => {
    sim.clearLog();
    const target = sim.store.all()[3];
    await call(
      sim,
      `/user/search?${qs([
        ['$$LIMIT', '5'],
        ['ID_Sort', 'asc'],
      ])}`,
    );
    await call(sim, `/user/${target.ID}?fields=isActive`, {
      method: 'POST',
      body: new URLSearchParams({ method: 'PUT', updates: '{"title":"Chief Tester"}' }),
    });
    await call(sim, '/user/count', { key: null });
    assert.equal(sim.log.length, 3);
    const [search, edit, refused] = sim.log;
    assert.equal(search.op, 'search');
    assert.deepEqual(search.query.$$LIMIT, ['5']);
    assert.equal(search.params.ID_Sort, 'asc');
    assert.equal(search.headers.apikey, sim.apiKey);
    assert.equal(search.status, 200);
    assert.ok(search.handlerMs >= 0);
    assert.equal(edit.method, 'POST');
    assert.equal(edit.effectiveMethod, 'PUT');
    assert.equal(edit.op, 'update');
    assert.equal(edit.objId, target.ID);
    assert.equal(edit.params.updates, '{"title":"Chief Tester"}');
    assert.equal(edit.params.fields, 'isActive');
    assert.match(edit.body, /updates=/);
    assert.equal(refused.status, 401);
    for (const entry of sim.log) {
      const outside = entry.path + JSON.stringify(entry.query) + entry.body + JSON.stringify(entry.params);
      assert.ok(!outside.includes(sim.apiKey), 'a header-sent key appears only in the apikey header');
    }
    const held = sim.log;
    sim.clearLog();
    assert.equal(held.length, 0, 'cleared in place');
  });
});

describe('simulator: deterministic organisation', () => {
  it('the same seed and size give the same organisation and key; another seed does not', async () => {
    const [a, b, c] = await Promise.all([
      startSimulator({ users: 300, seed: 7 }),
      startSimulator({ users: 300, seed: 7 }),
      startSimulator({ users: 300, seed: 8 }),
    ]);
    try {
      assert.equal(JSON.stringify(a.store.all()), JSON.stringify(b.store.all()));
      assert.equal(a.apiKey, b.apiKey);
      assert.match(a.apiKey, /^[0-9a-f]{32}$/);
      assert.notEqual(JSON.stringify(a.store.all()), JSON.stringify(c.store.all()));
      assert.notEqual(a.apiKey, c.apiKey);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('looks like a real organisation: international names, unique ASCII usernames, ~15% inactive, dates in Workfront form', async () => {
    const sim = await startSimulator({ users: 1000 });
    try {
      const users = sim.store.all();
      assert.equal(users.length, 1000);
      const admin = sim.admin;
      assert.equal(admin.username, ADMIN_USERNAME);
      assert.ok(admin.isAdmin && admin.isActive && admin.licenseType === 'Standard');
      assert.equal(new Set(users.map((u) => u.ID)).size, 1000);
      assert.ok(users.every((u) => /^[0-9a-f]{32}$/.test(u.ID)));
      assert.equal(new Set(users.map((u) => u.username)).size, 1000);
      assert.ok(users.every((u) => /^[a-z0-9.]+@acme\.example$/.test(u.username) && u.username === u.emailAddr));
      assert.ok(
        users.some((u) => /[^ -~]/.test(u.name)),
        'accented names',
      );
      assert.ok(
        users.some((u) => /[\u4e00-\u9fff\uac00-\ud7af]/.test(u.name)),
        'CJK names',
      );
      const inactive = users.filter((u) => !u.isActive);
      assert.ok(inactive.length > 100 && inactive.length < 220, `about 15% inactive, got ${inactive.length}`);
      assert.ok(
        inactive.every((u) => u.actualDeactivationDate !== null && WORKFRONT_DATE.test(u.actualDeactivationDate)),
      );
      assert.ok(users.filter((u) => u.isActive).every((u) => u.actualDeactivationDate === null));
      assert.ok(
        users.some((u) => u.lastLoginDate === null),
        'some never logged in',
      );
      assert.ok(users.every((u) => WORKFRONT_DATE.test(u.entryDate)));
      const scheduled = users.filter((u) => u.scheduleDeactivationDate !== null);
      assert.ok(
        scheduled.length > 0 && scheduled.every((u) => u.isActive && String(u.scheduleDeactivationDate) > '2027'),
        'future scheduled deactivations',
      );
      assert.deepEqual(
        new Set(users.map((u) => u.licenseType)),
        new Set(['Standard', 'Light', 'Contributor', 'External', 'Plan', 'Work', 'Review', 'Request']),
      );
      const levels = new Set(
        rows(await call(sim, '/user/search?$$LIMIT=2000&fields=accessLevel:name')).map((r) =>
          String((r.accessLevel as JsonObj).name),
        ),
      );
      for (const level of ['System Administrator', 'Planner', 'Worker', 'Reviewer', 'Requestor', 'External User'])
        assert.ok(levels.has(level), level);
    } finally {
      await sim.close();
    }
  });
});
