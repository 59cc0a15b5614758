// The HTTP side: one plain Node server on 127.0.0.1 that logs every request, enforces the concurrency
// cap, adds latency, applies injected faults, authenticates, and answers with Workfront's envelopes.

import * as http from 'node:http';
import type { Socket } from 'node:net';
import { Credentials } from './credentials';
import { ImsSimulator, NOT_AVAILABLE_ON_ADOBE, type AdobeHostedOptions } from './ims';
import { OAUTH_AUTHORIZE_PATH, OAUTH_TOKEN_PATH, OAuthSimulator, type OAuthOptions } from './oauth';
import { ERROR_CLASS, NOT_LOGGED_IN, SimError, errorEnvelope } from './errors';
import { APPLYING_KINDS, FaultRules } from './faults';
import { JsonBytes, handleRoute } from './handlers';
import type { JsonObject } from './model';
import { Params, parseParams } from './params';
import { QueryEngine } from './query';
import { LOGIN_PAGE_PATH, routeRequest, type Route } from './routes';
import { RowTextCache } from './rowText';
import { MAX_USERS, seedOrganisation } from './seed';
import { Store } from './store';
import { WorkStore, type WorkStoreApi } from './work/store';
import type {
  FaultSpec,
  LoggedRequest,
  RequestOp,
  SimUser,
  Simulator,
  SimulatorOptions,
  SimulatorStats,
  UserStore,
} from './types';

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
const HTML_CONTENT_TYPE = 'text/html;charset=UTF-8';
/** Where an endless answer stops if the client never does. */
const ENDLESS_SAFETY_BYTES = 512 * 1024 * 1024;
export const DEFAULT_ADMIN_PASSWORD = 'demo-password';

interface ResolvedOptions {
  readonly port: number;
  readonly users: number;
  readonly seed: number;
  readonly latencyMs: number;
  readonly maxConcurrent: number;
  readonly concurrencyStatus: number;
  readonly authErrorStatus: number;
  readonly limitErrorStatus: number;
  readonly adminPassword: string;
  readonly adobeHosted?: AdobeHostedOptions;
  readonly oauth?: OAuthOptions;
  readonly onRequest?: (entry: LoggedRequest) => void;
}

