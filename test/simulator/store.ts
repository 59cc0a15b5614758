// Users and the fixed organisation objects, indexed by ID and username. Every change bumps `version` (which
// invalidates cached query results) and records which fields changed (so a sorted order is rebuilt only
// when a field it sorts on changed).

import { formatWorkfrontDate } from './dates';
import { asRow, type Entity, type ObjCode, type Row } from './model';
import { transliterate } from './names';
import { hex32, stream, type Rng } from './prng';
import { EMAIL_DOMAIN, type Organisation } from './seed';
import type { SimUser, UserStore } from './types';

/** One applied edit, for caches that can patch themselves instead of starting over. */
export interface Change {
  readonly version: number;
  readonly user: SimUser;
  readonly fields: readonly string[];
}

/** Edits remembered for cache patching; older caches are rebuilt. */
const JOURNAL_LIMIT = 2000;

export class Store implements UserStore {
  readonly adminId: string;
  /** Bumped on every change. */
  version = 0;
  /** The version at which a user was last added or removed. */
  membershipVersion = 0;

  private readonly users: SimUser[];
  private readonly byId = new Map<string, SimUser>();
  private readonly byUsername = new Map<string, SimUser>();
  private readonly entities: Readonly<Record<Exclude<ObjCode, 'USER'>, Map<string, Entity>>>;
  private readonly fieldVersions = new Map<string, number>();
  private readonly addRng: Rng;
  private journal: Change[] = [];
  private activeCount = 0;
  private added = 0;

  constructor(org: Organisation, seed: number) {
    this.adminId = org.adminId;
    this.users = org.users;
    for (const u of this.users) {
      this.byId.set(u.ID, u);
      this.byUsername.set(u.username.toLowerCase(), u);
      if (u.isActive) this.activeCount++;
    }
    const index = (rows: readonly Entity[]) => new Map(rows.map((r) => [r.ID, r]));
    this.entities = { ACSLVL: index(org.accessLevels), GROUP: index(org.groups), CMPY: index(org.companies) };
    this.addRng = stream(seed, 'added-users');
  }

  get(id: string): SimUser | undefined {
    return this.byId.get(id);
  }

  /** The live array (do not mutate; use update()). */
  all(): readonly SimUser[] {
    return this.users;
  }

  count(isActive?: boolean): number {
    if (isActive === undefined) return this.users.length;
    return isActive ? this.activeCount : this.users.length - this.activeCount;
  }

  byUsernameCi(username: string): SimUser | undefined {
    return this.byUsername.get(username.toLowerCase());
  }

  entity(objCode: ObjCode, id: string): Row | undefined {
    if (objCode === 'USER') {
      const u = this.byId.get(id);
      return u && asRow(u);
    }
    return this.entities[objCode].get(id);
  }

  entityList(objCode: Exclude<ObjCode, 'USER'>): Entity[] {
    return [...this.entities[objCode].values()];
  }

  /** Admin rights come from the flag or from a System Administrator access level. */
  isAdmin(user: SimUser): boolean {
    return user.isAdmin || this.entities.ACSLVL.get(user.accessLevelID)?.isAdmin === true;
  }

  fieldVersion(field: string): number {
    return this.fieldVersions.get(field) ?? 0;
  }

  setActive(id: string, active: boolean): SimUser {
    return this.update(id, { isActive: active });
  }

