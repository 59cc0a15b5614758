import type { AdobeHostedOptions, ImsSimulator } from './ims';
import type { OAuthOptions, OAuthSimulator } from './oauth';
// The public shapes of the simulator; other test code and the benchmarks depend on exactly these.

import type { WorkStoreApi } from './work/store';

export interface SimulatorOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Organisation size, 1..100000, default 60. */
  users?: number;
  /** Default 1; the same seed and size give the same organisation (IDs, names, everything). */
  seed?: number;
  /** Added to every request before answering, default 0. */
  latencyMs?: number;
  /** Cap on requests in flight, default 10; 0 = no cap. */
  maxConcurrent?: number;
  /** Status for requests over the cap, default 429. */
  concurrencyStatus?: number;
  /** Status for a missing or invalid key, default 401. */
  authErrorStatus?: number;
  /** Status for $$LIMIT > 2000, default 422. */
  limitErrorStatus?: number;
  /** The main admin's password, default 'demo-password'. */
  adminPassword?: string;
  /**
   * An Adobe-hosted organisation (ims.ts): a local IMS token endpoint at `/ims/token/v3`, bearer tokens
   * with the org header, no username/password sign-in. API keys keep working.
   */
  adobeHosted?: boolean | AdobeHostedOptions;
  /** Lifetimes of the OAuth2 application's tokens and codes (oauth.ts; the application always exists). */
  oauth?: OAuthOptions;
  /** Called once per request when its answer is settled (sent, reset or hung); the CLI prints from it. */
  onRequest?: (entry: LoggedRequest) => void;
}

export interface Simulator {
  /** 'http://127.0.0.1:<port>' */
  readonly url: string;
  readonly port: number;
  /** The main admin's current API key (32 lowercase hex, deterministic from the seed; '' once cleared). */
  readonly apiKey: string;
  /** The main admin (cannot be deactivated). */
  readonly admin: SimUser;
  readonly store: UserStore;
  /** Tasks, issues, projects, templates and approvals, with their assignees and owners. */
  readonly work: WorkStoreApi;
  /** Every request, in arrival order. */
  readonly log: LoggedRequest[];
  clearLog(): void;
  /** Adds a fault rule; the first matching rule with remaining uses wins. */
  inject(fault: FaultSpec): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  readonly stats: SimulatorStats;
  resetStats(): void;
  /** Mints a key owned by the user; tests use it to act as another user. */
  issueKey(userId: string): string;
  /** Makes a key stop working, as an expired key does. */
  revokeKey(key: string): void;
  /** The Adobe-hosted mode's IMS: its Server-to-Server credential, token expiry, revocation. */
  readonly ims: ImsSimulator | undefined;
  /** The single-page OAuth2 application: its client ID, the authorize page, tokens, expiry, revocation. */
  readonly oauth: OAuthSimulator;
  /** Closes the server and destroys open sockets, including hanging ones. */
  close(): Promise<void>;
}

export interface SimulatorStats {
  readonly inFlight: number;
  readonly maxInFlight: number;
  readonly requests: number;
  readonly rejectedByCap: number;
  readonly handlerMsTotal: number;
}

/** The stored user; all Workfront field names. */
export interface SimUser {
  ID: string;
  name: string;
  firstName: string;
  lastName: string;
  username: string;
  emailAddr: string;
  title: string;
  isActive: boolean;
  isAdmin: boolean;
  licenseType: string;
  accessLevelID: string;
  homeGroupID: string;
  companyID: string;
  managerID: string | null;
  lastLoginDate: string | null;
  loginCount: number;
  entryDate: string;
  actualDeactivationDate: string | null;
  scheduleDeactivationDate: string | null;
  /** The user's time zone as Workfront keeps it (an IANA name here; Workfront's own form is not confirmed). */
  timeZone: string | null;
}

export interface UserStore {
  get(id: string): SimUser | undefined;
  all(): readonly SimUser[];
  count(isActive?: boolean): number;
  /** As if changed elsewhere (another admin); stamps or clears actualDeactivationDate. */
  setActive(id: string, active: boolean): SimUser;
  update(id: string, changes: Partial<SimUser>): SimUser;
  /** A new user with a fresh ID. */
  add(partial?: Partial<SimUser>): SimUser;
  /** As if deleted in Workfront. */
  remove(id: string): void;
}

export type RequestOp = 'count' | 'search' | 'get' | 'update' | 'bulkUpdate' | 'action' | 'other';

export interface LoggedRequest {
  time: number;
  /** HTTP method as received. */
  method: string;
  /** Without the query string. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string[]>;
  /** Lower-case names, as received (including apikey). */
  headers: Record<string, string>;
  /** Raw body text. */
  body: string;
  /** Merged query, form and JSON parameters the handler used (repeated values joined with ','). */
  params: Record<string, string>;
  op: RequestOp;
  /** After a method= override. */
  effectiveMethod: string;
  /** The user ID the request targets, if any. */
  objId?: string;
  /** Status sent (0 if the connection was reset or there was no answer). */
  status: number;
  /** Simulator CPU time for this request (process CPU, so a busy machine does not inflate it), excluding injected latency. */
  handlerMs: number;
}

export type FaultKind =
  | 'status'
  | 'authError200'
  | 'html'
  | 'truncated'
  | 'empty'
  | 'noEnvelope'
  | 'wrongShape'
  | 'reset'
  | 'resetMidBody'
  | 'hang'
  | 'endless'
  | 'applyThenReset'
  | 'applyThenHang'
  | 'latency'
  | 'redirect';

export interface FaultSpec {
  /** Which requests; all when omitted. */
  op?: RequestOp;
  /** E.g. 'getApiKey' (for op 'action'). */
  action?: string;
  /** Only requests on this object code (USER, TASK, OPTASK, PROJ, TMPL, AWAITINGAPPROVAL, ASSGN). */
  objCode?: string;
  /** Only requests targeting this user (or, on a work object, this object ID). */
  userId?: string;
  /** Let the first N matching requests through untouched. */
  skip?: number;
  /** Apply to this many matching requests (default: unlimited). */
  times?: number;
  kind: FaultKind;
  status?: number;
  errorClass?: string;
  message?: string;
  latencyMs?: number;
  location?: string;
}