function resolveOptions(opts: SimulatorOptions): ResolvedOptions {
  const users = opts.users ?? 60;
  if (!Number.isInteger(users) || users < 1 || users > MAX_USERS) {
    throw new RangeError(`users must be an integer from 1 to ${MAX_USERS}, got ${users}`);
  }
  const nonNegative = (name: string, value: number) => {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be 0 or more, got ${value}`);
    return value;
  };
  return {
    port: opts.port ?? 0,
    users,
    seed: opts.seed ?? 1,
    latencyMs: nonNegative('latencyMs', opts.latencyMs ?? 0),
    maxConcurrent: nonNegative('maxConcurrent', opts.maxConcurrent ?? 10),
    concurrencyStatus: opts.concurrencyStatus ?? 429,
    authErrorStatus: opts.authErrorStatus ?? 401,
    limitErrorStatus: opts.limitErrorStatus ?? 422,
    adminPassword: opts.adminPassword ?? DEFAULT_ADMIN_PASSWORD,
    adobeHosted: opts.adobeHosted === true ? {} : opts.adobeHosted || undefined,
    oauth: opts.oauth,
    onRequest: opts.onRequest,
  };
}

interface Answer {
  readonly status: number;
  /** The body; searches and gets come already encoded as UTF-8. */
  readonly text: string | Buffer;
  readonly contentType: string;
}

function answerBytes(answer: Answer): Buffer {
  return typeof answer.text === 'string' ? Buffer.from(answer.text, 'utf8') : answer.text;
}

function answerString(answer: Answer): string {
  return typeof answer.text === 'string' ? answer.text : answer.text.toString('utf8');
}

interface Auth {
  readonly caller?: SimUser;
  readonly sessionId?: string;
}

interface MutableStats {
  inFlight: number;
  maxInFlight: number;
  requests: number;
  rejectedByCap: number;
  handlerMsTotal: number;
}

/**
 * CPU time of this process in ms. handlerMs is measured with it rather than the wall clock: on a shared,
 * loaded machine the wall clock also counts the time the process waited for a core.
 */
/** Operations that change nothing, which may be answered ahead while their latency runs. */
const READ_OPS: ReadonlySet<RequestOp> = new Set<RequestOp>(['search', 'count', 'get']);

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function headerRecord(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    out[name] = name in out ? `${out[name]}, ${raw[i + 1]}` : raw[i + 1];
  }
  return out;
}

function cookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function htmlPage(title: string, text: string): string {
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>\n`;
}

class SimulatorServer implements Simulator {
  readonly log: LoggedRequest[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly faults = new FaultRules();
  private readonly statsData: MutableStats = {
    inFlight: 0,
    maxInFlight: 0,
    requests: 0,
    rejectedByCap: 0,
    handlerMsTotal: 0,
  };
  private latencyMs: number;
  /** The organisation's single-page OAuth2 application (oauth.ts). */
  readonly oauth: OAuthSimulator;
  private closed = false;
  private actualPort = 0;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly storeImpl: Store,
    private readonly creds: Credentials,
    private readonly engine: QueryEngine,
    private readonly rows: RowTextCache,
    private readonly workStore: WorkStore,
    /** The Adobe-hosted mode's IMS (ims.ts); undefined for a classic organisation. */
    readonly ims: ImsSimulator | undefined,
  ) {
    this.latencyMs = options.latencyMs;
    this.oauth = new OAuthSimulator(options.seed, () => storeImpl.adminId, options.oauth);
    this.server = http.createServer((req, res) => this.onRequest(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address();
        this.actualPort = typeof address === 'object' && address ? address.port : port;
        resolve();
      });
    });
  }

  get port(): number {
    return this.actualPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.actualPort}`;
  }

  get apiKey(): string {
    return this.creds.currentKey(this.storeImpl.adminId);
  }

  get admin(): SimUser {
    const admin = this.storeImpl.get(this.storeImpl.adminId);
    if (!admin) throw new Error('The main administrator is missing');
    return admin;
  }

  get store(): UserStore {
    return this.storeImpl;
  }

  get work(): WorkStoreApi {
    return this.workStore;
  }

  get stats(): SimulatorStats {
    return this.statsData;
  }

  clearLog(): void {
    this.log.length = 0; // in place: callers may hold the array
  }

  inject(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be 0 or more, got ${ms}`);
    this.latencyMs = ms;
  }

  resetStats(): void {
    const s = this.statsData;
    s.maxInFlight = s.inFlight;
    s.requests = 0;
    s.rejectedByCap = 0;
    s.handlerMsTotal = 0;
  }

  issueKey(userId: string): string {
    return this.creds.issueKey(userId);
  }

  revokeKey(key: string): void {
    this.creds.revokeKey(key);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await closed;
  }

  // ------------------------------------------------------------------------------------------ requests

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const method = req.method ?? 'GET';
    const entry: LoggedRequest = {
      time: Date.now(),
      method,
      path: q >= 0 ? url.slice(0, q) : url,
      query: {},
      headers: headerRecord(req),
      body: '',
      params: {},
      op: 'other',
      effectiveMethod: method,
      status: 0,
      handlerMs: 0,
    };
    this.log.push(entry);
    const stats = this.statsData;
    stats.requests++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    // Decided on arrival: in flight counts from the request's headers to the end of its answer,
    // including any latency, so a slow answer holds its slot as it would on the real server.
    const overCap = this.options.maxConcurrent > 0 && stats.inFlight > this.options.maxConcurrent;
    let released = false;
    res.on('close', () => {
      if (!released) {
        released = true;
        stats.inFlight--;
      }
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      entry.body = Buffer.concat(chunks).toString('utf8');
      this.process(entry, req, res, q >= 0 ? url.slice(q + 1) : '', overCap).catch((err: unknown) => {
        // A bug in the simulator must still produce an answer, not a hung test.
        this.send(entry, res, {
          status: 500,
          text: JSON.stringify(errorEnvelope(ERROR_CLASS.internal, String(err))),
          contentType: JSON_CONTENT_TYPE,
        });
      });
    });
  }

  private async process(
    entry: LoggedRequest,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    rawQuery: string,
    overCap: boolean,
  ): Promise<void> {
    if (this.ims && entry.path === '/ims/token/v3' && entry.method === 'POST') {
      const { status, body } = this.ims.token(new URLSearchParams(entry.body), rawQuery);
      this.send(entry, res, this.json(status, body as JsonObject));
      return;
    }
    if (entry.path === OAUTH_AUTHORIZE_PATH || (entry.path === OAUTH_TOKEN_PATH && entry.method === 'POST')) {
      const form = new URLSearchParams(entry.method === 'POST' ? entry.body : rawQuery);
      const answer =
        entry.path === OAUTH_TOKEN_PATH ? this.oauth.token(form) : this.oauth.authorize(entry.method, form);
      const location = answer.location ? { location: answer.location } : undefined;
      this.send(entry, res, { status: answer.status, text: answer.body, contentType: answer.contentType }, location);
      return;
    }
    let started = cpuMs();
    const parsed = parseParams(rawQuery, req.headers['content-type'], entry.body);
    entry.query = parsed.query;
    entry.params = parsed.params.toRecord();
    const route = routeRequest(entry.method, entry.path, parsed.params);
    entry.op = route.op;
    entry.effectiveMethod = route.effectiveMethod;
    const auth = this.authenticate(req, parsed.params);
    const ids = route.ids.map((id) => (id === '$$USER' && auth.caller ? auth.caller.ID : id));
    const keyUser =
      route.handler === 'keyAction' ? this.storeImpl.byUsernameCi(parsed.params.get('username') ?? '')?.ID : undefined;
    entry.objId = ids.length === 1 ? ids[0] : keyUser;
    if (overCap) {
      this.statsData.rejectedByCap++;
      entry.handlerMs += cpuMs() - started;
      const message = `Too many concurrent API requests: at most ${this.options.maxConcurrent} may be in flight at once`;
      this.send(
        entry,
        res,
        this.json(this.options.concurrencyStatus, errorEnvelope(ERROR_CLASS.tooManyRequests, message)),
      );
      return;
    }
    const fault = this.faults.take({
      op: route.op,
      action: route.action,
      objCode: route.objCode?.toUpperCase(),
      userIds: keyUser ? [...ids, keyUser] : ids,
    });
    entry.handlerMs += cpuMs() - started;

    const delay = this.latencyMs + (fault?.latencyMs ?? 0);
    // A read is also answered ahead, while its latency runs: Workfront's servers work on concurrent
    // requests in parallel, and this single thread otherwise adds each page's handling to the round
    // trips of the requests queued behind it. The early answer is sent only if nothing it depends on
    // changed during the delay (store version, caller); otherwise the answer is computed again.
    let early: { answer: Answer; version: number; workVersion: number } | undefined;
    if (delay > 0 && !fault && READ_OPS.has(route.op)) {
      started = cpuMs();
      early = {
        answer: this.compute(route, parsed.params, auth, parsed.error),
        version: this.storeImpl.version,
        workVersion: this.workStore.version,
      };
      entry.handlerMs += cpuMs() - started;
    }
    if (delay > 0) await this.sleep(delay);
    if (this.closed) return;
    if (fault && !APPLYING_KINDS.has(fault.kind)) {
      this.answerFault(entry, req, res, fault);
      return;
    }
    started = cpuMs();
    // Authenticated again after the delay: a key revoked or regenerated meanwhile no longer works.
    const authNow = delay > 0 ? this.authenticate(req, parsed.params) : auth;
    const answer =
      early &&
      early.version === this.storeImpl.version &&
      early.workVersion === this.workStore.version &&
      authNow.caller === auth.caller
        ? early.answer
        : this.compute(route, parsed.params, authNow, parsed.error);
    entry.handlerMs += cpuMs() - started;
    if (fault) this.answerFromReal(entry, req, res, fault, answer);
    else this.send(entry, res, answer);
  }

  /** A session (header, parameter or cookie) or an API key (header or parameter); either may do. */
  private authenticate(req: http.IncomingMessage, params: Params): Auth {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const sessionId = header('sessionid') ?? params.get('sessionID') ?? cookie(header('cookie'), 'sessionID');
    const key = header('apikey') ?? params.get('apiKey');
    let caller = sessionId ? this.creds.userForSession(sessionId) : undefined;
    // An OAuth2 access token goes in the same header (Adobe docs: OAuth2 flows, token_type "sessionID").
    const oauthUser = !caller && sessionId ? this.oauth.userFor(sessionId) : undefined;
    if (oauthUser && this.storeImpl.get(oauthUser)?.isActive) caller = this.storeImpl.get(oauthUser);
    if (!caller && key) caller = this.creds.userForKey(key);
    // Adobe-hosted: an IMS token with its organisation's header; the technical account acts as the admin.
    if (!caller && this.ims?.accepts(header('authorization'), header('x-gw-ims-org-id')))
      caller = this.storeImpl.get(this.storeImpl.adminId);
    return { caller, sessionId };
  }

  private compute(route: Route, params: Params, auth: Auth, bodyError: SimError | undefined): Answer {
    if (route.handler === 'page') {
      return {
        status: 200,
        text: htmlPage('Adobe Workfront | Log in', 'Sign in to continue.'),
        contentType: HTML_CONTENT_TYPE,
      };
    }
    if (route.handler === 'notFoundPage') {
      return {
        status: 404,
        text: htmlPage('404 Not Found', 'The requested page does not exist.'),
        contentType: HTML_CONTENT_TYPE,
      };
    }
    try {
      if (route.handler === 'routeError' && route.error) throw route.error;
      if (bodyError) throw bodyError;
      if (this.ims && (route.handler === 'login' || (route.handler === 'keyAction' && route.action !== 'clearApiKey')))
        throw new SimError(422, ERROR_CLASS.invalidParameter, NOT_AVAILABLE_ON_ADOBE);
      if (route.needsAuth && !auth.caller) {
        throw new SimError(this.options.authErrorStatus, ERROR_CLASS.auth, NOT_LOGGED_IN);
      }
      const body = handleRoute(route, {
        store: this.storeImpl,
        creds: this.creds,
        engine: this.engine,
        rows: this.rows,
        params,
        caller: auth.caller,
        sessionId: auth.sessionId,
        authErrorStatus: this.options.authErrorStatus,
        limitErrorStatus: this.options.limitErrorStatus,
        work: this.workStore,
      });
      return body instanceof JsonBytes
        ? { status: 200, text: body.bytes, contentType: JSON_CONTENT_TYPE }
        : this.json(200, body);
    } catch (err) {
      if (err instanceof SimError) return this.json(err.status, errorEnvelope(err.errorClass, err.message));
      const message = err instanceof Error ? err.message : String(err);
      return this.json(500, errorEnvelope(ERROR_CLASS.internal, message));
    }
  }

  private json(status: number, body: JsonObject): Answer {
    return { status, text: JSON.stringify(body), contentType: JSON_CONTENT_TYPE };
  }

  // ------------------------------------------------------------------------------------------ faults

  /** Faults that replace the answer; the operation is not performed. */
  private answerFault(
    entry: LoggedRequest,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    fault: FaultSpec,
  ): void {
    switch (fault.kind) {
      case 'status':
        this.send(
          entry,
          res,
          this.json(
            fault.status ?? 500,
            errorEnvelope(
              fault.errorClass ?? ERROR_CLASS.internal,
              fault.message ?? 'Internal server error (injected)',
            ),
          ),
        );
        return;
      case 'authError200':
        this.send(
          entry,
          res,
          this.json(200, errorEnvelope(fault.errorClass ?? ERROR_CLASS.auth, fault.message ?? NOT_LOGGED_IN)),
        );
        return;
      case 'html': {
        const status = fault.status ?? 502;
        const title = `${status} ${http.STATUS_CODES[status] ?? 'Error'}`;
        this.send(entry, res, {
          status,
          text: htmlPage(title, fault.message ?? 'The server encountered a temporary error.'),
          contentType: HTML_CONTENT_TYPE,
        });
        return;
      }
      case 'empty':
        this.send(entry, res, { status: fault.status ?? 200, text: '', contentType: JSON_CONTENT_TYPE });
        return;
      case 'noEnvelope':
        this.send(entry, res, this.json(fault.status ?? 200, { result: 'ok' }));
        return;
      case 'redirect':
        this.send(
          entry,
          res,
          { status: fault.status ?? 302, text: '', contentType: HTML_CONTENT_TYPE },
          { location: fault.location ?? `${this.url}${LOGIN_PAGE_PATH}` },
        );
        return;
      case 'hang':
        this.hang(entry);
        return;
      case 'endless':
        this.endless(entry, res);
        return;
      default:
        this.reset(entry, req);
    }
  }

  /** Faults that break the real answer after the operation was performed. */
  private answerFromReal(
    entry: LoggedRequest,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    fault: FaultSpec,
    answer: Answer,
  ): void {
    switch (fault.kind) {
      case 'truncated': {
        const text = answerString(answer);
        this.send(entry, res, {
          status: 200,
          text: text.slice(0, Math.floor(text.length / 2)),
          contentType: JSON_CONTENT_TYPE,
        });
        return;
      }
      case 'wrongShape':
        this.send(entry, res, this.json(200, { data: 'unexpected text where an object or array belongs' }));
        return;
      case 'resetMidBody': {
        const body = answerBytes(answer);
        res.writeHead(200, { 'content-type': JSON_CONTENT_TYPE, 'content-length': body.length });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
        this.settle(entry, 0);
        return;
      }
      case 'applyThenReset':
        this.reset(entry, req);
        return;
      case 'applyThenHang':
        this.hang(entry);
        return;
      default:
        this.send(entry, res, answer); // 'latency': the delay was the fault
    }
  }

  private reset(entry: LoggedRequest, req: http.IncomingMessage): void {
    // An RST rather than a FIN: the client sees ECONNRESET, as when a proxy or load balancer drops it.
    if (!req.socket.destroyed) req.socket.resetAndDestroy();
    this.settle(entry, 0);
  }

  /** Never answers; close() destroys the socket. */
  private hang(entry: LoggedRequest): void {
    this.settle(entry, 0);
  }

  /**
   * A 200 whose list of users never ends: rows are written as fast as the client reads them, until it
   * goes away. A safety stop at 512 MB keeps a client without a cap from taking the process down.
   */
  private endless(entry: LoggedRequest, res: http.ServerResponse): void {
    const row = JSON.stringify({ ID: 'f'.repeat(32), name: 'Endless', isActive: true, objCode: 'USER' }) + ',';
    const chunk = Buffer.from(row.repeat(Math.ceil(65_536 / row.length)));
    let sent = 0;
    res.writeHead(200, { 'content-type': JSON_CONTENT_TYPE });
    res.write('{"data":[');
    const pump = () => {
      while (sent < ENDLESS_SAFETY_BYTES && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    res.on('error', () => undefined);
    res.on('close', () => this.settle(entry, 200));
    pump();
  }

  // ------------------------------------------------------------------------------------------ plumbing

  private send(
    entry: LoggedRequest,
    res: http.ServerResponse,
    answer: Answer,
    extraHeaders: Record<string, string> = {},
  ): void {
    if (res.destroyed || res.headersSent) {
      this.settle(entry, 0); // the client went away first
      return;
    }
    const body = answerBytes(answer); // encoded once, rather than measured and then encoded again
    res.writeHead(answer.status, {
      'content-type': answer.contentType,
      'content-length': body.length,
      ...extraHeaders,
    });
    res.end(body);
    this.settle(entry, answer.status);
  }

  private settle(entry: LoggedRequest, status: number): void {
    entry.status = status;
    this.statsData.handlerMsTotal += entry.handlerMs;
    if (this.options.onRequest) {
      try {
        this.options.onRequest(entry);
      } catch {
        // A listener's bug must not break the answer.
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const options = resolveOptions(opts);
  const org = seedOrganisation(options.users, options.seed);
  const store = new Store(org, options.seed);
  const creds = new Credentials(store, options.seed, options.adminPassword);
  const engine = new QueryEngine(store, options.seed);
  engine.warmUp();
  const ims = options.adobeHosted ? new ImsSimulator(options.seed, options.adobeHosted) : undefined;
  const work = new WorkStore(store, options.seed, store.adminId);
  const sim = new SimulatorServer(options, store, creds, engine, new RowTextCache(store), work, ims);
  await sim.listen(options.port);
  return sim;
}
