// The one loader the model uses for counts and lists: one load in flight, data kept, stops that abort.
import * as assert from 'assert';
import { Loader } from '../../src/tree/loader';
import { WorkfrontError } from '../../src/workfront';

/** A load the test finishes by hand, with the signal it was given. */
function controlled<T>() {
  const runs: Array<{ signal: AbortSignal; resolve(v: T): void; reject(e: unknown): void }> = [];
  const load = (signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      runs.push({ signal, resolve, reject });
      signal.addEventListener('abort', () =>
        reject(new WorkfrontError('cancelled', 'x: cancelled.', { operation: 'x' })),
      );
    });
  return { runs, load };
}

describe('Loader', () => {
  it('starts one load however many ask, and keeps the value', async () => {
    const { runs, load } = controlled<number>();
    const loader = new Loader(load);
    const a = loader.ensure();
    const b = loader.ensure();
    assert.strictEqual(runs.length, 1);
    assert.ok(loader.loading);
    runs[0].resolve(42);
    await Promise.all([a, b]);
    assert.strictEqual(loader.value, 42);
    assert.ok(!loader.loading);
    await loader.ensure();
    assert.strictEqual(runs.length, 1, 'loaded data is not asked for again');
  });

  it('stop() aborts the load in flight and its late answer never lands', async () => {
    const { runs, load } = controlled<string>();
    const loader = new Loader(load);
    const first = loader.ensure();
    loader.stop();
    assert.ok(runs[0].signal.aborted, 'the requests of the stopped load are aborted');
    await first;
    assert.strictEqual(loader.value, undefined);
    const second = loader.ensure();
    assert.strictEqual(runs.length, 2, 'a stopped load is due again');
    runs[1].resolve('new');
    await second;
    runs[0].resolve('old'); // a server that answers anyway
    await Promise.resolve();
    assert.strictEqual(loader.value, 'new');
  });

  it('a stop after a result keeps the data shown and loads again on the next ensure', async () => {
    const { runs, load } = controlled<string>();
    const loader = new Loader(load);
    const p = loader.ensure();
    runs[0].resolve('v1');
    await p;
    loader.stop();
    assert.strictEqual(loader.value, 'v1', 'what is shown stays until new data arrives');
    const q = loader.ensure();
    assert.strictEqual(runs.length, 2);
    runs[1].resolve('v2');
    await q;
    assert.strictEqual(loader.value, 'v2');
  });

  it('a failure is kept with the last good data, and not retried until stopped', async () => {
    const { runs, load } = controlled<string>();
    const failed: Error[] = [];
    const loader = new Loader(load, { failed: (e) => failed.push(e) });
    const p = loader.ensure();
    runs[0].resolve('good');
    await p;
    loader.stop();
    const q = loader.ensure();
    runs[1].reject(new Error('boom'));
    await q;
    assert.strictEqual(loader.value, 'good');
    assert.strictEqual(loader.error?.message, 'boom');
    assert.deepStrictEqual(
      failed.map((e) => e.message),
      ['boom'],
    );
    await loader.ensure();
    assert.strictEqual(runs.length, 2, 'no retry loop');
    loader.stop();
    const r = loader.ensure();
    runs[2].resolve('again');
    await r;
    assert.strictEqual(loader.error, undefined, 'a good load clears the error');
  });

  it('pause() stops a load nobody waits for, but not one a command keeps', async () => {
    const { runs, load } = controlled<number>();
    const loader = new Loader(load);
    void loader.ensure();
    assert.strictEqual(loader.pause(), true);
    assert.ok(runs[0].signal.aborted);
    const kept = loader.ensure(true);
    assert.strictEqual(loader.pause(), false, 'a command waits for it');
    assert.ok(!runs[1].signal.aborted);
    runs[1].resolve(7);
    await kept;
    assert.strictEqual(loader.value, 7);
    assert.strictEqual(loader.pause(), false, 'nothing in flight');
  });

  it('clear() forgets the data and the error', async () => {
    const { runs, load } = controlled<number>();
    const loader = new Loader(load);
    const p = loader.ensure();
    runs[0].resolve(1);
    await p;
    loader.clear();
    assert.strictEqual(loader.value, undefined);
    assert.strictEqual(loader.error, undefined);
  });

  it('the loaded hook runs only for an accepted result', async () => {
    const { runs, load } = controlled<number>();
    const seen: number[] = [];
    const loader = new Loader(load, { loaded: (v) => seen.push(v) });
    const p = loader.ensure();
    loader.stop();
    await p;
    const q = loader.ensure();
    runs[1].resolve(2);
    await q;
    assert.deepStrictEqual(seen, [2]);
  });
});
