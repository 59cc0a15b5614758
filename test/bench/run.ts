// The benchmark for issue 5 (100,000 users): our client against Workfront's documented recipe, side by
// side in one run, against the simulator in its own process with a fixed latency per request.
//   npm run bench [-- --latency 50] [--sizes 1000,10000,100000] [--reps 3] [--quick]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs as parseCliArgs } from 'node:util';
import { WorkfrontClient } from '../../src/workfront/client';
import { parseInstance } from '../../src/workfront/instance';
import { measureActivation } from './activation';
import { measureRedaction, type RedactionResult } from './redaction';
import { measureCpuBreakdown, type CpuBreakdown } from './cpuBreakdown';
import { fullGc } from './heap';
import {
  measureNaive,
  measureOurs,
  measureOursReplayed,
  OUR_CONCURRENCY,
  OUR_PAGE,
  type Measurement,
  type ReplayMeasurement,
} from './measure';
import { NaiveClient } from './naiveClient';
import { renderMarkdown, renderReadmeTable } from './report';
import { SimHandle } from './simHandle';
import { median } from './stats';

const SWEEP_USERS = 10_000;
const SWEEP_LATENCIES = [10, 200];

export interface Args {
  /** Only re-render latest.md from latest.json. */
  render?: boolean;
  latency: number;
  sizes: number[];
  reps: number;
  quick: boolean;
  sweep: boolean;
  activationRuns: number;
}

export interface Row {
  users: number;
  active: number;
  inactive: number;
  latencyMs: number;
  simStartMs: number;
  /** Ours: median over the repetitions (all runs kept in `oursRuns`). */
  ours: Measurement;
  oursRuns: Measurement[];
  naive: Measurement;
  /** Ours against replayed answers (the simulator's CPU taken out): a diagnostic. */
  replay: ReplayMeasurement;
  derived: Derived;
}

export interface Derived {
  /** ceil(active/2000): the fewest requests that can carry the list. */
  floorRequests: number;
  /** ceil(active/2000)/c round trips with c = 5 in flight, but at least 1 (one request is one round trip). */
  floorRoundTrips: number;
  floorMs: number;
  oursOverFloor: number;
  oursCountsRoundTrips: number;
  naiveCountsRoundTrips: number;
  /** naive list time / ours list time (both with counts known or not needed). */
  speedupList: number;
  /** naive list time / (ours counts + ours list). */
  speedupEndToEnd: number;
  requestRatio: number;
  oursListMinMs: number;
  oursListMaxMs: number;
}

export interface Results {
  command: string;
  date: string;
  node: string;
  machine: {
    cores: number;
    cpu: string;
    memGB: number;
    platform: string;
    loadAvgStart: number[];
    loadAvgEnd: number[];
  };
  args: Args;
  totalSeconds: number;
  sizes: Row[];
  sweep: Row[];
  activation: Awaited<ReturnType<typeof measureActivation>> | undefined;
  /** Redacting secrets from log lines, beside a plain split/join. */
  redaction?: RedactionResult;
  /** At the largest size: the client's CPU for one Active list, step by step. */
  cpuBreakdown: (CpuBreakdown & { users: number; wholeListCpuMs: number }) | undefined;
  targets: Target[];
}

