// Runs the integration tests (test/integration) inside a real VS Code with @vscode/test-electron.
// Offline (this project's machines) the "VS Code executable" is scripts/vscode/code: code-server 1.139.1
// + headless Chromium, installed by `npm run setup:vscode`. With internet and a display, set
// WF_DESKTOP_VSCODE=1 to let test-electron download the same desktop version instead.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(__dirname, '../..');
const VSCODE_VERSION = '1.139.1';
const LAUNCHER = path.join(ROOT, 'scripts', 'vscode', 'code');

function useOfflineVscode(): boolean {
  if (process.env.WF_DESKTOP_VSCODE) return false;
  const cache = process.env.WF_VSCODE_CACHE || path.join(ROOT, '.vscode-test');
  return Boolean(process.env.WF_OFFLINE_VSCODE) || fs.existsSync(path.join(cache, 'code-server'));
}

async function main(): Promise<number> {
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
      extensionTestsPath: path.join(ROOT, 'out', 'test', 'integration', 'index.js'),
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
        // Passed on to the extension host's mocha (counts for scripts/test.js, an optional grep).
        ...pick(process.env, ['WF_TEST_COUNTS_FILE', 'WF_TEST_GREP', 'WF_INTEGRATION_TIMEOUT_MS']),
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

void main().then((code) => process.exit(code));
