// Run in a fresh Node process by activation.ts: loads the bundled extension with a fake `vscode` module,
// times `require` and `activate()`, and tells whether undici was loaded. Replies once over IPC.
//   node activationProbe.js <bundle> <signedIn|signedOut>
import Module from 'node:module';
import { performance } from 'node:perf_hooks';
import { makeFakeContext, makeFakeVscode } from './fakeVscode';

// Bundled undici defines this global (its default dispatcher) when its module body runs; Node 20's own
// fetch uses the older `.1` key, so `.2` shows the extension's undici and nothing else.
const UNDICI_MARKER = Symbol.for('undici.globalDispatcher.2');

const [bundle, scenario] = process.argv.slice(2);
const { vscode, record } = makeFakeVscode();
const moduleWithLoad = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const originalLoad = moduleWithLoad._load;
moduleWithLoad._load = function (request: string, parent: unknown, isMain: boolean) {
  if (request === 'vscode') return vscode;
  return originalLoad.call(this, request, parent, isMain);
};

const undiciBefore = UNDICI_MARKER in globalThis;
const cacheBefore = new Set(Object.keys(require.cache));
const t0 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ext = require(bundle) as { activate(ctx: unknown): unknown; deactivate?(): void };
const t1 = performance.now();
const context = makeFakeContext(
  scenario === 'signedIn' ? [{ origin: 'http://127.0.0.1:9', apiBase: 'http://127.0.0.1:9/attask/api/v21.0' }] : [],
);
ext.activate(context);
const t2 = performance.now();
const newModules = Object.keys(require.cache).filter((k) => !cacheBefore.has(k));
const undiciAfterActivate = UNDICI_MARKER in globalThis || newModules.some((k) => /[\\/]undici[\\/]/.test(k));

// Control: proves the marker works by loading undici itself afterwards.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('undici');
const markerWorks = UNDICI_MARKER in globalThis;

for (const d of context.subscriptions as Array<{ dispose(): unknown }>) d.dispose();
process.send?.({
  requireMs: t1 - t0,
  activateMs: t2 - t1,
  undiciBefore,
  undiciAfterActivate,
  markerWorks,
  subscriptions: (context.subscriptions as unknown[]).length,
  calls: record.calls,
  missing: [...record.missing],
  logLines: record.logLines,
  modulesLoaded: newModules.length,
});
