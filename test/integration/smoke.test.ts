// Smoke: the extension is present and activates in a real VS Code 1.139, and real editor APIs work.
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

describe('smoke: a real VS Code', () => {
  it('is VS Code 1.139.x', () => {
    assert.match(vscode.version, /^1\.139\./);
  });

  it('has the extension installed from the development folder', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    assert.strictEqual(path.resolve(ext.extensionPath), ROOT);
  });

  it('activates the extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('registers every command the manifest contributes', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = (manifest.contributes?.commands ?? []).map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, []);
  });

  it('opens the workspace folder it was started with', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1);
    if (process.env.WF_TEST_WORKSPACE) assert.strictEqual(folders[0].uri.fsPath, process.env.WF_TEST_WORKSPACE);
  });

  it('runs editor commands: a new untitled document, edited and closed', async () => {
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is open');
    assert.strictEqual(editor.document.isUntitled, true);
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'hello')));
    assert.strictEqual(editor.document.getText(), 'hello');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.strictEqual(
      vscode.window.visibleTextEditors.some((e) => e.document === editor.document),
      false,
    );
  });

  it('receives the test environment from runTests (extensionTestsEnv)', () => {
    assert.strictEqual(process.env.WF_TEST_ENV_PROBE, 'integration');
  });
});
