#!/usr/bin/env node
// `npm test`: typecheck, lint, build, unit, (setup of the offline VS Code), integration, UI — in that order.
// Prints one summary line per layer and, last, exactly "N passed, M failed" (a typecheck, lint, build or
// setup failure counts as one failed). Counts come from the counting reporter's JSON files, not from text.
// Usage: node scripts/test.js [layer ...]   e.g. `node scripts/test.js unit` (typecheck and build always run)
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const COUNTS_DIR = path.join(ROOT, 'test-results', 'counts');
const REPORTER = path.join(ROOT, 'out', 'scripts', 'mocha', 'countingReporter.js');
const TEST_LAYERS = ['unit', 'integration', 'ui'];

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!TEST_LAYERS.includes(name)) {
    console.error(`unknown layer "${name}"; choose from: ${TEST_LAYERS.join(', ')}`);
    process.exit(2);
  }
}
const runs = (name) => wanted.length === 0 || wanted.includes(name);

/** The child being run, so Ctrl+C can stop it (each test layer stops its own VS Code and simulator). */
let current;
/** setup:vscode, run in the background (own process group) while the first layers run. */
let setupChild;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (current && current.exitCode === null) current.kill(signal);
    if (setupChild && setupChild.exitCode === null) {
      try {
        process.kill(-setupChild.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    console.error(`\n[test] ${signal}: stopping`);
    setTimeout(() => process.exit(130), 15_000).unref();
  });
}

