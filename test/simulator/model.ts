// What the simulator knows about each object type: its fields, their types, and its references. Field
// validation, filters, sorting and projection all read this one table.

import type { SimUser } from './types';

export type FieldValue = string | number | boolean | null;
export type FieldType = 'id' | 'string' | 'boolean' | 'number' | 'date';
export type ObjCode = 'USER' | 'ACSLVL' | 'GROUP' | 'CMPY';

export interface FieldDef {
  readonly type: FieldType;
  readonly nullable?: boolean;
  /** Refused in `updates` (422). */
  readonly readOnly?: boolean;
}

export interface RefDef {
  readonly objCode: ObjCode;
  /** The field holding the referenced object's ID. */
  readonly idField: string;
}

export interface ObjDef {
  readonly objCode: ObjCode;
  readonly label: string;
  readonly fields: Readonly<Record<string, FieldDef>>;
  readonly refs: Readonly<Record<string, RefDef>>;
}

/** Any stored object seen through its field names. */
export interface Row {
  readonly [field: string]: FieldValue;
}

/** Access levels, groups and companies: fixed for the simulator's lifetime. */
export interface Entity extends Row {
  readonly ID: string;
  readonly name: string;
  readonly objCode: ObjCode;
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const id: FieldDef = { type: 'id' };
const text: FieldDef = { type: 'string' };
const readOnlyText: FieldDef = { type: 'string', readOnly: true };

export const USER_DEF: ObjDef = {
  objCode: 'USER',
  label: 'User',
  fields: {
    ID: { type: 'id', readOnly: true },
    name: readOnlyText, // Workfront derives a user's name from firstName and lastName
    objCode: readOnlyText,
    firstName: text,
    lastName: text,
    username: text,
    emailAddr: text,
    title: text,
    isActive: { type: 'boolean' },
    isAdmin: { type: 'boolean' },
    licenseType: text,
    accessLevelID: id,
    homeGroupID: id,
    companyID: id,
    managerID: { type: 'id', nullable: true },
    lastLoginDate: { type: 'date', nullable: true, readOnly: true },
    loginCount: { type: 'number', readOnly: true },
    entryDate: { type: 'date', readOnly: true },
    actualDeactivationDate: { type: 'date', nullable: true, readOnly: true },
    scheduleDeactivationDate: { type: 'date', nullable: true },
    timeZone: { type: 'string', nullable: true },
  },
  refs: {
    accessLevel: { objCode: 'ACSLVL', idField: 'accessLevelID' },
    homeGroup: { objCode: 'GROUP', idField: 'homeGroupID' },
    company: { objCode: 'CMPY', idField: 'companyID' },
    manager: { objCode: 'USER', idField: 'managerID' },
  },
};

const ENTITY_BASE: Record<string, FieldDef> = {
  ID: { type: 'id', readOnly: true },
  name: readOnlyText,
  objCode: readOnlyText,
};

export const OBJ_DEFS: Readonly<Record<ObjCode, ObjDef>> = {
  USER: USER_DEF,
  ACSLVL: {
    objCode: 'ACSLVL',
    label: 'Access Level',
    fields: { ...ENTITY_BASE, description: readOnlyText, isAdmin: { type: 'boolean', readOnly: true } },
    refs: {},
  },
  GROUP: { objCode: 'GROUP', label: 'Group', fields: { ...ENTITY_BASE, description: readOnlyText }, refs: {} },
  CMPY: { objCode: 'CMPY', label: 'Company', fields: { ...ENTITY_BASE }, refs: {} },
};

/**
 * The USER fields returned when a request names no `fields` (Workfront's real default set is not
 * documented; this one is deliberately short so that clients learn to ask for what they need).
 */
export const USER_DEFAULT_FIELDS: readonly string[] = [
  'ID',
  'name',
  'objCode',
  'firstName',
  'lastName',
  'username',
  'emailAddr',
  'title',
  'isActive',
  'isAdmin',
  'licenseType',
  'lastLoginDate',
];

/** A SimUser seen through its field names (interfaces have no index signature, hence the cast). */
export function asRow(user: SimUser): Row {
  return user as unknown as Row;
}

/** Reads one field; objCode is implied by the type rather than stored on users. */
export function readField(def: ObjDef, row: Row, field: string): FieldValue {
  if (field === 'objCode') return def.objCode;
  const value = row[field];
  return value === undefined ? null : value;
}

export type Getter = (row: Row) => FieldValue;

/**
 * One getter per USER field, each reading a constant property name. `row[field]` with a variable name
 * is a megamorphic lookup that dominated filters and projections at 100,000 users; these stay
 * monomorphic. (Typed against Row so that filters and projections can share them.)
 */
const USER_GETTERS: Readonly<Record<string, Getter>> = {
  ID: (u) => u.ID,
  name: (u) => u.name,
  objCode: () => 'USER',
  firstName: (u) => u.firstName,
  lastName: (u) => u.lastName,
  username: (u) => u.username,
  emailAddr: (u) => u.emailAddr,
  title: (u) => u.title,
  isActive: (u) => u.isActive,
  isAdmin: (u) => u.isAdmin,
  licenseType: (u) => u.licenseType,
  accessLevelID: (u) => u.accessLevelID,
  homeGroupID: (u) => u.homeGroupID,
  companyID: (u) => u.companyID,
  managerID: (u) => u.managerID,
  lastLoginDate: (u) => u.lastLoginDate,
  loginCount: (u) => u.loginCount,
  entryDate: (u) => u.entryDate,
  actualDeactivationDate: (u) => u.actualDeactivationDate,
  scheduleDeactivationDate: (u) => u.scheduleDeactivationDate,
  timeZone: (u) => u.timeZone,
};

/** The fastest getter for a field of an object type. */
export function getterFor(def: ObjDef, field: string): Getter {
  if (def.objCode === 'USER' && Object.hasOwn(USER_GETTERS, field)) return USER_GETTERS[field];
  return (row) => readField(def, row, field);
}

/** The field's definition; own properties only, so "constructor" or "toString" are not fields. */
export function fieldDef(def: ObjDef, name: string): FieldDef | undefined {
  return Object.hasOwn(def.fields, name) ? def.fields[name] : undefined;
}

export function refDef(def: ObjDef, name: string): RefDef | undefined {
  return Object.hasOwn(def.refs, name) ? def.refs[name] : undefined;
}
