// `npm run demo`: a seeded Workfront simulator, the extension packaged as a VSIX and installed in the real
// VS Code (code-server on 127.0.0.1), its user settings pointing at the simulator; prints where to open the
// workbench and what to sign in with. Ctrl+C stops everything it started (process groups).
//   npm run demo -- [--users 3000] [--latency 40] [--port 8080] [--sim-port 0] [--seed 1] [--adobe] [--dev] [--desktop]
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { parseArgs as parseCliArgs } from 'util';
import {
  CODE_SERVER_VERSION,
  ROOT,
  VSCODE_VERSION,
  groupAlive,
  installVsix,
  packageVsix,
  makeTempDir,
  readLog,
  removeDir,
  seedUserSettings,
  startCodeServer,
  stopGroup,
  tail,
  workbenchUrl,
  type CodeServer,
} from './vscode/realVscode';
import {
  adobeHosted,
  DEFAULT_ADMIN_PASSWORD,
  startSimulator,
  type AdobeHosted,
  type ServerToServerSecrets,
  type Simulator,
} from '../test/simulator';

const USAGE = `Usage: npm run demo -- [options]
  --users <n>       organisation size (default 3000)
  --latency <ms>    simulated network + Workfront time per request (default 40)
  --port <n>        the workbench's port on 127.0.0.1 (default 8080)
  --sim-port <n>    the simulator's port on 127.0.0.1 (default 0 = any free port)
  --seed <n>        organisation seed (default 1)
  --adobe           an Adobe-hosted organisation: sign in with the printed experience.adobe.com address and
                    Server-to-Server credential (the simulator stands in for Adobe IMS)
  --dev             load the extension from this folder (as F5 does) instead of installing a VSIX
  --desktop         use a desktop VS Code ('code' on PATH) instead of code-server
  --help            this text`;

interface DemoArgs {
  users: number;
  latency: number;
  port: number;
  simPort: number;
  seed: number;
  adobe: boolean;
  dev: boolean;
  desktop: boolean;
}

/** The options as given (`util.parseArgs` rejects unknown ones and missing values), or undefined for --help. */
export function parseArgs(argv: string[]): DemoArgs | undefined {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      users: { type: 'string' },
      latency: { type: 'string' },
      port: { type: 'string' },
      'sim-port': { type: 'string' },
      seed: { type: 'string' },
      adobe: { type: 'boolean' },
      dev: { type: 'boolean' },
      desktop: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  const number = (flag: 'users' | 'latency' | 'port' | 'sim-port' | 'seed', fallback: number): number => {
    const raw = values[flag];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(n) || n < 0)
      throw new Error(`--${flag} needs a whole number, got "${raw}"`);
    return n;
  };
  return {
    users: number('users', 3000),
    latency: number('latency', 40),
    port: number('port', 8080),
    simPort: number('sim-port', 0),
    seed: number('seed', 1),
    adobe: values.adobe ?? false,
    dev: values.dev ?? false,
    desktop: values.desktop ?? false,
  };
}

const say = (text: string): void => console.log(`[demo] ${text}`);

function runOrThrow(what: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal})`);
}

/** A desktop `code` on PATH, not this project's test launcher. */
function findDesktopCode(): string | undefined {
  const own = path.join(ROOT, 'scripts', 'vscode');
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'code');
    if (dir && path.resolve(dir) !== own && fs.existsSync(candidate)) {
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not executable
      }
    }
  }
  return undefined;
}

function writeWorkspace(dir: string, sim: Simulator): string {
  const workspace = path.join(dir, 'workfront-demo');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(
    path.join(workspace, 'README.md'),
    [
      '# Workfront Users demo',
      '',
      `The extension is configured for a local Workfront simulator at ${sim.url} with ${sim.store.count(true) + sim.store.count(false)} users.`,
      '',
      '1. Open **Workfront Users** in the activity bar and choose **Sign in to Workfront**.',
      `2. Accept the address, choose **Paste an API key** and paste \`${sim.apiKey}\``,
      `   (or choose username and password: \`${sim.admin.username}\` / \`${DEFAULT_ADMIN_PASSWORD}\`).`,
      '3. Expand Active, right-click a user and choose **Deactivate User…**.',
      '',
    ].join('\n'),
  );
  return workspace;
}

