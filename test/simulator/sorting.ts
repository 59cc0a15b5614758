// Sorting: `<field>_Sort=asc|desc|ciasc|cidesc` and `<field>_<n>_Sort` for several keys. Built for speed at
// 100,000 users: each column becomes dense ranks (cached by the engine), and the ranks of all keys plus
// the row position combine into one number per row that a Float64Array sorts natively.

import { invalidParameter } from './errors';
import { USER_DEF, asRow } from './model';
import type { Params } from './params';
import { OR_PREFIX, SORT_NAME, resolvePath, typedGetter, type ResolvedPath } from './paths';
import type { Store } from './store';
import type { SimUser } from './types';

export interface SortKey {
  readonly path: string;
  readonly descending: boolean;
  readonly caseInsensitive: boolean;
  readonly resolved: ResolvedPath;
}

export interface CompiledSort {
  readonly key: string;
  readonly keys: readonly SortKey[];
  readonly deps: readonly string[];
}

export function parseSort(store: Store, params: Params): CompiledSort {
  const found: { priority: number; order: number; key: SortKey }[] = [];
  for (const name of params.names()) {
    const m = SORT_NAME.exec(name);
    if (!m || OR_PREFIX.test(name)) continue;
    const direction = (params.get(name) ?? '').trim().toLowerCase();
    if (!['asc', 'desc', 'ciasc', 'cidesc'].includes(direction)) {
      throw invalidParameter(`Invalid sort "${params.get(name)}" for ${m[1]}; expected asc, desc, ciasc or cidesc`);
    }
    const resolved = resolvePath(store, USER_DEF, m[1].split(':'), m[1], 'sort');
    found.push({
      priority: m[2] === undefined ? 0 : Number(m[2]),
      order: found.length,
      key: {
        path: m[1],
        descending: direction.endsWith('desc'),
        caseInsensitive: direction.startsWith('ci'),
        resolved,
      },
    });
  }
  found.sort((a, b) => a.priority - b.priority || a.order - b.order);
  const keys = found.map((f) => f.key);
  return {
    key: keys.map((k) => `${k.path}:${k.caseInsensitive ? 'ci' : ''}${k.descending ? 'desc' : 'asc'}`).join(','),
    keys,
    deps: [...new Set(keys.flatMap((k) => k.resolved.deps))],
  };
}

type SortValue = string | number | null;

/** Ascending dense ranks of one column over the base order; nulls take the last rank. */
export interface ColumnRanks {
  readonly ranks: Uint32Array;
  /** Distinct non-null values; a null row has rank `distinct`. */
  readonly distinct: number;
}

/** Which cached column a sort key needs: the same for asc and desc, different for ci. */
export function columnKey(key: SortKey): string {
  return `${key.path}|${key.caseInsensitive ? 'ci' : 'cs'}`;
}

export function rankColumn(base: readonly SimUser[], key: SortKey): ColumnRanks {
  const get = typedGetter(key.resolved);
  const n = base.length;
  const col = new Array<SortValue>(n);
  let numeric = false;
  for (let i = 0; i < n; i++) {
    const v = get(asRow(base[i]));
    if (v === null) col[i] = null;
    else if (typeof v === 'boolean') col[i] = Number(v);
    else col[i] = key.caseInsensitive ? String(v).toLowerCase() : v;
    if (v !== null && typeof col[i] === 'number') numeric = true;
  }
  const ranks = new Uint32Array(n);
  const distinct = numeric
    ? numberRanks(col as readonly (number | null)[], ranks)
    : stringRanks(col as readonly (string | null)[], ranks);
  for (let i = 0; i < n; i++) if (col[i] === null) ranks[i] = distinct;
  return { ranks, distinct };
}

/**
 * The base order sorted by the keys; ties keep the base (shuffled) order: stable, but not ID order
 * unless ID is a key. Nulls sort last ascending and first descending, as Oracle sorts them. The ranks
 * of all keys and the base position combine into one number per row, which a Float64Array sorts
 * natively; when that would not fit in 53 bits, a comparator sort does the same job more slowly.
 */
export function sortUsers(
  base: readonly SimUser[],
  keys: readonly SortKey[],
  columns: readonly ColumnRanks[],
): SimUser[] {
  const n = base.length;
  const ranked = columns.map((c, k) => {
    if (!keys[k].descending) return { ranks: c.ranks, cardinality: c.distinct + 1 };
    const d = c.distinct;
    const flipped = new Uint32Array(n);
    for (let i = 0; i < n; i++) flipped[i] = c.ranks[i] === d ? 0 : d - c.ranks[i];
    return { ranks: flipped, cardinality: d + 1 };
  });
  const span = ranked.reduce((product, r) => product * r.cardinality, 1) * n;
  const out = new Array<SimUser>(n);
  if (span <= Number.MAX_SAFE_INTEGER) {
    const combined = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let value = 0;
      for (const r of ranked) value = value * r.cardinality + r.ranks[i];
      combined[i] = value * n + i;
    }
    combined.sort();
    for (let i = 0; i < n; i++) out[i] = base[combined[i] % n];
    return out;
  }
  const idx = Array.from(base, (_, i) => i);
  idx.sort((a, b) => {
    for (const r of ranked) if (r.ranks[a] !== r.ranks[b]) return r.ranks[a] - r.ranks[b];
    return a - b;
  });
  for (let i = 0; i < n; i++) out[i] = base[idx[i]];
  return out;
}

