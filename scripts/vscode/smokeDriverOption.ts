// Preloaded (node -r) into code-server releases older than 4.99, whose command line knows neither
// --vscode-option nor VS Code's own --enable-smoke-test-driver: it teaches code-server's parser that one
// flag, which code-server then hands to VS Code's server as it does every option. Without it a built
// VS Code ignores the test payload (extensionTestsPath) and the run hangs. Nothing else is changed.
// Node passes the preload on to every process code-server forks (the extension host, the file watcher):
// only in code-server's own entry.js does it act.
import * as fs from 'fs';
import * as path from 'path';

const entry = process.argv[1] ?? '';
const cliFile = path.join(path.dirname(entry), 'cli.js');
if (path.basename(entry) === 'entry.js' && fs.existsSync(cliFile)) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cli = require(cliFile) as { options: Record<string, { type: string; description?: string }> };
  cli.options['enable-smoke-test-driver'] ??= {
    type: 'boolean',
    description: 'Read extension-test options from the URL payload.',
  };
}
