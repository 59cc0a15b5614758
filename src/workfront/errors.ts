// Typed failures of Workfront calls. They carry what went wrong and where, never a key or password.

export type WorkfrontErrorKind =
  | 'auth' // key missing, wrong, expired or cleared (401, or AuthenticationException under any status)
  | 'forbidden' // 403: the key works but may not do this
  | 'notFound' // 404 / NotFoundException
  | 'validation' // 400 / 422 and other refusals with a Workfront message
  | 'rateLimited' // 429 or the concurrent-request cap
  | 'server' // 5xx
  | 'network' // refused, reset, DNS
  | 'timeout' // no answer in time
  | 'malformed' // HTML, truncated JSON, empty body, neither data nor error, wrong shape
  | 'redirect' // a 3xx: never followed, so the key cannot travel to another host
  | 'unconfirmed' // Workfront answered but did not show the requested change
  | 'cancelled' // the caller aborted
  | 'address'; // the instance address was refused before any request

export interface WorkfrontErrorDetails {
  /** What was being done, in words ("List active users"). */
  readonly operation: string;
  readonly status?: number;
  /** Workfront's `error.class`, e.g. `com.attask.common.AuthenticationException`. */
  readonly wfClass?: string;
  /** Workfront's `error.message`. */
  readonly wfMessage?: string;
  readonly cause?: unknown;
}

export class WorkfrontError extends Error {
  readonly kind: WorkfrontErrorKind;
  readonly operation: string;
  readonly status?: number;
  readonly wfClass?: string;
  readonly wfMessage?: string;

  constructor(kind: WorkfrontErrorKind, message: string, details: WorkfrontErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'WorkfrontError';
    this.kind = kind;
    this.operation = details.operation;
    this.status = details.status;
    this.wfClass = details.wfClass;
    this.wfMessage = details.wfMessage;
  }

  /** True when the request may have reached Workfront even though no good answer came back. */
  get outcomeUnknown(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || this.kind === 'malformed' || this.kind === 'server';
  }
}

export function isWorkfrontError(err: unknown, kind?: WorkfrontErrorKind): err is WorkfrontError {
  return err instanceof WorkfrontError && (kind === undefined || err.kind === kind);
}
