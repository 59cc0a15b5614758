// Show Details: every field an admin asks about, in a read-only editor (so it follows the editor's
// theme, and can be searched and copied). The content is plain text, never rendered as Markdown.
import * as vscode from 'vscode';
import { withViewProgress } from '../tree/provider';
import { formatDate } from '../tree/tooltip';
import { inContext } from '../util/errorMessages';
import type { UserDetails } from '../workfront';
import type { Services } from './services';
import { userTarget } from './userTarget';

export const DETAILS_SCHEME = 'workfront-user';

/** Serves the documents opened by Show Details; the text is made when the command runs. */
export class DetailsDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.toString()) ??
      vscode.l10n.t('These details are no longer available. Run "Workfront: Show Details" again.')
    );
  }
}

export async function showDetails(
  svc: Services,
  docs: DetailsDocuments,
  node?: unknown,
): Promise<vscode.TextDocument | undefined> {
  const t = await userTarget(svc, node, vscode.l10n.t('Show the details of which user?'));
  if (!t) return undefined;
  const operation = vscode.l10n.t('Read the details of {0}', t.user.name);
  const details = await inContext({ instance: t.model.instance.host, operation }, () =>
    withViewProgress(() => t.model.call((c) => c.getUserDetails(t.user.ID))),
  );
  t.model.applyUser(details);
  const safeName = (details.name || details.ID).replace(/[^\p{L}\p{N} ._-]+/gu, '_').slice(0, 60);
  const uri = vscode.Uri.from({
    scheme: DETAILS_SCHEME,
    path: `/${t.model.instance.host}/${details.ID}/${safeName}.txt`,
  });
  docs.set(uri, detailsText(details, t.model.instance.host));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc;
}

export function detailsText(d: UserDetails, host: string): string {
  const rows: Array<[string, string]> = [
    [vscode.l10n.t('Name'), d.name],
    [vscode.l10n.t('Email'), d.emailAddr],
    [vscode.l10n.t('Username'), d.username],
    [vscode.l10n.t('Title'), d.title],
    [vscode.l10n.t('Status'), d.isActive ? vscode.l10n.t('Active') : vscode.l10n.t('Inactive')],
    [vscode.l10n.t('Licence type'), d.licenseType],
    [vscode.l10n.t('Access level'), d.accessLevelName ?? ''],
    [vscode.l10n.t('Home group'), d.homeGroupName ?? ''],
    [vscode.l10n.t('Company'), d.companyName ?? ''],
    [vscode.l10n.t('Manager'), d.managerName ?? ''],
    [vscode.l10n.t('Last login'), formatDate(d.lastLoginDate)],
    [vscode.l10n.t('Login count'), d.loginCount === null ? '' : String(d.loginCount)],
    [vscode.l10n.t('Created'), d.entryDate === null ? '' : formatDate(d.entryDate)],
    [vscode.l10n.t('Deactivated on'), d.actualDeactivationDate === null ? '' : formatDate(d.actualDeactivationDate)],
    [
      vscode.l10n.t('Scheduled deactivation'),
      d.scheduleDeactivationDate === null ? '' : formatDate(d.scheduleDeactivationDate),
    ],
    [vscode.l10n.t('ID'), d.ID],
    [vscode.l10n.t('Instance'), host],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v || '—'}`).join('\n') + '\n';
}
