// The route of one client's requests: the one the settings name (http.proxy, the environment, or
// direct), or, when they name none, the OS's PAC file's list of routes, tried in order: when a proxy of
// the list cannot be reached (nothing was sent), the next one is used, as Chromium does. A PAC file that
// cannot be used fails the request with a message naming it; it is never silently replaced by DIRECT.
import type { Dispatcher } from 'undici';
import { WorkfrontError } from './errors';
import { couldNotConnect, errorCode, PAC_FAILED } from './failures';
import type { Instance } from './instance';
import { osPacSource, type OsReader } from './osProxy';
import { PacError, pacRoutes, type PacOptions } from './pac';
import { chooseProxy, makeDispatcher, type ProxyChoice, type ProxySettings, type RouteChoice } from './proxy';

/** undici's codes for a request given to a dispatcher that was closed: it was not sent. */
const CLOSED = new Set(['UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);

export interface RouterOptions {
  readonly connections: number;
  readonly connectTimeoutMs: number;
  readonly log?: (message: string) => void;
  /** Tests: another OS, another PAC compiler. */
  readonly os?: OsReader;
  readonly pac?: PacOptions;
}

export class Router {
  /** What the settings say, decided at once (it only reads settings and the environment). */
  readonly configured: ProxyChoice;
  private routes: RouteChoice[] | undefined;
  private resolving: Promise<RouteChoice[]> | undefined;
  private index = 0;
  private agent: Dispatcher | undefined;
  private closed = false;

  constructor(
    private readonly target: Instance,
    private readonly settings: ProxySettings | undefined,
    private readonly options: RouterOptions,
  ) {
    this.configured = chooseProxy(target, settings);
  }

  /** The route in use (before the PAC file answered: what the settings say). */
  current(): ProxyChoice {
    return this.routes?.[this.index] ?? this.configured;
  }

  /** The dispatcher for the route in use; the first call may fetch and run the PAC file. */
  async dispatcher(operation: string): Promise<Dispatcher> {
    if (this.agent) return this.agent;
    if (!this.routes) {
      this.resolving ??= this.resolve();
      try {
        this.routes = await this.resolving;
      } catch (err) {
        throw pacFailure(err, operation);
      } finally {
        this.resolving = undefined;
      }
    }
    this.agent ??= this.make();
    return this.agent;
  }

  /**
   * After `failed` could not connect: moves to the next route of the PAC answer, if any. True when the
   * request can be sent again on another route (nothing of it was sent).
   */
  async fallBack(failed: Dispatcher, err: unknown): Promise<boolean> {
    // Only when nothing was sent: the proxy could not be reached, or the request met the dispatcher that
    // another request had just left (closed, it refuses new requests and sends nothing).
    if (!couldNotConnect(err) && !CLOSED.has(errorCode(err))) return false;
    if (this.agent !== failed) return this.agent !== undefined; // another request already moved on
    const routes = this.routes ?? [];
    if (!couldNotConnect(err) || this.index + 1 >= routes.length || this.current().kind !== 'proxy') return false;
    const from = describeRoute(this.current());
    this.index++;
    this.agent = this.make();
    this.options.log?.(
      `${this.target.host}: ${from} could not be reached; trying ${describeRoute(this.current())}, the PAC file's next route`,
    );
    await failed.close().catch(() => failed.destroy());
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    const agent = this.agent;
    this.agent = undefined;
    if (agent) await agent.close().catch(() => agent.destroy());
  }

  private async resolve(): Promise<RouteChoice[]> {
    const configured = this.configured;
    if (configured.kind !== 'system') return [configured];
    const source = await osPacSource(this.options.os);
    if (!source) return [{ kind: 'direct' }];
    const routes = await pacRoutes(source, this.target.origin, {
      systemCertificates: this.settings?.systemCertificates,
      ...this.options.pac,
    });
    this.options.log?.(
      `${this.target.host}: the PAC file from ${source.from} says ${routes.map(describeRoute).join('; ')}`,
    );
    return routes;
  }

  private make(): Dispatcher {
    if (this.closed) throw new Error('the client was closed');
    const choice = this.current();
    if (choice.kind === 'system') throw new Error('the route was not resolved');
    if (choice.kind === 'proxy')
      this.options.log?.(`${this.target.host}: requests go through ${describeRoute(choice)}`);
    return makeDispatcher(choice, {
      connections: this.options.connections,
      connectTimeoutMs: this.options.connectTimeoutMs,
      strictSSL: this.settings?.strictSSL,
      authorization: this.settings?.authorization,
      systemCertificates: this.settings?.systemCertificates,
      https: this.target.origin.startsWith('https:'),
    });
  }
}

function describeRoute(choice: ProxyChoice): string {
  if (choice.kind !== 'proxy') return choice.kind === 'direct' ? 'DIRECT' : 'the OS proxy';
  try {
    return `the proxy ${new URL(choice.uri).host}`;
  } catch {
    return 'the proxy';
  }
}

/** A PAC file that cannot be used, as the request's failure; anything else as it was. */
function pacFailure(err: unknown, operation: string): unknown {
  if (!(err instanceof PacError)) return err;
  return new WorkfrontError(
    'network',
    `${operation}: ${err.message}. Requests are not sent without a proxy instead: ask whoever manages the PAC file, or set VS Code's http.proxy to the proxy to use.`,
    { operation, wfClass: PAC_FAILED, cause: err },
  );
}
