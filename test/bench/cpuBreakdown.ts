// Where the client's CPU goes for one full Active list: the answers are fetched once as raw bytes (the
// same pages listUsers asks for), then each step is timed on all of them, in this process. The steps
// are those of a large page's path: decoded, parsed, checked and packed on the decoding thread; copied
// over, unpacked and merged on the extension host's thread.
import { Agent, request } from 'undici';
import { fieldsParam, ID_ORDER, queryParams } from '../../src/workfront/query';
import { toSummary } from '../../src/workfront/records';
import { packSummaries, unpackSummaries, type PackedSummaries } from '../../src/workfront/summaryPacking';
import { SUMMARY_FIELDS, type UserSummary } from '../../src/workfront/types';
import { fullGc } from './heap';
import { OUR_PAGE } from './measure';

export interface Step {
  step: string;
  /** Which thread does this step when the extension lists users. */
  thread: 'decoding thread' | 'extension host';
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

function cpu(step: string, thread: Step['thread'], fn: () => void): Step {
  fullGc();
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return { step, thread, userMs: used.user / 1000, systemMs: used.system / 1000 };
}

/** `apiBase` as in Instance.apiBase; `active` the number of active users. */
export async function measureCpuBreakdown(apiBase: string, apiKey: string, active: number): Promise<CpuBreakdown> {
  const agent = new Agent({ connections: 4 });
  const stride = OUR_PAGE - 1;
  const count = active <= OUR_PAGE ? 1 : Math.ceil((active - 1) / stride);
  const bodies: Buffer[] = [];
  try {
    for (let k = 0; k < count; k++) {
      const q = new URLSearchParams([
        ...queryParams({ isActive: true }),
        fieldsParam(SUMMARY_FIELDS),
        ...ID_ORDER,
        ['$$FIRST', String(k * stride)],
        ['$$LIMIT', String(OUR_PAGE)],
      ] as [string, string][]);
      const res = await request(`${apiBase}/user/search?${q}`, { dispatcher: agent, headers: { apiKey } });
      bodies.push(Buffer.from(await res.body.arrayBuffer()));
    }
  } finally {
    await agent.close();
  }
  let texts: string[] = [];
  let records: unknown[][] = [];
  let summaries: UserSummary[][] = [];
  let packed: PackedSummaries[] = [];
  let copies: unknown[] = [];
  const steps: Step[] = [];
  const utf8 = new TextDecoder();
  // Each step once to warm up, then measured.
  for (const measure of [false, true]) {
    // Transferring detaches a buffer, so each round moves fresh copies (made outside the measured steps).
    const owned = bodies.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
    const run = [
      cpu('answer bytes moved to the decoding thread (transferred, not copied)', 'extension host', () => {
        copies = owned.map((b) => structuredClone(b, { transfer: [b] }));
      }),
      cpu('bytes → string (UTF-8 decode)', 'decoding thread', () => {
        texts = bodies.map((b) => utf8.decode(b));
      }),
      cpu('JSON.parse', 'decoding thread', () => {
        records = texts.map((t) => (JSON.parse(t) as { data: unknown[] }).data);
      }),
      cpu('toSummary (checks, dates, interning)', 'decoding thread', () => {
        summaries = records.map((page) => page.map((r) => toSummary(r, 'List active users')));
      }),
      cpu('packed into columns', 'decoding thread', () => {
        packed = summaries.map((page) => packSummaries(page));
      }),
      cpu('columns copied back (structured clone)', 'extension host', () => {
        packed = packed.map((p) => structuredClone(p));
      }),
      cpu('unpacked into users', 'extension host', () => {
        summaries = packed.map((p) => unpackSummaries(p));
      }),
      cpu('pages merged (seams line up: each page but its first row)', 'extension host', () => {
        const all = summaries[0].slice();
        for (let k = 1; k < summaries.length; k++)
          for (let i = 1; i < summaries[k].length; i++) all.push(summaries[k][i]);
        if (all.length === 0) throw new Error('no rows');
      }),
    ];
    if (measure) steps.push(...run);
  }
  if (copies.length !== bodies.length) throw new Error('copies lost');
  copies = [];
  packed = [];
  const rows = summaries.reduce((n, p) => n + p.length, 0);
  const twoBytePages = texts.filter((t) => /[\u0100-\uffff]/.test(t)).length;
  texts = [];
  records = [];
  summaries = [];
  return { pages: count, rows, bytes: bodies.reduce((n, b) => n + b.length, 0), twoBytePages, steps };
}
