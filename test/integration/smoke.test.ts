// Smoke: the extension activates in a real VS Code and registers what its manifest contributes. (That
// the editor is the pinned version, with this folder's extension, workspace and environment, is the
// harness's own check: test/integration/index.ts runs it before any test.)
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

interface Manifest {
  name: string;
  publisher: string;
  contributes?: { commands?: Array<{ command: string }> };
}

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

describe('smoke: the extension in a real VS Code', () => {
  it('activates the extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('registers every command the manifest contributes', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = (manifest.contributes?.commands ?? []).map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, []);
  });
});
