// The benchmark's side of simProcess.ts: forks it and turns its IPC replies into promises.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { ReplayStats, SimCommand, SimSnapshot, SimStarted } from './simProcess';

export class SimHandle {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error !== undefined) p.reject(new Error(`simulator process: ${msg.error}`));
      else p.resolve(msg.result);
    });
    child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`simulator process exited (${code})`));
      this.pending.clear();
    });
  }

  /** Forks a fresh simulator process and starts an organisation of `users` in it. */
  static async start(opts: {
    users: number;
    latencyMs: number;
    seed?: number;
    maxConcurrent?: number;
  }): Promise<{ sim: SimHandle; info: SimStarted }> {
    // No --expose-gc or inspector flags from the parent: the child is a plain Node process.
    const child = fork(path.join(__dirname, 'simProcess.js'), [], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const sim = new SimHandle(child);
    const info = (await sim.send({
      type: 'start',
      users: opts.users,
      seed: opts.seed ?? 1,
      latencyMs: opts.latencyMs,
      maxConcurrent: opts.maxConcurrent ?? 10,
    })) as SimStarted;
    return { sim, info };
  }

  private send(cmd: SimCommand): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, cmd });
    });
  }

  setLatency(ms: number): Promise<unknown> {
    return this.send({ type: 'setLatency', ms });
  }

  /** Clears the log and the counters: what follows is the next measurement's alone. */
  async reset(): Promise<void> {
    await this.send({ type: 'clearLog' });
    await this.send({ type: 'resetStats' });
  }

  snapshot(): Promise<SimSnapshot> {
    return this.send({ type: 'stats' }) as Promise<SimSnapshot>;
  }

  /** Starts the replay server (see replayServer.ts) in the simulator's process; resolves to its URL. */
  startReplay(latencyMs: number): Promise<string> {
    return this.send({ type: 'startReplay', latencyMs }) as Promise<string>;
  }

  replayStats(reset: boolean): Promise<ReplayStats> {
    return this.send({ type: 'replayStats', reset }) as Promise<ReplayStats>;
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.send({ type: 'close' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill(), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
