// Reads every row of a result set in parallel pages without missing or repeating a row, even while the
// set changes between pages (a user deactivated elsewhere shifts every later offset by one).
//
// Rows are sorted by ID (a total order), fetched by offset, and consecutive pages overlap by one row:
// page k starts at the row page k-1 ended with. When a seam does not line up, rows moved between the
// two reads and the gap is read again by ID range (keyset), so no row in the gap is lost. With no
// changes this costs ceil((N-1)/(P-1)) requests: N = 100,000 and P = 2,000 give 51.

export interface PagingSource<T extends { ID: string }> {
  /** Rows [first, first+limit) in ascending ID order. */
  page(first: number, limit: number, signal?: AbortSignal): Promise<T[]>;
  /** Rows with fromId < ID < toId (toId undefined: no upper bound), ascending ID, at most `limit`. */
  range(fromId: string, toId: string | undefined, limit: number, signal?: AbortSignal): Promise<T[]>;
}

export interface PagingOptions {
  /** Expected number of rows (from a count call), to plan the pages. */
  readonly total: number;
  /** Rows per request, at most 2,000 (Workfront's cap). */
  readonly pageSize: number;
  /** Pages in progress at once (requested, or arrived and being converted). */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
}

export async function readAllPages<T extends { ID: string }>(
  source: PagingSource<T>,
  opts: PagingOptions,
): Promise<T[]> {
  const P = Math.max(2, Math.min(2000, Math.floor(opts.pageSize)));
  const stride = P - 1;
  const count = opts.total <= P ? 1 : Math.ceil((opts.total - 1) / stride);

  const pages = await mapLimit(count, opts.concurrency, (k) => source.page(k * stride, P, opts.signal));

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
  await mapLimit(extra.length, opts.concurrency, async (i) => {
    let [from] = extra[i];
    const to = extra[i][1];
    for (;;) {
      const batch = await source.range(from, to, P, opts.signal);
      add(batch);
      if (batch.length < P) return;
      from = batch[batch.length - 1].ID;
    }
  });
  return [...byId.values()];
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
  const results = new Array<R>(n);
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
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, n)) }, worker));
  return results;
}
