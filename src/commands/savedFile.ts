// Where an exported file goes and what the notification offers once it is there: the next save dialog
// starts in the last export's folder; "Open" shows the file in the editor, and Reveal shows where it
// is (the system's file manager on a local desktop, VS Code's Explorer in a browser or remote window).
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Services } from './services';

/** The folder of the last export, per activation. */
const lastFolders = new WeakMap<Services, vscode.Uri>();

export function rememberFolder(svc: Services, file: vscode.Uri): void {
  lastFolders.set(svc, vscode.Uri.joinPath(file, '..'));
}

/** The last export's folder, else the workspace's, else (on a local desktop) the home folder. */
export function defaultLocation(svc: Services, name: string): vscode.Uri | undefined {
  const folder =
    lastFolders.get(svc) ??
    vscode.workspace.workspaceFolders?.[0]?.uri ??
    (onLocalDesktop() ? vscode.Uri.file(os.homedir()) : undefined);
  return folder ? vscode.Uri.joinPath(folder, name) : undefined;
}

/**
 * "Open" and a way to find the file: the system's file manager on a local desktop (VS Code's own
 * "Reveal in File Explorer" / "Reveal in Finder" / "Open Containing Folder"), VS Code's Explorer when
 * the file is in the workspace (in a browser or a remote window, where no file manager can show it).
 */
export function notifySaved(svc: Services, message: string, uri: vscode.Uri): void {
  const open = vscode.l10n.t('Open');
  const reveal = revealAction(uri);
  const buttons = reveal ? [open, reveal.label] : [open];
  void Promise.resolve(vscode.window.showInformationMessage(message, ...buttons))
    .then(async (choice) => {
      if (choice === open) await vscode.commands.executeCommand('vscode.open', uri);
      else if (reveal && choice === reveal.label) await vscode.commands.executeCommand(reveal.command, uri);
    })
    .catch((err: unknown) => svc.log.warn(`Opening or revealing the exported file failed: ${String(err)}`));
}

/** VS Code on a desktop with the extension on the same machine: its files are the user's files. */
function onLocalDesktop(): boolean {
  return vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined;
}

function revealAction(uri: vscode.Uri): { readonly label: string; readonly command: string } | undefined {
  if (onLocalDesktop() && uri.scheme === 'file') {
    const label =
      process.platform === 'win32'
        ? vscode.l10n.t('Reveal in File Explorer')
        : process.platform === 'darwin'
          ? vscode.l10n.t('Reveal in Finder')
          : vscode.l10n.t('Open Containing Folder');
    return { label, command: 'revealFileInOS' };
  }
  if (vscode.workspace.getWorkspaceFolder(uri)) {
    return { label: vscode.l10n.t('Reveal in Explorer View'), command: 'revealInExplorer' };
  }
  return undefined;
}