  update(id: string, changes: Partial<SimUser>): SimUser {
    const user = this.byId.get(id);
    if (!user) throw new Error(`No user with ID ${id}`);
    if (changes.ID !== undefined && changes.ID !== id) throw new Error('A user ID cannot change');
    if (id === this.adminId && changes.isActive === false)
      throw new Error('The main administrator cannot be deactivated');
    const next: Partial<SimUser> = { ...changes };
    if ((changes.firstName !== undefined || changes.lastName !== undefined) && changes.name === undefined) {
      next.name = `${changes.firstName ?? user.firstName} ${changes.lastName ?? user.lastName}`;
    }
    // Workfront: editing the email changes the username too, unless the two already differed.
    if (changes.emailAddr !== undefined && changes.username === undefined && user.username === user.emailAddr) {
      next.username = changes.emailAddr;
    }
    if (
      changes.isActive !== undefined &&
      changes.isActive !== user.isActive &&
      !('actualDeactivationDate' in changes)
    ) {
      next.actualDeactivationDate = changes.isActive ? null : formatWorkfrontDate(Date.now());
    }
    if (next.username !== undefined && next.username.toLowerCase() !== user.username.toLowerCase()) {
      if (this.byUsername.has(next.username.toLowerCase()))
        throw new Error(`Username ${next.username} is already in use`);
      this.byUsername.delete(user.username.toLowerCase());
      this.byUsername.set(next.username.toLowerCase(), user);
    }
    const target = user as unknown as Record<string, unknown>;
    const changed: string[] = [];
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined || key === 'ID' || target[key] === value) continue;
      if (key === 'isActive') this.activeCount += value ? 1 : -1;
      target[key] = value;
      changed.push(key);
    }
    if (changed.length > 0) {
      this.version++;
      for (const key of changed) this.fieldVersions.set(key, this.version);
      this.journal.push({ version: this.version, user, fields: changed });
      if (this.journal.length > JOURNAL_LIMIT) this.journal = this.journal.slice(JOURNAL_LIMIT / 2);
    }
    return user;
  }

  /**
   * The edits after `version`, oldest first; undefined when they are no longer all remembered or a user
   * was added or removed since (callers then rebuild).
   */
  changesSince(version: number): readonly Change[] | undefined {
    if (version < this.membershipVersion) return undefined;
    const journal = this.journal;
    if (version < this.version && (journal.length === 0 || journal[0].version > version + 1)) return undefined;
    let start = journal.length;
    while (start > 0 && journal[start - 1].version > version) start--;
    return journal.slice(start);
  }

  add(partial: Partial<SimUser> = {}): SimUser {
    let ID = partial.ID;
    if (ID !== undefined && this.byId.has(ID)) throw new Error(`A user with ID ${ID} already exists`);
    while (ID === undefined || this.byId.has(ID)) ID = hex32(this.addRng);
    this.added++;
    const firstName = partial.firstName ?? 'New';
    const lastName = partial.lastName ?? `User ${this.added}`;
    const username = partial.username ?? partial.emailAddr ?? this.freeUsername(firstName, lastName);
    if (this.byUsername.has(username.toLowerCase())) throw new Error(`Username ${username} is already in use`);
    const reviewer = [...this.entities.ACSLVL.values()].find((a) => a.name === 'Reviewer');
    const user: SimUser = {
      ID,
      name: partial.name ?? `${firstName} ${lastName}`,
      firstName,
      lastName,
      username,
      emailAddr: partial.emailAddr ?? username,
      title: partial.title ?? 'New Starter',
      isActive: partial.isActive ?? true,
      isAdmin: partial.isAdmin ?? false,
      licenseType: partial.licenseType ?? 'Light',
      accessLevelID: partial.accessLevelID ?? reviewer?.ID ?? '',
      homeGroupID: partial.homeGroupID ?? this.entities.GROUP.keys().next().value ?? '',
      companyID: partial.companyID ?? this.entities.CMPY.keys().next().value ?? '',
      managerID: partial.managerID ?? null,
      lastLoginDate: partial.lastLoginDate ?? null,
      loginCount: partial.loginCount ?? 0,
      entryDate: partial.entryDate ?? formatWorkfrontDate(Date.now()),
      actualDeactivationDate:
        partial.actualDeactivationDate ?? (partial.isActive === false ? formatWorkfrontDate(Date.now()) : null),
      scheduleDeactivationDate: partial.scheduleDeactivationDate ?? null,
      timeZone: partial.timeZone === undefined ? 'America/New_York' : partial.timeZone,
    };
    this.users.push(user);
    this.byId.set(ID, user);
    this.byUsername.set(username.toLowerCase(), user);
    if (user.isActive) this.activeCount++;
    this.membershipVersion = ++this.version;
    return user;
  }

  remove(id: string): void {
    const user = this.byId.get(id);
    if (!user) throw new Error(`No user with ID ${id}`);
    if (id === this.adminId) throw new Error('The main administrator cannot be deleted');
    this.users.splice(this.users.indexOf(user), 1);
    this.byId.delete(id);
    this.byUsername.delete(user.username.toLowerCase());
    if (user.isActive) this.activeCount--;
    this.membershipVersion = ++this.version;
    // Their reports lose the manager rather than point at a user that no longer exists.
    for (const u of this.users) if (u.managerID === id) u.managerID = null;
    this.fieldVersions.set('managerID', this.version);
  }

  private freeUsername(firstName: string, lastName: string): string {
    const base = [transliterate(firstName), transliterate(lastName)].filter((p) => p !== '').join('.') || 'user';
    for (let n = 1; ; n++) {
      const candidate = `${n === 1 ? base : base + n}@${EMAIL_DOMAIN}`;
      if (!this.byUsername.has(candidate)) return candidate;
    }
  }
}
