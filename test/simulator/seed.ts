// The deterministic organisation: access levels, groups, companies and users drawn from seeded streams.
// Dates are relative to a fixed anchor (not "now") so that the same seed gives byte-identical data on
// any day; scheduled deactivations lie years after the anchor so they stay in the future.

import { DAY, formatWorkfrontDate } from './dates';
import type { Entity, ObjCode } from './model';
import { CJK_NAMES, EXTERNAL_TITLES, FIRST_NAMES, LAST_NAMES, TITLES, asciiOf, type NameEntry } from './names';
import { flat, hex32From, intBetween, pick, stream, uint32, weighted, type Rng } from './prng';
import type { SimUser } from './types';

export const EMAIL_DOMAIN = 'acme.example';
export const ADMIN_USERNAME = `admin@${EMAIL_DOMAIN}`;
export const MAX_USERS = 100_000;

/** 2026-06-01T09:00 in the organisation's zone: "now" for seeded history. */
const ANCHOR_MS = Date.UTC(2026, 5, 1, 16, 0, 0);

export const LICENSE_TYPES: readonly string[] = [
  'Standard',
  'Light',
  'Contributor',
  'External',
  'Plan',
  'Work',
  'Review',
  'Request',
];

const LICENSE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['Standard', 24],
  ['Light', 28],
  ['Contributor', 28],
  ['External', 6],
  ['Plan', 4],
  ['Work', 4],
  ['Review', 3],
  ['Request', 3],
];

const ACCESS_LEVELS: readonly (readonly [string, string, boolean])[] = [
  ['System Administrator', 'Full access to everything, including setup', true],
  ['Planner', 'Plans projects and manages work', false],
  ['Worker', 'Does and updates work', false],
  ['Reviewer', 'Reviews and approves work', false],
  ['Requestor', 'Submits requests', false],
  ['External User', 'Collaborator outside the organisation', false],
];

/** Which access level a license usually comes with. */
const LEVEL_FOR_LICENSE: Readonly<Record<string, string>> = {
  Standard: 'Planner',
  Plan: 'Planner',
  Work: 'Worker',
  Light: 'Reviewer',
  Review: 'Reviewer',
  Contributor: 'Requestor',
  Request: 'Requestor',
  External: 'External User',
};

const GROUPS: readonly string[] = [
  'Engineering',
  'Marketing',
  'Finance',
  'Operations',
  'Sales',
  'Human Resources',
  'IT',
  'Legal',
  'Customer Success',
  'Product',
  'Creative Services',
  'Facilities',
];

const COMPANIES: readonly string[] = ['Acme Corporation', 'Acme Europe GmbH', 'Globex Agency', 'Initech Partners'];

export interface Organisation {
  readonly accessLevels: readonly Entity[];
  readonly groups: readonly Entity[];
  readonly companies: readonly Entity[];
  readonly users: SimUser[];
  readonly adminId: string;
}

/**
 * Draws IDs from a stream and never repeats one. Uniqueness is checked on the first 32 bits (a Set of
 * numbers is far cheaper than one of strings at 100,000 users); a clash just draws again.
 */
export class IdSource {
  private readonly used = new Set<number>();
  constructor(private readonly rng: Rng) {}
  next(): string {
    for (;;) {
      const head = uint32(this.rng);
      if (this.used.has(head)) continue;
      this.used.add(head);
      return hex32From(head, this.rng);
    }
  }
}

/**
 * Unique usernames: `first.last@domain`, then `first.last2@domain`, … Every base holds a dot and no
 * digit, so a numbered name can never equal another base and a counter per base is enough.
 */
export class UsernameSource {
  private readonly seen = new Map<string, number>();
  next(first: string, last: string): string {
    const base = `${first || 'user'}.${last || 'user'}`;
    const n = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, n);
    return `${n === 1 ? base : base + n}@${EMAIL_DOMAIN}`;
  }
}

