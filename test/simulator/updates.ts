// Validation of `updates` for a USER edit: field names, types ("false" and false both mean false), the
// main-admin rule and who may edit whom. Everything is checked before anything is applied, so a refused
// edit leaves the store unchanged.

import { formatWorkfrontDate, parseDate } from './dates';
import { ERROR_CLASS, SimError, invalidParameter } from './errors';
import { USER_DEF, fieldDef, type FieldValue } from './model';
import { LICENSE_TYPES } from './seed';
import type { Store } from './store';
import type { SimUser } from './types';

export const MAIN_ADMIN_DEACTIVATION = 'The main administrator cannot be deactivated.';
export const MAIN_ADMIN_RELEVEL = "The main administrator's access level cannot be changed.";

/** Fields only an administrator may change, even on their own user. */
const ADMIN_ONLY = new Set([
  'isActive',
  'isAdmin',
  'accessLevelID',
  'licenseType',
  'scheduleDeactivationDate',
  'homeGroupID',
  'companyID',
  'managerID',
]);

function validation(message: string): SimError {
  return new SimError(422, ERROR_CLASS.validation, message);
}

function security(message: string): SimError {
  return new SimError(422, ERROR_CLASS.security, message);
}

export function parseUpdatesJson(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') throw invalidParameter('updates is required for an edit');
  try {
    return JSON.parse(text);
  } catch {
    throw invalidParameter('updates is not valid JSON');
  }
}

function coerceBoolean(value: unknown, field: string): boolean {
  if (value === true || value === false) return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw invalidParameter(`Invalid value ${JSON.stringify(value)} for ${field}: expected true or false`);
}

function coerceValue(store: Store, target: SimUser, field: string, value: unknown): FieldValue {
  const def = fieldDef(USER_DEF, field);
  if (!def) throw invalidParameter(`Invalid field "${field}": not a field of USER (names are case-sensitive)`);
  if (value === null || (value === '' && def.type === 'date')) {
    if (def.nullable) return null;
    throw invalidParameter(`${field} cannot be empty`);
  }
  switch (def.type) {
    case 'boolean':
      return coerceBoolean(value, field);
    case 'date': {
      const ms = typeof value === 'string' ? parseDate(value) : undefined;
      if (ms === undefined)
        throw invalidParameter(
          `Invalid value ${JSON.stringify(value)} for ${field}: expected a date such as 2025-01-31T00:00:00:000-0700`,
        );
      return formatWorkfrontDate(ms);
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw invalidParameter(`Invalid value ${JSON.stringify(value)} for ${field}: expected a number`);
      return value;
    case 'id': {
      if (typeof value !== 'string')
        throw invalidParameter(`Invalid value ${JSON.stringify(value)} for ${field}: expected an ID`);
      const objCode =
        field === 'accessLevelID'
          ? 'ACSLVL'
          : field === 'homeGroupID'
            ? 'GROUP'
            : field === 'companyID'
              ? 'CMPY'
              : 'USER';
      if (!store.entity(objCode, value)) throw invalidParameter(`${field}: there is no ${objCode} with ID ${value}`);
      if (field === 'managerID' && value === target.ID) throw validation('A user cannot be their own manager.');
      return value;
    }
    default: {
      if (typeof value !== 'string')
        throw invalidParameter(`Invalid value ${JSON.stringify(value)} for ${field}: expected text`);
      if (value.trim() === '') throw invalidParameter(`${field} cannot be empty`);
      if (field === 'licenseType' && !LICENSE_TYPES.includes(value)) {
        throw invalidParameter(`Invalid licenseType "${value}"; expected one of ${LICENSE_TYPES.join(', ')}`);
      }
      if (field === 'emailAddr' && !value.includes('@')) throw invalidParameter(`Invalid email address "${value}"`);
      return value;
    }
  }
}

/** Checks one edit and returns the changes to apply; throws a SimError for anything Workfront refuses. */
export function validateUpdates(store: Store, target: SimUser, updates: unknown, caller: SimUser): Partial<SimUser> {
  if (typeof updates !== 'object' || updates === null || Array.isArray(updates)) {
    throw invalidParameter('updates must be a JSON object of field names and values');
  }
  const changes: Record<string, FieldValue> = {};
  for (const [field, value] of Object.entries(updates as Record<string, unknown>)) {
    if (field === 'ID' && value === target.ID) continue; // bulk items carry their ID
    const def = fieldDef(USER_DEF, field);
    if (def?.readOnly) throw validation(`${field} is read-only and cannot be edited.`);
    changes[field] = coerceValue(store, target, field, value);
  }
  const callerIsAdmin = store.isAdmin(caller);
  if (!callerIsAdmin) {
    if (caller.ID !== target.ID) throw security(`You do not have sufficient access to edit the user ${target.name}.`);
    const restricted = Object.keys(changes).find((f) => ADMIN_ONLY.has(f));
    if (restricted) throw security(`You do not have sufficient access to change ${restricted}.`);
  }
  if (target.ID === store.adminId) {
    if (changes.isActive === false) throw validation(MAIN_ADMIN_DEACTIVATION);
    const newLevel = changes.accessLevelID;
    if (
      changes.isAdmin === false ||
      (typeof newLevel === 'string' && store.entity('ACSLVL', newLevel)?.isAdmin !== true)
    ) {
      throw validation(MAIN_ADMIN_RELEVEL);
    }
  }
  const email = changes.emailAddr;
  const newUsername =
    changes.username ?? (typeof email === 'string' && target.username === target.emailAddr ? email : undefined);
  if (typeof newUsername === 'string') {
    const holder = store.byUsernameCi(newUsername);
    if (holder && holder.ID !== target.ID) throw validation(`The username ${newUsername} is already in use.`);
  }
  return changes as Partial<SimUser>;
}
