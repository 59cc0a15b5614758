// Where the client's CPU goes for one full Active list: the answers are fetched once as raw bytes (the
// same pages listUsers asks for), then each step is timed on all of them, in this process.
import { Agent, request } from 'undici';
import { fieldsParam, ID_ORDER, queryParams } from '../../src/workfront/query';
import { toSummary } from '../../src/workfront/records';
import { SUMMARY_FIELDS, type UserSummary } from '../../src/workfront/types';
import { fullGc } from './heap';
import { OUR_PAGE } from './measure';

export interface Step {
  step: string;
  userMs: number;
  systemMs: number;
}

export interface CpuBreakdown {
  pages: number;
  rows: number;
  bytes: number;
  /** Pages whose text needs two bytes per character in V8 (a character above U+00FF, e.g. CJK names). */
  twoBytePages: number;
  steps: Step[];
}

function cpu(step: string, fn: () => void): Step {
  fullGc();
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return { step, userMs: used.user / 1000, systemMs: used.system / 1000 };
}

/** `apiBase` as in Instance.apiBase; `active` the number of active users. */
export async function measureCpuBreakdown(apiBase: string, apiKey: string, active: number): Promise<CpuBreakdown> {
  const agent = new Agent({ connections: 4 });
  const stride = OUR_PAGE - 1;
  const count = active <= OUR_PAGE ? 1 : Math.ceil((active - 1) / stride);
  const bodies: Buffer[] = [];
  try {
    for (let k = 0; k < count; k++) {
      const q = new URLSearchParams([...queryParams({ isActive: true }), fieldsParam(SUMMARY_FIELDS), ...ID_ORDER, ['$$FIRST', String(k * stride)], ['$$LIMIT', String(OUR_PAGE)]] as [string, string][]);
      const res = await request(`${apiBase}/user/search?${q}`, { dispatcher: agent, headers: { apiKey } });
      bodies.push(Buffer.from(await res.body.arrayBuffer()));
    }
  } finally {
    await agent.close();
  }
  let texts: string[] = [];
  let records: unknown[][] = [];
  let summaries: UserSummary[][] = [];
  const steps: Step[] = [];
  // Each step once to warm up, then measured.
  for (const measure of [false, true]) {
    const run = [
      cpu('bytes → string (UTF-8 decode, as `body.text()`)', () => {
        texts = bodies.map((b) => b.toString('utf8'));
      }),
      cpu('JSON.parse', () => {
        records = texts.map((t) => (JSON.parse(t) as { data: unknown[] }).data);
      }),
      cpu('toSummary (checks, dates, interning)', () => {
        summaries = records.map((page) => page.map((r) => toSummary(r, 'List active users')));
      }),
      cpu('Map by ID (as readAllPages merges pages)', () => {
        const byId = new Map<string, UserSummary>();
        for (const page of summaries) for (const s of page) byId.set(s.ID, s);
        if (byId.size === 0) throw new Error('no rows');
      }),
    ];
    if (measure) steps.push(...run);
  }
  const rows = summaries.reduce((n, p) => n + p.length, 0);
  const twoBytePages = texts.filter((t) => /[\u0100-\uffff]/.test(t)).length;
  texts = [];
  records = [];
  summaries = [];
  return { pages: count, rows, bytes: bodies.reduce((n, b) => n + b.length, 0), twoBytePages, steps };
}
