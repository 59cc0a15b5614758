// GroupList on plain Node: slices added at the end only as pages arrive, rows that never move, users
// joining and leaving their own slice, and the ID-ordered list reconciled into what was shown.
import * as assert from 'assert';
import { GroupList, SLICE_SIZE } from '../../src/tree/slices';
import type { UserSummary } from '../../src/workfront/types';

const user = (n: number, name = `User ${String(n).padStart(5, '0')}`, isActive = true): UserSummary =>
  ({ ID: `id${String(n).padStart(6, '0')}`, name, isActive }) as UserSummary;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => user(from + i));
const ids = (users: readonly UserSummary[]) => users.map((u) => u.ID);

describe('GroupList (slices of a large group)', () => {
  it('pages become new slices at the end; rows already shown keep their place', () => {
    const list = new GroupList(5_000);
    list.append(range(0, 1_200).reverse());
    const shown = ids(list.users);
    const labels = list.slices.map((s) => `${s.firstName} – ${s.lastName}`);
    assert.deepStrictEqual(labels, ['User 00000 – User 00499', 'User 00500 – User 00999', 'User 01000 – User 01199']);
    list.append(range(1_200, 2_000));
    assert.deepStrictEqual(ids(list.users).slice(0, shown.length), shown, 'no row moved');
    assert.deepStrictEqual(
      list.slices.slice(0, 3).map((s) => `${s.firstName} – ${s.lastName}`),
      labels,
      'no slice renamed',
    );
    assert.strictEqual(list.slices.length, 5);
    assert.deepStrictEqual(list.sliceRange(3), { start: 1_200, end: 1_200 + SLICE_SIZE });
  });

  it('each slice is in the tree’s name order, whatever order the page came in', () => {
    const list = new GroupList(2_000);
    list.append([user(1, 'émile'), user(2, 'Zoë'), user(3, 'adam'), user(4, 'Eve')]);
    assert.deepStrictEqual(
      list.users.map((u) => u.name),
      ['adam', 'émile', 'Eve', 'Zoë'],
    );
  });

  it('a user joins the slice of their name and leaves only their own; later slices shift, none is renamed', () => {
    const list = new GroupList(2_000);
    list.append(range(0, 1_500));
    list.finish();
    assert.strictEqual(list.remove(user(10).ID), true);
    assert.deepStrictEqual(
      [0, 1, 2].map((k) => list.sliceRange(k)),
      [
        { start: 0, end: 499 },
        { start: 499, end: 999 },
        { start: 999, end: 1_499 },
      ],
    );
    list.insert(user(700, 'User 00700b'));
    assert.strictEqual(list.sliceOf(user(700).ID), 1);
    assert.strictEqual(list.users[list.sliceRange(1).start + 201].name, 'User 00700b');
    assert.strictEqual(list.slices[1].firstName, 'User 00500');
    assert.strictEqual(list.remove('nobody'), false);
  });

  it('during the load, a change made here wins over a page read before it', () => {
    const list = new GroupList(3_000);
    list.append(range(0, 1_000));
    list.remove(user(5).ID); // deactivated here while the load runs
    list.append([user(5), ...range(1_000, 1_100)]); // a later page read before the change still has them
    assert.ok(!ids(list.users).includes(user(5).ID));
    assert.strictEqual(list.users.length, 1_099);
  });

  it('reconcile: gone users leave, changed ones change in place, missing ones join their slice', () => {
    const list = new GroupList(2_000);
    list.append(range(0, 1_500));
    const truth = range(0, 1_500).filter((u) => u.ID !== user(3).ID);
    truth.push(user(2_000, 'User 00600x'));
    truth[100] = { ...truth[100], isActive: false };
    list.reconcile(truth);
    list.finish();
    assert.strictEqual(list.users.length, 1_500);
    assert.ok(!ids(list.users).includes(user(3).ID));
    assert.strictEqual(list.users.find((u) => u.ID === truth[100].ID)?.isActive, false);
    assert.strictEqual(list.sliceOf(user(2_000).ID), 1);
    assert.deepStrictEqual(new Set(ids(list.users)), new Set(ids(truth)));
  });

  it('a small group is not sliced: one list in name order', () => {
    const list = new GroupList(3);
    list.append([user(3), user(1), user(2)]);
    assert.strictEqual(list.sliced, false);
    assert.deepStrictEqual(list.slices, []);
    assert.deepStrictEqual(ids(list.users), ids([user(1), user(2), user(3)]));
  });
});
