// Tooltips for user rows, built on hover. Every value from Workfront goes in as text, so Markdown or a
// command link in a user's name or title can never become a clickable link.
import * as vscode from 'vscode';
import type { CurrentUser, UserSummary } from '../workfront';

export function formatDate(epochMs: number | null): string {
  if (epochMs === null) return vscode.l10n.t('never');
  return new Intl.DateTimeFormat(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}

export function userTooltip(user: UserSummary, me: CurrentUser | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  md.appendText(user.name || user.emailAddr);
  md.appendMarkdown('**');
  if (user.title) {
    md.appendMarkdown(' — ');
    md.appendText(user.title);
  }
  md.appendMarkdown('\n\n');
  const line = (label: string, value: string) => {
    md.appendText(`${label}: `);
    md.appendText(value);
    md.appendMarkdown('  \n');
  };
  line(vscode.l10n.t('Email'), user.emailAddr || '—');
  line(vscode.l10n.t('Status'), user.isActive ? vscode.l10n.t('Active') : vscode.l10n.t('Inactive'));
  line(vscode.l10n.t('Licence type'), user.licenseType || '—');
  line(vscode.l10n.t('Last login'), formatDate(user.lastLoginDate));
  if (!user.isActive) line(vscode.l10n.t('Deactivated'), user.actualDeactivationDate === null ? vscode.l10n.t('unknown') : formatDate(user.actualDeactivationDate));
  if (user.scheduleDeactivationDate !== null) line(vscode.l10n.t('Scheduled deactivation'), formatDate(user.scheduleDeactivationDate));
  if (me && me.ID === user.ID) {
    md.appendMarkdown('\n');
    md.appendText(vscode.l10n.t('This is you. You cannot deactivate your own user.'));
  }
  return md;
}
