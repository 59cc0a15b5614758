// Runs the integration tests (test/integration) inside a real VS Code with @vscode/test-electron.
// Offline (this project's machines) the "VS Code executable" is scripts/vscode/code: code-server + headless
// Chromium, installed by `npm run setup:vscode`; WF_VSCODE_EDITION=oldest runs the oldest supported VS Code. With internet and a display, set
// WF_DESKTOP_VSCODE=1 to let test-electron download the same desktop version instead.
// The test files are split between WF_INTEGRATION_SHARDS editors (default 2) that run at the same time,
// each with its own profile, workspace and extension host (test/shards.ts).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { currentEdition, editionName } from '../scripts/vscode/editions';
import { lastDurations, planShards, runShards, shardCount } from './shards';

const ROOT = path.resolve(__dirname, '../..');
/** The newest VS Code, or with WF_VSCODE_EDITION=oldest the floor in engines.vscode (scripts/vscode/editions.json). */
const VSCODE_VERSION = currentEdition().vscode;
const LAUNCHER = path.join(ROOT, 'scripts', 'vscode', 'code');
const TESTS_DIR = path.join(ROOT, 'out', 'test', 'integration');
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
  const shards = shardCount('WF_INTEGRATION_SHARDS', files.length);
  // A grep picks a few tests: one editor is quicker to start than several.
  if (shards <= 1 || process.env.WF_TEST_GREP) return runOneEditor();
  return runShards({
    layer: 'integration',
    plan: planShards(files, shards, lastDurations('integration')),
    // This script again, in a child process, with the shard's files.
    command: (shardFiles) => ({ args: [__filename], env: { [SHARD_FILES_ENV]: JSON.stringify(shardFiles) } }),
  });
}

if (require.main === module) void main().then((code) => process.exit(code));
