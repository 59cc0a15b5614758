// Runs the integration tests (test/integration) inside a real VS Code with @vscode/test-electron.
// Offline (this project's machines) the "VS Code executable" is scripts/vscode/code: code-server + headless
// Chromium, installed by `npm run setup:vscode`; WF_VSCODE_EDITION=oldest runs the oldest supported VS Code. With internet and a display, set
// WF_DESKTOP_VSCODE=1 to let test-electron download the same desktop version instead.
// The test files are split between WF_INTEGRATION_SHARDS editors (default 2) that run at the same time,
// each with its own profile, workspace and extension host: most of the run waits on timers and simulated
// latency, not on the CPU. Files are dealt out by their durations in the last run
// (test-results/integration-durations.json), longest first. The first shard's output streams; the others'
// follows when they end. Counts are merged into $WF_TEST_COUNTS_FILE for scripts/test.js.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { currentEdition, editionName } from '../scripts/vscode/editions';

const ROOT = path.resolve(__dirname, '../..');
/** The newest VS Code, or with WF_VSCODE_EDITION=oldest the floor in engines.vscode (scripts/vscode/editions.json). */
const VSCODE_VERSION = currentEdition().vscode;
const LAUNCHER = path.join(ROOT, 'scripts', 'vscode', 'code');
const TESTS_DIR = path.join(ROOT, 'out', 'test', 'integration');
const RESULTS_DIR = path.join(ROOT, 'test-results');
const DURATIONS_FILE = path.join(RESULTS_DIR, 'integration-durations.json');
/** Set in a shard's own process: the test files (names in out/test/integration) it runs. */
const SHARD_FILES_ENV = 'WF_INTEGRATION_SHARD_FILES';

function useOfflineVscode(): boolean {
  if (process.env.WF_DESKTOP_VSCODE) return false;
  const cache = process.env.WF_VSCODE_CACHE || path.join(ROOT, '.vscode-test');
  return Boolean(process.env.WF_OFFLINE_VSCODE) || fs.existsSync(path.join(cache, 'code-server'));
}

/** One editor running the tests (all of them, or this shard's files). */
async function runOneEditor(): Promise<number> {
  // A fresh profile and workspace per run: parallel runs do not share state.
  // The pid in the name lets a later run sweep it if this one is killed (scripts/vscode/realVscode.ts).
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `wf-integration-${process.pid}-`));
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Integration test workspace\n');
  const offline = useOfflineVscode();
  try {
    await runTests({
      ...(offline ? { vscodeExecutablePath: LAUNCHER } : { version: VSCODE_VERSION }),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(TESTS_DIR, 'index.js'),
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(scratch, 'user-data')}`,
        `--extensions-dir=${path.join(scratch, 'extensions')}`,
        '--disable-extensions',
      ],
      extensionTestsEnv: {
        // What the harness's own check (test/integration/index.ts) expects to find.
        WF_TEST_ENV_PROBE: 'integration',
        WF_TEST_WORKSPACE: workspace,
        WF_TEST_VSCODE_VERSION: VSCODE_VERSION,
        // Passed on to the extension host's mocha (counts for scripts/test.js, an optional grep, the shard's files).
        ...pick(process.env, [
          'WF_VSCODE_EDITION',
          'WF_TEST_COUNTS_FILE',
          'WF_TEST_GREP',
          'WF_INTEGRATION_TIMEOUT_MS',
          SHARD_FILES_ENV,
        ]),
      },
    });
    return 0;
  } catch (err) {
    console.error(`integration tests failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) if (env[key] !== undefined) out[key] = env[key] as string;
  return out;
}

function shardCount(files: number): number {
  const wanted = Number(process.env.WF_INTEGRATION_SHARDS ?? 2);
  return Math.max(1, Math.min(Number.isInteger(wanted) ? wanted : 1, files));
}

/** Seconds per test file in the last run; a file not seen yet counts as the longest (it may be). */
function lastDurations(): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/** Longest first, each file to the shard with the least so far. */
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

