// Open work and its handover, over the same transport (and request cap) as the users: counts in
// parallel, the items for a preview, each object's metadata (read once per client), one function that
// sends a reassignment, and the reads that confirm where each item now is.
import { WorkfrontError } from '../errors';
import { assertWorkfrontId, isWorkfrontId } from '../ids';
import { MAX_IDS_PER_READ, MAX_PAGE_SIZE, searchAnswerBytes } from '../limits';
import { mapLimit } from '../paging';
import { fieldsParam } from '../query';
import { asArray, asRecord, toCount } from '../records';
import type { Transport } from '../transport';
import {
  WORK_KINDS,
  type OpenWork,
  type OpenWorkOfMany,
  type WorkCounts,
  type WorkItemRef,
  type WorkKindDef,
} from './kinds';
import { toObjectMetadata, type ObjectMetadata } from './metadata';

type Param = readonly [string, string];

/**
 * One change Workfront is asked to make: a Workfront action on several items at once, or a plain edit
 * of one item's field. Every reassignment the extension makes is one of these, sent by `send`.
 */
export type Reassignment =
  | {
      readonly via: 'action';
      /** Where the action lives (`assignment`) and its name. */
      readonly path: string;
      readonly action: string;
      readonly args: readonly Param[];
      readonly def: WorkKindDef;
      readonly itemIds: readonly string[];
      readonly fromUserId: string;
      readonly toUserId: string;
    }
  | {
      readonly via: 'edit';
      readonly def: WorkKindDef;
      readonly itemIds: readonly [string];
      readonly fromUserId: string;
      readonly toUserId: string;
    };

/** Who holds each item now, as Workfront says; an item it did not return is absent. */
export type Holders = ReadonlyMap<string, string | null>;

export class WorkClient {
  private readonly metadataCache = new Map<string, Promise<ObjectMetadata>>();

  constructor(
    private readonly transport: Transport,
    private readonly concurrency: number,
  ) {}

  /** One user's open work: one count per kind, all sent at once (one round trip within the request cap). */
  async countOpenWork(userId: string, signal?: AbortSignal): Promise<OpenWork> {
    assertWorkfrontId(userId, 'Count open work');
    const settled = await Promise.allSettled(
      WORK_KINDS.map((def) => {
        const operation = `Count open ${def.kind}`;
        return this.transport.call(
          {
            method: 'GET',
            path: `${def.path}/count`,
            query: [[def.userField, userId], [`${def.userField}_Mod`, 'eq'], ...def.open],
            operation,
            idempotent: true,
            signal,
          },
          (data) => toCount(data, operation),
        );
      }),
    );
    return collect(settled.map((s, i) => [WORK_KINDS[i], s] as const));
  }

  /**
   * Several users' open work: per kind, the matching items' user field read in pages (100 users per
   * request), tallied here. Totals and each user's share come from the same rows.
   */
  async countOpenWorkOfMany(userIds: readonly string[], signal?: AbortSignal): Promise<OpenWorkOfMany> {
    const ids = userIds.map((id) => assertWorkfrontId(id, 'Count open work'));
    const perUser = new Map<string, number>();
    const settled = await Promise.allSettled(
      WORK_KINDS.map(async (def) => {
        const holders = await this.searchAll(
          def,
          def.userField,
          [[`${def.userField}_Mod`, 'in'], ...def.open],
          ids,
          signal,
        );
        for (const holder of holders.values()) if (holder) perUser.set(holder, (perUser.get(holder) ?? 0) + 1);
        return holders.size;
      }),
    );
    return { ...collect(settled.map((s, i) => [WORK_KINDS[i], s] as const)), perUser };
  }

  /** One user's open items of one kind, named, for the preview. */
  async listOpenWork(def: WorkKindDef, userId: string, signal?: AbortSignal): Promise<WorkItemRef[]> {
    const names = new Map<string, string>();
    await this.searchAll(def, 'name', [[`${def.userField}_Mod`, 'eq'], ...def.open], [userId], signal, names);
    return [...names].map(([ID, name]) => ({ kind: def.kind, ID, name }));
  }

