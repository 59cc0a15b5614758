// Mocha's spec reporter that also writes the counts as JSON to $WF_TEST_COUNTS_FILE, so scripts/test.js
// reads them instead of scraping text. Used by the unit and UI runs (--reporter) and inside the extension host.
import * as fs from 'fs';
import * as path from 'path';
import * as Mocha from 'mocha';

interface TestCounts {
  passed: number;
  failed: number;
  pending: number;
}

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const file = process.env.WF_TEST_COUNTS_FILE;
    if (!file) return;
    runner.once('end', () => {
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const counts: TestCounts = { passed: stats.passes, failed: stats.failures, pending: stats.pending };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(counts) + '\n');
    });
  }
}

export = CountingReporter;
