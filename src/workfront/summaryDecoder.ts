// Decodes large lists of users on a second thread. A page of 2,000 users is ~600 KB of JSON; decoding,
// parsing and checking it takes the extension host's thread 10–20 ms, during which VS Code's other
// extensions wait and the next answers sit unread. On the worker the extension's thread only unpacks a
// few strings and arrays (~0.2 µs per user), and the two cores work at once.
//
// Anything unexpected falls back to decoding on the calling thread: a worker that cannot start, or an
// answer the worker does not accept as a plain list of users (its bytes come back and the caller reports
// the exact problem). A worker that dies loses the answers it held (they were moved, not copied, to
// save the extension host a copy of every page); the caller asks for those again, and every later
// answer is read in place. So the worker can only make things faster, never different.
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { unpackSummaries, type PackedSummaries } from './summaryPacking';
import type { LogFn } from './transport';
import type { UserSummary } from './types';

export interface DecodeRequest {
  readonly id: number;
  readonly bytes: ArrayBuffer;
  /** Names the operation in a malformed-row error (the worker never reports it, but converts the same way). */
  readonly operation: string;
}

/** The packed users when the answer was a plain list of users; otherwise its bytes, handed back. */
export type DecodeReply =
  { readonly id: number; readonly packed: PackedSummaries } | { readonly id: number; readonly bytes: ArrayBuffer };

/** What became of an answer given to the decoder. */
export type Decoded =
  /** Decoded on the worker. */
  | { readonly rows: UserSummary[] }
  /** Not a plain list of users, or no worker: the caller reads these bytes itself. */
  | { readonly bytes: ArrayBuffer }
  /** The worker stopped while it held the answer: the caller asks for it again. */
  | { readonly lost: true };

/** Answers smaller than this (~200 users) are decoded in place: handing them over would cost more. */
export const WORKER_MIN_BYTES = 64 * 1024;
/** An idle worker is stopped after this long; the next large answer starts a new one (~20 ms). */
const IDLE_MS = 30_000;

export class SummaryDecoder {
  private worker: Worker | undefined;
  private unavailable = false;
  private nextId = 0;
  private readonly pending = new Map<number, (result: Decoded) => void>();
  private idleTimer: NodeJS.Timeout | undefined;

  private readonly workerFile: string;
  private readonly idleMs: number;
  private readonly log: LogFn | undefined;

  constructor(options: { readonly workerFile?: string; readonly idleMs?: number; readonly log?: LogFn } = {}) {
    this.workerFile = options.workerFile ?? path.join(__dirname, 'summaryWorker.js');
    this.idleMs = options.idleMs ?? IDLE_MS;
    this.log = options.log;
  }

  /** Whether a worker thread is running now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Whether answers of this size go to the worker. */
  wants(byteLength: number): boolean {
    return !this.unavailable && byteLength >= WORKER_MIN_BYTES;
  }

  /** Takes the bytes (they are moved to the worker, not copied). Never rejects. */
  decode(bytes: ArrayBuffer, operation: string): Promise<Decoded> {
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve({ bytes });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.stopIdleTimer();
      worker.postMessage({ id, bytes, operation } satisfies DecodeRequest, [bytes]);
    });
  }

  async dispose(): Promise<void> {
    this.stopIdleTimer();
    const worker = this.worker;
    this.worker = undefined;
    this.failPending();
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.unavailable) return this.worker;
    try {
      // Required here, not at the top: the extension loads this module at start-up and most sessions
      // never list a large group.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
      const worker = new WorkerThread(this.workerFile);
      worker.unref(); // never keeps VS Code, a test or the benchmark from exiting
      worker.on('message', (reply: DecodeReply) => this.settle(reply));
      worker.on('error', (err) => this.giveUp(worker, err.message));
      worker.on('exit', (code) => this.giveUp(worker, `exit code ${code}`));
      this.worker = worker;
      this.log?.('debug', `Large lists of users are decoded on a worker thread (thread ${worker.threadId}).`);
      return worker;
    } catch (err) {
      this.giveUp(undefined, err instanceof Error ? err.message : String(err));
      return undefined;
    }
  }

  private settle(reply: DecodeReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    waiting('packed' in reply ? { rows: unpackSummaries(reply.packed) } : { bytes: reply.bytes });
    if (this.pending.size === 0) this.startIdleTimer();
  }

  /** The worker failed or exited: what it held is read here, and later answers too. */
  private giveUp(worker: Worker | undefined, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.unavailable = true;
    this.failPending();
    this.log?.(
      'warn',
      `The decoding thread stopped (${reason}); large lists of users are decoded on the extension's thread from now on.`,
    );
  }

  private failPending(): void {
    for (const resolve of this.pending.values()) resolve({ lost: true });
    this.pending.clear();
  }

  private startIdleTimer(): void {
    this.stopIdleTimer();
    this.idleTimer = setTimeout(() => {
      const worker = this.worker;
      this.worker = undefined;
      if (worker) {
        worker.removeAllListeners('exit');
        void worker.terminate();
      }
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
