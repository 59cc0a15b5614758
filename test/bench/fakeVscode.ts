// The `vscode` module for the activation benchmark: the tests' fake (test/fakes/vscode.ts), wrapped so
// that anything the extension uses and the fake lacks is answered by a forgiving stub and its name
// recorded in `missing` (the benchmark reports it instead of crashing).
import * as fake from '../fakes/vscode';

export interface FakeRecord {
  calls: Record<string, number>;
  logLines: string[];
  missing: Set<string>;
}

export function makeFakeVscode(): { vscode: Record<string, unknown>; record: FakeRecord } {
  fake.reset();
  const missing = new Set<string>();
  const record: FakeRecord = {
    calls: fake.record.calls,
    missing,
    get logLines() {
      return fake.record.log.map((l) => `[${l.level}] ${l.channel}: ${l.message}`);
    },
  };
  const stub = (name: string): unknown =>
    new Proxy(function () {}, {
      get: (_t, p) => (p === 'then' ? undefined : stub(`${name}.${String(p)}`)),
      apply: () => new fake.Disposable(),
      construct: () => new fake.Disposable(),
    });
  const forgiving = (obj: Record<string, unknown>, prefix: string): Record<string, unknown> =>
    new Proxy(obj, {
      get: (t, p) => {
        if (typeof p === 'symbol' || p in t) {
          const v = t[p as string];
          const plain =
            v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
          return plain && typeof p === 'string' ? forgiving(v as Record<string, unknown>, `${prefix}${p}.`) : v;
        }
        if (p === 'then' || p === '__esModule' || p === 'default') return undefined;
        missing.add(prefix + p);
        return stub(prefix + p);
      },
    });
  return { vscode: forgiving({ ...fake }, ''), record };
}

/** An ExtensionContext with in-memory storage; `instances` pre-fills the signed-in instances. */
export function makeFakeContext(instances: Array<{ origin: string; apiBase: string }>): Record<string, unknown> {
  const context = fake.makeContext(fake.ExtensionMode.Production);
  context.globalState.values.set('workfront.instances', instances);
  return context;
}
