// Search and count over the users. Sorted orders are built once and kept until a field they sort on
// changes; filtered+sorted lists are cached per (filter, sort) and, after edits, patched with just the
// edited users; then paging.

import { ERROR_CLASS, SimError, invalidParameter } from './errors';
import type { CompiledFilter } from './filters';
import { LoginIndex } from './loginIndex';
import { asRow } from './model';
import { Params } from './params';
import { hashString } from './prng';
import {
  columnKey,
  parseSort,
  rankColumn,
  sortUsers,
  type ColumnRanks,
  type CompiledSort,
  type SortKey,
} from './sorting';
import type { Store } from './store';
import type { SimUser } from './types';

/** A whole-organisation order (the shuffled base or a sort), with row positions for patching. */
interface Order {
  readonly membership: number;
  readonly builtAt: number;
  readonly users: SimUser[];
  positions?: Map<SimUser, number>;
}

interface CachedList {
  version: number;
  readonly users: SimUser[];
  readonly order: Order;
}

const RESULT_CACHE_LIMIT = 32;

export class QueryEngine {
  private base?: Order;
  private readonly orders = new Map<string, Order>();
  private readonly columns = new Map<string, { membership: number; builtAt: number; ranks: ColumnRanks }>();
  private readonly results = new Map<string, CachedList>();
  private readonly logins: LoginIndex;

  constructor(
    private readonly store: Store,
    private readonly seed: number,
  ) {
    this.logins = new LoginIndex(store);
  }

  /**
   * Builds the shuffled base order and the two orders clients page by up front: ID (what Workfront's
   * docs recommend) and name then ID (how people lists are shown), so that the first search of a
   * benchmark does not pay for sorting the whole organisation.
   */
  warmUp(): void {
    for (const sort of [
      [['ID_Sort', 'asc']],
      [
        ['name_1_Sort', 'ciasc'],
        ['ID_2_Sort', 'asc'],
      ],
    ]) {
      const params = new Params();
      for (const [name, value] of sort) params.add(name, value);
      this.sortedOrderEntry(parseSort(this.store, params));
    }
  }

  /**
   * The matching users in sort order; with no sort, in a shuffled order that is not ID order (a stable
   * hash of the ID), so that a client that forgets to sort cannot rely on any order.
   */
  list(filter: CompiledFilter, sort: CompiledSort): SimUser[] {
    const key = `${filter.key}|${sort.key}`;
    const order = sort.keys.length > 0 ? this.sortedOrderEntry(sort) : this.baseOrderEntry();
    if (filter.logins && filter.test) {
      // People named by login: look them up, test them alone, and put them in the order's order.
      const test = filter.test;
      const positions = this.positions(order);
      return this.logins
        .find(filter.logins)
        .filter((u) => test(asRow(u)))
        .sort((a, b) => (positions.get(a) ?? 0) - (positions.get(b) ?? 0));
    }
    const hit = this.results.get(key);
    if (hit && hit.order === order && (hit.version === this.store.version || this.patch(hit, filter))) {
      this.results.delete(key); // re-insert: the Map's order doubles as least-recently-used order
      this.results.set(key, hit);
      return hit.users;
    }
    const test = filter.test;
    const users = test ? order.users.filter((u) => test(asRow(u))) : order.users;
    this.results.set(key, { version: this.store.version, users, order });
    if (this.results.size > RESULT_CACHE_LIMIT) this.results.delete(this.results.keys().next().value as string);
    return users;
  }

