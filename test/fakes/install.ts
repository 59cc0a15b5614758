// Loaded by mocha before the unit tests (.mocharc.json "require"): `import 'vscode'` in the extension's
// code gets the fake in ./vscode.ts, so the model, the tree and the commands run on plain Node.
import Module from 'node:module';
import * as path from 'node:path';

const FAKE = path.join(__dirname, 'vscode.js');
const resolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const original = resolver._resolveFilename;
resolver._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? FAKE : original.call(this, request, ...rest);
};