/** Runs the shards side by side, each in a child process of this script; merges their counts. */
async function runShards(plan: string[][]): Promise<number> {
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
    `[integration] ${plan.length} editors side by side: ${plan.map((files, i) => `#${i + 1} ${files.join(' ')}`).join('; ')}`,
  );
  const shards = plan.map((files, i) => {
    const log = path.join(logsDir, `integration-${i + 1}.log`);
    const counts = path.join(RESULTS_DIR, 'counts', `integration-${i + 1}.json`);
    fs.rmSync(counts, { force: true });
    const out = i === 0 ? 'inherit' : fs.openSync(log, 'w');
    const child = spawn(process.execPath, [__filename], {
      stdio: ['ignore', out, out],
      env: { ...process.env, [SHARD_FILES_ENV]: JSON.stringify(files), WF_TEST_COUNTS_FILE: counts },
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
      console.log(`\n[integration] ===== editor #${shard.i + 1} (${shard.files.join(' ')}), ran beside #1:`);
      process.stdout.write(fs.readFileSync(shard.log, 'utf8'));
    }
    try {
      all.push(JSON.parse(fs.readFileSync(shard.counts, 'utf8')) as Counts);
    } catch {
      missing = true;
      console.error(`[integration] editor #${shard.i + 1} reported no results (exit code ${codes[shard.i]})`);
    }
  }
  const merged = mergeCounts(all);
  console.log(
    `\n[integration] ${plan.length} editors in ${((Date.now() - started) / 1000).toFixed(1)}s: ${merged.passed} passed, ${merged.failed} failed`,
  );
  // Durations per file, for the next run's plan (only from a complete run).
  if (!missing) {
    const seconds: Record<string, number> = {};
    for (const s of merged.suites ?? []) {
      const file = path.basename(s.file);
      seconds[file] = Math.round(((seconds[file] ?? 0) + s.ms / 1000) * 10) / 10;
    }
    fs.writeFileSync(DURATIONS_FILE, JSON.stringify(seconds, null, 1) + '\n');
  }
  if (countsFile && !missing) {
    fs.mkdirSync(path.dirname(countsFile), { recursive: true });
    fs.writeFileSync(countsFile, JSON.stringify(merged, null, 1) + '\n');
  }
  return codes.every((c) => c === 0) && !missing && merged.failed === 0 ? 0 : 1;
}

/**
 * Not run in the oldest VS Code: the long runs of the client under faults and load (about a minute), which
 * test the client's own logic, not the editor's API or runtime; and the network tests, which change the
 * machine's OS trust store (one run at a time; the oldest's VS Code proxy agent is a registry build, see
 * docs/version-floor.md). The newest runs them.
 */
export const NOT_IN_OLDEST = ['faults.test.js', 'soak.test.js', 'network.test.js'];

async function main(): Promise<number> {
  if (process.env[SHARD_FILES_ENV]) return runOneEditor();
  const files = fs.existsSync(TESTS_DIR) ? fs.readdirSync(TESTS_DIR).filter((f) => f.endsWith('.test.js')) : [];
  if (editionName() === 'oldest' && !process.env.WF_TEST_GREP) {
    // One editor beside the newest's: the rest of the layer, to keep the added time small.
    process.env[SHARD_FILES_ENV] = JSON.stringify(files.filter((f) => !NOT_IN_OLDEST.includes(f)));
    console.log(`[integration] VS Code ${VSCODE_VERSION} (the oldest supported); not here: ${NOT_IN_OLDEST.join(' ')}`);
    return runOneEditor();
  }
  const shards = shardCount(files.length);
  // A grep picks a few tests: one editor is quicker to start than several.
  if (shards <= 1 || process.env.WF_TEST_GREP) return runOneEditor();
  return runShards(planShards(files, shards, lastDurations()));
}

if (require.main === module) void main().then((code) => process.exit(code));
