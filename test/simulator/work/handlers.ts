// The routes and answers of the work objects: count, search, get, edit, `/metadata`, and the ASSIGNMENT
// actions (swapUsersOnTasks, swapUsersOnProjects, unassignUserFromProjects). Filters take `<field>=…`
// with `_Mod` eq, ne, in, notin, isnull, notnull: what the extension sends, and what Workfront documents.

import { ERROR_CLASS, SimError, badUri, invalidParameter, notFound } from '../errors';
import type { JsonObject } from '../model';
import type { Params } from '../params';
import { parsePaging } from '../query';
import type { RequestOp, SimUser } from '../types';
import { WORK_DEFS, workMetadata, workObjCode, type ObjDef, type WorkItem, type WorkObjCode } from './objects';
import type { ItemCode, WorkStore } from './store';

export interface WorkRoute {
  readonly objCode: WorkObjCode;
  readonly op: RequestOp;
  readonly kind: 'count' | 'search' | 'get' | 'update' | 'action' | 'metadata';
  readonly ids: readonly string[];
  readonly action?: string;
  readonly error?: SimError;
}

const HEX_ID = /^[0-9a-f]{32}$/i;

/** The route of a work object URL, or undefined when the object code is not one of them. */
export function routeWork(
  urlObj: string,
  rest: readonly string[],
  params: Params,
  method: string,
): WorkRoute | undefined {
  const objCode = workObjCode(urlObj);
  if (!objCode) return undefined;
  const action = params.get('action');
  const ids = params
    .getAll('id')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const needs = (verb: string, route: WorkRoute): WorkRoute =>
    method === verb ? route : { ...route, error: badUri(`unrecognized URI format: ${route.kind} needs ${verb}`) };
  if (rest.length === 0) {
    if (action !== undefined) return needs('PUT', { objCode, op: 'action', kind: 'action', ids, action });
    if (method === 'PUT') return { objCode, op: 'update', kind: 'update', ids: ids.slice(0, 1) };
    return { objCode, op: 'get', kind: 'get', ids };
  }
  const [first, second] = rest;
  const lower = first.toLowerCase();
  if (rest.length === 1 && (lower === 'search' || lower === 'count')) {
    return needs('GET', { objCode, op: lower, kind: lower, ids: [] });
  }
  if (rest.length === 1 && lower === 'metadata') return { objCode, op: 'other', kind: 'metadata', ids: [] };
  if (rest.length === 1 && !HEX_ID.test(first)) {
    return needs('PUT', { objCode, op: 'action', kind: 'action', ids: [], action: first });
  }
  if (rest.length === 2) return needs('PUT', { objCode, op: 'action', kind: 'action', ids: [first], action: second });
  if (rest.length > 2)
    return { objCode, op: 'other', kind: 'get', ids: [], error: badUri('unrecognized URI format: too many parts') };
  if (action !== undefined) return needs('PUT', { objCode, op: 'action', kind: 'action', ids: [first], action });
  if (method === 'PUT') return { objCode, op: 'update', kind: 'update', ids: [first] };
  return { objCode, op: 'get', kind: 'get', ids: [first] };
}

export interface WorkContext {
  readonly work: WorkStore;
  readonly params: Params;
  readonly caller: SimUser;
  readonly limitErrorStatus: number;
}

export function handleWork(route: WorkRoute, ctx: WorkContext): JsonObject {
  if (route.error) throw route.error;
  const def = WORK_DEFS[route.objCode];
  if (route.kind === 'metadata') return { data: workMetadata(route.objCode) as JsonObject };
  if (route.kind === 'action') return { data: runAction(def, route, ctx) };
  if (route.objCode === 'ASSGN') throw invalidParameter('The simulator serves only the actions of ASSIGNMENT');
  const objCode = route.objCode;
  switch (route.kind) {
    case 'count':
      return { data: { count: matching(def, objCode, ctx).length } };
    case 'search': {
      const paging = parsePaging(ctx.params, ctx.limitErrorStatus);
      const page = matching(def, objCode, ctx).slice(paging.first, paging.first + paging.limit);
      return { data: page.map((item) => project(def, item, ctx.params)) };
    }
    case 'get': {
      if (route.ids.length === 0) throw invalidParameter('ID is required; use /search to list objects');
      const rows = route.ids.map((id) => project(def, found(ctx, objCode, id), ctx.params));
      return { data: rows.length === 1 ? rows[0] : rows };
    }
    default:
      return { data: edit(def, objCode, route.ids[0], ctx) };
  }
}

function found(ctx: WorkContext, objCode: ItemCode, id: string | undefined): WorkItem {
  const item = id === undefined ? undefined : ctx.work.get(objCode, id);
  if (!item) throw notFound(objCode, id ?? '');
  return item;
}

/** The fields asked for (`fields=a,b`), plus ID, name and objCode, which always come. */
function project(def: ObjDef, item: WorkItem, params: Params): JsonObject {
  const asked = params
    .getAll('fields')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const out: JsonObject = { ID: item.ID, name: item.name, objCode: item.objCode };
  for (const name of asked) {
    if (name === '*') {
      for (const field of Object.keys(def.fields)) out[field] = item[field] ?? null;
    } else if (name in def.fields) {
      out[name] = item[name] ?? null;
    } else if (!(name in out)) {
      throw invalidParameter(`APIModel does not support field ${name} (${def.objCode})`);
    }
  }
  return out;
}

