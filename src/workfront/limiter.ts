// Bounds the requests in flight to one Workfront instance (Workfront limits concurrent requests per
// organisation, not per list). A slot is held from sending a request until its body has arrived, not
// while the answer is decoded and checked: the next request is on the wire while this one is parsed.
// The pages of a long listing wait behind any other request: a confirmation's counts or a change, asked
// for while a 100,000-user group loads, go out at the next free slot instead of after 40 pages.

export class RequestLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** Listing pages: served when no other request waits. */
  private readonly waitingBackground: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /**
   * Waits for a free slot, first come first served, a `background` request after every other. Rejects with
   * `onAbort()` if the signal fires first.
   */
  acquire(signal: AbortSignal | undefined, onAbort: () => Error, background = false): Promise<void> {
    if (signal?.aborted) return Promise.reject(onAbort());
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    const queue = background ? this.waitingBackground : this.waiting;
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', abandon);
        resolve();
      };
      const abandon = () => {
        const i = queue.indexOf(grant);
        if (i >= 0) queue.splice(i, 1);
        reject(onAbort());
      };
      signal?.addEventListener('abort', abandon, { once: true });
      queue.push(grant);
    });
  }

  /** Frees a slot; the longest waiter, if any, takes it over (the count of active slots stays the same). */
  release(): void {
    const next = this.waiting.shift() ?? this.waitingBackground.shift();
    if (next) next();
    else this.active--;
  }
}
