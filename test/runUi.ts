// Runs the UI tests (test/ui) with mocha: with no arguments, every file, split between WF_UI_SHARDS
// workbenches (default 2) that run at the same time, each its own mocha with its own code-server and
// Chromium (test/shards.ts); with files as arguments, those files in one mocha.
// The UI layer is the longest of `npm test` and mostly waits on the workbench: two at once shorten it where a core is free.
// The VSIX the tests install ($WF_UI_VSIX=package) is built here once, not once per shard.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { packageVsix } from '../scripts/vscode/realVscode';
import { lastDurations, planShards, RESULTS_DIR, runShards, shardCount } from './shards';

const ROOT = path.resolve(__dirname, '../..');
const TESTS_DIR = path.join(ROOT, 'out', 'test', 'ui');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const REPORTER = path.join(ROOT, 'out', 'scripts', 'mocha', 'countingReporter.js');

/**
 * test/ui/.mocharc.json's settings without its spec (mocha would add the whole spec to the files given).
 * `counting`: a shard, which always reports its counts to the runner (test/shards.ts sets the file).
 */
function mochaArgs(files: string[], counting = false): string[] {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'ui', '.mocharc.json'), 'utf8')) as {
    ui: string;
    timeout: number;
    slow: number;
  };
  // The counting reporter when scripts/test.js asks for counts (it is mocha's spec reporter besides).
  const reporter = counting || process.env.WF_TEST_COUNTS_FILE ? REPORTER : 'spec';
  const settings = ['--ui', config.ui, '--timeout', String(config.timeout), '--slow', String(config.slow)];
  return [MOCHA, '--no-config', ...settings, '--reporter', reporter, ...files];
}

function runOne(files: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, mochaArgs(files), { cwd: ROOT, stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => child.kill(signal));
    child.on('error', () => resolve(127));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function main(): Promise<number> {
  const given = process.argv.slice(2);
  if (given.length) return runOne(given);
  const files = fs.readdirSync(TESTS_DIR).filter((f) => f.endsWith('.test.js'));
  const shards = shardCount('WF_UI_SHARDS', files.length);
  if (shards <= 1) return runOne(files.map((f) => path.join(TESTS_DIR, f)));
  if (process.env.WF_UI_VSIX === 'package') {
    process.env.WF_UI_VSIX = packageVsix(path.join(RESULTS_DIR, 'vsix', 'workfront-users.vsix'));
  }
  return runShards({
    layer: 'ui',
    plan: planShards(files, shards, lastDurations('ui')),
    command: (shardFiles) => ({
      args: mochaArgs(
        shardFiles.map((f) => path.join(TESTS_DIR, f)),
        true,
      ),
      env: {},
    }),
  });
}

if (require.main === module) void main().then((code) => process.exit(code));
