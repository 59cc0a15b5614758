// Bounds the requests in flight to one Workfront instance (Workfront limits concurrent requests per
// organisation, not per list). A slot is held from sending a request until its body has arrived, not
// while the answer is decoded and checked: the next request is on the wire while this one is parsed.

export class RequestLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /** Waits for a free slot, first come first served. Rejects with `onAbort()` if the signal fires first. */
  acquire(signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
    if (signal?.aborted) return Promise.reject(onAbort());
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', abandon);
        resolve();
      };
      const abandon = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(onAbort());
      };
      signal?.addEventListener('abort', abandon, { once: true });
      this.waiting.push(grant);
    });
  }

  /** Frees a slot; the longest waiter, if any, takes it over (the count of active slots stays the same). */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
