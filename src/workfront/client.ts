// The Workfront operations user administration needs. No `vscode` import: the extension, the tests and
// the benchmark all use this same client.
import { formatWorkfrontDate } from './dates';
import { WorkfrontError } from './errors';
import { assertWorkfrontId } from './ids';
import type { Instance } from './instance';
import { USER_SUMMARY, type UserFields } from './fieldSets';
import {
  boundedNumber,
  DEFAULT_CONCURRENCY,
  MAX_CONCURRENCY,
  MAX_IDS_PER_READ,
  MAX_PAGE_SIZE,
  searchAnswerBytes,
} from './limits';
import { mapLimit, readAllPages } from './paging';
import { toLicenseTypes, type LicenseTypes } from './licenseTypes';
import {
  fieldsParam,
  ID_ORDER,
  NAME_ORDER,
  describeQuery,
  queryParams,
  type ListOptions,
  type SearchPage,
  type UserQuery,
} from './query';
import { asArray, toCount, toCurrentUser, toDetails, toSummary, toTimeZone } from './records';
import { SummaryDecoder } from './summaryDecoder';
import { Transport, type TransportOptions } from './transport';
import { apiKeyAuth, type RequestAuth } from './auth';
import { listByName, namePageSize, type NameListing, type NameListOptions } from './nameListing';
import { WorkClient } from './work/client';
import { DETAIL_FIELDS, SUMMARY_FIELDS, type CurrentUser, type UserDetails, type UserSummary } from './types';

export interface ClientOptions extends Omit<TransportOptions, 'maxInFlight'> {
  /** Rows per page, at most 2,000 (Workfront's cap). Default 2,000. */
  readonly pageSize?: number;
  /** Requests in flight at once to the instance, whatever they are for. Default 5, never above 10. */
  readonly concurrency?: number;
}

export { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, MAX_PAGE_SIZE };
export type { ListOptions, SearchPage };
export { obtainApiKey } from './apiKey';

export class WorkfrontClient {
  private readonly transport: Transport;
  private readonly decoder: SummaryDecoder;
  private readonly pageSize: number;
  private readonly concurrency: number;
  /** Tasks, issues, projects, templates and approvals: open work and its handover. */
  readonly work: WorkClient;