function entities(ids: IdSource, objCode: ObjCode, rows: readonly (readonly [string, string?, boolean?])[]): Entity[] {
  return rows.map(([name, description, isAdmin]) => {
    const row: Record<string, string | boolean> = { ID: ids.next(), name, objCode };
    if (objCode === 'ACSLVL') {
      row.description = description ?? '';
      row.isAdmin = isAdmin ?? false;
    } else if (objCode === 'GROUP') {
      row.description = `${name} department`;
    }
    return row as Entity;
  });
}

interface PickedName {
  first: string;
  last: string;
  firstAscii: string;
  lastAscii: string;
}

// Precomputed once: transliterating 100,000 names one by one would dominate the seeding time.
const FIRST_ASCII = FIRST_NAMES.map(asciiOf);
const LAST_ASCII = LAST_NAMES.map(asciiOf);

function pickName(rng: Rng): PickedName {
  if (rng() < 0.03) {
    const culture = pick(rng, CJK_NAMES);
    const f: NameEntry = pick(rng, culture.first);
    const l: NameEntry = pick(rng, culture.last);
    return { first: f[0], last: l[0], firstAscii: asciiOf(f), lastAscii: asciiOf(l) };
  }
  const fi = Math.floor(rng() * FIRST_NAMES.length);
  const li = Math.floor(rng() * LAST_NAMES.length);
  return { first: FIRST_NAMES[fi][0], last: LAST_NAMES[li][0], firstAscii: FIRST_ASCII[fi], lastAscii: LAST_ASCII[li] };
}

function optionalDate(ms: number | null): string | null {
  return ms === null ? null : flat(formatWorkfrontDate(ms));
}

function between(rng: Rng, lo: number, hi: number): number {
  return hi <= lo ? lo : lo + Math.floor(rng() * (hi - lo));
}

/** The main admin's time zone: not UTC, so that a test sees which zone an export chose. */
export const ADMIN_TIME_ZONE = 'Europe/Berlin';
const TIME_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
];

