// The one way the model loads anything (counts, lists, any later query): at most one load in flight,
// data kept until new data replaces it, and a load that was stopped (a refresh, a filter change, the
// view hidden) aborts its requests and can never overwrite what came after it.
import { isWorkfrontError } from '../workfront';

export interface LoaderHooks<T> {
  /** The load's result was accepted (it was not stopped meanwhile). */
  readonly loaded?: (value: T) => void;
  /** The load failed (not stopped, not cancelled); the error is kept to be shown. */
  readonly failed?: (error: Error) => void;
}

interface Run {
  promise: Promise<void>;
  readonly abort: AbortController;
  /** Commands waiting for this load; hiding the view does not stop it while any do. */
  pins: number;
}

export class Loader<T> {
  /** The last good data; stays while a new load runs and after a failed one. */
  value: T | undefined;
  /** Why the last load failed; cleared by the next good one. */
  error: Error | undefined;
  private due = true;
  private run: Run | undefined;

  constructor(
    private readonly load: (signal: AbortSignal) => Promise<T>,
    private readonly hooks: LoaderHooks<T> = {},
  ) {}

  /** Whether a load is in flight. */
  get loading(): boolean {
    return this.run !== undefined;
  }

  /**
   * Starts a load when the data is due (never loaded, or marked due by `stop`), and resolves when the
   * load in flight ends. `keep`: a command waits for it, so hiding the view does not stop it.
   */
  ensure(keep = false): Promise<void> {
    if (!this.run && !this.due && (this.value !== undefined || this.error)) return Promise.resolve();
    const run = this.run ?? this.start();
    if (keep) {
      run.pins++;
      void run.promise.finally(() => run.pins--);
    }
    return run.promise;
  }

  /** Stops the load in flight (its requests are aborted) and marks the data due; what was loaded stays. */
  stop(): void {
    this.run?.abort.abort();
    this.run = undefined;
    this.due = true;
  }

  /** Stops the load in flight unless a command waits for it. True if one was stopped. */
  pause(): boolean {
    if (!this.run || this.run.pins > 0) return false;
    this.stop();
    return true;
  }

  /** Forgets the data too (it no longer answers the question, e.g. under a new filter). */
  clear(): void {
    this.stop();
    this.value = undefined;
    this.error = undefined;
  }

  private start(): Run {
    const run: Run = { abort: new AbortController(), pins: 0, promise: Promise.resolve() };
    this.run = run;
    run.promise = this.settle(run);
    return run;
  }

  private async settle(run: Run): Promise<void> {
    try {
      const value = await this.load(run.abort.signal);
      if (this.run !== run) return; // stopped meanwhile: what came after it wins
      this.value = value;
      this.error = undefined;
      this.due = false;
      this.hooks.loaded?.(value);
    } catch (err) {
      if (this.run !== run || isWorkfrontError(err, 'cancelled')) return;
      this.error = err instanceof Error ? err : new Error(String(err));
      this.due = false; // not retried in a loop: a refresh marks it due again
      this.hooks.failed?.(this.error);
    } finally {
      if (this.run === run) this.run = undefined;
    }
  }
}
