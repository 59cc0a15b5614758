// Activation cost: bundles the extension as `node esbuild.js --production` does (same options, into a
// temporary file so dist/ is left alone), then loads it in fresh Node processes with a fake `vscode`.
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from './stats';

export interface ActivationResult {
  bundle: string;
  bundleBytes: number;
  buildMs: number;
  runs: number;
  /** Medians over `runs` fresh processes, per scenario. */
  signedOut: ProbeSummary;
  signedIn: ProbeSummary;
}

export interface ProbeSummary {
  requireMs: number;
  activateMs: number;
  requireMsAll: number[];
  activateMsAll: number[];
  undiciLoaded: boolean;
  markerWorks: boolean;
  subscriptions: number;
  missing: string[];
  activatedLog: string | undefined;
}

interface ProbeReply {
  requireMs: number;
  activateMs: number;
  undiciBefore: boolean;
  undiciAfterActivate: boolean;
  markerWorks: boolean;
  subscriptions: number;
  missing: string[];
  logLines: string[];
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

async function buildBundle(outfile: string): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require(path.join(ROOT, 'node_modules', 'esbuild')) as typeof import('esbuild');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildOptions } = require(path.join(ROOT, 'esbuild.js')) as {
    buildOptions: (o: { production: boolean; outdir: string }) => import('esbuild').BuildOptions;
  };
  const t0 = performance.now();
  // Exactly what `node esbuild.js --production` builds, into the folder of `outfile`.
  await esbuild.build(buildOptions({ production: true, outdir: path.dirname(outfile) }));
  return performance.now() - t0;
}

function probe(bundle: string, scenario: 'signedIn' | 'signedOut'): Promise<ProbeReply> {
  return new Promise((resolve, reject) => {
    // cwd: the repo, so the probe's control `require('undici')` resolves from node_modules.
    const child = fork(path.join(__dirname, 'activationProbe.js'), [bundle, scenario], {
      execArgv: [],
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let reply: ProbeReply | undefined;
    child.on('message', (m: ProbeReply) => (reply = m));
    child.on('error', reject);
    child.on('exit', (code) =>
      reply ? resolve(reply) : reject(new Error(`activation probe exited with ${code} and no reply`)),
    );
  });
}

export async function measureActivation(runs: number): Promise<ActivationResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-bench-'));
  const outfile = path.join(dir, 'extension.js');
  try {
    const buildMs = await buildBundle(outfile);
    const bundleBytes = fs.statSync(outfile).size;
    const summarise = async (scenario: 'signedIn' | 'signedOut'): Promise<ProbeSummary> => {
      const replies: ProbeReply[] = [];
      for (let i = 0; i < runs; i++) replies.push(await probe(outfile, scenario));
      const last = replies[replies.length - 1];
      return {
        requireMs: median(replies.map((r) => r.requireMs)),
        activateMs: median(replies.map((r) => r.activateMs)),
        requireMsAll: replies.map((r) => round(r.requireMs, 2)),
        activateMsAll: replies.map((r) => round(r.activateMs, 2)),
        undiciLoaded: replies.some((r) => r.undiciBefore || r.undiciAfterActivate),
        markerWorks: replies.every((r) => r.markerWorks),
        subscriptions: last.subscriptions,
        missing: last.missing,
        activatedLog: last.logLines.find((l) => /Activated in/.test(l)),
      };
    };
    const signedOut = await summarise('signedOut');
    const signedIn = await summarise('signedIn');
    const undiciBytes = fs.statSync(path.join(dir, 'undici.js')).size;
    const bundle = `production (minified), built to a temp folder with esbuild.js's options; undici is apart in undici.js (${undiciBytes.toLocaleString('en')} bytes), required on the first request`;
    return { bundle, bundleBytes, buildMs, runs, signedOut, signedIn };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
