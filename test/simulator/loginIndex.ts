// Users by lower-cased email and username, for searches that name people by login (Offboard from List
// sends hundreds of them): a lookup instead of a scan of the whole organisation, so that a benchmark
// measures the client, not the simulator. Rebuilt when the store has changed since.
import type { Store } from './store';
import type { SimUser } from './types';

/** The fields a login lookup may use, and the modifiers that make a term an exact (or ci) match. */
export const LOGIN_FIELDS: ReadonlySet<string> = new Set(['emailAddr', 'username']);
export const LOGIN_MODS: ReadonlySet<string> = new Set(['eq', 'cieq', 'in', 'ciin']);

export class LoginIndex {
  private version = -1;
  private readonly byLogin = new Map<string, SimUser[]>();

  constructor(private readonly store: Store) {}

  /** Every user whose email or username is one of `values` (compared lower-cased), each once. */
  find(values: readonly string[]): SimUser[] {
    if (this.version !== this.store.version) this.rebuild();
    const found = new Set<SimUser>();
    for (const v of values) for (const u of this.byLogin.get(v.toLowerCase()) ?? []) found.add(u);
    return [...found];
  }

  private rebuild(): void {
    this.byLogin.clear();
    for (const u of this.store.all()) {
      for (const key of new Set([u.emailAddr.toLowerCase(), u.username.toLowerCase()])) {
        const list = this.byLogin.get(key);
        if (list) list.push(u);
        else this.byLogin.set(key, [u]);
      }
    }
    this.version = this.store.version;
  }
}
