// The real VS Code used offline: code-server (VS Code's server and workbench) on 127.0.0.1 and headless
// Debian Chromium driven by playwright-core. Shared by the test launcher, the UI tests and the demo.
// WF_VSCODE_EDITION=oldest runs the oldest VS Code the manifest claims, on its own Node (editions.ts).
// Every process started here runs in its own process group and is stopped by group, on every path.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser as PlaywrightBrowser, type BrowserContext, type Page } from 'playwright-core';
import { currentEdition, readEditions } from './editions';

const EDITION = currentEdition();
export const CODE_SERVER_VERSION = EDITION.codeServer;
export const VSCODE_VERSION = EDITION.vscode;
export const NODE_VERSION = EDITION.node;

/** The project folder (the nearest parent with a package.json; works from scripts/ and from out/scripts/). */
export const ROOT = findRoot(__dirname);
export const CACHE = process.env.WF_VSCODE_CACHE || path.join(ROOT, '.vscode-test');
/** The newest edition's Node 24: the tools that ask for a recent Node (vsce) run on it, whatever the edition. */
export const NODE24 = path.join(CACHE, readEditions().newest.nodeDir, 'bin', 'node');
/** The Node code-server (and so the extension host) runs on: the edition's. */
export const SERVER_NODE = path.join(CACHE, EDITION.nodeDir, 'bin', 'node');
export const CODE_SERVER_DIR = path.join(CACHE, EDITION.codeServerDir);
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.WF_CHROMIUM || '/usr/bin/chromium';
export const RESULTS_DIR = path.join(ROOT, 'test-results');
export const SCREENSHOT_DIR = path.join(RESULTS_DIR, 'screenshots');

/** User settings that keep a fresh profile quiet and offline. Tests add their own on top. */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'npm.fetchOnlinePackageInfo': false,
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.enabled': false,
};

