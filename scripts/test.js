#!/usr/bin/env node
// `npm test`: typecheck, lint, build, unit, (setup of the offline VS Code), integration, UI, and most of
// integration plus the UI smoke again in the oldest VS Code that package.json's engines claims ('oldest').
// Prints one summary line per layer and, last, exactly "N passed, M failed" (a typecheck, lint, build or
// setup failure counts as one failed; in CI a skipped test counts as a failed one). Counts come from the
// counting reporter's JSON files, not from text. Each editor layer names the VS Code it ran in, and the
// summary lists the versions the run covered.
// What can run at once does (2 cores are enough): lint beside the typecheck and the tests; then the unit,
// integration (itself two editors) and UI layers together, the unit layer at a higher CPU priority. While
// layers run side by side their output goes to test-results/logs/<layer>.log and is printed whole when
// each ends.
// Usage: node scripts/test.js [layer ...]   e.g. `node scripts/test.js unit` (typecheck, lint and build always run)
// Env: WF_TEST_SERIAL=1 runs one thing at a time, streaming its output (slower; for a machine short of memory).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const COUNTS_DIR = path.join(ROOT, 'test-results', 'counts');
const LOGS_DIR = path.join(ROOT, 'test-results', 'logs');
const REPORTER = path.join(ROOT, 'out', 'scripts', 'mocha', 'countingReporter.js');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const TEST_LAYERS = ['unit', 'integration', 'ui', 'oldest'];
/** The layers that run in an editor: each must report which VS Code it ran in. */
const EDITOR_RESULTS = ['integration', 'ui', 'integration-oldest', 'ui-oldest'];
/** The UI tests that run in the oldest supported VS Code too: the workbench smoke and one whole admin flow. */
const UI_IN_OLDEST = ['out/test/ui/smoke.test.js', 'out/test/ui/deactivate.test.js'];
const SERIAL = Boolean(process.env.WF_TEST_SERIAL) && process.env.WF_TEST_SERIAL !== '0';
/** CI sets CI=true: there a skipped test is a failure (a check that skips itself proves nothing). */
const CI = Boolean(process.env.CI) && !['0', 'false'].includes(process.env.CI.toLowerCase());

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!TEST_LAYERS.includes(name)) {
    console.error(`unknown layer "${name}"; choose from: ${TEST_LAYERS.join(', ')}`);
    process.exit(2);
  }
}
const runs = (name) => wanted.length === 0 || wanted.includes(name);
/** Output streams live when one test layer runs alone; side by side, each layer's output is kept whole. */
const singleLayer = SERIAL || TEST_LAYERS.filter(runs).length === 1;

/** Children running now, so Ctrl+C can stop them (each test layer stops its own VS Code and simulator). */
const children = new Set();
/** setup:vscode, run in the background (own process group) while the first layers run. */
let setupChild;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
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

// ---- output: one live stream at a time, whole blocks for the rest ----------------------------------------

let liveRunning = 0;
const heldBlocks = [];

/** Prints a finished layer's block now, or after the layer that is streaming live. */
function printBlock(text) {
  if (liveRunning > 0) heldBlocks.push(text);
  else process.stdout.write(text);
}

function endLive() {
  liveRunning -= 1;
  if (liveRunning === 0) for (const block of heldBlocks.splice(0)) process.stdout.write(block);
}

/**
 * CPU priority (nice) of what runs beside the unit layer, whose timing assertions (requests in flight
 * within a 15 ms latency, say) need the CPU when they ask for it: the lint, and the editor layers with
 * everything they start. Equal for the two editor layers, so neither starves the other once unit is done.
 */
const NICE = { lint: 15, integration: 10, ui: 10, 'integration-oldest': 10, 'ui-oldest': 10 };

/**
 * Runs a command; with `live` its output streams to this terminal, otherwise it goes to
 * test-results/logs/<name>.log and is printed whole when the command ends. Side by side (not SERIAL),
 * it runs at the CPU priority NICE gives its title.
 */