export function seedOrganisation(size: number, seed: number): Organisation {
  if (!Number.isInteger(size) || size < 1 || size > MAX_USERS) {
    throw new RangeError(`users must be an integer from 1 to ${MAX_USERS}, got ${size}`);
  }
  const ids = new IdSource(stream(seed, 'ids'));
  const rng = stream(seed, 'users');
  const accessLevels = entities(ids, 'ACSLVL', ACCESS_LEVELS);
  const groups = entities(
    ids,
    'GROUP',
    GROUPS.map((g) => [g] as const),
  );
  const companies = entities(
    ids,
    'CMPY',
    COMPANIES.map((c) => [c] as const),
  );
  const levelByName = new Map(accessLevels.map((a) => [a.name, a.ID]));
  const adminLevel = accessLevels[0].ID;
  const internalCompanies = companies.slice(0, 2);
  const externalCompanies = companies.slice(2);
  const usernames = new UsernameSource(); // 'admin' has no dot, so no generated name can take it

  const users: SimUser[] = new Array<SimUser>(size);
  const managerPool: string[] = [];
  let adminId = '';
  for (let i = 0; i < size; i++) {
    const ID = ids.next();
    if (i === 0) {
      adminId = ID;
      users[0] = {
        ID,
        name: 'Morgan Ellis',
        firstName: 'Morgan',
        lastName: 'Ellis',
        username: ADMIN_USERNAME,
        emailAddr: ADMIN_USERNAME,
        title: 'Workfront System Administrator',
        isActive: true,
        isAdmin: true,
        licenseType: 'Standard',
        accessLevelID: adminLevel,
        homeGroupID: groups[6].ID,
        companyID: companies[0].ID,
        managerID: null,
        lastLoginDate: formatWorkfrontDate(ANCHOR_MS - 3_600_000),
        loginCount: 4821,
        entryDate: formatWorkfrontDate(ANCHOR_MS - 9 * 365 * DAY),
        actualDeactivationDate: null,
        scheduleDeactivationDate: null,
        timeZone: ADMIN_TIME_ZONE,
      };
      managerPool.push(ID);
      continue;
    }
    const n = pickName(rng);
    const isAdmin = rng() < 0.004;
    const licenseType = isAdmin ? 'Standard' : weighted(rng, LICENSE_WEIGHTS);
    const external = licenseType === 'External';
    const accessLevelID = isAdmin ? adminLevel : (levelByName.get(LEVEL_FOR_LICENSE[licenseType]) ?? adminLevel);
    const homeGroupID = pick(rng, groups).ID;
    const companyID = external ? pick(rng, externalCompanies).ID : pick(rng, internalCompanies).ID;
    const title = external ? pick(rng, EXTERNAL_TITLES) : pick(rng, TITLES);
    const managerID = !external && rng() < 0.9 ? pick(rng, managerPool) : null;
    const isActive = rng() >= 0.15;
    const entryMs = ANCHOR_MS - between(rng, 2 * DAY, 8 * 365 * DAY);
    const deactivatedMs = isActive ? null : between(rng, entryMs + DAY, ANCHOR_MS);
    const neverLoggedIn = rng() < 0.08;
    const lastLoginMs = neverLoggedIn ? null : between(rng, entryMs, deactivatedMs ?? ANCHOR_MS);
    const loginCount = lastLoginMs === null ? 0 : intBetween(rng, 1, 1 + Math.floor((lastLoginMs - entryMs) / DAY) * 2);
    const scheduled = isActive && rng() < 0.01;
    const scheduleMs = scheduled ? ANCHOR_MS + between(rng, 3 * 365, 4 * 365) * DAY : null;
    const username = flat(usernames.next(n.firstAscii, n.lastAscii));
    users[i] = {
      ID,
      name: flat(`${n.first} ${n.last}`),
      firstName: n.first,
      lastName: n.last,
      username,
      emailAddr: username,
      title,
      isActive,
      isAdmin,
      licenseType,
      accessLevelID,
      homeGroupID,
      companyID,
      managerID,
      lastLoginDate: optionalDate(lastLoginMs),
      loginCount,
      entryDate: flat(formatWorkfrontDate(entryMs)),
      actualDeactivationDate: optionalDate(deactivatedMs),
      scheduleDeactivationDate: optionalDate(
        scheduleMs === null ? null : scheduleMs - (scheduleMs % DAY) + 7 * 3_600_000,
      ),
      // By position, not from the random stream, so every other value of a seeded organisation stays as it was.
      timeZone: TIME_ZONES[i % TIME_ZONES.length],
    };
    if (isActive && !external && rng() < 0.08) managerPool.push(ID);
  }
  ensureVariety(users);
  return { accessLevels, groups, companies, users, adminId };
}

/**
 * Small organisations could miss a case by chance; tests rely on at least one inactive user, one that
 * never logged in and one with a scheduled deactivation whenever there are ten users or more.
 */
function ensureVariety(users: SimUser[]): void {
  if (users.length < 10) return;
  const last = users.length - 1;
  if (!users.some((u) => !u.isActive)) {
    const u = users[last];
    u.isActive = false;
    u.scheduleDeactivationDate = null;
    u.actualDeactivationDate = formatWorkfrontDate(ANCHOR_MS - 30 * DAY);
  }
  if (!users.some((u) => u.lastLoginDate === null)) {
    const u = users[last - 1];
    u.lastLoginDate = null;
    u.loginCount = 0;
  }
  if (!users.some((u) => u.scheduleDeactivationDate !== null)) {
    const u = users
      .slice(1)
      .reverse()
      .find((candidate) => candidate.isActive);
    if (u)
      u.scheduleDeactivationDate = formatWorkfrontDate(ANCHOR_MS + 3 * 365 * DAY - (ANCHOR_MS % DAY) + 7 * 3_600_000);
  }
}
