// Tooltips for user rows, built on hover. Every value from Workfront goes in as text, so Markdown or a
// command link in a user's name or title can never become a clickable link.
import * as vscode from 'vscode';
import type { CurrentUser, UserSummary } from '../workfront';
import type { GroupKey, InstanceModel } from './instanceModel';

export function formatDate(epochMs: number | null): string {
  if (epochMs === null) return vscode.l10n.t('never');
  return new Intl.DateTimeFormat(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}

/**
 * A day as short as a row needs it, so it stays readable at the default sidebar width: "Oct 12" within
 * the coming months, "Oct 2029" further away (the tooltip has the whole date and time).
 */
export function formatDay(epochMs: number, now = Date.now()): string {
  const soon = Math.abs(epochMs - now) < 300 * 24 * 3600 * 1000;
  const options: Intl.DateTimeFormatOptions = soon
    ? { month: 'short', day: 'numeric' }
    : { month: 'short', year: 'numeric' };
  return new Intl.DateTimeFormat(vscode.env.language, options).format(epochMs);
}

/** Workfront's text, escaped; also breaks URLs and <scheme:...> autolinks, so no part of it can become a link. */
function appendData(md: vscode.MarkdownString, text: string): void {
  const start = md.value.length;
  md.appendText(text);
  md.value =
    md.value.slice(0, start) +
    md.value
      .slice(start)
      .replace(/:\/\//g, ':\\/\\/')
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
      // <scheme:...> is a link in CommonMark whatever the scheme: a "<" not already escaped is escaped.
      .replace(/(\\*)</g, (m, slashes: string) => (slashes.length % 2 === 0 ? `${slashes}\\<` : m));
}

export function userTooltip(user: UserSummary, me: CurrentUser | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  appendData(md, user.name || user.emailAddr);
  md.appendMarkdown('**');
  if (user.title) {
    md.appendMarkdown(' — ');
    appendData(md, user.title);
  }
  md.appendMarkdown('\n\n');
  const line = (label: string, value: string) => {
    md.appendText(`${label}: `);
    appendData(md, value);
    md.appendMarkdown('  \n');
  };
  line(vscode.l10n.t('Email'), user.emailAddr || '—');
  line(vscode.l10n.t('Status'), user.isActive ? vscode.l10n.t('Active') : vscode.l10n.t('Inactive'));
  line(vscode.l10n.t('License type'), user.licenseType || '—');
  line(vscode.l10n.t('Last sign-in'), formatDate(user.lastLoginDate));
  if (!user.isActive)
    line(
      vscode.l10n.t('Deactivated'),
      user.actualDeactivationDate === null ? vscode.l10n.t('unknown') : formatDate(user.actualDeactivationDate),
    );
  if (user.scheduleDeactivationDate !== null)
    line(vscode.l10n.t('Scheduled deactivation'), formatDate(user.scheduleDeactivationDate));
  if (me && me.ID === user.ID) {
    md.appendMarkdown('\n');
    md.appendText(vscode.l10n.t('This is you. You cannot deactivate your own user.'));
  }
  return md;
}

/** Active users per license type, from the loaded Active list. */
export function licenceUsage(users: readonly UserSummary[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const u of users) {
    const type = u.licenseType || vscode.l10n.t('(none)');
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function groupTooltip(group: GroupKey, model: InstanceModel): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  if (group === 'inactive') {
    md.appendText(vscode.l10n.t('Deactivated users: they hold no license and cannot sign in; their history is kept.'));
    return md;
  }
  if (group === 'dormant') {
    md.appendText(
      vscode.l10n.t(
        'Active users who have not signed in for {0} days (never signed in: created more than {0} days ago), as Workfront counts days. Each holds a license: deactivate them or change their license type. The number of days is the setting workfront.notSignedInDays.',
        model.dormantDays,
      ),
    );
    return md;
  }
  if (group === 'scheduled') {
    md.appendText(
      vscode.l10n.t(
        'Active users with a deactivation date: Workfront deactivates them on or after that date and hour. Their licenses count until then.',
      ),
    );
    return md;
  }
  md.appendText(vscode.l10n.t('Users who can sign in; each holds a license.'));
  md.appendMarkdown('\n\n');
  const users = model.listState('active').users;
  if (!users || model.filter) {
    md.appendText(
      model.filter
        ? vscode.l10n.t('Clear the filter and expand Active to see license usage.')
        : vscode.l10n.t('Expand Active to see license usage.'),
    );
    return md;
  }
  md.appendMarkdown('**');
  md.appendText(vscode.l10n.t('Licenses in use'));
  md.appendMarkdown('**  \n');
  for (const [type, n] of licenceUsage(users)) {
    appendData(md, `${type}: ${n.toLocaleString(vscode.env.language)}`);
    md.appendMarkdown('  \n');
  }
  return md;
}