  constructor(
    readonly instance: Instance,
    /** An API key, or any other credential's RequestAuth (an Adobe IMS token source). */
    credential: string | RequestAuth,
    options: ClientOptions = {},
  ) {
    const auth = typeof credential === 'string' ? apiKeyAuth(credential) : credential;
    this.pageSize = boundedNumber(options.pageSize, MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    this.concurrency = boundedNumber(options.concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY);
    this.transport = new Transport(instance, auth, { ...options, maxInFlight: this.concurrency });
    this.decoder = new SummaryDecoder({ log: options.log });
    this.work = new WorkClient(this.transport, this.concurrency);
  }

  /** Requests sent so far (retries included). */
  get requestCount(): number {
    return this.transport.requestCount;
  }

  /** Closes the connections. The client cannot be used afterwards. */
  async dispose(): Promise<void> {
    await Promise.all([this.transport.close(), this.decoder.dispose()]);
  }

  /** The key's owner: the cheap call that proves a key works before it is stored. */
  async whoAmI(signal?: AbortSignal): Promise<CurrentUser> {
    const operation = 'Check the API key';
    return this.transport.call(
      {
        method: 'GET',
        path: 'user',
        query: [['id', '$$USER'], fieldsParam(['name', 'username', 'isAdmin'])],
        operation,
        idempotent: true,
        signal,
      },
      (data) => toCurrentUser(data, operation),
    );
  }

  async countUsers(query: UserQuery, signal?: AbortSignal): Promise<number> {
    const operation = `Count ${describeQuery(query)}`;
    return this.transport.call(
      { method: 'GET', path: 'user/count', query: queryParams(query), operation, idempotent: true, signal },
      (data) => toCount(data, operation),
    );
  }

  /** One page of a search, in the order given (ID order by default), with only the fields asked for. */
  async searchUsers<T extends UserSummary = UserSummary>(
    query: UserQuery,
    page: SearchPage<T>,
    signal?: AbortSignal,
  ): Promise<T[]> {
    return this.search(`List ${describeQuery(query)}`, queryParams(query, page.extra), page, signal);
  }

  /**
   * One `user/search` request. Summaries of large pages are read on the decoding thread; other field
   * sets, small pages and anything unusual, right here.
   */
  private async search<T extends UserSummary>(
    operation: string,
    filters: ReadonlyArray<readonly [string, string]>,
    page: SearchPage<T>,
    signal?: AbortSignal,
  ): Promise<T[]> {
    // Without a field set, summaries: the default type parameter says the same.
    const set = (page.fields ?? USER_SUMMARY) as UserFields<T>;
    const limit = boundedNumber(page.limit, MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    return this.transport.callWith(
      {
        method: 'GET',
        path: 'user/search',
        query: [
          ...filters,
          fieldsParam(set.fields),
          ...(page.sort ?? ID_ORDER),
          ['$$FIRST', String(boundedNumber(page.first, 0, 0, Number.MAX_SAFE_INTEGER))],
          ['$$LIMIT', String(limit)],
        ],
        operation,
        idempotent: true,
        maxBytes: searchAnswerBytes(limit, set.bytesPerRow),
        signal,
        background: page.background,
      },
      async (bytes) => {
        if (!set.packable || !this.decoder.wants(bytes.byteLength)) return { bytes };
        const decoded = await this.decoder.decode(bytes, operation);
        if ('lost' in decoded) {
          // A read, so safe to send again (the transport retries it, and reads it in place this time).
          throw new WorkfrontError('network', `${operation}: the thread reading Workfront's answer stopped.`, {
            operation,
            wfClass: 'DECODER_STOPPED',
          });
        }
        // Packable sets are summaries, which is what the thread decodes.
        return 'rows' in decoded ? { value: decoded.rows as T[] } : decoded;
      },
      (data) => asArray(data, operation).map((r) => set.read(r, operation)),
    );
  }

  /**
   * Every user matching the query, however many: parallel pages of up to 2,000, stable under changes.
   * `fields` chooses what each row carries (default: the summary the tree shows).
   */
  async listUsers<T extends UserSummary = UserSummary>(query: UserQuery, options: ListOptions<T> = {}): Promise<T[]> {
    const total = options.total ?? (await this.countUsers(query, options.signal));
    const fields = options.fields;
    const source = {
      page: (first: number, limit: number, signal?: AbortSignal) =>
        this.searchUsers(query, { first, limit, fields, background: true }, signal),
      range: (from: string, to: string | undefined, limit: number, signal?: AbortSignal) =>
        this.searchUsers(
          query,
          {
            first: 0,
            limit,
            fields,
            background: true,
            // `between` is inclusive; the two known ends come back again and are merged away.
            extra:
              to === undefined
                ? [
                    ['ID', from],
                    ['ID_Mod', 'gt'],
                  ]
                : [
                    ['ID', from],
                    ['ID_Mod', 'between'],
                    ['ID_Range', to],
                  ],
          },
          signal,
        ),
    };
    // Twice as many pages in progress as requests in flight: while some answers are parsed, the transport
    // already has the next requests on the wire. When the listing fails, pages still waiting for a slot
    // are cancelled, not sent: their answers would be thrown away.
    const stop = new AbortController();
    try {
      return await readAllPages(source, {
        total,
        pageSize: this.pageSize,
        concurrency: 2 * this.concurrency,
        signal: options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal,
        operation: `List ${describeQuery(query)}`,
      });
    } catch (err) {
      stop.abort();
      throw err;
    }
  }

  /**
   * Every user matching the query, handed to `rows` in Workfront's name order as pages arrive, first page
   * first; complete, each user once, when it resolves (nameListing.ts: when it reads by ID instead).
   */
  async listUsersByName(query: UserQuery, options: NameListOptions = {}): Promise<NameListing> {
    const total = options.total ?? (await this.countUsers(query, options.signal));
    return listByName({
      page: (first, limit, signal) =>
        this.searchUsers(query, { first, limit, sort: NAME_ORDER, background: true }, signal),
      byId: (signal) => this.listUsers(query, { total, signal }),
      total,
      pageSize: this.pageSize,
      concurrency: 2 * this.concurrency,
      operation: `List ${describeQuery(query)}`,
      signal: options.signal,
      rows: options.rows,
      firstPage: options.firstPage,
    });
  }

  /** The first page of listUsersByName, read ahead (its `firstPage`) so that a group opens at once. */
  firstUsersByName(query: UserQuery, signal?: AbortSignal): Promise<UserSummary[]> {
    const limit = namePageSize(this.pageSize);
    return this.searchUsers(query, { first: 0, limit, sort: NAME_ORDER, background: true }, signal);
  }

  /**
   * These users, by ID (`ID=…&ID=…&ID_Mod=in`, up to 100 per request, a few requests at once), in ID
   * order. A user deleted meanwhile is not returned; every answer must hold only users asked for, each
   * once. IDs are checked before any request.
   */
  async getUsers<T extends UserSummary = UserSummary>(
    ids: readonly string[],
    options: { readonly fields?: UserFields<T>; readonly signal?: AbortSignal } = {},
  ): Promise<T[]> {
    const operation = 'Read the selected users';
    const wanted = [...new Set(ids.map((id) => assertWorkfrontId(id, operation)))].sort();
    const batches: string[][] = [];
    for (let i = 0; i < wanted.length; i += MAX_IDS_PER_READ) batches.push(wanted.slice(i, i + MAX_IDS_PER_READ));
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    try {
      const answers = await mapLimit(batches.length, this.concurrency, async (i) => {
        const batch = batches[i];
        const filters: Array<[string, string]> = [...batch.map((id): [string, string] => ['ID', id]), ['ID_Mod', 'in']];
        const rows = await this.search(
          operation,
          filters,
          { first: 0, limit: batch.length, fields: options.fields },
          signal,
        );
        const asked = new Set(batch);
        for (const row of rows) {
          if (!asked.delete(row.ID)) {
            throw new WorkfrontError(
              'malformed',
              `${operation}: Workfront answered with a user not asked for, or the same user twice (it may be ignoring the filter).`,
              { operation },
            );
          }
        }
        return rows;
      });
      return answers.flat().sort((a, b) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0));
    } catch (err) {
      stop.abort();
      throw err;
    }
  }

  /**
   * The signed-in user's time zone as Workfront has it (e.g. "America/Chicago"), or null when none is
   * set. Whether it is one that dates can be shown in is for the caller to check.
   */
  async myTimeZone(signal?: AbortSignal): Promise<string | null> {
    const operation = 'Read your time zone';
    return this.transport.call(
      {
        method: 'GET',
        path: 'user',
        query: [['id', '$$USER'], fieldsParam(['timeZone'])],
        operation,
        idempotent: true,
        signal,
      },
      (data) => toTimeZone(data, operation),
    );
  }

  getUser(id: string, signal?: AbortSignal): Promise<UserSummary> {
    return this.read(id, SUMMARY_FIELDS, 'Read the user', toSummary, signal);
  }

  getUserDetails(id: string, signal?: AbortSignal): Promise<UserDetails> {
    return this.read(id, DETAIL_FIELDS, 'Read the user details', toDetails, signal);
  }

  private async read<T>(
    id: string,
    fields: readonly string[],
    operation: string,
    convert: (data: unknown, operation: string) => T,
    signal?: AbortSignal,
  ): Promise<T> {
    return this.transport.call(
      {
        method: 'GET',
        path: `user/${assertWorkfrontId(id, operation)}`,
        query: [fieldsParam(fields)],
        operation,
        idempotent: true,
        signal,
      },
      (data) => convert(data, operation),
    );
  }

  /**
   * Deactivates (false) or reactivates (true) a user and returns the user as Workfront now has them.
   * Setting `isActive` is idempotent (the same PUT twice leaves the same state), so it is retried like
   * a read. Resolves only when Workfront's answer shows the requested value.
   */
  async setActive(id: string, active: boolean, signal?: AbortSignal): Promise<UserSummary> {
    const operation = active ? 'Reactivate the user' : 'Deactivate the user';
    const user = await this.update(id, { isActive: active }, operation, signal);
    if (user.isActive !== active) {
      throw new WorkfrontError(
        'unconfirmed',
        `${operation}: Workfront answered, but the user is still ${user.isActive ? 'active' : 'inactive'}.`,
        { operation },
      );
    }
    return user;
  }

  /** Sets (epoch ms) or clears (null) the date on which Workfront deactivates the user by itself. */
  async setScheduledDeactivation(id: string, when: number | null, signal?: AbortSignal): Promise<UserSummary> {
    const operation = when === null ? 'Clear the scheduled deactivation' : 'Schedule the deactivation';
    return this.update(
      id,
      { scheduleDeactivationDate: when === null ? null : formatWorkfrontDate(when) },
      operation,
      signal,
    );
  }

  /** The license types Workfront offers, from `/user/metadata`, and whether the API may change them. */
  async licenseTypes(signal?: AbortSignal): Promise<LicenseTypes> {
    const operation = 'Read the license types';
    return this.transport.call(
      { method: 'GET', path: 'user/metadata', query: [], operation, idempotent: true, signal },
      (data) => toLicenseTypes(data, operation),
    );
  }

  /** Changes a user's license type; resolves only when Workfront's answer shows the new type. */
  async setLicenseType(id: string, licenseType: string, signal?: AbortSignal): Promise<UserSummary> {
    const operation = 'Change the license type';
    const user = await this.update(id, { licenseType }, operation, signal);
    if (user.licenseType !== licenseType) {
      throw new WorkfrontError(
        'unconfirmed',
        `${operation}: Workfront answered, but the type is ${user.licenseType}.`,
        {
          operation,
        },
      );
    }
    return user;
  }

  private async update(
    id: string,
    updates: Record<string, unknown>,
    operation: string,
    signal?: AbortSignal,
  ): Promise<UserSummary> {
    return this.transport.call(
      {
        method: 'PUT',
        path: `user/${assertWorkfrontId(id, operation)}`,
        // The documented form: `updates` as JSON in the query (short, so well under the URI limit).
        query: [['updates', JSON.stringify(updates)], fieldsParam(SUMMARY_FIELDS)],
        operation,
        idempotent: true,
        signal,
      },
      (data) => toSummary(data, operation),
    );
  }
}
