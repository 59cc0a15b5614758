// Which operation a request is: URL shape (versioned, unversioned, api-unsupported), object code, the
// method= override, ids and actions. Decided before authentication so that the log and the fault rules
// know the operation even for requests that are then refused.

import { badUri, invalidParameter, type SimError } from './errors';
import type { Params } from './params';
import type { RequestOp } from './types';
import { routeWork, type WorkRoute } from './work/handlers';

export type Handler =
  | 'search'
  | 'count'
  | 'get'
  | 'update'
  | 'bulkUpdate'
  | 'objectAction'
  | 'keyAction'
  | 'metadata'
  | 'delete'
  | 'login'
  | 'logout'
  | 'unknownObject'
  | 'routeError'
  | 'work'
  | 'page'
  | 'notFoundPage';

export interface Route {
  readonly handler: Handler;
  readonly op: RequestOp;
  readonly effectiveMethod: string;
  /** The object code as written in the URL. */
  readonly objCode?: string;
  /** Targeted user IDs, `$$USER` left as is (resolved once the caller is known). */
  readonly ids: readonly string[];
  readonly action?: string;
  /** Key actions and login authenticate with username and password instead. */
  readonly needsAuth: boolean;
  readonly error?: SimError;
  /** Tasks, issues, projects, templates, approvals and assignments (test/simulator/work). */
  readonly work?: WorkRoute;
}

const API_PREFIX = /^\/attask\/(?:api\/api-internal|api(?:\/v\d+\.\d+)?|api-unsupported|api-internal)(?:\/(.*))?$/;
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);
/** The login page that an injected redirect points at. */
export const LOGIN_PAGE_PATH = '/attask/login';