/** Points the gallery at a closed local port so neither the browser nor the server looks for one online. */
const EXTENSIONS_GALLERY = JSON.stringify({
  serviceUrl: 'http://127.0.0.1:9/gallery',
  itemUrl: 'http://127.0.0.1:9/item',
});

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Chromium flags for a closed network: no background traffic, no sandbox (we run as root in CI). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--force-prefers-reduced-motion',
];

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/** The VS Code version this edition's code-server runs (its lib/vscode/package.json). */
export function installedVscodeVersion(): string {
  const file = path.join(path.dirname(CODE_SERVER_ENTRY), '..', '..', 'lib', 'vscode', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Throws with the command to run when the offline VS Code is not installed (see scripts/vscode/setup.sh). */
export function assertInstalled(): void {
  const marker = path.join(CODE_SERVER_DIR, '.wf-installed');
  const problems: string[] = [];
  if (!fs.existsSync(SERVER_NODE)) problems.push(`Node ${NODE_VERSION} missing (${SERVER_NODE})`);
  if (!fs.existsSync(marker) || !fs.existsSync(CODE_SERVER_ENTRY))
    problems.push(`code-server ${CODE_SERVER_VERSION} missing (${CODE_SERVER_DIR})`);
  if (!fs.existsSync(CHROMIUM)) problems.push(`Chromium missing (${CHROMIUM}; Debian package chromium)`);
  if (problems.length) {
    throw new Error(`The offline VS Code is not ready: ${problems.join('; ')}. Run: npm run setup:vscode`);
  }
}

export function isInstalled(): boolean {
  try {
    assertInstalled();
    return true;
  } catch {
    return false;
  }
}

/**
 * A scratch folder `<tmp>/<prefix>-<pid>-XXXXXX`, removed by its owner. The pid in the name lets a later
 * run remove what a killed run (SIGKILL, no cleanup) left behind: see sweepStaleTempDirs.
 */
export function makeTempDir(prefix: string): string {
  sweepStaleTempDirs();
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-${process.pid}-`));
}

let swept = false;

/** Removes our scratch folders whose owning process is gone (once per process). */
export function sweepStaleTempDirs(): void {
  if (swept) return;
  swept = true;
  for (const entry of fs.readdirSync(os.tmpdir())) {
    const match = /^wf-[a-z-]+?-(\d+)-[A-Za-z0-9]{6}$/.exec(entry);
    if (!match || Number(match[1]) === process.pid || processAlive(Number(match[1]))) continue;
    try {
      removeDir(path.join(os.tmpdir(), entry));
    } catch {
      // another user's folder or already gone: leave it
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

// ---- process groups --------------------------------------------------------------------------------

const liveGroups = new Set<number>();
let exitHooksInstalled = false;

/** Kills every process group still running; synchronous so it also works from 'exit' and signal handlers. */
export function killAllGroupsNow(): void {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  liveGroups.clear();
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killAllGroupsNow);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) {
    const onSignal = (): void => {
      killAllGroupsNow();
      // When nobody else handles the signal, behave like the default: exit with 128 + signal number.
      if (process.listenerCount(signal) === 1) process.exit(128 + (os.constants.signals[signal] ?? 1));
    };
    process.on(signal, onSignal);
  }
}

/**
 * True while a process of the group is still running. Exited members can stay zombies until this
 * machine's init reaps them (seconds), so on Linux they are read from /proc and not counted.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}

/** SIGTERM the whole group, give it `graceMs`, then SIGKILL what is left. */
export async function stopGroup(pgid: number, graceMs = 3000): Promise<void> {
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    liveGroups.delete(pgid);
    return;
  }
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone between the check and the kill
    }
  }
  liveGroups.delete(pgid);
}

/**
 * Starts `command args` as the leader's child in a new session (setsid) whose leader is a tiny shell
 * guard: when this Node process dies, even by SIGKILL, the guard kills the whole group within a second.
 */
function spawnGuarded(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): number {
  // The guard ignores the TERM it sends its own group, so that it lives to send KILL after a grace period.
  // A zombie (exited, not yet reaped) counts as gone.
  const guard =
    'alive() { kill -0 "$1" 2>/dev/null && ! grep -qs "^State:.*Z" "/proc/$1/status"; }; ' +
    'parent=$1; shift; "$@" & child=$!; ' +
    'while alive "$parent" && alive "$child"; do sleep 1; done; ' +
    'trap "" TERM; kill -TERM -$$ 2>/dev/null; sleep 2; kill -KILL -$$ 2>/dev/null';
  const log = fs.openSync(logFile, 'a');
  const child = spawn('/bin/sh', ['-c', guard, 'wf-guard', String(process.pid), command, ...args], {
    detached: true,
    env,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  child.unref();
  installExitHooks();
  liveGroups.add(child.pid);
  return child.pid;
}

/**
 * Waits for `promise` (its rejection ignored) but at most `ms`. The timer is cleared when the promise
 * settles first: a pending timer would keep a finished process (mocha without --exit) alive until it fires.
 */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- settings --------------------------------------------------------------------------------------

/** Writes `<userDataDir>/User/settings.json`: quiet settings, then what is already there, then `extra`. */
export function seedUserSettings(userDataDir: string, extra: Record<string, unknown> = {}): string {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let existing: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    try {
      existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      throw new Error(`${file} is not plain JSON; cannot merge settings into it`);
    }
  }
  fs.writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...existing, ...extra }, null, 2) + '\n');
  return file;
}

/** Replaces `<userDataDir>/User/settings.json` with the quiet settings and `settings` (nothing else kept). */
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown> = {}): string {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2) + '\n');
  return file;
}

// ---- code-server -----------------------------------------------------------------------------------

export interface CodeServerOptions {
  /** Folder opened by default (also passed in the workbench URL by `workbenchUrl`). */
  workspace?: string;
  /** Server-side user data (settings, logs). Default: a fresh folder in the scratch dir. */
  userDataDir?: string;
  /** Default: a fresh folder in the scratch dir. */
  extensionsDir?: string;
  /** User settings on top of QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** 0 or undefined: an ephemeral free port, so parallel runs never clash. */
  port?: number;
  /** Read extension-test options from the URL payload (needed for extensionTestsPath). */
  testDriver?: boolean;
  /** Extra environment for the server and so for its extension host. */
  env?: Record<string, string>;
  /** How long to wait for the server to answer /healthz. */
  startTimeoutMs?: number;
  /**
   * Seconds an extension host outlives its window's connection (code-server's default: 3 hours). A server
   * that serves one window after another sets it low, so the hosts of closed windows do not pile up.
   */
  reconnectionGraceSeconds?: number;
  /** Leave VS Code's Workspace Trust on (default: off, --disable-workspace-trust), for Restricted Mode tests. */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  /** e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  readonly port: number;
  readonly pgid: number;
  readonly scratchDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  readonly workspace?: string;
  /** Stops the whole process group. With removeScratch (default true) the scratch dir goes too. */
  stop(removeScratch?: boolean): Promise<void>;
}

/** The environment for code-server: no inherited VS Code plumbing, XDG dirs in the scratch dir, no gallery. */
function serverEnv(scratchDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key.startsWith('npm_')) continue;
    env[key] = value;
  }
  const xdg = path.join(scratchDir, 'xdg');
  return {
    ...env,
    PATH: `${path.dirname(SERVER_NODE)}${path.delimiter}${env.PATH ?? ''}`,
    XDG_CONFIG_HOME: xdg,
    XDG_DATA_HOME: xdg,
    XDG_CACHE_HOME: xdg,
    EXTENSIONS_GALLERY,
    ...extra,
  };
}

/** Not copied to the packaging folder: generated, installed or version control (vsce would skip them anyway). */
const NOT_STAGED = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist', 'test-results']);

/**
 * Builds the extension for production (esbuild.js --production) and packages it with `vsce package` into
 * `outFile`, as a release would, from a copy of the project: the working tree's dist/ (the development
 * build that other tests may be running at the same time) is never touched. Throws with the tools' output
 * when either fails.
 */
export function packageVsix(outFile: string): string {
  const target = path.resolve(outFile);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const stage = makeTempDir('wf-vsix-stage');
  try {
    for (const entry of fs.readdirSync(ROOT)) {
      if (NOT_STAGED.has(entry) || entry.endsWith('.vsix')) continue;
      fs.cpSync(path.join(ROOT, entry), path.join(stage, entry), { recursive: true, verbatimSymlinks: true });
    }
    const build = spawnSync(
      process.execPath,
      [path.join(ROOT, 'esbuild.js'), '--production', '--outdir', path.join(stage, 'dist')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (build.status !== 0)
      throw new Error(`esbuild --production failed:\n${tail(`${build.stdout}\n${build.stderr}`, 15)}`);
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    // vsce 4 asks for Node >= 22: run it on the Node 24 that setup:vscode installed. stdin closed: it never
    // waits on a question. Relative README links stay relative (no repository URL to rewrite them to).
    const node = fs.existsSync(NODE24) ? NODE24 : process.execPath;
    const result = spawnSync(
      node,
      [
        vsce,
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--skip-license',
        '--no-rewrite-relative-links',
        '-o',
        target,
      ],
      { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
    );
    if (result.status !== 0 || !fs.existsSync(target)) {
      throw new Error(
        `vsce package failed (exit ${result.status ?? result.signal}):\n${tail(`${result.stdout}\n${result.stderr}`, 15)}`,
      );
    }
    return target;
  } finally {
    removeDir(stage);
  }
}

/** Installs a VSIX into `extensionsDir` with code-server's CLI (as a user would). */
export function installVsix(vsix: string, extensionsDir: string): void {
  assertInstalled();
  const scratch = makeTempDir('wf-vsix');
  try {
    const result = spawnSync(
      SERVER_NODE,
      [
        CODE_SERVER_ENTRY,
        '--extensions-dir',
        extensionsDir,
        '--user-data-dir',
        path.join(scratch, 'data'),
        '--install-extension',
        path.resolve(vsix),
        '--force',
      ],
      { env: serverEnv(scratch), encoding: 'utf8', timeout: 120_000 },
    );
    if (result.status !== 0) {
      throw new Error(`installing ${vsix} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
  } finally {
    removeDir(scratch);
  }
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  assertInstalled();
  const scratchDir = makeTempDir('wf-code-server');
  const userDataDir = options.userDataDir ?? path.join(scratchDir, 'data');
  const extensionsDir = options.extensionsDir ?? path.join(scratchDir, 'extensions');
  const logFile = path.join(scratchDir, 'code-server.log');
  fs.mkdirSync(extensionsDir, { recursive: true });
  seedUserSettings(userDataDir, options.settings);

  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr',
    `127.0.0.1:${options.port ?? 0}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  // code-server before --vscode-option (4.96) learns the one flag from a preload (smokeDriverOption.ts);
  // its VS Code has no reconnection grace time to set (hosts of closed windows linger; its runs are short).
  const legacy = !codeServerKnows('vscode-option');
  if (options.testDriver && legacy) args.unshift('-r', path.join(__dirname, 'smokeDriverOption.js'));
  if (options.testDriver)
    args.push(...(legacy ? ['--enable-smoke-test-driver'] : ['--vscode-option', 'enable-smoke-test-driver']));
  if (options.reconnectionGraceSeconds !== undefined && !legacy)
    args.push('--reconnection-grace-time', String(options.reconnectionGraceSeconds));
  if (options.workspace) args.push(options.workspace);

  const pgid = spawnGuarded(SERVER_NODE, args, serverEnv(scratchDir, options.env), logFile);
  const stop = async (removeScratch = true): Promise<void> => {
    await stopGroup(pgid);
    if (removeScratch) removeDir(scratchDir);
  };
  try {
    const port = await waitForListening(logFile, pgid, options.startTimeoutMs ?? 60_000);
    const url = `http://127.0.0.1:${port}/`;
    await waitForHealth(url, pgid, logFile, options.startTimeoutMs ?? 60_000);
    return { url, port, pgid, scratchDir, userDataDir, extensionsDir, logFile, workspace: options.workspace, stop };
  } catch (err) {
    await stop(false);
    throw err;
  }
}

