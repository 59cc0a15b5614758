// One measurement of each client against a running simulator: counts, then the full Active list, with
// requests, the simulator's own time, peak heap during the listing and heap retained by the result.
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
  /** The simulator's own CPU per request (stats.handlerMsTotal / stats.requests), latency excluded. */
  simMsPerRequest: number;
}

export interface Measurement {
  counts: Phase & { active: number; inactive: number };
  list: Phase & { rows: number; distinct: number; peakHeapDeltaBytes: number; retainedBytes: number; retainedPerUser: number };
}

/** WorkfrontClient's defaults, which the benchmark uses unchanged. */
export const OUR_PAGE = 2000;
export const OUR_CONCURRENCY = 4;

const now = () => performance.now();

function phase(ms: number, snap: SimSnapshot): Phase {
  return {
    ms,
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
  let t = now();
  const c = await counts();
  const countsMs = now() - t;
  const countsSnap = await sim.snapshot();

  await sim.reset();
  fullGc();
  const before = heapUsed();
  const sampler = new PeakSampler().start(5);
  t = now();
  const rows = await list(c.active, () => sampler.sample());
  const listMs = now() - t;
  const peak = sampler.stop();
  const listSnap = await sim.snapshot();
  fullGc();
  const retained = heapUsed() - before;
  const n = rows.length; // keeps `rows` alive until after the measurement above
  return {
    counts: { ...phase(countsMs, countsSnap), ...c },
    list: {
      ...phase(listMs, listSnap),
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
      const [active, inactive] = await Promise.all([client.countUsers({ isActive: true }), client.countUsers({ isActive: false })]);
      return { active, inactive };
    },
    (active, sample) => client.listUsers({ isActive: true }, { total: active, onProgress: sample }),
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
