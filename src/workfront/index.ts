// The Workfront client's public surface.
export {
  WorkfrontClient,
  obtainApiKey,
  DEFAULT_CONCURRENCY,
  MAX_CONCURRENCY,
  type ClientOptions,
  type ListOptions,
  type SearchPage,
} from './client';
export { USER_SUMMARY, USER_EXPORT, type UserFields } from './fieldSets';
export { WorkfrontError, isWorkfrontError, type WorkfrontErrorKind } from './errors';
export { parseInstance, isLoopbackHost, DEFAULT_API_VERSION, type Instance } from './instance';
export { isWorkfrontId } from './ids';
export { mapLimit } from './paging';
export { parseWorkfrontDate, formatWorkfrontDate } from './dates';
export type { UserQuery } from './query';
export type { LogFn } from './transport';
export { chooseProxy, type ProxySettings } from './proxy';
export { Redactor } from './redact';
export * from './types';
export type { WorkfrontApi } from './api';
export { apiKeyAuth, type RequestAuth } from './auth';
export {
  ImsAuth,
  parseImsEndpoint,
  ADOBE_IMS_ENDPOINT,
  IMS_TOKEN_OPERATION,
  type ServerToServerCredential,
} from './ims';
export {
  OAuthAuth,
  authorizeUrl,
  exchangeCode,
  newState,
  pkcePair,
  OAUTH_RENEW_OPERATION,
  OAUTH_EXCHANGE_OPERATION,
  type OAuthCredential,
  type OAuthTokens,
} from './oauth';
export { withKind, type OrgKind } from './instance';
export { experienceUserLink, isExperienceTenant, type ExperienceTenant } from './experience';
export { versionSupport, versionOf } from './versions';
export type { LicenseTypes, LicenseTypeChoice } from './licenseTypes';
export { matchLogins, type LoginMatch, type LoginMatches } from './matchLogins';
export { WorkClient, type Reassignment, type Holders } from './work/client';
export {
  WORK_KINDS,
  kindDef,
  totalOf,
  type WorkKind,
  type WorkKindDef,
  type WorkCounts,
  type OpenWork,
  type OpenWorkOfMany,
  type WorkItemRef,
} from './work/kinds';
export { planHandover, ASSIGNMENT_PATH, type HandoverPlan, type PlanInput } from './work/plan';
export { canEdit, swapArguments, type ObjectMetadata, type SwapArguments } from './work/metadata';