function splitIds(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function routeRequest(method: string, pathname: string, params: Params): Route {
  const override = params.get('method')?.trim().toUpperCase();
  const effectiveMethod = override && METHODS.has(override) ? override : method.toUpperCase();
  const base = { effectiveMethod, ids: [] as string[], needsAuth: true };
  const match = API_PREFIX.exec(pathname);
  if (!match) {
    const handler = pathname === LOGIN_PAGE_PATH ? 'page' : 'notFoundPage';
    return { ...base, handler, op: 'other', needsAuth: false };
  }
  let parts: string[];
  try {
    parts = (match[1] ?? '')
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
  } catch {
    return { ...base, handler: 'routeError', op: 'other', error: badUri('unrecognized URI format: bad escape') };
  }
  const [objCode, ...rest] = parts;
  if (objCode === undefined) {
    return { ...base, handler: 'routeError', op: 'other', error: badUri('unrecognized URI format: no object code') };
  }
  const lowerObj = objCode.toLowerCase();
  if (lowerObj === 'login') return { ...base, handler: 'login', op: 'other', objCode, needsAuth: false };
  if (lowerObj === 'logout') return { ...base, handler: 'logout', op: 'other', objCode, needsAuth: false };
  if (lowerObj !== 'user') {
    const work = routeWork(objCode, rest, params, effectiveMethod);
    if (work)
      return { ...base, handler: 'work', op: work.op, objCode: work.objCode, ids: work.ids, action: work.action, work };
    return { ...base, handler: 'unknownObject', op: 'other', objCode };
  }
  const withObj = { ...base, objCode };
  const action = params.get('action');

  if (rest.length === 0) {
    const ids = splitIds(params.getAll('id'));
    if (action !== undefined) {
      const keyAction = ids.length === 0;
      const route: Route = {
        ...withObj,
        handler: keyAction ? 'keyAction' : 'objectAction',
        op: 'action',
        ids,
        action,
        needsAuth: !keyAction,
      };
      return effectiveMethod === 'PUT'
        ? route
        : { ...route, handler: 'routeError', error: wrongVerb(action, effectiveMethod) };
    }
    switch (effectiveMethod) {
      case 'GET':
        if (ids.length === 0)
          return {
            ...withObj,
            handler: 'routeError',
            op: 'get',
            error: invalidParameter('ID is required; use /search to list objects'),
          };
        return { ...withObj, handler: 'get', op: 'get', ids };
      case 'PUT': {
        const updates = params.get('updates')?.trim() ?? '';
        if (updates.startsWith('['))
          return { ...withObj, handler: 'bulkUpdate', op: 'bulkUpdate', ids: bulkIds(updates) };
        const single = ids.length > 0 ? ids : updateId(updates);
        if (single.length === 0)
          return {
            ...withObj,
            handler: 'routeError',
            op: 'update',
            error: invalidParameter('ID is required for an edit'),
          };
        return { ...withObj, handler: 'update', op: 'update', ids: single.slice(0, 1) };
      }
      case 'DELETE':
        if (ids.length === 0)
          return {
            ...withObj,
            handler: 'routeError',
            op: 'other',
            error: invalidParameter('ID is required for a delete'),
          };
        return { ...withObj, handler: 'delete', op: 'other', ids: ids.slice(0, 1) };
      default:
        return {
          ...withObj,
          handler: 'routeError',
          op: 'other',
          error: invalidParameter('The simulator does not create users'),
        };
    }
  }

  if (rest.length === 1) {
    const [segment] = rest;
    const lower = segment.toLowerCase();
    if (lower === 'search' || lower === 'count') {
      const op = lower === 'search' ? 'search' : 'count';
      if (effectiveMethod !== 'GET')
        return {
          ...withObj,
          handler: 'routeError',
          op,
          error: badUri(`unrecognized URI format: ${op} needs GET, not ${effectiveMethod}`),
        };
      return { ...withObj, handler: op, op };
    }
    if (lower === 'metadata') return { ...withObj, handler: 'metadata', op: 'other' };
    const ids = [segment];
    if (action !== undefined) {
      const route: Route = { ...withObj, handler: 'objectAction', op: 'action', ids, action };
      return effectiveMethod === 'PUT'
        ? route
        : { ...route, handler: 'routeError', error: wrongVerb(action, effectiveMethod) };
    }
    switch (effectiveMethod) {
      case 'GET':
        return { ...withObj, handler: 'get', op: 'get', ids };
      case 'PUT':
        return { ...withObj, handler: 'update', op: 'update', ids };
      case 'DELETE':
        return { ...withObj, handler: 'delete', op: 'other', ids };
      default:
        return {
          ...withObj,
          handler: 'routeError',
          op: 'other',
          ids,
          error: badUri('unrecognized URI format: too many parts'),
        };
    }
  }

  if (rest.length === 2) {
    const route: Route = { ...withObj, handler: 'objectAction', op: 'action', ids: [rest[0]], action: rest[1] };
    // Workfront parses a POST as a create, for which /<obj>/<ID>/<action> has too many parts (JS client #218).
    return effectiveMethod === 'PUT'
      ? route
      : { ...route, handler: 'routeError', error: badUri('unrecognized URI format: too many parts') };
  }
  return { ...withObj, handler: 'routeError', op: 'other', error: badUri('unrecognized URI format: too many parts') };
}

function wrongVerb(action: string, method: string): SimError {
  return badUri(`unrecognized URI format: too many parts (action ${action} must be sent as PUT, not ${method})`);
}

/** The IDs a bulk edit targets, for the log and fault rules; malformed JSON is reported by the handler. */
function bulkIds(updates: string): string[] {
  try {
    const parsed: unknown = JSON.parse(updates);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((item: unknown) =>
      typeof item === 'object' && item !== null && typeof (item as { ID?: unknown }).ID === 'string'
        ? [(item as { ID: string }).ID]
        : [],
    );
  } catch {
    return [];
  }
}

/** `PUT /user?updates={"ID":…}`: the object names its own ID. */
function updateId(updates: string): string[] {
  try {
    const parsed: unknown = JSON.parse(updates);
    const id = typeof parsed === 'object' && parsed !== null ? (parsed as { ID?: unknown }).ID : undefined;
    return typeof id === 'string' ? [id] : [];
  } catch {
    return [];
  }
}
