// The simulator in its own process for the benchmark, so that its CPU and heap never count as the
// client's. Driven over IPC by simHandle.ts: one message in, one reply out, matched by `id`.
import { startSimulator, type Simulator } from '../simulator';
import { ReplayServer } from './replayServer';

export type SimCommand =
  | { type: 'start'; users: number; seed: number; latencyMs: number; maxConcurrent: number }
  | { type: 'setLatency'; ms: number }
  | { type: 'resetStats' }
  | { type: 'clearLog' }
  | { type: 'stats' }
  | { type: 'startReplay'; latencyMs: number }
  | { type: 'replayStats'; reset: boolean }
  | { type: 'close' };

export interface ReplayStats {
  requests: number;
  /** Requests that had to go to the simulator (not seen before). */
  misses: number;
  residenceMedianMs: number;
  cpuMs: number;
}

export interface SimStarted {
  url: string;
  apiKey: string;
  active: number;
  inactive: number;
  startMs: number;
}

export interface SimSnapshot {
  stats: { inFlight: number; maxInFlight: number; requests: number; rejectedByCap: number; handlerMsTotal: number };
  /** Requests logged since the last clearLog, by operation (count, search, …). */
  byOp: Record<string, number>;
  /** Of the searches, those that were keyset reads (an ID range instead of an offset). */
  rangeSearches: number;
  /** Statuses other than 200. */
  failures: number;
  logLength: number;
  /** CPU time (user + system) of the whole simulator process since the last clearLog, ms. */
  cpuMs: number;
  /**
   * Time each request spent in the simulator, from arrival to its answer being sent (added latency,
   * waiting for the CPU, handling, writing), ms: median and max. Far above the latency means the
   * simulator (or the machine's load) and not the client is holding the requests.
   */
  residenceMedianMs: number;
  residenceMaxMs: number;
  heapUsedMB: number;
}

let sim: Simulator | undefined;
let cpuBase = process.cpuUsage();
let residence: number[] = [];
let replay: { server: ReplayServer; url: string } | undefined;
let replayCpuBase = process.cpuUsage();

function snapshot(s: Simulator): SimSnapshot {
  const byOp: Record<string, number> = {};
  let rangeSearches = 0;
  let failures = 0;
  for (const e of s.log) {
    byOp[e.op] = (byOp[e.op] ?? 0) + 1;
    if (e.op === 'search' && e.query.ID_Mod !== undefined) rangeSearches++;
    if (e.status !== 200) failures++;
  }
  const cpu = process.cpuUsage(cpuBase);
  const sorted = [...residence].sort((a, b) => a - b);
  return {
    stats: { ...s.stats },
    byOp,
    rangeSearches,
    failures,
    logLength: s.log.length,
    cpuMs: (cpu.user + cpu.system) / 1000,
    residenceMedianMs: sorted.length > 0 ? sorted[sorted.length >> 1] : 0,
    residenceMaxMs: sorted.length > 0 ? sorted[sorted.length - 1] : 0,
    heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

async function handle(cmd: SimCommand): Promise<unknown> {
  if (cmd.type === 'start') {
    const t0 = performance.now();
    sim = await startSimulator({
      users: cmd.users,
      seed: cmd.seed,
      latencyMs: cmd.latencyMs,
      maxConcurrent: cmd.maxConcurrent,
      // Called when the answer has been written; `time` is the arrival (Date.now()).
      onRequest: (entry) => residence.push(Date.now() - entry.time),
    });
    const started: SimStarted = {
      url: sim.url,
      apiKey: sim.apiKey,
      active: sim.store.count(true),
      inactive: sim.store.count(false),
      startMs: performance.now() - t0,
    };
    return started;
  }
  if (!sim) throw new Error('The simulator has not been started');
  switch (cmd.type) {
    case 'setLatency':
      sim.setLatency(cmd.ms);
      return null;
    case 'resetStats':
      sim.resetStats();
      return null;
    case 'clearLog':
      sim.clearLog();
      cpuBase = process.cpuUsage();
      residence = [];
      return null;
    case 'stats':
      return snapshot(sim);
    case 'startReplay': {
      if (!replay) {
        const server = new ReplayServer(sim.url);
        replay = { server, url: await server.listen() };
      }
      replay.server.latencyMs = cmd.latencyMs;
      return replay.url;
    }
    case 'replayStats': {
      if (!replay) throw new Error('No replay server');
      const r = replay.server;
      const sorted = [...r.residence].sort((a, b) => a - b);
      const cpu = process.cpuUsage(replayCpuBase);
      const out: ReplayStats = {
        requests: r.requests,
        misses: r.misses,
        residenceMedianMs: sorted.length > 0 ? sorted[sorted.length >> 1] : 0,
        cpuMs: (cpu.user + cpu.system) / 1000,
      };
      if (cmd.reset) {
        r.reset();
        replayCpuBase = process.cpuUsage();
      }
      return out;
    }
    case 'close':
      await replay?.server.close();
      await sim.close();
      sim = undefined;
      setImmediate(() => process.disconnect());
      return null;
  }
}

process.on('message', (msg: { id: number; cmd: SimCommand }) => {
  handle(msg.cmd).then(
    (result) => process.send?.({ id: msg.id, result }),
    (err: unknown) =>
      process.send?.({ id: msg.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
