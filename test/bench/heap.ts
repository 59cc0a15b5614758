// Heap measurements for the benchmark (run with --expose-gc): a full GC before reading a baseline, and a
// sampler that keeps the highest heapUsed seen while a listing runs.
import { getHeapStatistics } from 'node:v8';

export function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with node --expose-gc (npm run bench does).');
  gc();
  gc();
}

/** V8's used heap; cheaper than process.memoryUsage(), which also reads the RSS. */
export function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}

export class PeakSampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;

  /** Samples every `everyMs` from a timer; call sample() too where data arrives. */
  start(everyMs = 5): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    return this;
  }

  sample(): void {
    const h = heapUsed();
    if (h > this.peak) this.peak = h;
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}
