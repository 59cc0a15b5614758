// Checks and converts Workfront's JSON records into the extension's user shapes. Anything of the wrong
// shape is a `malformed` error, so a broken answer can never show up as "no users" or a wrong status.
import { parseWorkfrontDate } from './dates';
import { WorkfrontError } from './errors';
import { assertWorkfrontId, isWorkfrontId } from './ids';
import { preview } from './text';
import { isRecord } from './failures';
import type { CurrentUser, UserDetails, UserExportRow, UserSummary } from './types';

/** License types and titles repeat across thousands of users; one string each saves memory. */
const interned = new Map<string, string>();
export function intern(s: string): string {
  if (s.length > 64) return s;
  let v = interned.get(s);
  if (v === undefined) {
    if (interned.size > 50_000) interned.clear();
    interned.set(s, s);
    v = s;
  }
  return v;
}

function bad(operation: string, what: string): WorkfrontError {
  return new WorkfrontError('malformed', `${operation}: Workfront's answer had an unexpected shape (${what}).`, {
    operation,
  });
}

export function asRecord(value: unknown, operation: string): Record<string, unknown> {
  if (!isRecord(value)) throw bad(operation, `expected an object, got ${kindOf(value)}`);
  return value;
}

export function asArray(value: unknown, operation: string): unknown[] {
  if (!Array.isArray(value)) throw bad(operation, `expected a list, got ${kindOf(value)}`);
  return value;
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v;
}

function text(r: Record<string, unknown>, key: string, operation: string): string {
  const v = r[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw bad(operation, `${key} is ${kindOf(v)}`);
  return v;
}

/** Workfront documents `isActive` as boolean but deactivation sends the string "false": read both. */
function readBoolean(r: Record<string, unknown>, key: string, operation: string): boolean {
  const v = r[key];
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw bad(operation, `${key} is ${preview(v)}`);
}

/** A text field of a reference (`manager:name`), or null when there is no reference or no such text. */
function refText(r: Record<string, unknown>, key: string, field = 'name'): string | null {
  const v = r[key];
  return isRecord(v) && typeof v[field] === 'string' ? v[field] : null;
}

/** A reference's ID when it is a Workfront ID (it may go into a URL later), else null. */
function refId(r: Record<string, unknown>, key: string): string | null {
  const v = r[key];
  return isRecord(v) && isWorkfrontId(v.ID) ? v.ID.toLowerCase() : null;
}

export function toSummary(value: unknown, operation: string): UserSummary {
  const r = asRecord(value, operation);
  return {
    ID: assertWorkfrontId(r.ID, operation),
    name: text(r, 'name', operation),
    emailAddr: text(r, 'emailAddr', operation),
    title: intern(text(r, 'title', operation)),
    isActive: readBoolean(r, 'isActive', operation),
    licenseType: intern(text(r, 'licenseType', operation)),
    lastLoginDate: parseWorkfrontDate(r.lastLoginDate),
    actualDeactivationDate: parseWorkfrontDate(r.actualDeactivationDate),
    scheduleDeactivationDate: parseWorkfrontDate(r.scheduleDeactivationDate),
  };
}

export function toDetails(value: unknown, operation: string): UserDetails {
  const r = asRecord(value, operation);
  const loginCount = r.loginCount;
  return {
    ...toSummary(r, operation),
    username: text(r, 'username', operation),
    firstName: text(r, 'firstName', operation),
    lastName: text(r, 'lastName', operation),
    isAdmin: r.isAdmin === true || r.isAdmin === 'true',
    loginCount: typeof loginCount === 'number' ? loginCount : null,
    entryDate: parseWorkfrontDate(r.entryDate),
    accessLevelName: refText(r, 'accessLevel'),
    homeGroupName: refText(r, 'homeGroup'),
    companyName: refText(r, 'company'),
    managerName: refText(r, 'manager'),
    managerID: refId(r, 'manager'),
  };
}

export function toExportRow(value: unknown, operation: string): UserExportRow {
  const r = asRecord(value, operation);
  return {
    ...toSummary(r, operation),
    accessLevelName: refText(r, 'accessLevel'),
    homeGroupName: refText(r, 'homeGroup'),
    managerName: refText(r, 'manager'),
    managerEmail: refText(r, 'manager', 'emailAddr'),
  };
}

/** The signed-in user's `timeZone` (from `user?id=$$USER`), or null when Workfront has none. */
export function toTimeZone(value: unknown, operation: string): string | null {
  const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
  const zone = asRecord(one, operation).timeZone;
  if (zone === undefined || zone === null || zone === '') return null;
  if (typeof zone !== 'string') throw bad(operation, `timeZone is ${preview(zone)}`);
  return zone;
}

export function toCurrentUser(value: unknown, operation: string): CurrentUser {
  // `user?id=$$USER` may come back as the object or as a one-element list.
  const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
  const r = asRecord(one, operation);
  return {
    ID: assertWorkfrontId(r.ID, operation),
    name: text(r, 'name', operation),
    username: text(r, 'username', operation),
    isAdmin: r.isAdmin === true || r.isAdmin === 'true',
  };
}

export function toCount(value: unknown, operation: string): number {
  const r = asRecord(value, operation);
  const n = typeof r.count === 'string' ? Number(r.count) : r.count;
  // Past 2^53 a count is no longer exact (2^53 + 1 reads as 2^53): not a number of users.
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw bad(operation, `count is ${preview(r.count)}`);
  return n;
}