function run(title, command, args, { env = {}, live = SERIAL } = {}) {
  const nice = SERIAL ? undefined : NICE[title];
  if (nice !== undefined && process.platform !== 'win32') {
    args = ['-n', String(nice), command, ...args];
    command = 'nice';
  }
  const shown = (arg) =>
    arg === process.execPath ? 'node' : arg.startsWith(`${ROOT}${path.sep}`) ? path.relative(ROOT, arg) : arg;
  const header = `\n[test] ===== ${title}: ${[command, ...args].map(shown).join(' ')}`;
  const started = Date.now();
  let stdio = ['ignore', 'inherit', 'inherit'];
  let logFile;
  if (live) {
    liveRunning += 1;
    console.log(header);
  } else {
    fs.mkdirSync(LOGS_DIR, { recursive: true });
    logFile = path.join(LOGS_DIR, `${title}.log`);
    const fd = fs.openSync(logFile, 'w');
    stdio = ['ignore', fd, fd];
  }
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio, env: { ...process.env, ...env } });
    if (logFile) fs.closeSync(stdio[1]);
    children.add(child);
    const finish = (code, note = '') => {
      children.delete(child);
      const seconds = (Date.now() - started) / 1000;
      if (live) endLive();
      else {
        const output = fs.readFileSync(logFile, 'utf8');
        const trailer = output.endsWith('\n') || output === '' ? '' : '\n';
        printBlock(
          `${header}\n[test] (ran ${seconds.toFixed(1)}s beside other layers; also in ${path.relative(ROOT, logFile)})\n${note}${output}${trailer}`,
        );
      }
      resolve({ code, seconds });
    };
    child.on('error', (err) => finish(127, `[test] could not start ${command}: ${err.message}\n`));
    child.on('exit', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

/** A step (typecheck, lint, build): its exit code is the result; a failure counts as one failed. */
async function step(name, command, args, options) {
  const { code, seconds } = await run(name, command, args, options);
  return {
    name,
    kind: 'step',
    ok: code === 0,
    passed: 0,
    failed: code === 0 ? 0 : 1,
    seconds,
    note: code === 0 ? '' : `exit code ${code}`,
  };
}

/** Runs a test layer whose reporter writes counts to a file; a crash or missing file counts as a failure. */
async function runCounted(name, command, args, env = {}) {
  const countsFile = path.join(COUNTS_DIR, `${name}.json`);
  fs.rmSync(countsFile, { force: true });
  const { code, seconds } = await run(name, command, args, {
    env: { ...env, WF_TEST_COUNTS_FILE: countsFile },
    live: singleLayer,
  });
  let counts;
  try {
    counts = JSON.parse(fs.readFileSync(countsFile, 'utf8'));
  } catch {
    return {
      name,
      kind: 'tests',
      passed: 0,
      failed: 1,
      pending: 0,
      seconds,
      note: `exited with code ${code} before reporting any result`,
    };
  }
  const result = { name, kind: 'tests', ...counts, seconds };
  const notes = [];
  if (CI && counts.pending > 0) {
    // Mocha counts a skipped test as pending, not failed; in CI it is a failure, named here.
    result.failed += counts.pending;
    notes.push(`${counts.pending} skipped, counted as failed in CI: ${(counts.pendingTitles ?? []).join('; ')}`);
  }
  if (EDITOR_RESULTS.includes(name) && !counts.editor) {
    result.failed += 1;
    notes.push('the run did not report which VS Code it ran in');
  }
  if (code !== 0 && result.failed === 0) {
    result.failed = 1;
    notes.push(`exited with code ${code} although no test failed`);
  }
  result.note = notes.join('; ');
  return result;
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
  let result;
  return () =>
    (result ??= done.then((code) => {
      printBlock(
        `\n[test] ===== setup:vscode (ran in the background): bash scripts/vscode/setup.sh\n${fs.readFileSync(logFile, 'utf8')}`,
      );
      return {
        name: 'setup:vscode',
        kind: 'step',
        ok: code === 0,
        passed: 0,
        failed: code === 0 ? 0 : 1,
        seconds,
        note: code === 0 ? '' : `exit code ${code}`,
      };
    }));
}

function hasTests(dir) {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return false;
  return fs.readdirSync(full, { recursive: true }).some((f) => String(f).endsWith('.test.js'));
}

/** The slowest tests and describe blocks of each layer, from the counts files, to test-results/slowest.md. */
function writeSlowest(results) {
  const lines = ['# Slowest tests of the last `npm test`', ''];
  for (const r of results) {
    if (r.kind !== 'tests' || !Array.isArray(r.tests)) continue;
    lines.push(
      `## ${r.name} (${r.seconds.toFixed(1)} s)`,
      '',
      '| describe block (hooks included) | s |',
      '| --- | --- |',
    );
    for (const s of [...(r.suites ?? [])].sort((a, b) => b.ms - a.ms).slice(0, 10))
      lines.push(`| ${s.title} | ${(s.ms / 1000).toFixed(1)} |`);
    lines.push('', '| test | s |', '| --- | --- |');
    for (const t of [...r.tests].sort((a, b) => b.ms - a.ms).slice(0, 15))
      lines.push(`| ${t.title} | ${(t.ms / 1000).toFixed(1)} |`);
    lines.push('');
  }
  const file = path.join(ROOT, 'test-results', 'slowest.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

async function main() {
  const t0 = Date.now();
  const results = []; // { name, kind: 'step'|'tests', ok?, passed, failed, pending, seconds, note }
  const skip = (name, why) =>
    results.push({ name, kind: 'tests', skipped: why, passed: 0, failed: 0, pending: 0, seconds: 0 });

  const editorLayers = ['integration', 'ui', 'oldest'].filter(runs);
  const setupDone = editorLayers.length > 0 ? startSetupInBackground() : undefined;

  // The project's own `lint` script, beside everything else: problems count as a failure but stop nothing.
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  let linted;
  if (manifest.scripts && manifest.scripts.lint) {
    linted = step('lint', 'npm', ['run', '--silent', 'lint']);
    if (SERIAL) await linted;
  }

  // `tsc -p .` both typechecks and writes out/, which every test layer runs from.
  const typecheck = await step('typecheck', process.execPath, [
    path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    '.',
  ]);
  results.push(typecheck);
  let compiled = typecheck.ok;
  if (compiled) {
    const build = await step('build', process.execPath, [path.join(ROOT, 'esbuild.js')]);
    results.push(build);
    compiled = build.ok;
  }

  const editorReady = async () => {
    if (!setupDone) return false;
    const setup = await setupDone();
    if (!results.includes(setup)) results.push(setup);
    return setup.ok;
  };
  const layerResults = [];
  if (!compiled) {
    if (setupDone) await editorReady(); // let a cold install finish: the next run needs it
    for (const name of TEST_LAYERS) if (runs(name)) skip(name, 'not run: the typecheck or build failed');
  } else {
    const unitLayer = async () => {
      if (!runs('unit')) return;
      if (!hasTests('out/test/unit')) return skip('unit', 'no tests in out/test/unit');
      layerResults.push(
        await runCounted('unit', process.execPath, [MOCHA, '--config', '.mocharc.json', '--reporter', REPORTER]),
      );
    };
    const integrationLayer = async () => {
      if (!runs('integration')) return;
      if (!(await editorReady())) return skip('integration', 'not run: setup:vscode failed');
      layerResults.push(
        await runCounted('integration', process.execPath, [path.join(ROOT, 'out', 'test', 'runIntegration.js')]),
      );
    };
    const uiLayer = async () => {
      if (!runs('ui')) return;
      if (!(await editorReady())) return skip('ui', 'not run: setup:vscode failed');
      if (!hasTests('out/test/ui')) return skip('ui', 'no tests in out/test/ui');
      // The UI tests install the packaged VSIX, as a user does (WF_UI_VSIX= loads the source folder instead).
      const vsix = { WF_UI_VSIX: process.env.WF_UI_VSIX ?? 'package' };
      layerResults.push(
        await runCounted(
          'ui',
          process.execPath,
          // Two workbenches side by side (test/runUi.ts), the VSIX built once for both.
          [path.join(ROOT, 'out', 'test', 'runUi.js')],
          vsix,
        ),
      );
    };
    // The oldest supported VS Code (scripts/vscode/editions.json): most of the integration layer and the
    // UI smoke, one after the other, in their own editors.
    const oldestLayer = async () => {
      if (!runs('oldest')) return;
      if (!(await editorReady())) return skip('oldest', 'not run: setup:vscode failed');
      const oldest = { WF_VSCODE_EDITION: 'oldest' };
      layerResults.push(
        await runCounted(
          'integration-oldest',
          process.execPath,
          [path.join(ROOT, 'out', 'test', 'runIntegration.js')],
          oldest,
        ),
      );
      const vsix = { WF_UI_VSIX: process.env.WF_UI_VSIX ?? 'package' };
      layerResults.push(
        await runCounted(
          'ui-oldest',
          process.execPath,
          // Just these files, in one workbench (test/runUi.ts), with the UI config's settings.
          [path.join(ROOT, 'out', 'test', 'runUi.js'), ...UI_IN_OLDEST],
          { ...oldest, ...vsix },
        ),
      );
    };
    if (SERIAL) {
      await unitLayer();
      await integrationLayer();
      await uiLayer();
      await oldestLayer();
    } else {
      // All at once: most of the editor layers' time is waiting (timers, simulated latency, the
      // workbench), and the unit layer, which needs the CPU when it asks, has priority (NICE). The oldest
      // VS Code's layer starts when the unit layer is done, so that no more than three editors share the CPU.
      await Promise.all([integrationLayer(), unitLayer().then(oldestLayer), uiLayer()]);
    }
  }
  if (linted) results.push(await linted);
  results.push(...layerResults);
  const order = [
    'typecheck',
    'lint',
    'build',
    'unit',
    'setup:vscode',
    'integration',
    'ui',
    'integration-oldest',
    'ui-oldest',
    'oldest',
  ];
  results.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));

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
      const extra = [r.pending && !CI ? `${r.pending} skipped` : '', r.note ?? ''].filter(Boolean).join('; ');
      const editor = r.editor ? ` in VS Code ${r.editor}` : '';
      console.log(`${r.name}${editor}: ${r.passed} passed, ${r.failed} failed${extra ? ` (${extra})` : ''}`);
    }
  }
  const slowest = writeSlowest(results);
  // Which VS Code versions the editor layers ran in, as they reported it (not as configured).
  const byVersion = new Map();
  for (const r of results) if (r.editor) byVersion.set(r.editor, [...(byVersion.get(r.editor) ?? []), r.name]);
  if (byVersion.size)
    console.log(
      `VS Code versions tested: ${[...byVersion].map(([v, names]) => `${v} (${names.join(', ')})`).join('; ')}`,
    );
  console.log(`slowest tests per layer: ${path.relative(ROOT, slowest)}`);
  const timings = results.filter((r) => r.seconds).map((r) => `${r.name} ${r.seconds.toFixed(1)}s`);
  const overlap = SERIAL ? '' : ' (layers overlap)';
  console.log(`time${overlap}: ${timings.join(', ')}; total ${((Date.now() - t0) / 1000).toFixed(1)}s`);
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
