// Entry point VS Code loads as extensionTestsPath: runs every out/test/integration/**/*.test.js with mocha
// inside the extension host. A rejected promise (any failed test) makes VS Code exit non-zero.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import CountingReporter from '../../scripts/mocha/countingReporter';

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => path.join(dir, file));
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: Number(process.env.WF_INTEGRATION_TIMEOUT_MS ?? 60_000),
    color: false,
    reporter: CountingReporter,
  });
  if (process.env.WF_TEST_GREP) mocha.grep(process.env.WF_TEST_GREP);
  for (const file of testFiles(__dirname)) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
