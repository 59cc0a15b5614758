// The USER operations behind the routes: search, count, get, edit, bulk edit, key actions, login. Each
// returns the success envelope or throws a SimError; the server turns both into HTTP.

import type { Credentials } from './credentials';
import { ERROR_CLASS, NOT_LOGGED_IN, SimError, invalidParameter, notFound } from './errors';
import { parseFields } from './fields';
import { enumerationOf } from './userMetadata';
import { OBJ_DEFS, USER_DEF, USER_DEFAULT_FIELDS, asRow, type Json, type JsonObject } from './model';
import type { Params } from './params';
import { parseFilter } from './filters';
import { parsePaging, type QueryEngine } from './query';
import { parseSort } from './sorting';
import type { Route } from './routes';
import type { RowTextCache } from './rowText';
import type { Store } from './store';
import type { SimUser } from './types';
import { parseUpdatesJson, validateUpdates } from './updates';
import { handleWork } from './work/handlers';
import type { WorkStore } from './work/store';

export const MAX_BULK = 100;
const KEY_ACTIONS = new Set(['getApiKey', 'generateApiKey', 'clearApiKey']);

export interface HandlerContext {
  readonly store: Store;
  readonly creds: Credentials;
  readonly engine: QueryEngine;
  /** Users' JSON texts per projection, reused while their values are unchanged. */
  readonly rows: RowTextCache;
  readonly params: Params;
  /** The authenticated user; set for every route that needs authentication. */
  readonly caller?: SimUser;
  /** The session the request presented (header, parameter or cookie), for logout. */
  readonly sessionId?: string;
  readonly authErrorStatus: number;
  readonly limitErrorStatus: number;
  readonly work: WorkStore;
}

const data = (value: Json): JsonObject => ({ data: value });

/** An answer already serialised: exactly the UTF-8 bytes of JSON.stringify of its envelope. */
export class JsonBytes {
  constructor(readonly bytes: Buffer) {}
}

const DATA_OPEN = Buffer.from('{"data":', 'utf8');
const COMMA = 0x2c;

/**
 * `{"data":…}` around users' texts (an array unless `single`): the bytes of JSON.stringify(data(rows)),
 * which joins an array's items with commas and adds no spaces, without building the row objects.
 */
function dataRows(texts: readonly Buffer[], single = false): JsonBytes {
  let length = DATA_OPEN.length + 1 + (single ? 0 : 2 + Math.max(texts.length - 1, 0));
  for (const t of texts) length += t.length;
  const out = Buffer.allocUnsafe(length);
  let at = DATA_OPEN.copy(out, 0);
  if (!single) out[at++] = 0x5b; // [
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) out[at++] = COMMA;
    at += texts[i].copy(out, at);
  }
  if (!single) out[at++] = 0x5d; // ]
  out[at++] = 0x7d; // }
  return new JsonBytes(out);
}

function requireCaller(ctx: HandlerContext): SimUser {
  if (!ctx.caller) throw new SimError(ctx.authErrorStatus, ERROR_CLASS.auth, NOT_LOGGED_IN);
  return ctx.caller;
}

function targetUser(ctx: HandlerContext, id: string): SimUser {
  const user = ctx.store.get(id === '$$USER' ? (ctx.caller?.ID ?? id) : id);
  if (!user) throw notFound('USER', id);
  return user;
}

function projection(ctx: HandlerContext, alwaysDefaults: boolean) {
  return parseFields(USER_DEF, ctx.params.getAll('fields'), USER_DEFAULT_FIELDS, alwaysDefaults);
}

export function handleRoute(route: Route, ctx: HandlerContext): JsonObject | JsonBytes {
  switch (route.handler) {
    case 'search':
      return search(ctx);
    case 'count':
      return count(ctx);
    case 'get':
      return get(route, ctx);
    case 'update':
      return update(route, ctx);
    case 'bulkUpdate':
      return bulkUpdate(ctx);
    case 'objectAction':
      return objectAction(route, ctx);
    case 'keyAction':
      return keyAction(route, ctx);
    case 'metadata':
      return metadata();
    case 'delete':
      return remove(route, ctx);
    case 'login':
      return login(ctx);
    case 'logout':
      return logout(ctx);
    case 'work':
      if (!route.work) throw invalidParameter('unrecognized URI format');
      return handleWork(route.work, { ...ctx, caller: requireCaller(ctx) });
    case 'unknownObject':
      throw new SimError(
        404,
        ERROR_CLASS.notFound,
        `Unsupported object code ${route.objCode ?? ''}: the simulator serves USER and the work objects of test/simulator/work only`,
      );
    case 'routeError':
      throw route.error ?? invalidParameter('unrecognized URI format');
    default:
      throw new SimError(404, ERROR_CLASS.notFound, 'Not found');
  }
}

function search(ctx: HandlerContext): JsonBytes {
  const caller = requireCaller(ctx);
  const filter = parseFilter(ctx.store, ctx.params, caller.ID);
  const sort = parseSort(ctx.store, ctx.params);
  const paging = parsePaging(ctx.params, ctx.limitErrorStatus);
  const fields = projection(ctx, false);
  const list = ctx.engine.list(filter, sort);
  const page = ctx.engine.page(list, paging.first, paging.limit, sort.keys.length > 0);
  return dataRows(ctx.rows.texts(page, fields));
}

function count(ctx: HandlerContext): JsonObject {
  const caller = requireCaller(ctx);
  const filter = parseFilter(ctx.store, ctx.params, caller.ID);
  // Paging does not apply to a count, but a $$LIMIT above 2000 is still refused like everywhere else.
  parsePaging(ctx.params, ctx.limitErrorStatus);
  return data({ count: ctx.engine.list(filter, parseSort(ctx.store, ctx.params)).length });
}

