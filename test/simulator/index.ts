// The local Workfront API simulator: a real HTTP server that behaves like Workfront's REST API for user
// administration. Tests, the demo and the benchmarks import from here only.

export { startSimulator, DEFAULT_ADMIN_PASSWORD, JSON_CONTENT_TYPE } from './server';
export { DEFAULT_USER_PASSWORD } from './credentials';
export { ADMIN_TIME_ZONE, ADMIN_USERNAME, EMAIL_DOMAIN, LICENSE_TYPES, MAX_USERS } from './seed';
export { DEFAULT_LIMIT, MAX_LIMIT } from './query';
export { MODIFIERS } from './filters';
export { MAX_BULK } from './handlers';
export { USER_DEFAULT_FIELDS } from './model';
export { ERROR_CLASS, NOT_LOGGED_IN } from './errors';
export { type OAuthSimulator } from './oauth';
export { NOT_AVAILABLE_ON_ADOBE, type ImsSimulator, type ServerToServerSecrets } from './ims';
export { MAIN_ADMIN_DEACTIVATION, MAIN_ADMIN_RELEVEL } from './updates';
export { formatWorkfrontDate, parseDate } from './dates';
export { SEEDED_USERS, type WorkStoreApi } from './work/store';
export { WORK_DEFS, type WorkItem, type WorkObjCode } from './work/objects';
export { OPEN_KINDS, openItemsOf, type OpenKind } from './work/open';
export type {
  FaultKind,
  FaultSpec,
  LoggedRequest,
  RequestOp,
  SimUser,
  Simulator,
  SimulatorOptions,
  SimulatorStats,
  UserStore,
} from './types';
export { adobeHosted, ADOBE_COMPANY, ADOBE_DOMAIN, type AdobeHosted } from './adobeSettings';
