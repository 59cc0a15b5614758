// A "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }) on machines without
// a desktop VS Code: runs the extension tests in code-server + headless Chromium and exits with their code.
// Started through scripts/vscode/code, which test-electron calls as it would call `code`.
import * as fs from 'fs';
import * as path from 'path';
import { format, parseArgs as parseCliArgs } from 'util';
import {
  RESULTS_DIR,
  assertInstalled,
  launchBrowser,
  makeTempDir,
  readLog,
  removeDir,
  screenshot,
  slug,
  startCodeServer,
  tail,
  workbenchUrl,
  type Browser,
  type CodeServer,
} from './realVscode';

interface LaunchArgs {
  extensionDevelopmentPath: string[];
  extensionTestsPath?: string;
  userDataDir?: string;
  extensionsDir?: string;
  folder?: string;
  ignored: string[];
}

const PREFIX = '[vscode-launcher]';
/** Workbench log lines that only say the machine is offline (the gallery points at 127.0.0.1:9 on purpose). */
const OFFLINE_NOISE = [
  /ECONNREFUSED 127\.0\.0\.1:9\b/,
  /127\.0\.0\.1:9\/gallery/,
  /waiting for authentication provider 'github'/,
];
const log = (...args: unknown[]): void => console.error(PREFIX, ...args);

/** The options this launcher reads; any other flag `code` takes (test-electron passes some) is ignored. */
const LAUNCH_OPTIONS = {
  extensionDevelopmentPath: { type: 'string', multiple: true },
  extensionTestsPath: { type: 'string' },
  'user-data-dir': { type: 'string' },
  'extensions-dir': { type: 'string' },
} as const;

/** test-electron's arguments (`--name=value`; `--name value` works too for the four that matter). */
export function parseArgs(argv: string[]): LaunchArgs {
  const { values, positionals, tokens } = parseCliArgs({
    args: argv,
    options: LAUNCH_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const resolved = (value: string | boolean | undefined): string | undefined =>
    typeof value === 'string' ? path.resolve(value) : undefined;
  const folder = positionals.at(-1);
  return {
    extensionDevelopmentPath: (values.extensionDevelopmentPath ?? [])
      .filter((p): p is string => typeof p === 'string')
      .map((p) => path.resolve(p)),
    extensionTestsPath: resolved(values.extensionTestsPath),
    userDataDir: resolved(values['user-data-dir']),
    extensionsDir: resolved(values['extensions-dir']),
    folder: folder === undefined ? undefined : path.resolve(folder),
    ignored: tokens.flatMap((t) =>
      t.kind === 'option' && !(t.name in LAUNCH_OPTIONS) ? [t.inlineValue ? `${t.rawName}=${t.value}` : t.rawName] : [],
    ),
  };
}

/** Environment for the extension host: the WF_* variables (how extensionTestsEnv reaches us). */
function extensionEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('WF_') && value !== undefined) env[key] = value;
  }
  return env;
}

function timeoutMs(): number {
  const seconds = Number(process.env.WF_VSCODE_TEST_TIMEOUT ?? 600);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 600) * 1000;
}

/** Keeps the server's and the extension host's logs of a failed run in test-results/vscode-logs/. */
function keepLogs(server: CodeServer, runId: string): string {
  const dir = path.join(RESULTS_DIR, 'vscode-logs', runId);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(server.logFile, path.join(dir, 'code-server.log'));
  const vscodeLogs = path.join(server.userDataDir, 'logs');
  if (fs.existsSync(vscodeLogs)) fs.cpSync(vscodeLogs, path.join(dir, 'logs'), { recursive: true });
  return dir;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.extensionTestsPath) {
    log('this launcher only runs extension tests (--extensionTestsPath=...). For an editor to use, run: npm run demo');
    return 2;
  }
  assertInstalled();
  if (args.ignored.length) log('ignoring', args.ignored.join(' '));

  const scratch = makeTempDir('wf-launcher');
  const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      await browser?.close();
      await server?.stop();
      removeDir(scratch);
    })());

  // Ctrl+C, a kill, or test-electron's own SIGINT: stop Chromium and code-server's group, then exit.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping VS Code`);
      void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }

  const debug = Boolean(process.env.WF_VSCODE_DEBUG);
  try {
    const folder = args.folder ?? path.join(scratch, 'workspace');
    fs.mkdirSync(folder, { recursive: true });
    const started = Date.now();
    server = await startCodeServer({
      workspace: folder,
      userDataDir: args.userDataDir,
      extensionsDir: args.extensionsDir,
      testDriver: true,
    });
    browser = await launchBrowser();
    const { page } = browser;

    let finish: (code: number | 'timeout') => void = () => undefined;
    const finished = new Promise<number | 'timeout'>((resolve) => (finish = resolve));
    // VS Code's smoke-test driver hands the test host's console and exit code to these page functions.
    let suppressed = 0;
    await page.exposeFunction('codeAutomationLog', (type: string, logArgs: unknown[]) => {
      const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      if (!debug && OFFLINE_NOISE.some((pattern) => pattern.test(text))) {
        suppressed += 1;
        return;
      }
      process.stdout.write((debug ? `[${type}] ` : '') + text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    if (debug) {
      page.on('console', (message) => log(`console.${message.type()}:`, message.text().slice(0, 500)));
    }
    page.on('pageerror', (error) => log('page error:', error.message));

    const limit = timeoutMs();
    const timer = setTimeout(() => finish('timeout'), limit);
    const url = workbenchUrl(server, {
      folder,
      extensionDevelopmentPath: args.extensionDevelopmentPath,
      extensionTestsPath: args.extensionTestsPath,
      extensionEnvironment: extensionEnvironment(),
    });
    log(`VS Code ${server.url} (code-server pgid ${server.pgid}); running ${args.extensionTestsPath}`);
    await page.goto(url);
    const code = await finished;
    clearTimeout(timer);
    if (suppressed)
      log(
        `${suppressed} workbench message(s) about the offline gallery/accounts hidden (WF_VSCODE_DEBUG=1 shows them)`,
      );

    if (code === 0) {
      log(`tests passed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      if (debug) log(`logs: ${keepLogs(server, runId)}`);
      return 0;
    }
    const shot = await screenshot(page, `integration-${slug(runId)}`).catch(
      (err: Error) => `(no screenshot: ${err.message})`,
    );
    const logs = keepLogs(server, runId);
    if (code === 'timeout') {
      log(
        `TIMEOUT: the tests did not finish within ${limit / 1000}s (WF_VSCODE_TEST_TIMEOUT). Their output so far is above.`,
      );
      log(`screenshot: ${shot}`);
      log(`logs: ${logs}\n--- code-server log (tail) ---\n${tail(readLog(server.logFile), 20)}`);
      return 124;
    }
    log(`tests failed (exit code ${code}); screenshot: ${shot}; logs: ${logs}`);
    return typeof code === 'number' && code > 0 ? code : 1;
  } finally {
    await cleanup();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      log('ERROR:', err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
