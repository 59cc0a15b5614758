// The tools around the extension, on plain Node: the command lines of the demo, the simulator, the
// benchmark and the VS Code launcher (util.parseArgs: unknown flags are errors, except for the launcher,
// which takes what `code` takes), and the test harness's workbench address (what the integration and UI
// tests ask VS Code for).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs as demoArgs } from '../../scripts/demo';
import { parseArgs as launcherArgs } from '../../scripts/vscode/launcher';
import { QUIET_SETTINGS, workbenchUrl, writeUserSettings } from '../../scripts/vscode/realVscode';
import { parseArgs as benchArgs } from '../bench/run';
import { parseArgs as simulatorArgs } from '../simulator/cli';
import { mergeCounts, planShards } from '../shards';

describe('command lines', () => {
  it('demo: defaults, every flag, --help, and errors for unknown flags and bad numbers', () => {
    assert.deepStrictEqual(demoArgs([]), {
      users: 3000,
      latency: 40,
      port: 8080,
      simPort: 0,
      seed: 1,
      adobe: false,
      dev: false,
      desktop: false,
    });
    assert.deepStrictEqual(
      demoArgs([
        '--users',
        '50',
        '--latency=0',
        '--port',
        '9000',
        '--sim-port',
        '8443',
        '--seed',
        '7',
        '--adobe',
        '--dev',
        '--desktop',
      ]),
      { users: 50, latency: 0, port: 9000, simPort: 8443, seed: 7, adobe: true, dev: true, desktop: true },
    );
    assert.strictEqual(demoArgs(['--help']), undefined);
    assert.strictEqual(demoArgs(['-h']), undefined);
    assert.throws(() => demoArgs(['--nope']), /Unknown option '--nope'/);
    assert.throws(() => demoArgs(['--users']), /argument missing/);
    assert.throws(() => demoArgs(['--users', '1.5']), /--users needs a whole number, got "1.5"/);
    assert.throws(() => demoArgs(['--port=-1']), /--port needs a whole number/);
    assert.throws(() => demoArgs(['extra']), /Unexpected argument 'extra'/);
  });

  it('simulator: every flag, repeated --fault, --help, and errors for unknown flags and bad values', () => {
    assert.deepStrictEqual(simulatorArgs([]), { options: {}, faults: [], verbose: false });
    const fault = { op: 'update', kind: 'status', status: 500, times: 1 };
    assert.deepStrictEqual(
      simulatorArgs([
        '--users',
        '5000',
        '--port',
        '8443',
        '--latency',
        '40',
        '--seed',
        '2',
        '--max-concurrent',
        '0',
        '--admin-password',
        'pw',
        '--fault',
        JSON.stringify(fault),
        '--fault',
        JSON.stringify({ ...fault, status: 503 }),
        '--verbose',
      ]),
      {
        options: { users: 5000, port: 8443, latencyMs: 40, seed: 2, maxConcurrent: 0, adminPassword: 'pw' },
        faults: [fault, { ...fault, status: 503 }],
        verbose: true,
      },
    );
    assert.strictEqual(simulatorArgs(['--help']), undefined);
    assert.throws(() => simulatorArgs(['--nope']), /Unknown option '--nope'/);
    assert.throws(() => simulatorArgs(['--latency', 'soon']), /--latency needs a number, got "soon"/);
    assert.throws(() => simulatorArgs(['--fault', '{not json']), SyntaxError);
  });

  it('benchmark: defaults, --quick, every flag, --help, and errors for unknown flags and bad values', () => {
    assert.deepStrictEqual(benchArgs([]), {
      latency: 50,
      sizes: [1000, 10000, 100000],
      reps: 7,
      quick: false,
      sweep: true,
      activationRuns: 7,
    });
    assert.deepStrictEqual(benchArgs(['--quick']), {
      latency: 50,
      sizes: [1000, 10000],
      reps: 1,
      quick: true,
      sweep: false,
      activationRuns: 3,
    });
    assert.deepStrictEqual(benchArgs(['--latency', '10', '--sizes', '1_000,2000', '--reps', '3', '--no-sweep']), {
      latency: 10,
      sizes: [1000, 2000],
      reps: 3,
      quick: false,
      sweep: false,
      activationRuns: 7,
    });
    assert.strictEqual(benchArgs(['--help']), undefined);
    assert.throws(() => benchArgs(['--nope']), /Unknown option '--nope'/);
    assert.throws(() => benchArgs(['--sizes', '0']), /--sizes/);
    assert.throws(() => benchArgs(['--latency', '0']), /--latency/);
    assert.throws(() => benchArgs(['--reps', '1.5']), /--reps/);
  });

  it('launcher: what test-electron passes, in both spellings; other flags ignored and listed; the last folder wins', () => {
    assert.deepStrictEqual(
      launcherArgs([
        '--extensionDevelopmentPath=/ext/a',
        '--extensionDevelopmentPath',
        '/ext/b',
        '--extensionTestsPath=/ext/out/test/index.js',
        '--user-data-dir=/tmp/u',
        '--extensions-dir',
        '/tmp/e',
        '--disable-extensions',
        '--locale=en',
        '-n',
        '/ws/first',
        '/ws/second',
      ]),
      {
        extensionDevelopmentPath: ['/ext/a', '/ext/b'],
        extensionTestsPath: '/ext/out/test/index.js',
        userDataDir: '/tmp/u',
        extensionsDir: '/tmp/e',
        folder: '/ws/second',
        ignored: ['--disable-extensions', '--locale=en', '-n'],
      },
    );
    assert.deepStrictEqual(launcherArgs([]), {
      extensionDevelopmentPath: [],
      extensionTestsPath: undefined,
      userDataDir: undefined,
      extensionsDir: undefined,
      folder: undefined,
      ignored: [],
    });
    assert.strictEqual(
      launcherArgs(['--extensionTestsPath=rel/index.js']).extensionTestsPath,
      path.resolve('rel/index.js'),
    );
  });
});

