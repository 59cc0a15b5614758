// The simulator in its own process for the benchmark, so that its CPU and heap never count as the
// client's. Driven over IPC by simHandle.ts: one message in, one reply out, matched by `id`.
import { startSimulator, type Simulator } from '../simulator';

export type SimCommand =
  | { type: 'start'; users: number; seed: number; latencyMs: number; maxConcurrent: number }
  | { type: 'setLatency'; ms: number }
  | { type: 'resetStats' }
  | { type: 'clearLog' }
  | { type: 'stats' }
  | { type: 'close' };

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
  heapUsedMB: number;
}

let sim: Simulator | undefined;

function snapshot(s: Simulator): SimSnapshot {
  const byOp: Record<string, number> = {};
  let rangeSearches = 0;
  let failures = 0;
  for (const e of s.log) {
    byOp[e.op] = (byOp[e.op] ?? 0) + 1;
    if (e.op === 'search' && e.query.ID_Mod !== undefined) rangeSearches++;
    if (e.status !== 200) failures++;
  }
  return { stats: { ...s.stats }, byOp, rangeSearches, failures, logLength: s.log.length, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 };
}

async function handle(cmd: SimCommand): Promise<unknown> {
  if (cmd.type === 'start') {
    const t0 = performance.now();
    sim = await startSimulator({ users: cmd.users, seed: cmd.seed, latencyMs: cmd.latencyMs, maxConcurrent: cmd.maxConcurrent });
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
      return null;
    case 'stats':
      return snapshot(sim);
    case 'close':
      await sim.close();
      sim = undefined;
      setImmediate(() => process.disconnect());
      return null;
  }
}

process.on('message', (msg: { id: number; cmd: SimCommand }) => {
  handle(msg.cmd).then(
    (result) => process.send?.({ id: msg.id, result }),
    (err: unknown) => process.send?.({ id: msg.id, error: err instanceof Error ? err.stack ?? err.message : String(err) }),
  );
});