function run(title, command, args, env = {}) {
  console.log(`\n[test] ===== ${title}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  return new Promise((resolve) => {
    current = spawn(command, args, {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
    });
    current.on('error', (err) => {
      console.error(`[test] could not start ${command}: ${err.message}`);
      resolve({ code: 127, seconds: (Date.now() - started) / 1000 });
    });
    current.on('exit', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), seconds: (Date.now() - started) / 1000 }),
    );
  });
}

/** Runs a test layer whose reporter writes counts to a file; a crash or missing file counts as a failure. */
async function runCounted(name, command, args, env = {}) {
  const countsFile = path.join(COUNTS_DIR, `${name}.json`);
  fs.rmSync(countsFile, { force: true });
  const { code, seconds } = await run(name, command, args, { ...env, WF_TEST_COUNTS_FILE: countsFile });
  let counts;
  try {
    counts = JSON.parse(fs.readFileSync(countsFile, 'utf8'));
  } catch {
    return { passed: 0, failed: 1, pending: 0, seconds, note: `exited with code ${code} before reporting any result` };
  }
  if (code !== 0 && counts.failed === 0) {
    return { ...counts, failed: 1, seconds, note: `exited with code ${code} although no test failed` };
  }
  return { ...counts, seconds };
}

/**
 * Starts scripts/vscode/setup.sh now (a cold install takes minutes; warm, under a second) with its output
 * in a file; the returned function waits for it, prints the output and resolves to a step result.
 */
function startSetupInBackground() {
  const logFile = path.join(ROOT, 'test-results', 'setup-vscode.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  const started = Date.now();
  setupChild = spawn('bash', [path.join(ROOT, 'scripts', 'vscode', 'setup.sh')], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  let seconds = 0;
  const done = new Promise((resolve) => {
    const finish = (code) => {
      seconds = (Date.now() - started) / 1000;
      resolve(code);
    };
    setupChild.on('error', () => finish(127));
    setupChild.on('exit', (code) => finish(code ?? 1));
  });
  return async () => {
    const code = await done;
    console.log(`\n[test] ===== setup:vscode (ran in the background): bash scripts/vscode/setup.sh`);
    process.stdout.write(fs.readFileSync(logFile, 'utf8'));
    return {
      name: 'setup:vscode',
      kind: 'step',
      ok: code === 0,
      passed: 0,
      failed: code === 0 ? 0 : 1,
      seconds,
      note: code === 0 ? '' : `exit code ${code}`,
    };
  };
}

function hasTests(dir) {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return false;
  return fs.readdirSync(full, { recursive: true }).some((f) => String(f).endsWith('.test.js'));
}

async function main() {
  const t0 = Date.now();
  const results = []; // { name, kind: 'step'|'tests', ok?, passed, failed, pending, seconds, note }
  const step = async (name, command, args) => {
    const { code, seconds } = await run(name, command, args);
    const result = {
      name,
      kind: 'step',
      ok: code === 0,
      passed: 0,
      failed: code === 0 ? 0 : 1,
      seconds,
      note: code === 0 ? '' : `exit code ${code}`,
    };
    results.push(result);
    return result.ok;
  };
  const skip = (name, why) =>
    results.push({ name, kind: 'tests', skipped: why, passed: 0, failed: 0, pending: 0, seconds: 0 });
  const mocha = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');

  const editorLayers = ['integration', 'ui'].filter(runs);
  const setupDone = editorLayers.length > 0 ? startSetupInBackground() : undefined;

  const typechecked = await step('typecheck', process.execPath, [
    path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    '.',
  ]);
  // The project's own `lint` script; problems count as a failure but do not stop the tests.
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  if (typechecked && manifest.scripts && manifest.scripts.lint) await step('lint', 'npm', ['run', '--silent', 'lint']);
  const compiled = typechecked && (await step('build', process.execPath, [path.join(ROOT, 'esbuild.js')]));

  if (!compiled) {
    if (setupDone) results.push(await setupDone()); // let a cold install finish: the next run needs it
    for (const name of TEST_LAYERS) if (runs(name)) skip(name, 'not run: the typecheck or build failed');
  } else {
    if (runs('unit')) {
      if (hasTests('out/test/unit')) {
        results.push({
          name: 'unit',
          kind: 'tests',
          ...(await runCounted('unit', process.execPath, [mocha, '--config', '.mocharc.json', '--reporter', REPORTER])),
        });
      } else skip('unit', 'no tests in out/test/unit');
    }
    let editorReady = false;
    if (setupDone) {
      const setup = await setupDone();
      results.push(setup);
      editorReady = setup.ok;
    }
    for (const name of editorLayers) {
      if (!editorReady) {
        skip(name, 'not run: setup:vscode failed');
      } else if (name === 'integration') {
        results.push({
          name,
          kind: 'tests',
          ...(await runCounted(name, process.execPath, [path.join(ROOT, 'out', 'test', 'runIntegration.js')])),
        });
      } else if (hasTests('out/test/ui')) {
        // The UI tests install the packaged VSIX, as a user does (WF_UI_VSIX= loads the source folder instead).
        const vsix = { WF_UI_VSIX: process.env.WF_UI_VSIX ?? 'package' };
        results.push({
          name,
          kind: 'tests',
          ...(await runCounted(
            name,
            process.execPath,
            [mocha, '--config', 'test/ui/.mocharc.json', '--reporter', REPORTER],
            vsix,
          )),
        });
      } else skip(name, 'no tests in out/test/ui');
    }
  }

  let passed = 0;
  let failed = 0;
  console.log('\n[test] ===== summary');
  for (const r of results) {
    passed += r.passed;
    failed += r.failed;
    if (r.kind === 'step') {
      console.log(`${r.name}: ${r.ok ? 'ok' : `FAILED (${r.note})`}`);
    } else if (r.skipped) {
      console.log(`${r.name}: ${r.skipped}`);
    } else {
      const extra = [r.pending ? `${r.pending} skipped` : '', r.note ?? ''].filter(Boolean).join('; ');
      console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed${extra ? ` (${extra})` : ''}`);
    }
  }
  const timings = results.filter((r) => r.seconds).map((r) => `${r.name} ${r.seconds.toFixed(1)}s`);
  console.log(`time: ${timings.join(', ')}; total ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
