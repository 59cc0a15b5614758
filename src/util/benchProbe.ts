// For the benchmark only (test/bench/workbench.ts), off unless WF_BENCH_PROBE names a file: the
// extension host's event-loop delay, its longest wait in each 100 ms, appended to that file as
// "<epoch ms> <ms>" lines, so that the longest task on the host can be measured in the real workbench.
import * as fs from 'fs';
import { monitorEventLoopDelay } from 'perf_hooks';

export function startBenchProbe(): { dispose(): void } | undefined {
  const file = process.env.WF_BENCH_PROBE;
  if (!file) return undefined;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const timer = setInterval(() => {
    fs.appendFileSync(file, `${Date.now()} ${(delay.max / 1e6).toFixed(1)}\n`);
    delay.reset();
  }, 100);
  return {
    dispose: () => {
      clearInterval(timer);
      delay.disable();
    },
  };
}