  /**
   * Brings a cached list up to date by re-testing only the users edited since it was built, instead of
   * filtering 100,000 users again: a client that deactivates users between pages keeps pages cheap. The
   * order it came from is still current (checked by the caller), so an edited user keeps its position
   * in it and only joins or leaves the list.
   */
  private patch(list: CachedList, filter: CompiledFilter): boolean {
    const test = filter.test;
    const changes = this.store.changesSince(list.version);
    if (!test || !changes || filter.crossRow) return false;
    const positions = this.positions(list.order);
    const users = list.users;
    for (const { user } of changes) {
      const pos = positions.get(user);
      if (pos === undefined) return false;
      let lo = 0;
      let hi = users.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((positions.get(users[mid]) ?? -1) < pos) lo = mid + 1;
        else hi = mid;
      }
      const present = users[lo] === user;
      const matches = test(asRow(user));
      if (matches && !present) users.splice(lo, 0, user);
      else if (!matches && present) users.splice(lo, 1);
    }
    list.version = this.store.version;
    return true;
  }

  private positions(order: Order): Map<SimUser, number> {
    if (!order.positions) {
      const positions = new Map<SimUser, number>();
      order.users.forEach((u, i) => positions.set(u, i));
      order.positions = positions;
    }
    return order.positions;
  }

  /**
   * One page. Unsorted pages are drawn through a permutation that changes with $$FIRST and with every
   * change to the data: like a database without ORDER BY, pages may repeat or skip rows, so a client
   * that pages without a sort sees the instability Workfront's docs warn about (deterministically).
   */
  page(list: readonly SimUser[], first: number, limit: number, sorted: boolean): SimUser[] {
    if (sorted) return list.slice(first, first + limit);
    const n = list.length;
    const end = Math.min(n, first + limit);
    if (first >= end) return [];
    const h = hashString(`${this.store.version}|${first}`, this.seed);
    let a = n > 1 ? 1 + (h % (n - 1)) : 1;
    while (gcd(a, n) !== 1) a = (a % (n - 1)) + 1;
    const b = hashString(`offset|${this.store.version}|${first}`, this.seed) % n;
    const out: SimUser[] = [];
    for (let k = first; k < end; k++) out.push(list[(a * k + b) % n]);
    return out;
  }

  private baseOrderEntry(): Order {
    if (this.base && this.base.membership === this.store.membershipVersion) return this.base;
    const users = this.store.all();
    const n = users.length;
    // hash * n + index sorts as numbers in a typed array: far faster than a comparator at 100,000 users.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = hashString(users[i].ID, this.seed) * n + i;
    keys.sort();
    const ordered = new Array<SimUser>(n);
    for (let i = 0; i < n; i++) ordered[i] = users[keys[i] % n];
    this.base = { membership: this.store.membershipVersion, builtAt: this.store.version, users: ordered };
    return this.base;
  }

  private sortedOrderEntry(sort: CompiledSort): Order {
    const cached = this.orders.get(sort.key);
    if (cached && this.fresh(cached, sort.deps)) return cached;
    const base = this.baseOrderEntry().users;
    const columns = sort.keys.map((key) => this.column(base, key));
    const entry: Order = {
      membership: this.store.membershipVersion,
      builtAt: this.store.version,
      users: sortUsers(base, sort.keys, columns),
    };
    this.orders.set(sort.key, entry);
    return entry;
  }

  /** Ranks of one column, shared by every sort that uses it (ID is the usual tie-breaker). */
  private column(base: readonly SimUser[], key: SortKey): ColumnRanks {
    const id = columnKey(key);
    const cached = this.columns.get(id);
    if (cached && this.fresh(cached, key.resolved.deps)) return cached.ranks;
    const ranks = rankColumn(base, key);
    this.columns.set(id, { membership: this.store.membershipVersion, builtAt: this.store.version, ranks });
    return ranks;
  }

  /** Still valid: nobody was added or removed, and no field it depends on changed since it was built. */
  private fresh(entry: { readonly membership: number; readonly builtAt: number }, deps: readonly string[]): boolean {
    return (
      entry.membership === this.store.membershipVersion &&
      deps.every((d) => this.store.fieldVersion(d) <= entry.builtAt)
    );
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

// ---------------------------------------------------------------------------------------------- paging

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 2000;

export interface Paging {
  readonly first: number;
  readonly limit: number;
}

/** `$$FIRST` and `$$LIMIT`; throws with the configured status when the limit is above 2000. */
export function parsePaging(params: Params, limitErrorStatus: number): Paging {
  const number = (name: string, fallback: number) => {
    const raw = params.get(name);
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) {
      throw invalidParameter(`${name} must be a whole number of 0 or more, got "${raw}"`);
    }
    return n;
  };
  const first = number('$$FIRST', 0);
  const limit = number('$$LIMIT', DEFAULT_LIMIT);
  if (limit > MAX_LIMIT) {
    throw limitError(limitErrorStatus, limit);
  }
  return { first, limit };
}

function limitError(status: number, limit: number): SimError {
  return new SimError(
    status,
    ERROR_CLASS.illegalArgument,
    `$$LIMIT ${limit} is above the maximum of ${MAX_LIMIT} results per request`,
  );
}
