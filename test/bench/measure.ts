// One measurement of each client against a running simulator: counts, then the full Active list, with
// requests, the simulator's own time, peak heap during the listing and heap retained by the result.
import * as os from 'node:os';
import type { WorkfrontClient } from '../../src/workfront/client';
import { fullGc, heapUsed, PeakSampler } from './heap';
import type { NaiveClient } from './naiveClient';
import type { SimHandle } from './simHandle';
import type { SimSnapshot } from './simProcess';

export interface Phase {
  ms: number;
  requests: number;
  /** Searches that read an ID range (keyset) instead of an offset page. */
  rangeReads: number;
  failures: number;
  maxInFlight: number;
  /** The simulator's handler time per request (stats.handlerMsTotal / stats.requests), latency excluded. */
  simMsPerRequest: number;
  /** CPU of the whole simulator process per request (parsing, handler, writing the answer). */
  simCpuMsPerRequest: number;
  /** Arrival to answer sent, in the simulator: median and max over the phase's requests. */
  simResidenceMedianMs: number;
  simResidenceMaxMs: number;
  /** CPU time of the client's process during the phase (user + system, GC included). */
  clientCpuMs: number;
  /** 1-minute load average when the phase ended: how busy the shared machine was. */
  load: number;
}

export interface Measurement {
  counts: Phase & { active: number; inactive: number };
  list: Phase & {
    rows: number;
    distinct: number;
    peakHeapDeltaBytes: number;
    retainedBytes: number;
    retainedPerUser: number;
  };
}

/** WorkfrontClient's defaults, which the benchmark uses unchanged. */
export const OUR_PAGE = 2000;
export const OUR_CONCURRENCY = 5;

const now = () => performance.now();
/** After a forced GC, V8 still sweeps on helper threads for a moment; on 2 cores that would be timed too. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

function phase(ms: number, cpu: NodeJS.CpuUsage, snap: SimSnapshot): Phase {
  return {
    ms,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    load: os.loadavg()[0],
    simCpuMsPerRequest: snap.logLength > 0 ? snap.cpuMs / snap.logLength : 0,
    simResidenceMedianMs: snap.residenceMedianMs,
    simResidenceMaxMs: snap.residenceMaxMs,
    requests: snap.logLength,
    rangeReads: snap.rangeSearches,
    failures: snap.failures,
    maxInFlight: snap.stats.maxInFlight,
    simMsPerRequest: snap.stats.requests > 0 ? snap.stats.handlerMsTotal / snap.stats.requests : 0,
  };
}

/**
 * Times `counts()` and then `list()`, each from a clean simulator log and a collected heap. The list's
 * rows are held while the heap is measured again, so `retained` is what showing them costs.
 */
async function measure<R extends { length: number }>(
  sim: SimHandle,
  counts: () => Promise<{ active: number; inactive: number }>,
  list: (active: number, sample: () => void) => Promise<R>,
  distinct: (rows: R) => number,
): Promise<Measurement> {
  await sim.reset();
  fullGc();
  await settle();
  let cpu = process.cpuUsage();
  let t = now();
  const c = await counts();
  const countsMs = now() - t;
  const countsCpu = process.cpuUsage(cpu);
  const countsSnap = await sim.snapshot();

  await sim.reset();
  fullGc();
  await settle();
  const before = heapUsed();
  const sampler = new PeakSampler().start(5);
  cpu = process.cpuUsage();
  t = now();
  const rows = await list(c.active, () => sampler.sample());
  const listMs = now() - t;
  const listCpu = process.cpuUsage(cpu);
  const peak = sampler.stop();
  const listSnap = await sim.snapshot();
  fullGc();
  const retained = heapUsed() - before;
  const n = rows.length; // keeps `rows` alive until after the measurement above
  return {
    counts: { ...phase(countsMs, countsCpu, countsSnap), ...c },
    list: {
      ...phase(listMs, listCpu, listSnap),
      rows: n,
      distinct: distinct(rows),
      peakHeapDeltaBytes: peak - before,
      retainedBytes: retained,
      retainedPerUser: n > 0 ? retained / n : 0,
    },
  };
}

const distinctIds = (rows: ReadonlyArray<{ ID?: unknown }>) => new Set(rows.map((r) => r.ID)).size;

/** Ours: both counts in parallel, then listUsers with the active count as the known total. */
export function measureOurs(sim: SimHandle, client: WorkfrontClient): Promise<Measurement> {
  return measure(
    sim,
    async () => {
      const [active, inactive] = await Promise.all([
        client.countUsers({ isActive: true }),
        client.countUsers({ isActive: false }),
      ]);
      return { active, inactive };
    },
    (active) => client.listUsers({ isActive: true }, { total: active }),
    distinctIds,
  );
}

/** Naive: two sequential counts, then sequential pages of 100 with every field, records kept as parsed. */
export function measureNaive(sim: SimHandle, client: NaiveClient): Promise<Measurement> {
  return measure(
    sim,
    () => client.counts(),
    (_active, sample) => client.listAll(true, sample),
    distinctIds,
  );
}

export interface ReplayMeasurement {
  listMs: number;
  minMs: number;
  maxMs: number;
  runs: number[];
  requests: number;
  misses: number;
  clientCpuMs: number;
  residenceMedianMs: number;
  serverCpuMsPerRequest: number;
}

/**
 * Ours against answers replayed from memory (replayServer.ts) with the same latency: the client with
 * the simulator's CPU taken out. The first listing fills the replay; the next `reps` are measured.
 */
export async function measureOursReplayed(
  sim: SimHandle,
  client: WorkfrontClient,
  active: number,
  reps: number,
): Promise<ReplayMeasurement> {
  await client.listUsers({ isActive: true }, { total: active });
  const runs: Array<{
    ms: number;
    cpu: number;
    requests: number;
    misses: number;
    residence: number;
    serverCpu: number;
  }> = [];
  for (let i = 0; i < reps; i++) {
    await sim.replayStats(true);
    fullGc();
    await settle();
    const cpu = process.cpuUsage();
    const t = now();
    const rows = await client.listUsers({ isActive: true }, { total: active });
    const ms = now() - t;
    const used = process.cpuUsage(cpu);
    const s = await sim.replayStats(false);
    if (rows.length !== active) throw new Error(`replayed listing returned ${rows.length} rows, expected ${active}`);
    runs.push({
      ms,
      cpu: (used.user + used.system) / 1000,
      requests: s.requests,
      misses: s.misses,
      residence: s.residenceMedianMs,
      serverCpu: s.requests > 0 ? s.cpuMs / s.requests : 0,
    });
  }
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const mid = sorted[sorted.length >> 1];
  return {
    listMs: mid.ms,
    minMs: sorted[0].ms,
    maxMs: sorted[sorted.length - 1].ms,
    runs: runs.map((r) => r.ms),
    requests: mid.requests,
    misses: Math.max(...runs.map((r) => r.misses)),
    clientCpuMs: mid.cpu,
    residenceMedianMs: mid.residence,
    serverCpuMsPerRequest: mid.serverCpu,
  };
}
