// Reads every row of a result set in parallel pages without missing or repeating a row, even while the
// set changes between pages (a user deactivated elsewhere shifts every later offset by one).
//
// Rows are sorted by ID (a total order), fetched by offset, and consecutive pages overlap by one row:
// page k starts at the row page k-1 ended with. When a seam does not line up, rows moved between the
// two reads and the gap is read again by ID range (keyset), so no row in the gap is lost. With no
// changes this costs ceil((N-1)/(P-1)) requests: N = 100,000 and P = 2,000 give 51.
//
// A misbehaving server cannot make it run without end or flood the instance: the count only plans pages
// (within MAX_LIST_ROWS), pages stop at the first short one, pages beyond those already confirmed full wait
// (slow start), every answer is checked (sorted, within the range asked for, no more rows than asked),
// and requests are bounded by what the distinct rows received justify (ListGuard).
import { WorkfrontError } from './errors';
import { boundedNumber, LIST_REQUEST_SLACK, MAX_LIST_ROWS, MAX_PAGE_SIZE } from './limits';

export interface PagingSource<T extends { ID: string }> {
  /** Rows [first, first+limit) in ascending ID order. */
  page(first: number, limit: number, signal?: AbortSignal): Promise<T[]>;
  /** Rows with fromId < ID < toId (toId undefined: no upper bound), ascending ID, at most `limit`. */
  range(fromId: string, toId: string | undefined, limit: number, signal?: AbortSignal): Promise<T[]>;
}

export interface PagingOptions {
  /** Expected number of rows (from a count call), to plan the pages. Any value is safe: it only plans. */
  readonly total: number;
  /** Rows per request, at most 2,000 (Workfront's cap). */
  readonly pageSize: number;
  /** Pages in progress at once (requested, or arrived and being converted). */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  /** Names the listing in its errors, e.g. "List active users". */
  readonly operation?: string;
  /** Most distinct rows one listing may hold. Default MAX_LIST_ROWS. */
  readonly maxRows?: number;
}

export async function readAllPages<T extends { ID: string }>(
  source: PagingSource<T>,
  opts: PagingOptions,
): Promise<T[]> {
  const P = boundedNumber(opts.pageSize, MAX_PAGE_SIZE, 2, MAX_PAGE_SIZE);
  const stride = P - 1;
  const concurrency = boundedNumber(opts.concurrency, 1, 1, 64);
  const maxRows = boundedNumber(opts.maxRows, MAX_LIST_ROWS, 1, MAX_LIST_ROWS);
  // The first pages go out before any row is back: as many as half the pages in progress (the requests
  // a client actually has on the wire at once).
  const firstWave = Math.ceil(concurrency / 2);
  const guard = new ListGuard<T>(opts.operation ?? 'List users', stride, firstWave, maxRows);

  // A count only plans: a lie or a nonsense value plans at most the pages maxRows fills (one more page
  // shows an overflow), and reading stops at the first short page whatever the count said.
  const total = Number.isSafeInteger(opts.total) && opts.total >= 0 ? Math.min(opts.total, maxRows + 1) : maxRows + 1;
  const planned = total <= P ? 1 : Math.ceil((total - 1) / stride);
  const pages = await readPages(source, { P, stride, planned, concurrency, firstWave, guard, signal: opts.signal });

  // Keyset reads for whatever moved: gaps at seams, and the tail when the last page was full.
  const extra: Array<[string, string | undefined]> = [];
  let prev: T[] | undefined;
  for (const page of pages) {
    if (page.length === 0) continue;
    if (prev) {
      const a = prev[prev.length - 1].ID;
      if (page[0].ID > a) extra.push([a, page[0].ID]);
    }
    prev = page;
  }
  const lastIndex = pages.length - 1;
  if (prev && (prev.length === P || pages[lastIndex].length === 0)) extra.push([prev[prev.length - 1].ID, undefined]);

  if (extra.length === 0 && seamsAlign(pages)) {
    // The usual case: nothing moved between pages. Dropping each page's first row gives every row once.
    const rows = pages[0].slice();
    for (let k = 1; k < pages.length; k++) for (let i = 1; i < pages[k].length; i++) rows.push(pages[k][i]);
    return rows;
  }

  const byId = new Map<string, T>();
  const add = (batch: readonly T[]) => {
    for (const r of batch) byId.set(r.ID, r);
  };
  for (const page of pages) add(page);
  await mapLimit(extra.length, concurrency, async (i) => {
    let [from] = extra[i];
    const to = extra[i][1];
    for (;;) {
      guard.request();
      const batch = await source.range(from, to, P, opts.signal);
      guard.range(batch, from, to, P);
      add(batch);
      if (batch.length < P) return;
      // Strictly past `from`: the guard checked the batch is ascending and within the range.
      from = batch[batch.length - 1].ID;
    }
  });
  return [...byId.values()];
}

export interface Plan<T extends { ID: string }> {
  readonly P: number;
  readonly stride: number;
  readonly planned: number;
  readonly concurrency: number;
  readonly firstWave: number;
  readonly guard: ListGuard<T>;
  readonly signal?: AbortSignal;
  /** Each page as it arrives (checked by the guard), before the others: to show rows early. */
  readonly arrived?: (k: number, rows: T[]) => void;
}