  /** `/<objCode>/metadata`, read once per client (a failed read is tried again next time). */
  metadata(path: string, signal?: AbortSignal): Promise<ObjectMetadata> {
    let cached = this.metadataCache.get(path);
    if (!cached) {
      const operation = `Read the metadata of ${path}`;
      cached = this.transport.call(
        { method: 'GET', path: `${path}/metadata`, operation, idempotent: true, signal },
        (data) => toObjectMetadata(data, operation),
      );
      this.metadataCache.set(path, cached);
      cached.catch(() => this.metadataCache.delete(path));
    }
    return cached;
  }

  /**
   * Sends one reassignment and returns Workfront's answer (its `data`). The one place a reassignment
   * leaves the extension. Both forms are idempotent (a second swap finds nothing left to swap; a second
   * edit sets the same value), so a lost answer may be retried.
   */
  async send(change: Reassignment, signal?: AbortSignal): Promise<unknown> {
    const operation = `Reassign ${change.def.kind}`;
    if (change.via === 'action') {
      return this.transport.call(
        {
          method: 'PUT',
          path: change.path,
          query: [['action', change.action], ...change.args],
          operation,
          idempotent: true,
          signal,
        },
        (data) => data,
      );
    }
    const id = assertWorkfrontId(change.itemIds[0], operation);
    return this.transport.call(
      {
        method: 'PUT',
        path: `${change.def.path}/${id}`,
        query: [
          ['updates', JSON.stringify({ [change.def.userField]: change.toUserId })],
          fieldsParam([change.def.userField]),
        ],
        operation,
        idempotent: true,
        signal,
      },
      (data) => asRecord(data, operation),
    );
  }

  /** Who holds each of these items now (the field that names the user), read back from Workfront. */
  async holders(def: WorkKindDef, itemIds: readonly string[], signal?: AbortSignal): Promise<Holders> {
    return this.searchAll(def, def.userField, [['ID_Mod', 'in']], itemIds, signal, undefined, 'ID');
  }

  /**
   * Every item matching `filters`, with `in` over `ids` (100 per request) on `idField` (the user field
   * by default), paged by 2,000; returns item ID → the value of `field`.
   */
  private async searchAll(
    def: WorkKindDef,
    field: string,
    filters: readonly Param[],
    ids: readonly string[],
    signal?: AbortSignal,
    names?: Map<string, string>,
    idField = def.userField,
  ): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_READ) batches.push(ids.slice(i, i + MAX_IDS_PER_READ) as string[]);
    const operation = `List open ${def.kind}`;
    await mapLimit(batches.length, this.concurrency, async (b) => {
      for (let first = 0; ; first += MAX_PAGE_SIZE) {
        const rows = await this.transport.call(
          {
            method: 'GET',
            path: `${def.path}/search`,
            query: [
              ...batches[b].map((id): Param => [idField, id]),
              ...filters,
              fieldsParam([def.userField, 'name']),
              ['ID_Sort', 'asc'],
              ['$$FIRST', String(first)],
              ['$$LIMIT', String(MAX_PAGE_SIZE)],
            ],
            operation,
            idempotent: true,
            maxBytes: searchAnswerBytes(MAX_PAGE_SIZE),
            signal,
          },
          (data) => asArray(data, operation).map((row) => asRecord(row, operation)),
        );
        for (const row of rows) {
          if (!isWorkfrontId(row.ID)) continue;
          const value = row[field];
          out.set(row.ID, typeof value === 'string' ? value : null);
          names?.set(row.ID, typeof row.name === 'string' ? row.name : row.ID);
        }
        if (rows.length < MAX_PAGE_SIZE) return;
      }
    });
    return out;
  }
}

function collect(results: ReadonlyArray<readonly [WorkKindDef, PromiseSettledResult<number>]>): OpenWork {
  const counts: Partial<Record<string, number | undefined>> = {};
  const failures: string[] = [];
  for (const [def, result] of results) {
    if (result.status === 'fulfilled') {
      counts[def.kind] = result.value;
    } else {
      counts[def.kind] = undefined;
      const err = result.reason as unknown;
      if (err instanceof WorkfrontError && err.kind === 'cancelled') throw err;
      failures.push(err instanceof Error ? err.message : String(err));
    }
  }
  return { counts: counts as WorkCounts, failures };
}
