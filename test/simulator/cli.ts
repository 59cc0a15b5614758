// Command line for the demo and manual testing:
//   node out/test/simulator/cli.js --users 5000 --port 8443 --latency 40 [--seed 1] [--max-concurrent 10]
//     [--admin-password demo-password] [--fault '<FaultSpec JSON>' ...] [--verbose]

import { parseArgs as parseCliArgs } from 'util';
import { checkFaultSpec } from './faults';
import {
  ADMIN_USERNAME,
  startSimulator,
  type FaultSpec,
  type LoggedRequest,
  type Simulator,
  type SimulatorOptions,
} from './index';

const USAGE = `Usage: node out/test/simulator/cli.js [options]
  --users <n>            organisation size, 1..100000 (default 60)
  --port <n>             port on 127.0.0.1 (default 0 = any free port)
  --latency <ms>         added to every request (default 0)
  --seed <n>             organisation seed (default 1)
  --max-concurrent <n>   requests in flight before 429 (default 10; 0 = no cap)
  --admin-password <pw>  the main admin's password (default demo-password)
  --fault <json>         a FaultSpec, e.g. '{"op":"update","kind":"status","status":500,"times":1}' (repeatable)
  --verbose              one line per request
  --help                 this text`;

/** Keeps a long-running demo from growing the request log without bound. */
const LOG_LIMIT = 10_000;

export interface CliArgs {
  readonly options: SimulatorOptions;
  readonly faults: FaultSpec[];
  readonly verbose: boolean;
}

/** The options as given (`util.parseArgs` rejects unknown ones and missing values), or undefined for --help. */
export function parseArgs(argv: readonly string[]): CliArgs | undefined {
  const { values } = parseCliArgs({
    args: [...argv],
    options: {
      users: { type: 'string' },
      port: { type: 'string' },
      latency: { type: 'string' },
      seed: { type: 'string' },
      'max-concurrent': { type: 'string' },
      'admin-password': { type: 'string' },
      fault: { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  const number = (flag: 'users' | 'port' | 'latency' | 'seed' | 'max-concurrent'): number | undefined => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`--${flag} needs a number, got "${raw}"`);
    return n;
  };
  const options: SimulatorOptions = {};
  const given = <K extends keyof SimulatorOptions>(key: K, value: SimulatorOptions[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  given('users', number('users'));
  given('port', number('port'));
  given('latencyMs', number('latency'));
  given('seed', number('seed'));
  given('maxConcurrent', number('max-concurrent'));
  given('adminPassword', values['admin-password']);
  const faults = (values.fault ?? []).map((json) => JSON.parse(json) as FaultSpec);
  return { options, faults, verbose: values.verbose ?? false };
}

/** Path only: the query may carry an apiKey or password, which never belongs in a log. */
function describe(entry: LoggedRequest): string {
  const time = new Date(entry.time).toISOString().slice(11, 23);
  const method = entry.effectiveMethod === entry.method ? entry.method : `${entry.method}→${entry.effectiveMethod}`;
  const target = entry.objId ? ` ${entry.objId}` : '';
  return `${time} ${entry.status || 'RESET/HANG'} ${method} ${entry.path} [${entry.op}${target}] ${entry.handlerMs.toFixed(1)}ms`;
}

async function main(): Promise<void> {
  let args: CliArgs | undefined;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (!args) {
    console.log(USAGE);
    return;
  }
  const { verbose } = args;
  // Fault specs are checked before the server starts, so a typo never leaves a server running.
  try {
    args.faults.forEach(checkFaultSpec);
  } catch (err) {
    console.error(`Invalid --fault: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
    return;
  }
  let sim: Simulator;
  try {
    sim = await startSimulator({
      ...args.options,
      onRequest: (entry) => {
        if (verbose) console.log(describe(entry));
        if (sim.log.length > LOG_LIMIT) sim.clearLog();
      },
    });
    for (const fault of args.faults) sim.inject(fault);
  } catch (err) {
    console.error(`Cannot start the simulator: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
    return;
  }
  const o = args.options;
  console.log(`Workfront API simulator listening on ${sim.url}`);
  console.log(`  API base:   ${sim.url}/attask/api/v19.0`);
  console.log(`  API key:    ${sim.apiKey}`);
  console.log(`  Admin:      ${ADMIN_USERNAME} / ${o.adminPassword ?? 'demo-password'}`);
  console.log(`  Users:      ${sim.store.count()} (${sim.store.count(true)} active), seed ${o.seed ?? 1}`);
  console.log(
    `  Latency:    ${o.latencyMs ?? 0} ms, max concurrent ${o.maxConcurrent ?? 10}, faults ${args.faults.length}`,
  );
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping after ${sim.stats.requests} requests`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) void main();
