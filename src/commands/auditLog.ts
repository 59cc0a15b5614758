// Show Audit Log and Export Audit Log as CSV. The log opens as a read-only text document (a virtual
// document, scheme `workfront-audit`): searchable with Find, copyable, no scripts to secure, and it
// re-renders when a change is recorded. One instance's entries, or every instance's.
import * as vscode from 'vscode';
import type { AuditEntry } from '../audit/records';
import type { AuditTrail } from '../audit/trail';
import { inert } from '../util/log';
import { asPlainText } from '../util/plainText';
import { dayIn, localTimeZone } from '../util/timeZone';
import { csvField } from './csv';
import { defaultLocation, notifySaved, rememberFolder } from './savedFile';
import type { Services } from './services';

export const AUDIT_SCHEME = 'workfront-audit';
const RENDER_DELAY_MS = 250;

/** The document's text for the entries of `instance` (all when undefined), newest first. */
export class AuditDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private pending?: ReturnType<typeof setTimeout>;

  constructor(private readonly trail: AuditTrail) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(AUDIT_SCHEME, this),
      // A bulk run writes two records per user: the open log is read again once per quarter second at most.
      trail.onDidAppend(() => {
        this.pending ??= setTimeout(() => {
          this.pending = undefined;
          for (const doc of vscode.workspace.textDocuments)
            if (doc.uri.scheme === AUDIT_SCHEME) this.changed.fire(doc.uri);
        }, RENDER_DELAY_MS);
      }),
    ];
  }

  static uri(instance: string | undefined): vscode.Uri {
    const title = instance
      ? vscode.l10n.t('Workfront audit trail ({0})', instance.replace(/[/\\:]/g, '_'))
      : vscode.l10n.t('Workfront audit trail');
    return vscode.Uri.from({ scheme: AUDIT_SCHEME, path: `/${title}.log`, query: instance ?? '' });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const instance = uri.query || undefined;
    const { entries, skipped } = await this.trail.entries();
    const shown = entries.filter((e) => !instance || e.instance === instance).reverse();
    return renderAuditLog(shown, instance, this.trail, skipped);
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

export function renderAuditLog(
  entries: readonly AuditEntry[],
  instance: string | undefined,
  trail: AuditTrail,
  skipped = 0,
): string {
  const lines = [
    instance
      ? vscode.l10n.t('Changes made to {0} with Workfront Users, newest first. Times in UTC.', instance)
      : vscode.l10n.t('Changes made with Workfront Users, newest first. Times in UTC.'),
    vscode.l10n.t('Kept on this computer in {0}. Save it with "Workfront: Export Audit Log as CSV…".', trail.store.dir),
  ];
  if (skipped > 0)
    lines.push(
      vscode.l10n.t('{0} lines of the files could not be read (cut off by a crash) and are left out.', skipped),
    );
  if (entries.length === 0) lines.push('', vscode.l10n.t('No changes recorded yet.'));
  for (const e of entries) {
    lines.push(
      '',
      `${utc(e.at)}  ${actionWords(e.action)}  ${e.user.name} <${e.user.email}>  ${e.field}: ${shown(e.from)} → ${shown(e.to)}`,
      `    ${answerWords(e, trail)}`,
    );
    if (e.check) lines.push(`    ${checkWords(e)}`);
    lines.push(
      `    ${vscode.l10n.t('On {0}, signed in as {1}; user ID {2}', e.instance, e.by ? `${e.by.name} (${e.by.username})` : vscode.l10n.t('unknown'), e.user.ID)}`,
    );
  }
  // Nothing from Workfront can forge a line of its own or hide text: control characters are escaped.
  return lines.map((l) => inert(l)).join('\n') + '\n';
}

const utc = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
const shown = (v: string | null | undefined) => (v === null || v === undefined ? vscode.l10n.t('none') : v);

export function actionWords(action: string): string {
  switch (action) {
    case 'deactivate':
      return vscode.l10n.t('Deactivate');
    case 'reactivate':
      return vscode.l10n.t('Reactivate');
    case 'scheduleDeactivation':
      return vscode.l10n.t('Schedule deactivation');
    case 'clearScheduledDeactivation':
      return vscode.l10n.t('Clear scheduled deactivation');
    case 'licenseType':
      return vscode.l10n.t('Change license type');
    case 'reassignWork':
      return vscode.l10n.t('Reassign work');
    default:
      return action;
  }
}

export function answerWords(e: AuditEntry, trail: AuditTrail): string {
  if (!e.end)
    return e.session === trail.session
      ? vscode.l10n.t('Sent; waiting for Workfront to answer.')
      : vscode.l10n.t(
          'Sent at {0}; no answer recorded: the window closed or VS Code stopped while it was out.',
          utc(e.at),
        );
  switch (e.end.answer) {
    case 'confirmed':
      return vscode.l10n.t('Confirmed by Workfront at {0}: it now has {1}.', utc(e.end.at), shown(e.end.now));
    case 'refused':
      return vscode.l10n.t('Refused by Workfront at {0}: {1}', utc(e.end.at), e.end.message ?? '');
    case 'unknown':
      return vscode.l10n.t('Result unknown at {0}: {1}', utc(e.end.at), e.end.message ?? '');
  }
}

function checkWords(e: AuditEntry): string {
  const c = e.check;
  if (!c) return '';
  if (c.now === undefined)
    return vscode.l10n.t('Read again at {0}: the user no longer exists in Workfront.', utc(c.at));
  return c.asIntended
    ? vscode.l10n.t('Read again at {0}: Workfront has {1}, as intended.', utc(c.at), shown(c.now))
    : vscode.l10n.t('Read again at {0}: Workfront has {1}, not as intended.', utc(c.at), shown(c.now));
}

/** The instance whose entries to show or export: asked only when the log holds several. */
async function pickInstance(trail: AuditTrail, title: string): Promise<{ instance?: string } | undefined> {
  const { entries } = await trail.entries();
  const hosts = [...new Set(entries.map((e) => e.instance))].sort();
  if (hosts.length <= 1) return {};
  const all = { label: vscode.l10n.t('All instances'), instance: undefined as string | undefined };
  const choice = await vscode.window.showQuickPick([all, ...hosts.map((h) => ({ label: h, instance: h }))], {
    title,
  });
  return choice && { instance: choice.instance };
}

/** Show Audit Log: `instance` given (a test, the start notice) or picked when the log holds several. */
export async function showAuditLog(svc: Services, instance?: unknown): Promise<vscode.TextEditor | undefined> {
  const picked =
    typeof instance === 'string'
      ? { instance }
      : await pickInstance(svc.model.audit, vscode.l10n.t('Show the audit log of which instance?'));
  if (!picked) return undefined;
  const doc = await vscode.workspace.openTextDocument(AuditDocuments.uri(picked.instance));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const header = [
    vscode.l10n.t('When (UTC)'),
    vscode.l10n.t('Instance'),
    vscode.l10n.t('Signed in as'),
    vscode.l10n.t('Signed-in user ID'),
    vscode.l10n.t('User ID'),
    vscode.l10n.t('Name'),
    vscode.l10n.t('Email'),
    vscode.l10n.t('Action'),
    vscode.l10n.t('Field'),
    vscode.l10n.t('From'),
    vscode.l10n.t('To'),
    vscode.l10n.t('Answer'),
    vscode.l10n.t('Answered at (UTC)'),
    vscode.l10n.t('Workfront then had'),
    vscode.l10n.t('Message'),
    vscode.l10n.t('Read again at (UTC)'),
    vscode.l10n.t('Read again: as intended'),
  ];
  const lines = [header.map(csvField).join(',')];
  for (const e of entries) {
    lines.push(
      [
        e.at,
        e.instance,
        e.by?.username ?? '',
        e.by?.ID ?? '',
        e.user.ID,
        e.user.name,
        e.user.email,
        e.action,
        e.field,
        e.from ?? '',
        e.to ?? '',
        e.end?.answer ?? 'noAnswer',
        e.end?.at ?? '',
        e.end?.now ?? '',
        e.end?.message ?? '',
        e.check?.at ?? '',
        e.check ? String(e.check.asIntended) : '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  // As the user export: a byte-order mark for spreadsheets, CRLF line ends.
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** Export Audit Log as CSV…: `target` (a Uri) skips the save dialog and the question, with `instance` or all (tests). */
export async function exportAuditLog(
  svc: Services,
  target?: unknown,
  instance?: unknown,
): Promise<vscode.Uri | undefined> {
  const picked =
    target instanceof vscode.Uri
      ? { instance: typeof instance === 'string' ? instance : undefined }
      : await pickInstance(svc.model.audit, vscode.l10n.t('Export the audit log of which instance?'));
  if (!picked) return undefined;
  const safe = (picked.instance ?? 'all').replace(/[^a-z0-9.-]+/gi, '_');
  const name = `workfront-audit-${safe}-${dayIn(localTimeZone(), Date.now())}.csv`;
  const uri =
    target instanceof vscode.Uri
      ? target
      : await vscode.window.showSaveDialog({
          title: vscode.l10n.t('Export the audit log as CSV'),
          saveLabel: vscode.l10n.t('Export'),
          defaultUri: defaultLocation(svc, name),
          filters: { [vscode.l10n.t('CSV (comma-separated values)')]: ['csv'] },
        });
  if (!uri) return undefined;
  const { entries } = await svc.model.audit.entries();
  const rows = entries.filter((e) => !picked.instance || e.instance === picked.instance);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(auditCsv(rows)));
  rememberFolder(svc, uri);
  svc.log.info(`Exported ${rows.length} audit entries to ${uri.fsPath}.`);
  notifySaved(
    svc,
    asPlainText(vscode.l10n.t('Exported {0} audit entries to {1}.', rows.length, vscode.workspace.asRelativePath(uri))),
    uri,
  );
  return uri;
}