describe('the VS Code harness', () => {
  const server = { url: 'http://127.0.0.1:41234/', port: 41234, workspace: '/ws/default' };

  it('asks the workbench for the folder, the extension, the tests and their environment, by the page’s address', () => {
    const url = new URL(
      workbenchUrl(server, {
        folder: '/ws/folder',
        extensionDevelopmentPath: '/ext',
        extensionTestsPath: '/ext/out/test/integration/index.js',
        extensionEnvironment: { WF_TEST_ENV_PROBE: 'integration' },
      }),
    );
    assert.strictEqual(url.origin + url.pathname, server.url);
    assert.strictEqual(url.searchParams.get('folder'), '/ws/folder');
    assert.deepStrictEqual(JSON.parse(url.searchParams.get('payload') ?? ''), [
      ['extensionDevelopmentPath', 'vscode-remote://127.0.0.1:41234/ext'],
      ['extensionTestsPath', 'vscode-remote://127.0.0.1:41234/ext/out/test/integration/index.js'],
      ['extensionEnvironment', JSON.stringify({ WF_TEST_ENV_PROBE: 'integration' })],
      ['skipWelcome', 'true'],
    ]);
  });

  it('opens the server’s folder with no payload when the extension is installed from a VSIX', () => {
    const url = new URL(workbenchUrl(server));
    assert.strictEqual(url.searchParams.get('folder'), '/ws/default');
    assert.strictEqual(url.searchParams.get('payload'), null);
  });

  it('replaces the user settings for the next window: quiet ones plus the given, nothing left from before', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-settings-'));
    try {
      writeUserSettings(dir, { 'workfront.instance': 'http://127.0.0.1:1' });
      const file = writeUserSettings(dir, { 'workfront.apiVersion': '20.0' });
      assert.deepStrictEqual(JSON.parse(fs.readFileSync(file, 'utf8')), {
        ...QUIET_SETTINGS,
        'workfront.apiVersion': '20.0',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the integration runner’s editors side by side', () => {
  it('deals the files out longest first, each to the shard with the least so far', () => {
    const files = ['a.test.js', 'faults.test.js', 'b.test.js', 'security.test.js', 'soak.test.js', 'new.test.js'];
    const last = { 'faults.test.js': 44, 'soak.test.js': 16, 'a.test.js': 9, 'b.test.js': 7, 'security.test.js': 1 };
    // new.test.js has no duration yet: it counts as the longest (44).
    assert.deepStrictEqual(planShards(files, 2, last), [
      ['faults.test.js', 'security.test.js', 'soak.test.js'],
      ['a.test.js', 'b.test.js', 'new.test.js'],
    ]);
    assert.deepStrictEqual(planShards(files, 1, {}), [
      ['a.test.js', 'b.test.js', 'faults.test.js', 'new.test.js', 'security.test.js', 'soak.test.js'],
    ]);
  });

  it('counts a test that ran in several editors once, as failed if it failed in any', () => {
    const t = (title: string, state: 'passed' | 'failed') => ({ title, file: 'x.test.js', ms: 1, state });
    const merged = mergeCounts([
      { passed: 2, failed: 0, pending: 0, tests: [t('hostile', 'passed'), t('a', 'passed')], pendingTitles: [] },
      {
        passed: 1,
        failed: 1,
        pending: 1,
        tests: [t('hostile', 'failed'), t('b', 'passed')],
        pendingTitles: ['c'],
      },
    ]);
    assert.deepStrictEqual(
      { passed: merged.passed, failed: merged.failed, pending: merged.pending, pendingTitles: merged.pendingTitles },
      { passed: 2, failed: 1, pending: 1, pendingTitles: ['c'] },
    );
  });
});
