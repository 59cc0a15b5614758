// The Offboard from List benchmark (issue 14): finding 1,000 listed emails in an organisation of 100,000
// users, our batched case-insensitive searches (matchLogins) against one search per email, side by side
// in one run, against the simulator in its own process with a fixed latency per request. The
// deactivations that follow are one request per user either way (Workfront has no documented bulk
// deactivation), so the lookup is what differs and what is measured.
//   npm run bench:offboard [-- --users 100000] [--emails 1000] [--latencies 10,50,200] [--reps 3]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { WorkfrontClient } from '../../src/workfront/client';
import { parseInstance } from '../../src/workfront/instance';
import { matchLogins } from '../../src/workfront/matchLogins';
import { mapLimit } from '../../src/workfront/paging';
import { SimHandle } from './simHandle';
import { median, round } from './stats';

/** In flight at once for both ways: the client's default. */
const CONCURRENCY = 5;
const RESULTS = path.resolve(__dirname, '../../../test/bench/results');

interface Run {
  readonly ms: number;
  readonly requests: number;
  readonly simMsPerRequest: number;
  readonly found: number;
}

interface Row {
  readonly latencyMs: number;
  readonly batched: Run;
  readonly perEmail: Run;
  readonly timeRatio: number;
  readonly requestRatio: number;
}

async function timed(sim: SimHandle, fn: () => Promise<number>): Promise<Run> {
  await sim.reset();
  const t = performance.now();
  const found = await fn();
  const ms = performance.now() - t;
  const snap = await sim.snapshot();
  return {
    ms,
    requests: snap.stats.requests,
    simMsPerRequest: snap.stats.requests > 0 ? snap.stats.handlerMsTotal / snap.stats.requests : 0,
    found,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '100000' },
      emails: { type: 'string', default: '1000' },
      latencies: { type: 'string', default: '10,50,200' },
      reps: { type: 'string', default: '3' },
    },
  });
  const users = Number(values.users);
  const emails = Number(values.emails);
  const latencies = String(values.latencies).split(',').map(Number);
  const reps = Number(values.reps);
  const { sim, info } = await SimHandle.start({ users, latencyMs: 0 });
  const client = new WorkfrontClient(parseInstance(info.url), info.apiKey, { concurrency: CONCURRENCY });
  try {
    // The list: 99% people who exist (every other one in capitals, as HR lists come), 1% unknown.
    const everyone = await client.listUsers({});
    const step = Math.max(1, Math.floor(everyone.length / emails));
    const known = Math.round(emails * 0.99);
    const list = [
      ...Array.from({ length: known }, (_, i) => everyone[(i * step) % everyone.length].emailAddr).map((e, i) =>
        i % 2 ? e.toUpperCase() : e,
      ),
      ...Array.from({ length: emails - known }, (_, i) => `left.long.ago.${i}@elsewhere.example`),
    ];
    const batched = async () => {
      const { matches } = await matchLogins(client, list);
      return [...matches.values()].filter((m) => m.length > 0).length;
    };
    // The way without batching: one case-insensitive search per email, as many in flight as ours.
    const perEmail = async () => {
      const answers = await mapLimit(list.length, CONCURRENCY, (i) =>
        client.searchUsers(
          {},
          { first: 0, limit: 2, extra: [['filters', JSON.stringify({ emailAddr: list[i], emailAddr_Mod: 'cieq' })]] },
        ),
      );
      return answers.filter((a) => a.length > 0).length;
    };
    const rows: Row[] = [];
    for (const latencyMs of latencies) {
      await sim.setLatency(latencyMs);
      const ours: Run[] = [];
      for (let r = 0; r < reps; r++) ours.push(await timed(sim, batched));
      const theirs = await timed(sim, perEmail);
      const b = ours.sort((x, y) => x.ms - y.ms)[Math.floor(ours.length / 2)];
      if (b.found !== theirs.found) throw new Error(`the two ways found ${b.found} and ${theirs.found} users`);
      rows.push({
        latencyMs,
        batched: { ...b, ms: median(ours.map((o) => o.ms)) },
        perEmail: theirs,
        timeRatio: theirs.ms / median(ours.map((o) => o.ms)),
        requestRatio: theirs.requests / b.requests,
      });
      console.log(
        `${latencyMs} ms: batched ${round(b.ms)} ms / ${b.requests} requests, one per email ${round(theirs.ms)} ms / ${theirs.requests} requests (${round(theirs.ms / b.ms)}x time, ${round(theirs.requests / b.requests)}x requests)`,
      );
    }
    const result = {
      date: new Date().toISOString(),
      users: info.active + info.inactive,
      emails,
      concurrency: CONCURRENCY,
      rows,
    };
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'offboard.json'), JSON.stringify(result, null, 2) + '\n');
    fs.writeFileSync(path.join(RESULTS, 'offboard.md'), render(result));
  } finally {
    await client.dispose();
    await sim.close();
  }
}

function render(r: { date: string; users: number; emails: number; concurrency: number; rows: Row[] }): string {
  const lines = [
    `# Offboard from List: finding ${r.emails.toLocaleString('en')} listed emails among ${r.users.toLocaleString('en')} users`,
    '',
    `${r.date.slice(0, 10)}, \`npm run bench:offboard\`; ${r.concurrency} requests in flight both ways; the simulator in its own process, with the latency given per request. Time is the median of the batched runs; "sim ms/req" is the simulator's own CPU per request.`,
    '',
    '| latency | batched (matchLogins) | one search per email | time ratio | request ratio |',
    '|---:|---:|---:|---:|---:|',
  ];
  for (const row of r.rows) {
    const cell = (x: Run) => `${round(x.ms)} ms, ${x.requests} requests, sim ${round(x.simMsPerRequest, 2)} ms/req`;
    lines.push(
      `| ${row.latencyMs} ms | ${cell(row.batched)} | ${cell(row.perEmail)} | ${round(row.timeRatio)}x | ${round(row.requestRatio)}x |`,
    );
  }
  lines.push(
    '',
    `Both ways found the same ${r.rows[0]?.batched.found ?? 0} users (the rest of the list is not in Workfront).`,
    '',
  );
  return lines.join('\n');
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
