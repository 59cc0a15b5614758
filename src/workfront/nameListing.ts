// Listing a group in Workfront's name order, so that the tree can show rows as the pages arrive: the
// first page is asked for first, and each page is handed over as soon as every page before it is here
// (the rows handed over only ever grow at the end).
//
// The pages are read in parallel by offset, overlapping by one row, exactly as the ID-ordered listing
// reads them (paging.ts): when every page starts with the row the page before ended with and no user
// comes twice, nothing moved between the reads and the pages hold every user once. Otherwise (users
// changed during the load, or Workfront's order is not the same from one request to the next) the
// ID-ordered listing, which repairs such gaps by ID range, is read and is the answer. Workfront does not
// document how it compares names (case, accents, digits), so nothing here relies on that order beyond
// its being the same for every page; the tree sorts with its own collation (see src/tree/groupList.ts).
import { boundedNumber, MAX_LIST_ROWS, MAX_PAGE_SIZE } from './limits';
import { cancelled, untilAborted } from './failures';
import { ListGuard, readPages } from './paging';
import type { UserSummary } from './types';

export interface NameListOptions {
  /** The number of rows expected, when a count is already known; otherwise one count call is made. */
  readonly total?: number;
  readonly signal?: AbortSignal;
  /** New rows, in Workfront's name order, each user once, as soon as the pages before them are here. */
  readonly rows?: (rows: readonly UserSummary[]) => void;
  /**
   * The first page, read ahead with firstUsersByName (undefined when that failed: it is read again). The
   * pages after it must still start with its last row, so a page read earlier cannot hide a change.
   */
  readonly firstPage?: Promise<readonly UserSummary[] | undefined>;
}

export interface NameListing {
  /** Every user, each once: in name order when `inNameOrder`, else as the ID-ordered listing has them. */
  readonly users: UserSummary[];
  /**
   * False when the name-ordered pages did not tile and the ID-ordered listing was read: then some users
   * handed to `rows` may be gone or changed, and some in `users` were never handed over.
   */
  readonly inNameOrder: boolean;
}

export interface NameSource {
  /** Rows [first, first+limit) in Workfront's name order. */
  page(first: number, limit: number, signal?: AbortSignal): Promise<UserSummary[]>;
  /** The complete ID-ordered listing (paging.ts), read only when the name-ordered pages did not tile. */
  byId(signal?: AbortSignal): Promise<UserSummary[]>;
  readonly total: number;
  readonly pageSize: number;
  /** Pages in progress at once. */
  readonly concurrency: number;
  readonly operation: string;
  readonly signal?: AbortSignal;
  readonly rows?: (rows: readonly UserSummary[]) => void;
  readonly firstPage?: NameListOptions['firstPage'];
}

/** The rows per name-ordered page for a client's page size (a page must overlap the next by one row). */
export function namePageSize(pageSize: number): number {
  return boundedNumber(pageSize, MAX_PAGE_SIZE, 2, MAX_PAGE_SIZE);
}

export async function listByName(source: NameSource): Promise<NameListing> {
  const P = namePageSize(source.pageSize);
  const stride = P - 1;
  const concurrency = boundedNumber(source.concurrency, 1, 1, 64);
  const firstWave = Math.ceil(concurrency / 2);
  // The same bounds as the ID-ordered listing: a server that does not page cannot make it run on.
  const guard = new ListGuard<UserSummary>(source.operation, stride, firstWave, MAX_LIST_ROWS, false);
  const total =
    Number.isSafeInteger(source.total) && source.total >= 0
      ? Math.min(source.total, MAX_LIST_ROWS + 1)
      : MAX_LIST_ROWS + 1;
  const planned = total <= P ? 1 : Math.ceil((total - 1) / stride);

  const tiles = new Tiles(P, source.rows);
  // A first page read ahead is awaited before any other is asked for, so that the first page is still
  // asked for first when it must be read again (the read ahead failed).
  let ahead = source.firstPage
    ? await untilAborted(source.firstPage, source.signal, () => cancelled(source.operation))
    : undefined;
  const page: NameSource['page'] = (first, limit, signal) => {
    const early = first === 0 && ahead && ahead.length <= limit ? [...ahead] : undefined;
    ahead = undefined;
    return early ? Promise.resolve(early) : source.page(first, limit, signal);
  };
  const pages = await readPages(
    { page },
    {
      P,
      stride,
      planned,
      concurrency,
      firstWave,
      guard,
      signal: source.signal,
      arrived: (k, rows) => tiles.arrived(k, rows),
    },
  );
  // A full last page may have more behind it (the count was low): the ID-ordered listing reads the tail.
  const lastFull = pages[pages.length - 1]?.length === P;
  if (tiles.tiled && !lastFull && tiles.handed >= pages.length) return { users: tiles.users, inNameOrder: true };
  return { users: await source.byId(source.signal), inNameOrder: false };
}

/** Pages as they arrive, handed over in order; whether they tile (each starts where the last ended). */
class Tiles {
  readonly users: UserSummary[] = [];
  tiled = true;
  /** Pages handed over: 0..handed-1. */
  handed = 0;
  private readonly waiting = new Map<number, UserSummary[]>();
  private readonly seen = new Set<string>();
  private lastId: string | undefined;
  private lastLength = 0;

  constructor(
    private readonly P: number,
    private readonly hand?: (rows: readonly UserSummary[]) => void,
  ) {}

  arrived(k: number, rows: UserSummary[]): void {
    this.waiting.set(k, rows);
    for (let page = this.waiting.get(this.handed); page; page = this.waiting.get(this.handed)) {
      this.waiting.delete(this.handed);
      this.handed++;
      this.take(page);
    }
  }

  private take(page: readonly UserSummary[]): void {
    if (this.handed > 1) {
      // A page after a short one (sent before that was known) must be empty; rows there mean movement.
      if (this.lastLength < this.P) this.tiled &&= page.length === 0;
      else this.tiled &&= page.length > 0 && page[0].ID === this.lastId;
    }
    this.lastLength = page.length;
    const fresh: UserSummary[] = [];
    for (let i = 0; i < page.length; i++) {
      const row = page[i];
      if (this.seen.has(row.ID)) {
        if (i !== 0 || row.ID !== this.lastId) this.tiled = false;
        continue;
      }
      this.seen.add(row.ID);
      fresh.push(row);
    }
    if (page.length > 0) this.lastId = page[page.length - 1].ID;
    for (const row of fresh) this.users.push(row);
    if (fresh.length > 0) this.hand?.(fresh);
  }
}
