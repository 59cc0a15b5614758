// Mocha's spec reporter that also writes the counts as JSON to $WF_TEST_COUNTS_FILE, so scripts/test.js
// reads them instead of scraping text. Used by the unit and UI runs (--reporter) and inside the extension host.
// The file also lists every test's duration and, per describe block, the time from its first test's start
// to its last test's end (hooks included), so the runner can name the slowest.
import * as fs from 'fs';
import * as path from 'path';
import * as Mocha from 'mocha';

interface TestTiming {
  title: string;
  file: string;
  ms: number;
  state: 'passed' | 'failed';
}

interface TestCounts {
  passed: number;
  failed: number;
  pending: number;
  /** Titles of pending (skipped) tests: a CI run fails on them. */
  pendingTitles: string[];
  tests: TestTiming[];
  suites: Array<{ title: string; file: string; ms: number }>;
  /** The VS Code the tests ran in, as the run found it ($WF_TEST_EDITOR_VERSION), for the summary. */
  editor?: string;
}

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const file = process.env.WF_TEST_COUNTS_FILE;
    if (!file) return;
    const tests: TestTiming[] = [];
    const pendingTitles: string[] = [];
    const suiteStart = new Map<Mocha.Suite, number>();
    const suites: TestCounts['suites'] = [];
    const relative = (f: string | undefined): string => (f ? path.relative(process.cwd(), f) : '');
    runner.on('suite', (suite) => suiteStart.set(suite, Date.now()));
    runner.on('suite end', (suite) => {
      const started = suiteStart.get(suite);
      // Top-level describes only (their parent is the root suite).
      if (started !== undefined && suite.parent?.root && suite.title)
        suites.push({ title: suite.fullTitle(), file: relative(suite.file), ms: Date.now() - started });
    });
    runner.on('pass', (test) =>
      tests.push({ title: test.fullTitle(), file: relative(test.file), ms: test.duration ?? 0, state: 'passed' }),
    );
    runner.on('fail', (test) =>
      tests.push({ title: test.fullTitle(), file: relative(test.file), ms: test.duration ?? 0, state: 'failed' }),
    );
    runner.on('pending', (test) => pendingTitles.push(test.fullTitle()));
    runner.once('end', () => {
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const counts: TestCounts = {
        passed: stats.passes,
        failed: stats.failures,
        pending: stats.pending,
        pendingTitles,
        tests,
        suites,
        editor: process.env.WF_TEST_EDITOR_VERSION || undefined,
      };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(counts, null, 1) + '\n');
    });
  }
}

export = CountingReporter;
