// An in-memory PagingSource over a sorted set of IDs, with hooks to change the set between (or during)
// page and range calls, delays to make calls complete out of order, and counters for what was asked.
import type { PagingSource } from '../../../src/workfront/paging';

export interface Row {
  readonly ID: string;
  readonly version: number;
}

/** Deterministic PRNG: the simulator's mulberry32, under the name these tests use. */
export { mulberry32 as prng } from '../../simulator/prng';

/** A 32-hex ID; `n` fixes its order relative to other `hexId` values. */
export function hexId(n: number): string {
  return n.toString(16).padStart(32, '0');
}

export interface CallInfo {
  readonly kind: 'page' | 'range';
  readonly index: number;
  readonly first?: number;
  readonly limit: number;
  readonly fromId?: string;
  readonly toId?: string;
}

export interface MemorySourceOptions {
  /** Called before a call reads the set (its answer reflects what the hook did). */
  readonly beforeRead?: (call: CallInfo, src: MemorySource) => void | Promise<void>;
  /** Milliseconds to wait before reading the set, per call (to reorder completions). */
  readonly delayMs?: (call: CallInfo) => number;
  /** `between`-style inclusive range ends, as the HTTP client's Workfront range query returns. */
  readonly inclusiveRange?: boolean;
  /** Fails this call by throwing the returned error. */
  readonly fail?: (call: CallInfo) => Error | undefined;
}

export class MemorySource implements PagingSource<Row> {
  private ids: string[];
  private readonly versions = new Map<string, number>();
  readonly calls: CallInfo[] = [];
  inFlight = 0;
  maxInFlight = 0;
  readonly signals: Array<AbortSignal | undefined> = [];
  /** Every ID that was in the set at any time. */
  readonly everSeen = new Set<string>();
  /** IDs removed at some point (even if re-added). */
  readonly removedOnce = new Set<string>();
  private readonly initial: Set<string>;

  constructor(
    ids: Iterable<string>,
    private readonly opts: MemorySourceOptions = {},
  ) {
    this.ids = [...new Set(ids)].sort();
    for (const id of this.ids) this.everSeen.add(id);
    this.initial = new Set(this.ids);
  }

  get size(): number {
    return this.ids.length;
  }

  snapshot(): string[] {
    return [...this.ids];
  }

  has(id: string): boolean {
    return this.ids.includes(id);
  }

  insert(id: string): void {
    if (this.ids.includes(id)) return;
    this.ids.push(id);
    this.ids.sort();
    this.everSeen.add(id);
  }

  remove(id: string): void {
    const i = this.ids.indexOf(id);
    if (i >= 0) {
      this.ids.splice(i, 1);
      this.removedOnce.add(id);
    }
  }

  removeAt(index: number): string | undefined {
    const id = this.ids[index];
    if (id !== undefined) this.remove(id);
    return id;
  }

  touch(id: string): void {
    this.versions.set(id, (this.versions.get(id) ?? 0) + 1);
  }

  /** IDs in the set from construction to now, never removed meanwhile. */
  presentThroughout(): string[] {
    return this.ids.filter((id) => this.initial.has(id) && !this.removedOnce.has(id));
  }

  private row(id: string): Row {
    return { ID: id, version: this.versions.get(id) ?? 0 };
  }

  private async enter(call: CallInfo, signal: AbortSignal | undefined): Promise<void> {
    this.calls.push(call);
    this.signals.push(signal);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const ms = this.opts.delayMs?.(call) ?? 0;
      if (ms > 0) await new Promise((r) => setTimeout(r, ms));
      else await Promise.resolve();
      await this.opts.beforeRead?.(call, this);
      const err = this.opts.fail?.(call);
      if (err) throw err;
      if (signal?.aborted) throw new Error('aborted');
    } catch (err) {
      this.inFlight--;
      throw err;
    }
  }

  async page(first: number, limit: number, signal?: AbortSignal): Promise<Row[]> {
    await this.enter({ kind: 'page', index: this.calls.length, first, limit }, signal);
    try {
      return this.ids.slice(first, first + limit).map((id) => this.row(id));
    } finally {
      this.inFlight--;
    }
  }

  async range(fromId: string, toId: string | undefined, limit: number, signal?: AbortSignal): Promise<Row[]> {
    await this.enter({ kind: 'range', index: this.calls.length, fromId, toId, limit }, signal);
    try {
      const inc = this.opts.inclusiveRange === true;
      return this.ids
        .filter((id) => (inc ? id >= fromId : id > fromId) && (toId === undefined || (inc ? id <= toId : id < toId)))
        .slice(0, limit)
        .map((id) => this.row(id));
    } finally {
      this.inFlight--;
    }
  }

  pageCalls(): number {
    return this.calls.filter((c) => c.kind === 'page').length;
  }

  rangeCalls(): number {
    return this.calls.filter((c) => c.kind === 'range').length;
  }
}

/** Asserts the invariants of a complete read: no duplicates, nothing invented, nothing present throughout missed. */
export function checkComplete(result: readonly { ID: string }[], src: MemorySource): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of result) {
    if (seen.has(r.ID)) problems.push(`duplicate ${r.ID}`);
    seen.add(r.ID);
    if (!src.everSeen.has(r.ID)) problems.push(`invented ${r.ID}`);
  }
  for (const id of src.presentThroughout()) if (!seen.has(id)) problems.push(`missed ${id}`);
  return problems;
}
