// The baseline: Workfront's documented recipe, as the official JS client does it. Sequential pages of the
// default size (100, `$$LIMIT` omitted) with every field (`fields=*`), `$$FIRST` stepping by 100 until a
// short page; counts are two sequential `/count` calls. It is given the same keep-alive undici
// transport as ours and a sort by ID (without a sort Workfront, like the simulator, may repeat or skip
// rows between pages), so only the paging strategy differs.
import { Agent, request } from 'undici';

export const NAIVE_PAGE = 100;

export class NaiveClient {
  private readonly agent = new Agent({ connections: 1, keepAliveTimeout: 10_000 });
  requests = 0;

  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    private readonly apiVersion = '21.0',
  ) {}

  private async get(path: string, params: Array<[string, string]>): Promise<unknown> {
    const q = new URLSearchParams(params).toString();
    this.requests++;
    const res = await request(`${this.url}/attask/api/v${this.apiVersion}/${path}?${q}`, {
      dispatcher: this.agent,
      headers: { apiKey: this.apiKey, accept: 'application/json' },
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
    return (JSON.parse(text) as { data: unknown }).data;
  }

  async count(isActive: boolean): Promise<number> {
    const data = (await this.get('user/count', [
      ['isActive', String(isActive)],
      ['isActive_Mod', 'eq'],
    ])) as { count: number };
    return data.count;
  }

  /** Active and inactive counts, one after the other. */
  async counts(): Promise<{ active: number; inactive: number }> {
    const active = await this.count(true);
    const inactive = await this.count(false);
    return { active, inactive };
  }

  /** Every record as Workfront sent it (all fields), page after page. `onPage` sees each page arrive; `maxPages` is for warming up. */
  async listAll(
    isActive: boolean,
    onPage?: (loaded: number) => void,
    maxPages = Infinity,
  ): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for (let first = 0, pages = 0; pages < maxPages; first += NAIVE_PAGE, pages++) {
      const page = (await this.get('user/search', [
        ['isActive', String(isActive)],
        ['isActive_Mod', 'eq'],
        ['fields', '*'],
        ['ID_Sort', 'asc'],
        ['$$FIRST', String(first)],
      ])) as Record<string, unknown>[];
      for (const r of page) rows.push(r);
      onPage?.(rows.length);
      if (page.length < NAIVE_PAGE) return rows;
    }
    return rows;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
