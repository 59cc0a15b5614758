// API keys, passwords and sessions. One key per user is what getApiKey/generateApiKey/clearApiKey manage;
// issueKey() may add more keys for a user (as tests need), and clearing or regenerating kills them all.

import { hex32, stream, type Rng } from './prng';
import type { Store } from './store';
import type { SimUser } from './types';

/** Every user other than the main admin signs in with this password. */
export const DEFAULT_USER_PASSWORD = 'user-password';

export class Credentials {
  private readonly keyOwner = new Map<string, string>();
  private readonly primaryKey = new Map<string, string>();
  private readonly sessions = new Map<string, string>();
  private readonly keyRng: Rng;
  private readonly sessionRng: Rng;

  constructor(
    private readonly store: Store,
    seed: number,
    private readonly adminPassword: string,
  ) {
    this.keyRng = stream(seed, 'api-keys');
    this.sessionRng = stream(seed, 'sessions');
    this.issueKey(store.adminId);
  }

  /** The user's current key for getApiKey, '' when they have none. */
  currentKey(userId: string): string {
    return this.primaryKey.get(userId) ?? '';
  }

  issueKey(userId: string): string {
    if (!this.store.get(userId)) throw new Error(`No user with ID ${userId}`);
    const key = this.mint(this.keyRng);
    this.keyOwner.set(key, userId);
    if (!this.primaryKey.has(userId)) this.primaryKey.set(userId, key);
    return key;
  }

  revokeKey(key: string): void {
    const owner = this.keyOwner.get(key);
    this.keyOwner.delete(key);
    if (owner !== undefined && this.primaryKey.get(owner) === key) this.primaryKey.delete(owner);
  }

  /** generateApiKey: a new key replaces every key the user had. */
  regenerate(userId: string): string {
    this.clear(userId);
    return this.issueKey(userId);
  }

  /** clearApiKey: none of the user's keys works any more. */
  clear(userId: string): void {
    for (const [key, owner] of this.keyOwner) if (owner === userId) this.keyOwner.delete(key);
    this.primaryKey.delete(userId);
  }

  /** The active user a key belongs to; a deactivated or deleted user's key stops working. */
  userForKey(key: string): SimUser | undefined {
    return this.usable(this.keyOwner.get(key));
  }

  userForSession(sessionId: string): SimUser | undefined {
    return this.usable(this.sessions.get(sessionId));
  }

  /** The active user with these credentials (username case-insensitive, password exact). */
  check(username: string, password: string): SimUser | undefined {
    const user = this.store.byUsernameCi(username);
    if (!user || !user.isActive) return undefined;
    const expected = user.ID === this.store.adminId ? this.adminPassword : DEFAULT_USER_PASSWORD;
    return password === expected ? user : undefined;
  }

  login(user: SimUser): string {
    const sessionId = this.mint(this.sessionRng);
    this.sessions.set(sessionId, user.ID);
    return sessionId;
  }

  logout(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  private usable(userId: string | undefined): SimUser | undefined {
    const user = userId === undefined ? undefined : this.store.get(userId);
    return user && user.isActive ? user : undefined;
  }

  private mint(rng: Rng): string {
    let value = hex32(rng);
    while (this.keyOwner.has(value) || this.sessions.has(value)) value = hex32(rng);
    return value;
  }
}
