// Heap measurements for the benchmark (run with --expose-gc): a full GC before reading a baseline, and a
// sampler that keeps the highest heapUsed seen while a listing runs.

export function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with node --expose-gc (npm run bench does).');
  gc();
  gc();
}

export function heapUsed(): number {
  return process.memoryUsage().heapUsed;
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