/** Distinct numbers in a sorted typed array; each row's rank by binary search (no boxed-number Map). */
function numberRanks(col: readonly (number | null)[], ranks: Uint32Array): number {
  const all = new Float64Array(col.length);
  let m = 0;
  for (const v of col) if (v !== null) all[m++] = v;
  const sorted = all.subarray(0, m).sort();
  let u = 0;
  for (let k = 0; k < m; k++) if (k === 0 || sorted[k] !== sorted[u - 1]) sorted[u++] = sorted[k];
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === null) continue;
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = lo;
  }
  return u;
}

/** Columns with many repeats (names, titles, license types): sort the distinct values only. */
function fewStringRanks(col: readonly (string | null)[], ranks: Uint32Array): number {
  const distinct = new Set<string>();
  for (const v of col) if (v !== null) distinct.add(v);
  const values = [...distinct].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rankOf = new Map<string, number>();
  for (let r = 0; r < values.length; r++) rankOf.set(values[r], r);
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v !== null) ranks[i] = rankOf.get(v) ?? 0;
  }
  return values.length;
}

/**
 * Strings by UTF-16 code units (what `<` does). A comparator sort of 100,000 strings is the slowest step
 * of a first search at full size, so this is an MSD radix sort on typed arrays: a few characters at a
 * time become digits of one number (in the column's own alphabet, 0 marking the end of a string),
 * packed with the row's position so that a Float64Array sorts them natively; rows that tie on those
 * characters are sorted again on the next ones. Columns with many repeats rank their distinct values
 * instead, which is cheaper still.
 */
function stringRanks(col: readonly (string | null)[], ranks: Uint32Array): number {
  const n = col.length;
  const sampleSize = Math.min(n, 2000);
  const sample = new Set<string | null>();
  for (let i = 0; i < sampleSize; i++) sample.add(col[i]);
  // Repeats within a 2,000-row sample mean at most some tens of thousands of distinct values.
  if (sample.size < sampleSize * 0.95) return fewStringRanks(col, ranks);

  const seen = new Uint8Array(65536);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = col[i];
    if (s === null) continue;
    rows.push(i);
    for (let j = 0; j < s.length; j++) seen[s.charCodeAt(j)] = 1;
  }
  const digitOf = new Uint32Array(65536);
  let base = 1;
  for (let code = 0; code < 65536; code++) if (seen[code]) digitOf[code] = base++;
  const order = Uint32Array.from(rows);
  radixRange(col as readonly string[], order, 0, order.length, 0, digitOf, base);
  let u = 0;
  for (let k = 0; k < order.length; k++) {
    if (k > 0 && col[order[k]] !== col[order[k - 1]]) u++;
    ranks[order[k]] = u;
  }
  return order.length > 0 ? u + 1 : 0;
}

const MAX_KEY = 2 ** 52;

function radixRange(
  col: readonly string[],
  order: Uint32Array,
  start: number,
  end: number,
  offset: number,
  digitOf: Uint32Array,
  base: number,
): void {
  const m = end - start;
  if (m < 2) return;
  if (m <= 16) {
    const run = Array.from(order.subarray(start, end)).sort((a, b) => (col[a] < col[b] ? -1 : col[a] > col[b] ? 1 : 0));
    order.set(run, start);
    return;
  }
  let width = 1;
  while (base ** (width + 1) * m <= MAX_KEY) width++;
  const keys = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const s = col[order[start + k]];
    let prefix = 0;
    for (let j = offset; j < offset + width; j++)
      prefix = prefix * base + (j < s.length ? digitOf[s.charCodeAt(j)] : 0);
    keys[k] = prefix * m + k; // the position keeps equal strings in their previous (base) order
  }
  keys.sort();
  const sorted = new Uint32Array(m);
  const prefixes = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const local = keys[k] % m;
    sorted[k] = order[start + local];
    prefixes[k] = (keys[k] - local) / m;
  }
  order.set(sorted, start);
  let runStart = 0;
  for (let k = 1; k <= m; k++) {
    if (k < m && prefixes[k] === prefixes[runStart]) continue;
    // A prefix ending in digit 0 means those strings ended inside the window: they are equal.
    if (k - runStart > 1 && prefixes[runStart] % base !== 0) {
      radixRange(col, order, start + runStart, start + k, offset + width, digitOf, base);
    }
    runStart = k;
  }
}
