// What the commands work with, built once in extension.ts (and with fakes in the unit tests).
import type * as vscode from 'vscode';
import type { BrowserSignIn } from '../auth/browserSignIn';
import type { KeyStore } from '../auth/keyStore';
import type { TreeNode } from '../tree/nodes';
import type { UsersTreeProvider } from '../tree/provider';
import type { UsersModel } from '../tree/usersModel';
import type { ClientFactory } from '../util/clientFactory';
import type { Log } from '../util/log';

export interface Services {
  readonly keys: KeyStore;
  readonly clients: ClientFactory;
  readonly model: UsersModel;
  readonly log: Log;
  readonly provider: UsersTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  /** Sign-in in the browser (OAuth2 with PKCE) and its redirect back to VS Code. */
  readonly browser: BrowserSignIn;
  /** The Accounts menu's provider; built after the rest (it signs out through them), set for tests. */
  readonly accounts?: vscode.AuthenticationProvider;
}
