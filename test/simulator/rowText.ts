// The JSON text of each user as a projection shows it, as UTF-8 bytes, kept between requests so that a
// page of 2,000 is mostly copying bytes rather than 2,000 objects built, serialised and encoded again
// (over half the seeded users have non-ASCII names, which makes a page a two-byte string that is slow
// to measure and encode). A cached text is
// used only while every value it shows (ID, name and the projection's fields) is still the same (===),
// checked again whenever the store's version moved, so it can never be stale. Not a cache of answers: every request still
// filters, sorts and pages, and only the per-user pieces are reused.

import type { Projection } from './fields';
import { asRow, type FieldValue } from './model';
import type { Store } from './store';
import type { SimUser } from './types';

/** Projections (field lists) with cached texts; the least recently used beyond this is dropped. */
const PROJECTION_LIMIT = 4;
/** Removed users' entries tolerated in a projection's cache before it is swept. */
const STALE_SLACK = 1000;

/**
 * [UTF-8 text, store version when last checked, ID, name, ...field values in the projection's order]: one
 * array per cached user. Users change only through the store, which bumps its version on every change.
 */
type Entry = (Buffer | FieldValue | number)[];

export class RowTextCache {
  private readonly byProjection = new Map<string, Map<SimUser, Entry>>();

  constructor(private readonly store: Store) {}

  /** The users' texts in order, each the UTF-8 bytes of JSON.stringify(projection.project(user)). */
  texts(users: readonly SimUser[], projection: Projection): Buffer[] {
    const fields = projection.plainFields();
    if (!fields) return users.map((u) => Buffer.from(JSON.stringify(projection.project(asRow(u), this.store)), 'utf8'));
    const cache = this.cacheFor(`${projection.def.objCode}:${fields.map((f) => f.name).join(',')}`);
    const n = fields.length;
    const version = this.store.version;
    const out = new Array<Buffer>(users.length);
    for (let i = 0; i < users.length; i++) {
      const user = users[i];
      const row = asRow(user);
      let entry = cache.get(user);
      // Checked value by value only when the store changed since this entry was last checked.
      if (entry === undefined || entry[1] !== version) {
        let fresh = entry !== undefined && entry[2] === user.ID && entry[3] === user.name;
        for (let f = 0; fresh && f < n; f++) fresh = entry![f + 4] === fields[f].get(row);
        if (!fresh) {
          entry = new Array<Buffer | FieldValue | number>(n + 4);
          entry[0] = Buffer.from(JSON.stringify(projection.project(row, this.store)), 'utf8');
          entry[2] = user.ID;
          entry[3] = user.name;
          for (let f = 0; f < n; f++) entry[f + 4] = fields[f].get(row);
          cache.set(user, entry);
        }
        entry![1] = version;
      }
      out[i] = entry![0] as Buffer;
    }
    if (cache.size > this.store.count() + STALE_SLACK) this.sweep(cache);
    return out;
  }

  private cacheFor(key: string): Map<SimUser, Entry> {
    let cache = this.byProjection.get(key);
    if (cache) {
      this.byProjection.delete(key); // re-inserted: the Map's order doubles as least-recently-used order
    } else {
      cache = new Map();
      if (this.byProjection.size >= PROJECTION_LIMIT)
        this.byProjection.delete(this.byProjection.keys().next().value as string);
    }
    this.byProjection.set(key, cache);
    return cache;
  }

  /** Drops the entries of users no longer in the store. */
  private sweep(cache: Map<SimUser, Entry>): void {
    for (const user of cache.keys()) if (this.store.get(user.ID) !== user) cache.delete(user);
  }
}
