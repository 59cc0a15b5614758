// Which real VS Code the tests run in: the newest, or the oldest that package.json's engines.vscode claims.
// scripts/vscode/editions.json is the one table (setup.sh installs from it); WF_VSCODE_EDITION picks one.
import * as fs from 'fs';
import * as path from 'path';

export interface Edition {
  /** The VS Code version, as `vscode.version` reports it. */
  readonly vscode: string;
  /** The code-server release that carries that VS Code. */
  readonly codeServer: string;
  /** The Node that VS Code release runs extensions on (its Electron's); code-server runs on it here. */
  readonly node: string;
  /** Folders in the cache (.vscode-test). */
  readonly codeServerDir: string;
  readonly nodeDir: string;
}

export type EditionName = 'newest' | 'oldest';

/** Beside this file's source: scripts/vscode/ from here, or from out/scripts/vscode/ once compiled. */
const FILE = path.join(__dirname.replace(/([\\/])out([\\/]scripts[\\/]vscode)$/, '$2'), 'editions.json');

export function readEditions(): Record<EditionName, Edition> {
  return JSON.parse(fs.readFileSync(FILE, 'utf8')) as Record<EditionName, Edition>;
}

/** The edition this process runs: WF_VSCODE_EDITION (newest when unset). */
export function editionName(env: NodeJS.ProcessEnv = process.env): EditionName {
  const name = env.WF_VSCODE_EDITION || 'newest';
  if (name !== 'newest' && name !== 'oldest')
    throw new Error(`WF_VSCODE_EDITION=${name}: choose newest or oldest (scripts/vscode/editions.json)`);
  return name;
}

export function currentEdition(env: NodeJS.ProcessEnv = process.env): Edition {
  return readEditions()[editionName(env)];
}
