// Benchmark for issue 14 item 1: the open-work counts of the Deactivate confirmation. Ours (one count per
// kind, all sent at once through the client's request cap) side by side with the sequential baseline
// (one count after another, as a script would), in one run, at several latencies; reported as round
// trips (elapsed / latency) and ratios. Also several users: ours (searches with `in`, 100 users a
// request) against one count per user and kind.
//   npm run bench:open-work [-- --users 100000 --reps 5]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { WorkfrontClient } from '../../src/workfront/client';
import { parseInstance } from '../../src/workfront/instance';
import { WORK_KINDS } from '../../src/workfront/work/kinds';
import { startSimulator, type Simulator } from '../simulator';
import { median } from './stats';

const LATENCIES = [10, 50, 200];
const MANY = 50;

interface Line {
  latencyMs: number;
  concurrency: number;
  what: string;
  oursMs: number;
  baselineMs: number;
  oursRequests: number;
  baselineRequests: number;
  simMsPerRequest: number;
}

async function timed(
  sim: Simulator,
  fn: () => Promise<unknown>,
): Promise<{ ms: number; requests: number; simMs: number }> {
  const before = sim.log.length;
  sim.resetStats();
  const started = performance.now();
  await fn();
  const ms = performance.now() - started;
  const requests = sim.log.length - before;
  return { ms, requests, simMs: sim.stats.handlerMsTotal / Math.max(1, requests) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { users: { type: 'string', default: '100000' }, reps: { type: 'string', default: '5' } },
  });
  const users = Number(values.users);
  const reps = Number(values.reps);
  const sim = await startSimulator({ users, seed: 1, maxConcurrent: 0 });
  const instance = parseInstance(sim.url);
  const people = sim.store.all().filter((u) => u.isActive && u.ID !== sim.admin.ID);
  const lines: Line[] = [];
  try {
    for (const latencyMs of LATENCIES) {
      sim.setLatency(latencyMs);
      for (const concurrency of [4, 5]) {
        const client = new WorkfrontClient(instance, sim.apiKey, { concurrency });
        const one = { ours: [] as number[], base: [] as number[], oursReq: 0, baseReq: 0, sim: [] as number[] };
        const many = { ours: [] as number[], base: [] as number[], oursReq: 0, baseReq: 0, sim: [] as number[] };
        for (let r = 0; r < reps + 1; r++) {
          const user = people[r % people.length].ID;
          const group = people.slice(r * MANY, (r + 1) * MANY).map((u) => u.ID);
          const ours = await timed(sim, () => client.work.countOpenWork(user));
          // The baseline: the same count calls, one after another.
          const base = await timed(sim, async () => {
            for (const def of WORK_KINDS) {
              const res = await fetch(
                `${sim.url}/attask/api/v21.0/${def.path}/count?${new URLSearchParams([
                  [def.userField, user],
                  [`${def.userField}_Mod`, 'eq'],
                  ...def.open.map(([k, v]): [string, string] => [k, v]),
                ]).toString()}`,
                { headers: { apiKey: sim.apiKey } },
              );
              await res.text();
            }
          });
          const oursMany = await timed(sim, () => client.work.countOpenWorkOfMany(group));
          // The baseline for several: each user counted as one user is, one user after another.
          const baseMany = await timed(sim, async () => {
            for (const id of group) await client.work.countOpenWork(id);
          });
          if (r === 0) continue; // warm-up: connections and JIT
          one.ours.push(ours.ms);
          one.base.push(base.ms);
          one.oursReq = ours.requests;
          one.baseReq = base.requests;
          one.sim.push(ours.simMs);
          many.ours.push(oursMany.ms);
          many.base.push(baseMany.ms);
          many.oursReq = oursMany.requests;
          many.baseReq = baseMany.requests;
          many.sim.push(oursMany.simMs);
        }
        await client.dispose();
        lines.push({
          latencyMs,
          concurrency,
          what: 'one user',
          oursMs: median(one.ours),
          baselineMs: median(one.base),
          oursRequests: one.oursReq,
          baselineRequests: one.baseReq,
          simMsPerRequest: median(one.sim),
        });
        lines.push({
          latencyMs,
          concurrency,
          what: `${MANY} users`,
          oursMs: median(many.ours),
          baselineMs: median(many.base),
          oursRequests: many.oursReq,
          baselineRequests: many.baseReq,
          simMsPerRequest: median(many.sim),
        });
      }
    }
  } finally {
    await sim.close();
  }
  const rt = (ms: number, latency: number) => (ms / latency).toFixed(2);
  const table = [
    `Open-work counts, ${users.toLocaleString('en')} users, median of ${reps} (after a warm-up), ${new Date().toISOString().slice(0, 10)}.`,
    'Round trips = elapsed / latency. Baseline for one user: the same 5 count calls sent one after another;',
    `for ${MANY} users: ${WORK_KINDS.length} counts per user (ours with its parallel counts, user after user).`,
    '',
    '| latency | in flight | counted | ours | round trips | baseline | round trips | baseline/ours | requests ours / baseline | simulator ms/request |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...lines.map(
      (l) =>
        `| ${l.latencyMs} ms | ${l.concurrency} | ${l.what} | ${l.oursMs.toFixed(0)} ms | ${rt(l.oursMs, l.latencyMs)} | ${l.baselineMs.toFixed(0)} ms | ${rt(l.baselineMs, l.latencyMs)} | ${(l.baselineMs / l.oursMs).toFixed(1)}× | ${l.oursRequests} / ${l.baselineRequests} | ${l.simMsPerRequest.toFixed(2)} |`,
    ),
  ].join('\n');
  const out = path.join(__dirname, '..', '..', '..', 'test', 'bench', 'results', 'open-work.md');
  fs.writeFileSync(out, `# Open-work counts (\`npm run bench:open-work\`)\n\n${table}\n`);
  console.log(table);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