/** Whether this edition's code-server command line has the option (older releases know fewer). */
function codeServerKnows(option: string): boolean {
  const cli = path.join(path.dirname(CODE_SERVER_ENTRY), 'cli.js');
  return fs.existsSync(cli) && fs.readFileSync(cli, 'utf8').includes(`"${option}"`);
}

/** code-server prints "HTTP server listening on http://127.0.0.1:PORT/" once bound (PORT chosen by the OS for 0). */
async function waitForListening(logFile: string, pgid: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
    if (match) return Number(match[1]);
    if (!groupAlive(pgid)) throw new Error(`code-server exited while starting:\n${tail(log)}`);
    await sleep(100);
  }
  throw new Error(`code-server did not start within ${timeoutMs} ms:\n${tail(readLog(logFile))}`);
}

async function waitForHealth(url: string, pgid: number, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(new URL('healthz', url));
      if (response.ok) return;
    } catch {
      // not answering yet
    }
    if (!groupAlive(pgid)) throw new Error(`code-server exited while starting:\n${tail(readLog(logFile))}`);
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${url}healthz within ${timeoutMs} ms:\n${tail(readLog(logFile))}`);
}

export function readLog(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

// ---- the workbench URL -----------------------------------------------------------------------------

export interface WorkbenchUrlOptions {
  folder?: string;
  /** Load the extension from source folders (as F5 does), instead of an installed VSIX. */
  extensionDevelopmentPath?: string | string[];
  /** Run extension tests: the compiled index.js exporting run() (needs testDriver on the server). */
  extensionTestsPath?: string;
  /** Environment variables for the extension host. */
  extensionEnvironment?: Record<string, string>;
}

/** The workbench address with the test payload VS Code reads from `payload` (URL-encoded JSON pairs). */
export function workbenchUrl(
  server: Pick<CodeServer, 'url' | 'port' | 'workspace'>,
  options: WorkbenchUrlOptions = {},
): string {
  // The payload's paths must name the server by the address the page uses (not code-server's "remote").
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
  const payload: [string, string][] = [];
  const devPaths =
    options.extensionDevelopmentPath === undefined ? [] : ([] as string[]).concat(options.extensionDevelopmentPath);
  for (const devPath of devPaths) payload.push(['extensionDevelopmentPath', remote(devPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  if (options.extensionEnvironment && Object.keys(options.extensionEnvironment).length) {
    payload.push(['extensionEnvironment', JSON.stringify(options.extensionEnvironment)]);
  }
  if (payload.length) payload.push(['skipWelcome', 'true']);
  const query: string[] = [];
  const folder = options.folder ?? server.workspace;
  if (folder) query.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
  if (payload.length) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return server.url + (query.length ? `?${query.join('&')}` : '');
}

// ---- Chromium --------------------------------------------------------------------------------------

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Requests aborted because they went somewhere other than loopback. */
  readonly blocked: string[];
  close(): Promise<void>;
}

/** Aborts every request of the context to a host other than loopback; returns the list of those aborted. */
async function blockNonLoopback(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && !LOOPBACK_HOSTS.has(url.hostname)) {
      blocked.push(url.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  return blocked;
}

/** Chromium's crash handler and caches follow XDG: keep them in a throwaway folder, not in $HOME. */
function chromiumEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'xdg'), XDG_CACHE_HOME: path.join(dir, 'xdg') };
}

/** Headless Debian Chromium with a fresh profile; every request to a non-loopback host is aborted. */
export async function launchBrowser(viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const profile = makeTempDir('wf-chromium');
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      env: chromiumEnv(profile),
    });
  } catch (err) {
    removeDir(profile);
    throw err;
  }
  const blocked = await blockNonLoopback(context);
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    // Playwright kills Chromium if a graceful close hangs; bound it anyway.
    await settleWithin(context.close(), 10_000);
    removeDir(profile);
  };
  return { context, page, blocked, close };
}

/** One headless Chromium that opens pages in fresh, empty profiles (contexts): cheaper than a browser each. */
export interface Chromium {
  /** A page in a new context: no storage, no secrets, no cookies; non-loopback requests are aborted. */
  newPage(viewport?: { width: number; height: number }): Promise<Browser>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Chromium> {
  const dir = makeTempDir('wf-chromium');
  let browser: PlaywrightBrowser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      env: chromiumEnv(dir),
    });
  } catch (err) {
    removeDir(dir);
    throw err;
  }
  let closed = false;
  return {
    async newPage(viewport = { width: 1400, height: 900 }): Promise<Browser> {
      const context = await browser.newContext({ viewport });
      const blocked = await blockNonLoopback(context);
      const page = await context.newPage();
      let pageClosed = false;
      const close = async (): Promise<void> => {
        if (pageClosed) return;
        pageClosed = true;
        await settleWithin(context.close(), 10_000);
      };
      return { context, page, blocked, close };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await settleWithin(browser.close(), 10_000);
      removeDir(dir);
    },
  };
}

/** A file name safe for test-results/: letters, digits, dash. */
export function slug(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'shot'
  );
}

/** Saves a screenshot to test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${slug(name)}.png`);
  await page.screenshot({ path: file, timeout: 15_000 });
  return file;
}