/**
 * Pages 0..e in parallel, e being the first short page (or the last planned). A page beyond the first
 * wave goes out only when the pages back full justify it (two more per full page), so a count that lies
 * costs at most the first wave; the first failure rejects at once and starts nothing more.
 */
export function readPages<T extends { ID: string }>(
  source: Pick<PagingSource<T>, 'page'>,
  plan: Plan<T>,
): Promise<T[][]> {
  const { P, stride, concurrency, firstWave, guard, signal } = plan;
  const pages: T[][] = [];
  let end = plan.planned - 1;
  let next = 0;
  let full = 0;
  let inFlight = 0;
  let failed = false;
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      reject(err);
    };
    const arrived = (k: number, rows: T[]) => {
      inFlight--;
      if (failed) return;
      try {
        guard.page(rows, P);
      } catch (err) {
        return fail(err);
      }
      pages[k] = rows;
      if (rows.length === P) full++;
      else end = Math.min(end, k);
      try {
        plan.arrived?.(k, rows);
      } catch (err) {
        return fail(err);
      }
      pump();
    };
    const pump = () => {
      try {
        while (!failed && inFlight < concurrency && next <= end && next < firstWave + 2 * full) {
          const k = next++;
          guard.request();
          inFlight++;
          source.page(k * stride, P, signal).then(
            (rows) => arrived(k, rows),
            (err) => {
              inFlight--;
              fail(err);
            },
          );
        }
      } catch (err) {
        return fail(err);
      }
      if (!failed && inFlight === 0) resolve(pages.slice(0, end + 1));
    };
    pump();
  });
}

/**
 * Checks every answer of one listing and bounds its requests: at most two per page-sized run of distinct
 * rows received, plus the first wave and a small slack. A server whose pages do not advance (the same
 * rows again and again) is stopped after a handful of requests, with an error that says so.
 */
export class ListGuard<T extends { ID: string }> {
  private readonly seen = new Set<string>();
  private requests = 0;
  private answers = 0;

  constructor(
    private readonly operation: string,
    private readonly stride: number,
    private readonly firstWave: number,
    private readonly maxRows: number,
    /** Pages come in ID order (checked); false for another order, which the caller checks its own way. */
    private readonly idOrder = true,
  ) {}

  /** Called before each request; throws when the rows received do not justify another. */
  request(): void {
    const justified = 2 * Math.ceil(this.seen.size / this.stride) + this.firstWave + LIST_REQUEST_SLACK;
    if (this.requests >= justified) {
      throw this.stop(
        `Workfront's pages did not advance: ${this.answers} full answers brought only ${this.seen.size} different users (it may be ignoring the paging parameters)`,
      );
    }
    this.requests++;
  }

  page(rows: readonly T[], limit: number): void {
    this.check(rows, limit);
    this.count(rows);
  }

  /** Workfront's `between` is inclusive, so the ends themselves may come back. */
  range(rows: readonly T[], from: string, to: string | undefined, limit: number): void {
    this.check(rows, limit);
    if (rows.length > 0 && (rows[0].ID < from || (to !== undefined && rows[rows.length - 1].ID > to))) {
      throw this.stop(
        'Workfront answered a read by ID with users outside the ID range asked for (it may be ignoring the filter)',
      );
    }
    this.count(rows);
  }

  private check(rows: readonly T[], limit: number): void {
    if (rows.length > limit) {
      throw this.stop(`Workfront sent more users than asked for (${rows.length} for a page of ${limit})`);
    }
    for (let i = 1; i < rows.length && this.idOrder; i++) {
      if (!(rows[i - 1].ID < rows[i].ID)) {
        throw this.stop(
          "Workfront's page was not in ID order, or repeated a user (it may be ignoring the sort), so the list could not be trusted to be complete",
        );
      }
    }
  }

  private count(rows: readonly T[]): void {
    this.answers++;
    for (const r of rows) this.seen.add(r.ID);
    if (this.seen.size > this.maxRows) {
      throw this.stop(`Workfront sent more than ${this.maxRows.toLocaleString('en-US')} users for one list`);
    }
  }

  private stop(why: string): WorkfrontError {
    return new WorkfrontError('malformed', `${this.operation}: ${why}. The listing was stopped.`, {
      operation: this.operation,
    });
  }
}

/** Every page strictly ascending by ID and starting with the row the previous one ended with. */
function seamsAlign<T extends { ID: string }>(pages: ReadonlyArray<readonly T[]>): boolean {
  let last: string | undefined;
  for (const page of pages) {
    if (page.length === 0) return false;
    if (last !== undefined && page[0].ID !== last) return false;
    for (let i = 1; i < page.length; i++) if (!(page[i - 1].ID < page[i].ID)) return false;
    last = page[page.length - 1].ID;
  }
  return true;
}

/** Runs `task(0..n-1)` with at most `limit` in flight; results in index order; the first failure wins. */
export async function mapLimit<R>(n: number, limit: number, task: (i: number) => Promise<R>): Promise<R[]> {
  // Filled as tasks finish, never allocated by `n` up front (a huge n fails by its tasks, not a RangeError).
  const results: R[] = [];
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < n) {
      const i = next++;
      try {
        results[i] = await task(i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const workers = Math.max(1, Math.min(Number.isNaN(limit) ? 1 : limit, n));
  await Promise.all(Array.from({ length: Number.isFinite(workers) ? workers : 1 }, worker));
  return results;
}