export interface Target {
  name: string;
  value: string;
  pass: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]
  --latency <ms>     added to every request (default 50)
  --sizes <n,n,...>  organisation sizes, 1..100000 (default 1000,10000,100000; --quick: 1000,10000)
  --reps <n>         runs of ours per size, the median reported (default 7; --quick: 1)
  --quick            a short run, written to results/quick.* (never replaces latest.*)
  --no-sweep         skip the latency sweep at 10,000 users (a quick run never sweeps)
  --render           measure nothing: write results/latest.md again from results/latest.json (after a
                     change of the report's layout) and print the table docs/performance.md quotes
  --help             this text`;

/** The options as given (`util.parseArgs` rejects unknown ones and missing values), or undefined for --help. */
export function parseArgs(argv: string[]): Args | undefined {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      latency: { type: 'string' },
      sizes: { type: 'string' },
      reps: { type: 'string' },
      quick: { type: 'boolean' },
      'no-sweep': { type: 'boolean' },
      render: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  if (values.render)
    return { render: true, latency: 0, sizes: [], reps: 0, quick: false, sweep: false, activationRuns: 0 };
  const quick = values.quick ?? false;
  const sizes = (values.sizes ?? (quick ? '1000,10000' : '1000,10000,100000'))
    .split(',')
    .map((s) => Number(s.replace(/_/g, '')));
  const latency = Number(values.latency ?? 50);
  const reps = Number(values.reps ?? (quick ? 1 : 7));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000))
    throw new Error('--sizes: whole numbers from 1 to 100000, comma-separated');
  if (!Number.isFinite(latency) || latency <= 0) throw new Error('--latency: milliseconds above 0');
  if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps: 1 or more');
  return { latency, sizes, reps, quick, sweep: !quick && !values['no-sweep'], activationRuns: quick ? 3 : 7 };
}

function pickMedian(runs: Measurement[]): Measurement {
  const t = median(runs.map((r) => r.list.ms));
  return (
    runs.find((r) => r.list.ms === t) ?? [...runs].sort((a, b) => Math.abs(a.list.ms - t) - Math.abs(b.list.ms - t))[0]
  );
}

function derive(
  active: number,
  latency: number,
  ours: Measurement,
  oursRuns: Measurement[],
  naive: Measurement,
): Derived {
  const floorRequests = Math.ceil(active / OUR_PAGE);
  const floorRoundTrips = Math.max(1, floorRequests / OUR_CONCURRENCY);
  const floorMs = floorRoundTrips * latency;
  // Median counts time over the runs, as for the list.
  const oursCountsMs = median(oursRuns.map((r) => r.counts.ms));
  return {
    floorRequests,
    floorRoundTrips,
    floorMs,
    oursOverFloor: ours.list.ms / floorMs,
    oursCountsRoundTrips: oursCountsMs / latency,
    naiveCountsRoundTrips: naive.counts.ms / latency,
    speedupList: naive.list.ms / ours.list.ms,
    speedupEndToEnd: naive.list.ms / (oursCountsMs + ours.list.ms),
    requestRatio: naive.list.requests / ours.list.requests,
    oursListMinMs: Math.min(...oursRuns.map((r) => r.list.ms)),
    oursListMaxMs: Math.max(...oursRuns.map((r) => r.list.ms)),
  };
}

/** Warms both clients (JIT, connections, the simulator's caches), then measures them interleaved. */
async function measureAt(
  sim: SimHandle,
  apiKey: string,
  ours: WorkfrontClient,
  naive: NaiveClient,
  users: number,
  active: number,
  inactive: number,
  latency: number,
  reps: number,
  simStartMs: number,
): Promise<Row> {
  await sim.setLatency(latency);
  await measureOurs(sim, ours);
  await naive.counts();
  await naive.listAll(true, undefined, 3);
  fullGc();
  const oursRuns: Measurement[] = [];
  oursRuns.push(await measureOurs(sim, ours));
  const naiveRun = await measureNaive(sim, naive);
  for (let i = 1; i < reps; i++) oursRuns.push(await measureOurs(sim, ours));
  const oursMedian = pickMedian(oursRuns);
  const replayClient = new WorkfrontClient(parseInstance(await sim.startReplay(latency)), apiKey);
  let replay: ReplayMeasurement;
  try {
    replay = await measureOursReplayed(sim, replayClient, active, reps);
  } finally {
    await replayClient.dispose();
  }
  for (const m of [...oursRuns, naiveRun]) {
    if (m.list.rows !== active || m.list.distinct !== active)
      throw new Error(
        `${users} users: a listing returned ${m.list.rows} rows (${m.list.distinct} distinct), expected ${active}`,
      );
  }
  return {
    users,
    active,
    inactive,
    latencyMs: latency,
    simStartMs,
    ours: oursMedian,
    oursRuns,
    naive: naiveRun,
    replay,
    derived: derive(active, latency, oursMedian, oursRuns, naiveRun),
  };
}

function progress(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function evaluate(res: Results): Target[] {
  const targets: Target[] = [];
  const all = [...res.sizes, ...res.sweep];
  for (const r of res.sizes) {
    targets.push({
      name: `counts within 1.5 round trips (${r.users.toLocaleString('en')} users)`,
      value: `${r.derived.oursCountsRoundTrips.toFixed(2)} RT`,
      pass: r.derived.oursCountsRoundTrips <= 1.5,
    });
  }
  for (const r of res.sizes) {
    const limit = Math.ceil(r.active / OUR_PAGE) + 2;
    const worst = Math.max(...r.oursRuns.map((m) => m.list.requests));
    targets.push({
      name: `list requests ≤ ceil(N/2000)+2 (${r.active.toLocaleString('en')} active)`,
      value: `${worst} ≤ ${limit}`,
      pass: worst <= limit,
    });
  }
  const big = res.sizes.find((r) => r.users === 100_000);
  if (big) {
    const replayed = big.replay.listMs;
    targets.push({
      name: '100,000 users: ours ≥ 30× faster than naive (list)',
      value: `${big.derived.speedupList.toFixed(1)}× (end to end with counts: ${big.derived.speedupEndToEnd.toFixed(1)}×; diagnostic, simulator CPU taken out: ${(big.naive.list.ms / replayed).toFixed(1)}×)`,
      pass: big.derived.speedupList >= 30,
    });
    targets.push({
      name: '100,000 users: within 1.5× of ceil(N/2000)/c round trips',
      value: `${big.derived.oursOverFloor.toFixed(2)}× (diagnostic, simulator CPU taken out: ${(replayed / big.derived.floorMs).toFixed(2)}×)`,
      pass: big.derived.oursOverFloor <= 1.5,
    });
  } else {
    targets.push({
      name: '100,000 users: ≥ 30× and within 1.5× of the floor',
      value: 'not run (size 100000 not in --sizes)',
      pass: false,
    });
  }
  for (const r of res.sizes) {
    const per = r.ours.list.retainedPerUser;
    targets.push({
      name: `retained ≤ 1 KB per user (${r.active.toLocaleString('en')} listed)`,
      value: `${Math.round(per)} B/user`,
      pass: per <= 1024,
    });
  }
  if (res.activation) {
    for (const s of ['signedOut', 'signedIn'] as const) {
      const a = res.activation[s];
      targets.push({
        name: `activate() < 20 ms (${s === 'signedIn' ? 'one instance signed in' : 'nothing signed in'})`,
        value: `${a.activateMs.toFixed(2)} ms`,
        pass: a.activateMs < 20,
      });
    }
    targets.push({
      name: 'requiring the bundle and activating does not load undici',
      value:
        res.activation.signedIn.undiciLoaded || res.activation.signedOut.undiciLoaded ? 'undici loaded' : 'not loaded',
      pass:
        !res.activation.signedIn.undiciLoaded &&
        !res.activation.signedOut.undiciLoaded &&
        res.activation.signedIn.markerWorks,
    });
  }
  const advantage = all.every((r) => r.derived.speedupList > 1);
  targets.push({
    name: 'advantage holds at every latency and size',
    value: all.map((r) => `${r.users / 1000}k@${r.latencyMs}ms ${r.derived.speedupList.toFixed(1)}×`).join(', '),
    pass: advantage,
  });
  return targets;
}

async function main(): Promise<void> {
  const started = performance.now();
  let args: Args | undefined;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (!args) {
    console.log(USAGE);
    return;
  }
  const dir = path.join(__dirname, '..', '..', '..', 'test', 'bench', 'results');
  if (args.render) {
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'latest.json'), 'utf8')) as Results;
    fs.writeFileSync(path.join(dir, 'latest.md'), renderMarkdown(saved));
    process.stdout.write(
      `wrote test/bench/results/latest.md; docs/performance.md's table:\n\n${renderReadmeTable(saved)}`,
    );
    return;
  }
  fullGc(); // fails early without --expose-gc
  const cpus = os.cpus();
  const res: Results = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    date: new Date().toISOString(),
    node: process.version,
    machine: {
      cores: cpus.length,
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      memGB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.arch()}`,
      loadAvgStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
      loadAvgEnd: [],
    },
    args,
    totalSeconds: 0,
    sizes: [],
    sweep: [],
    activation: undefined,
    cpuBreakdown: undefined,
    targets: [],
  };

  progress('activation');
  res.activation = await measureActivation(args.activationRuns);
  progress('redaction');
  res.redaction = measureRedaction();

  const sizes = [...args.sizes];
  if (args.sweep && !sizes.includes(SWEEP_USERS)) sizes.push(SWEEP_USERS);
  for (const users of sizes.sort((a, b) => a - b)) {
    progress(`${users} users: starting the simulator`);
    const { sim, info } = await SimHandle.start({ users, latencyMs: args.latency });
    const ours = new WorkfrontClient(parseInstance(info.url), info.apiKey);
    const naive = new NaiveClient(info.url, info.apiKey);
    try {
      if (args.sizes.includes(users)) {
        progress(`${users} users (${info.active} active): ${args.latency} ms`);
        const row = await measureAt(
          sim,
          info.apiKey,
          ours,
          naive,
          users,
          info.active,
          info.inactive,
          args.latency,
          args.reps,
          info.startMs,
        );
        res.sizes.push(row);
        if (users === Math.max(...args.sizes)) {
          progress(`${users} users: client CPU breakdown`);
          const b = await measureCpuBreakdown(parseInstance(info.url).apiBase, info.apiKey, info.active);
          res.cpuBreakdown = { ...b, users, wholeListCpuMs: row.replay.clientCpuMs };
        }
      }
      if (args.sweep && users === SWEEP_USERS) {
        for (const latency of SWEEP_LATENCIES) {
          progress(`${users} users: latency sweep, ${latency} ms`);
          res.sweep.push(
            await measureAt(
              sim,
              info.apiKey,
              ours,
              naive,
              users,
              info.active,
              info.inactive,
              latency,
              args.reps,
              info.startMs,
            ),
          );
        }
      }
    } finally {
      await ours.dispose();
      await naive.close();
      await sim.close();
    }
  }

  res.machine.loadAvgEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  res.totalSeconds = (performance.now() - started) / 1000;
  res.targets = evaluate(res);
  const md = renderMarkdown(res);
  process.stdout.write(md);
  process.stdout.write(`\n## For docs/performance.md\n\n${renderReadmeTable(res)}`);
  fs.mkdirSync(dir, { recursive: true });
  // A quick run never replaces the committed full results.
  const base = args.quick ? 'quick' : 'latest';
  fs.writeFileSync(path.join(dir, `${base}.md`), md);
  fs.writeFileSync(path.join(dir, `${base}.json`), `${JSON.stringify(res, null, 2)}\n`);
  progress(`wrote test/bench/results/${base}.md and ${base}.json in ${res.totalSeconds.toFixed(1)} s`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
