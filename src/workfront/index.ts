// The Workfront client's public surface.
export {
  WorkfrontClient,
  obtainApiKey,
  MAX_CONCURRENCY,
  MAX_PAGE_SIZE,
  type ClientOptions,
  type ListOptions,
} from './client';
export { WorkfrontError, isWorkfrontError, type WorkfrontErrorKind } from './errors';
export { parseInstance, isLoopbackHost, DEFAULT_API_VERSION, type Instance } from './instance';
export { isWorkfrontId } from './ids';
export { mapLimit } from './paging';
export { parseWorkfrontDate, formatWorkfrontDate } from './dates';
export type { UserQuery } from './query';
export type { LogFn, TransportOptions } from './transport';
export { chooseProxy, type ProxySettings, type ProxyChoice } from './proxy';
// Bounds the settings reader applies with the same numbers the client enforces.
export {
  boundedNumber,
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  MAX_CONNECTIONS,
  MAX_LIST_ROWS,
  MAX_QUOTED_CHARS,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
} from './limits';
export { Redactor, redactSecrets, REDACTED, MIN_SECRET_LENGTH } from './redact';
export { oneLine } from './text';
export * from './types';