function get(route: Route, ctx: HandlerContext): JsonBytes {
  requireCaller(ctx);
  const fields = projection(ctx, false);
  const users = route.ids.map((id) => targetUser(ctx, id));
  return dataRows(ctx.rows.texts(users, fields), route.ids.length === 1);
}

function update(route: Route, ctx: HandlerContext): JsonObject {
  const caller = requireCaller(ctx);
  const target = targetUser(ctx, route.ids[0]);
  const fields = projection(ctx, true);
  const changes = validateUpdates(ctx.store, target, parseUpdatesJson(ctx.params.get('updates')), caller);
  ctx.store.update(target.ID, changes);
  return data(fields.project(asRow(target), ctx.store));
}

function bulkUpdate(ctx: HandlerContext): JsonObject {
  const caller = requireCaller(ctx);
  const updates = parseUpdatesJson(ctx.params.get('updates'));
  if (!Array.isArray(updates)) throw invalidParameter('updates must be a JSON array for a bulk edit');
  if (updates.length === 0) throw invalidParameter('updates is empty');
  if (updates.length > MAX_BULK) {
    throw invalidParameter(`A bulk edit may change at most ${MAX_BULK} objects; got ${updates.length}`);
  }
  const fields = projection(ctx, true);
  // All or nothing: validate every item before applying any, so a refused item leaves the store unchanged.
  const planned = updates.map((item: unknown, index) => {
    const id = typeof item === 'object' && item !== null ? (item as { ID?: unknown }).ID : undefined;
    if (typeof id !== 'string') throw invalidParameter(`updates[${index}] needs the ID of the object to edit`);
    const target = targetUser(ctx, id);
    return { target, changes: validateUpdates(ctx.store, target, item, caller) };
  });
  for (const { target, changes } of planned) ctx.store.update(target.ID, changes);
  if (ctx.params.get('atomic') === 'true') return data({ success: true });
  return data(planned.map(({ target }) => fields.project(asRow(target), ctx.store)));
}

function runKeyAction(action: string, user: SimUser, ctx: HandlerContext): JsonObject {
  switch (action) {
    case 'getApiKey':
      return data({ result: ctx.creds.currentKey(user.ID) });
    case 'generateApiKey':
      return data({ result: ctx.creds.regenerate(user.ID) });
    default:
      ctx.creds.clear(user.ID);
      return data({ success: true });
  }
}

function unknownAction(action: string): SimError {
  return invalidParameter(`Unknown action "${action}" for USER; the simulator supports ${[...KEY_ACTIONS].join(', ')}`);
}

/** `PUT /user?action=getApiKey&username=…&password=…`: credentials instead of a key. */
function keyAction(route: Route, ctx: HandlerContext): JsonObject {
  const action = route.action ?? '';
  if (!KEY_ACTIONS.has(action)) throw unknownAction(action);
  const username = ctx.params.get('username');
  const password = ctx.params.get('password');
  let user: SimUser | undefined;
  if (username !== undefined || password !== undefined) {
    user = ctx.creds.check(username ?? '', password ?? '');
    if (!user) throw new SimError(ctx.authErrorStatus, ERROR_CLASS.auth, 'Invalid username or password');
  } else {
    user = requireCaller(ctx); // a key or session may stand in for the password
  }
  return runKeyAction(action, user, ctx);
}

/** `PUT /user/<ID>/<action>` or `PUT /user/<ID>?action=…` */
function objectAction(route: Route, ctx: HandlerContext): JsonObject {
  const caller = requireCaller(ctx);
  const target = targetUser(ctx, route.ids[0]);
  const action = route.action ?? '';
  if (!KEY_ACTIONS.has(action)) throw unknownAction(action);
  if (caller.ID !== target.ID && !ctx.store.isAdmin(caller)) {
    throw new SimError(
      422,
      ERROR_CLASS.security,
      `You do not have sufficient access to manage the API key of ${target.name}.`,
    );
  }
  return runKeyAction(action, target, ctx);
}

function remove(route: Route, ctx: HandlerContext): JsonObject {
  const caller = requireCaller(ctx);
  const target = targetUser(ctx, route.ids[0]);
  if (!ctx.store.isAdmin(caller))
    throw new SimError(
      422,
      ERROR_CLASS.security,
      `You do not have sufficient access to delete the user ${target.name}.`,
    );
  if (target.ID === ctx.store.adminId)
    throw new SimError(422, ERROR_CLASS.validation, 'The main administrator cannot be deleted.');
  ctx.store.remove(target.ID);
  return data({ success: true });
}

function login(ctx: HandlerContext): JsonObject {
  const user = ctx.creds.check(ctx.params.get('username') ?? '', ctx.params.get('password') ?? '');
  if (!user) throw new SimError(ctx.authErrorStatus, ERROR_CLASS.auth, 'Invalid username or password');
  return data({ userID: user.ID, sessionID: ctx.creds.login(user) });
}

function logout(ctx: HandlerContext): JsonObject {
  if (ctx.sessionId !== undefined) ctx.creds.logout(ctx.sessionId);
  return data({ success: true });
}

/** A small subset of Workfront's metadata reply: field types and references. */
function metadata(): JsonObject {
  const def = OBJ_DEFS.USER;
  const fields: JsonObject = {};
  for (const [name, field] of Object.entries(def.fields)) {
    fields[name] = {
      fieldType: field.type,
      isNullable: field.nullable === true,
      isReadOnly: field.readOnly === true,
      ...enumerationOf(name),
    };
  }
  const references: JsonObject = {};
  for (const [name, ref] of Object.entries(def.refs)) references[name] = { objCode: ref.objCode, idField: ref.idField };
  return data({ objCode: def.objCode, name: def.label, fields, references });
}
