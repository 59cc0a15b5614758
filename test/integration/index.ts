// Entry point VS Code loads as extensionTestsPath: checks the harness (the editor, extension, workspace and
// environment test/runIntegration.ts asked for), then runs every out/test/integration/**/*.test.js with
// mocha inside the extension host. A rejected promise (a harness problem or any failed test) makes VS Code
// exit non-zero.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import CountingReporter from '../../scripts/mocha/countingReporter';

const ROOT = path.resolve(__dirname, '../../..');

/** The test files, or this shard's when test/runIntegration.ts splits them between editors. */
function testFiles(dir: string): string[] {
  const shard = process.env.WF_INTEGRATION_SHARD_FILES
    ? new Set(JSON.parse(process.env.WF_INTEGRATION_SHARD_FILES) as string[])
    : undefined;
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js') && (!shard || shard.has(file)))
    .sort()
    .map((file) => path.join(dir, file));
}

/**
 * The harness's own checks, not the extension's: the editor is the version the runner pins, the extension
 * is this folder's, the workspace is the one the runner made, the runner's environment arrived, and the
 * editor edits and closes a document. Returns what is wrong.
 */
export async function harnessProblems(): Promise<string[]> {
  const problems: string[] = [];
  const expect = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  const env = process.env;
  expect(env.WF_TEST_ENV_PROBE === 'integration', 'the runner’s extensionTestsEnv did not reach the tests');
  if (env.WF_TEST_VSCODE_VERSION)
    expect(
      vscode.version === env.WF_TEST_VSCODE_VERSION,
      `VS Code ${vscode.version}, not ${env.WF_TEST_VSCODE_VERSION}`,
    );
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    publisher: string;
  };
  const ext = vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`);
  expect(
    ext !== undefined && path.resolve(ext.extensionPath) === ROOT,
    `the extension is not loaded from ${ROOT} (${ext?.extensionPath ?? 'not installed'})`,
  );
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  expect(
    folders.length === 1 && (!env.WF_TEST_WORKSPACE || folders[0] === env.WF_TEST_WORKSPACE),
    `workspace folders ${JSON.stringify(folders)}, expected [${env.WF_TEST_WORKSPACE ?? 'one folder'}]`,
  );
  await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
  const editor = vscode.window.activeTextEditor;
  if (!editor || !editor.document.isUntitled) problems.push('no untitled editor opened');
  else {
    const edited = await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'hello'));
    expect(edited && editor.document.getText() === 'hello', 'the untitled document could not be edited');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    expect(
      !vscode.window.visibleTextEditors.some((e) => e.document === editor.document),
      'the untitled document did not close',
    );
  }
  return problems;
}

export async function run(): Promise<void> {
  const problems = await harnessProblems();
  if (problems.length) {
    const message = `the integration harness is not what the tests expect:\n  - ${problems.join('\n  - ')}`;
    console.error(message);
    throw new Error(message);
  }
  // The counts name the editor they came from (scripts/test.js prints the versions a run covered).
  process.env.WF_TEST_EDITOR_VERSION = vscode.version;
  console.log(
    `[harness] VS Code ${vscode.version}, the extension from ${ROOT}, the runner's workspace and environment: ok`,
  );
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: Number(process.env.WF_INTEGRATION_TIMEOUT_MS ?? 60_000),
    color: false,
    reporter: CountingReporter,
  });
  if (process.env.WF_TEST_GREP) mocha.grep(process.env.WF_TEST_GREP);
  for (const file of testFiles(__dirname)) mocha.addFile(file);
  // Last, in every editor: the scan of everything this editor's tests did (see secretScan.ts).
  mocha.addFile(path.join(__dirname, 'secretScan.js'));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