/** Filter names are the object's fields; every other parameter (paging, fields, the key) is not a filter. */
function matching(def: ObjDef, objCode: ItemCode, ctx: WorkContext): WorkItem[] {
  const tests: Array<(item: WorkItem) => boolean> = [];
  for (const name of ctx.params.names()) {
    const base = name.endsWith('_Mod') ? name.slice(0, -4) : name;
    if (!(base in def.fields)) {
      if (name.endsWith('_Mod')) throw invalidParameter(`APIModel does not support field ${base} (${def.objCode})`);
      continue;
    }
    if (name !== base) continue;
    const mod = ctx.params.get(`${base}_Mod`) ?? 'eq';
    const values = ctx.params
      .getAll(base)
      .flatMap((v) => (mod === 'in' || mod === 'notin' ? v.split(',') : [v]))
      .map((v) => v.trim());
    tests.push(condition(base, mod, values));
  }
  return ctx.work.items(objCode).filter((item) => tests.every((test) => test(item)));
}

function condition(field: string, mod: string, values: readonly string[]): (item: WorkItem) => boolean {
  const text = (item: WorkItem) => {
    const value = item[field];
    return value === null || value === undefined ? null : String(value);
  };
  switch (mod) {
    case 'eq':
      return (item) => text(item) === values[0];
    case 'ne':
      return (item) => text(item) !== values[0];
    case 'in':
      return (item) => values.includes(text(item) ?? '');
    case 'notin':
      return (item) => !values.includes(text(item) ?? '');
    case 'isnull':
      return (item) => text(item) === null;
    case 'notnull':
      return (item) => text(item) !== null;
    default:
      throw invalidParameter(`Unsupported modifier ${mod} for ${field}`);
  }
}

function checkUser(ctx: WorkContext, id: unknown, field: string): string | null {
  if (id === null) return null;
  if (typeof id !== 'string') throw invalidParameter(`${field} must be a user ID`);
  const user = ctx.work.users.get(id);
  if (!user) throw notFound('USER', id);
  if (!user.isActive) {
    throw new SimError(422, ERROR_CLASS.validation, `${user.name} is inactive and cannot be given work (${field})`);
  }
  return id;
}

function edit(def: ObjDef, objCode: ItemCode, id: string | undefined, ctx: WorkContext): JsonObject {
  if (id === undefined) throw invalidParameter('ID is required for an edit');
  const item = found(ctx, objCode, id);
  let updates: unknown;
  try {
    updates = JSON.parse(ctx.params.get('updates') ?? '');
  } catch {
    throw invalidParameter('updates must be a JSON object');
  }
  if (typeof updates !== 'object' || updates === null || Array.isArray(updates)) {
    throw invalidParameter('updates must be a JSON object');
  }
  const changes: Record<string, string | boolean | null> = {};
  for (const [field, value] of Object.entries(updates as Record<string, unknown>)) {
    const fieldDef = def.fields[field];
    if (!fieldDef) throw invalidParameter(`APIModel does not support field ${field} (${def.objCode})`);
    if (fieldDef.readOnly) throw invalidParameter(`${field} of ${def.objCode} cannot be edited`);
    changes[field] = fieldDef.user ? checkUser(ctx, value, field) : (value as string | boolean | null);
  }
  ctx.work.update(objCode, item.ID, changes);
  return project(def, item, ctx.params);
}

/** A list argument: a JSON array, a comma list, or the parameter repeated (Workfront's form is not public). */
function listArg(ctx: WorkContext, name: string): string[] {
  const values = ctx.params.getAll(name);
  if (values.length === 0) throw invalidParameter(`${name} is required`);
  return values.flatMap((raw) => {
    const text = raw.trim();
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed)) return parsed.map(String);
      } catch {
        // reported below
      }
      throw invalidParameter(`${name} is not a JSON array`);
    }
    return text
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
  });
}

function runAction(def: ObjDef, route: WorkRoute, ctx: WorkContext): JsonObject {
  const action = route.action ?? '';
  if (!(action in def.actions)) {
    throw invalidParameter(`Unknown action "${action}" for ${def.objCode}`);
  }
  const arg = (name: string) => ctx.params.get(name);
  const includeIssues = arg('includeIssues') === 'true';
  switch (action) {
    case 'swapUsersOnTasks': {
      // The user who leaves may already be inactive; the one who receives may not.
      const from = arg('swapFromUserID');
      const to = checkUser(ctx, arg('swapToUserID') ?? null, 'swapToUserID');
      if (!from || !to) throw invalidParameter('swapFromUserID and swapToUserID are required');
      ctx.work.swapOnTasks(listArg(ctx, 'taskIDs'), from, to);
      break;
    }
    case 'swapUsersOnProjects': {
      const from = arg('swapFromUserID');
      const to = checkUser(ctx, arg('swapToUserID') ?? null, 'swapToUserID');
      if (!from || !to) throw invalidParameter('swapFromUserID and swapToUserID are required');
      ctx.work.swapOnProjects(listArg(ctx, 'projectIDs'), from, to, includeIssues);
      break;
    }
    default: {
      const user = arg('unassignUserID');
      if (!user) throw invalidParameter('unassignUserID is required');
      ctx.work.swapOnProjects(listArg(ctx, 'projectIDs'), user, null, includeIssues);
    }
  }
  // What Workfront answers to these actions is not public; the JS client saw this for another action.
  return { result: null };
}