/** Checked before the slow steps, so a busy port is reported at once. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function waitForStop(isAlive: () => boolean, what: string): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => resolve(signal);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.once('SIGHUP', onSignal);
    const timer = setInterval(() => {
      if (!isAlive()) {
        clearInterval(timer);
        resolve(`${what} exited`);
      }
    }, 1000);
  });
}

async function main(): Promise<number> {
  let args: DemoArgs | undefined;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!args) {
    console.log(USAGE);
    return 0;
  }
  const desktopCode = args.desktop ? findDesktopCode() : undefined;
  if (args.desktop && !desktopCode) {
    console.error('[demo] --desktop: no desktop VS Code is installed here (no `code` on PATH).');
    console.error(
      '[demo] Install VS Code (https://code.visualstudio.com) or run `npm run demo` without --desktop for the bundled code-server.',
    );
    return 1;
  }
  if (!args.desktop && !(await portFree(args.port))) {
    console.error(`[demo] port ${args.port} on 127.0.0.1 is in use; choose another with --port`);
    return 1;
  }
  if (!args.desktop) runOrThrow('setup:vscode', 'bash', [path.join(ROOT, 'scripts', 'vscode', 'setup.sh')]);

  const scratch = makeTempDir('wf-demo');
  let sim: Simulator | undefined;
  let server: CodeServer | undefined;
  let desktopPgid: number | undefined;
  const cleanup = async (): Promise<void> => {
    if (server) await server.stop();
    if (desktopPgid) await stopGroup(desktopPgid);
    await sim?.close();
    removeDir(scratch);
  };
  try {
    say(`starting the Workfront simulator: ${args.users} users, ${args.latency} ms latency, seed ${args.seed}`);
    sim = await startSimulator({
      users: args.users,
      latencyMs: args.latency,
      seed: args.seed,
      port: args.simPort,
      adobeHosted: args.adobe,
    });
    const live = sim;
    const adobe = args.adobe ? adobeHosted(sim) : undefined;
    // The request log is for tests; a long demo must not grow it without bound.
    setInterval(() => live.log.length > 10_000 && live.clearLog(), 30_000).unref();
    const settings = adobe
      ? { 'workfront.instance': adobe.address, ...adobe.settings }
      : { 'workfront.instance': sim.url };
    const workspace = writeWorkspace(scratch, sim);
    let where: string;
    let isAlive: () => boolean;

    if (desktopCode) {
      const userDataDir = path.join(scratch, 'desktop-user-data');
      seedUserSettings(userDataDir, settings);
      runOrThrow('building the extension', process.execPath, [path.join(ROOT, 'esbuild.js')]);
      const child = spawn(
        desktopCode,
        [
          '--new-window',
          '--wait',
          `--extensionDevelopmentPath=${ROOT}`,
          `--user-data-dir=${userDataDir}`,
          `--extensions-dir=${path.join(scratch, 'desktop-extensions')}`,
          workspace,
        ],
        {
          detached: true,
          stdio: 'inherit',
        },
      );
      if (child.pid === undefined) throw new Error(`could not start ${desktopCode}`);
      desktopPgid = child.pid;
      let exited = false;
      child.on('exit', () => (exited = true));
      isAlive = () => !exited;
      where = `desktop VS Code (${desktopCode}), a new window with the extension from ${ROOT}`;
    } else {
      let vsix: string | undefined;
      if (!args.dev) {
        try {
          vsix = packageVsix(path.join(scratch, 'workfront-users.vsix'));
        } catch (err) {
          say(`${(err as Error).message}\n[demo] loading the extension from source instead`);
        }
      }
      // From source (--dev, or no VSIX): the window runs this folder's dist/, built now (packaging builds elsewhere).
      if (!vsix) runOrThrow('building the extension', process.execPath, [path.join(ROOT, 'esbuild.js')]);
      const extensionsDir = path.join(scratch, 'extensions');
      if (vsix) {
        installVsix(vsix, extensionsDir);
        say(`installed ${path.basename(vsix)} with code-server --install-extension`);
      }
      try {
        server = await startCodeServer({ port: args.port, workspace, extensionsDir, settings, testDriver: !vsix });
      } catch (err) {
        const message = (err as Error).message;
        throw new Error(
          /EADDRINUSE/.test(message) ? `port ${args.port} is in use; choose another with --port` : message,
        );
      }
      const running = server;
      isAlive = () => groupAlive(running.pgid);
      where = vsix
        ? workbenchUrl(server, { folder: workspace })
        : workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: ROOT });
    }

    console.log('');
    console.log('  Workfront Users demo');
    console.log(
      `  VS Code:            ${desktopCode ? where : `${where}\n                      (code-server ${CODE_SERVER_VERSION}, VS Code ${VSCODE_VERSION}; open it in a browser)`}`,
    );
    if (adobe && sim.ims) printAdobe(adobe, sim.ims.credential, sim.url);
    else printClassic(sim, args.users);
    console.log('');
    console.log('  Press Ctrl+C to stop.');
    const why = await waitForStop(isAlive, desktopCode ? 'VS Code' : 'code-server');
    say(`${why}: stopping`);
    if (server && why === 'code-server exited') console.error(tail(readLog(server.logFile), 20));
    return 0;
  } finally {
    await cleanup();
  }
}

function printClassic(sim: Simulator, users: number): void {
  console.log(
    `  Workfront instance: ${sim.url}   (simulator, ${users} users; already in the user settings as workfront.instance)`,
  );
  console.log(`  API key:            ${sim.apiKey}`);
  console.log(
    `  Or sign in as:      ${sim.admin.username} / ${DEFAULT_ADMIN_PASSWORD}   (the main admin; username and password are used once to get the key)`,
  );
}

function printAdobe(adobe: AdobeHosted, credential: ServerToServerSecrets, simUrl: string): void {
  console.log(`  Adobe-hosted organisation (its API and IMS answered by the simulator at ${simUrl}):`);
  console.log(`  Address to paste:   ${adobe.address}`);
  console.log(`  Server-to-Server:   client ID     ${credential.clientId}`);
  console.log(`                      client secret ${credential.clientSecret}`);
  console.log(`                      IMS org ID    ${credential.orgId}`);
  console.log(`                      scopes        ${credential.scopes}`);
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`[demo] ERROR: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
