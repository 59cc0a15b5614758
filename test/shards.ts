// Runs a layer's test files in several processes at once (each its own editor), for the integration and
// UI layers: most of their time is waiting on timers, simulated latency and the workbench, not on the CPU.
// Files are dealt out by their durations in the layer's last complete run (test-results/<layer>-durations.json),
// longest first. The first shard's output streams; the others' follows when they end. Their counts are merged
// into $WF_TEST_COUNTS_FILE for scripts/test.js.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
export const RESULTS_DIR = path.join(ROOT, 'test-results');

export interface Counts {
  passed: number;
  failed: number;
  pending: number;
  pendingTitles?: string[];
  tests?: Array<{ title: string; file: string; ms: number; state: 'passed' | 'failed' }>;
  suites?: Array<{ title: string; file: string; ms: number }>;
  /** The VS Code version the editor reported. */
  editor?: string;
}

/** How many shards WF_<LAYER>_SHARDS asks for (default 2), never more than there are files. */
export function shardCount(variable: string, files: number): number {
  const wanted = Number(process.env[variable] ?? 2);
  return Math.max(1, Math.min(Number.isInteger(wanted) ? wanted : 1, files));
}

function durationsFile(layer: string): string {
  return path.join(RESULTS_DIR, `${layer}-durations.json`);
}

/** Seconds per test file in the layer's last complete run. */
export function lastDurations(layer: string): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(durationsFile(layer), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/** Longest first, each file to the shard with the least so far; a file not seen yet counts as the longest (it may be). */
export function planShards(files: string[], shards: number, seconds: Record<string, number>): string[][] {
  const known = Object.values(seconds);
  const unknown = known.length ? Math.max(...known) : 1;
  const plan = Array.from({ length: shards }, () => ({ files: [] as string[], seconds: 0 }));
  const weighted = files
    .map((f) => ({ f, s: seconds[f] ?? unknown }))
    .sort((a, b) => b.s - a.s || a.f.localeCompare(b.f));
  for (const { f, s } of weighted) {
    const least = plan.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    least.files.push(f);
    least.seconds += s;
  }
  return plan.filter((p) => p.files.length > 0).map((p) => p.files.sort());
}

/** The shards' counts as one run: a test that ran in several shards (the secret scan) counts once, failed if it failed anywhere. */
export function mergeCounts(all: Counts[]): Counts {
  const state = new Map<string, 'passed' | 'failed'>();
  const tests: NonNullable<Counts['tests']> = [];
  for (const c of all) {
    for (const t of c.tests ?? []) {
      if (!state.has(t.title)) tests.push(t);
      if (state.get(t.title) !== 'failed') state.set(t.title, t.state);
    }
  }
  const pendingTitles = [...new Set(all.flatMap((c) => c.pendingTitles ?? []))];
  const states = [...state.values()];
  return {
    passed: states.filter((s) => s === 'passed').length,
    failed: states.filter((s) => s === 'failed').length,
    pending: pendingTitles.length,
    pendingTitles,
    tests,
    suites: all.flatMap((c) => c.suites ?? []),
    editor: [...new Set(all.map((c) => c.editor).filter(Boolean))].join(', ') || undefined,
  };
}

export interface ShardRun {
  /** The layer's name: the durations file, the logs and counts files, and the lines printed. */
  readonly layer: string;
  readonly plan: string[][];
  /** The command that runs one shard's files, and what it adds to the environment. */
  readonly command: (files: string[]) => { args: string[]; env: Record<string, string> };
}

/** Runs the shards side by side, each in a child process; merges their counts; 0 when every test passed. */
export async function runShards({ layer, plan, command }: ShardRun): Promise<number> {
  const countsFile = process.env.WF_TEST_COUNTS_FILE;
  const logsDir = path.join(RESULTS_DIR, 'logs');
  fs.mkdirSync(logsDir, { recursive: true });
  const children = new Set<ReturnType<typeof spawn>>();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const child of children) child.kill(signal);
    });
  }
  const started = Date.now();
  console.log(
    `[${layer}] ${plan.length} editors side by side: ${plan.map((files, i) => `#${i + 1} ${files.join(' ')}`).join('; ')}`,
  );
  const shards = plan.map((files, i) => {
    const log = path.join(logsDir, `${layer}-${i + 1}.log`);
    const counts = path.join(RESULTS_DIR, 'counts', `${layer}-${i + 1}.json`);
    fs.rmSync(counts, { force: true });
    const out = i === 0 ? 'inherit' : fs.openSync(log, 'w');
    const { args, env } = command(files);
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', out, out],
      env: { ...process.env, ...env, WF_TEST_COUNTS_FILE: counts },
    });
    if (typeof out === 'number') fs.closeSync(out);
    children.add(child);
    const done = new Promise<number>((resolve) => {
      child.on('error', () => resolve(127));
      child.on('exit', (code, signal) => {
        children.delete(child);
        resolve(code ?? (signal ? 128 : 1));
      });
    });
    return { i, files, log, counts, done };
  });
  const codes = await Promise.all(shards.map((s) => s.done));
  const all: Counts[] = [];
  let missing = false;
  for (const shard of shards) {
    if (shard.i > 0) {
      console.log(`\n[${layer}] ===== editor #${shard.i + 1} (${shard.files.join(' ')}), ran beside #1:`);
      process.stdout.write(fs.readFileSync(shard.log, 'utf8'));
    }
    try {
      all.push(JSON.parse(fs.readFileSync(shard.counts, 'utf8')) as Counts);
    } catch {
      missing = true;
      console.error(`[${layer}] editor #${shard.i + 1} reported no results (exit code ${codes[shard.i]})`);
    }
  }
  const merged = mergeCounts(all);
  console.log(
    `\n[${layer}] ${plan.length} editors in ${((Date.now() - started) / 1000).toFixed(1)}s: ${merged.passed} passed, ${merged.failed} failed`,
  );
  // Durations per file, for the next run's plan (only from a complete run).
  if (!missing) {
    const seconds: Record<string, number> = {};
    for (const s of merged.suites ?? []) {
      const file = path.basename(s.file);
      seconds[file] = Math.round(((seconds[file] ?? 0) + s.ms / 1000) * 10) / 10;
    }
    fs.writeFileSync(durationsFile(layer), JSON.stringify(seconds, null, 1) + '\n');
  }
  if (countsFile && !missing) {
    fs.mkdirSync(path.dirname(countsFile), { recursive: true });
    fs.writeFileSync(countsFile, JSON.stringify(merged, null, 1) + '\n');
  }
  return codes.every((c) => c === 0) && !missing && merged.failed === 0 ? 0 : 1;
}
