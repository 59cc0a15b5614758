// The exported file's text: one header naming the time zone of its dates, one line per user, fields
// quoted where needed and never read as a formula. UTF-8 with a byte-order mark, CRLF line ends.
import * as vscode from 'vscode';
import { dateTimeIn } from '../util/timeZone';
import type { UserExportRow } from '../workfront';

/** What an export holds, for the file's name: a group of the tree, or the users selected. */
export type ExportScope = 'active' | 'inactive' | 'scheduled' | 'dormant' | 'selected';

/**
 * One CSV field: quoted when needed, and never read as a formula by a spreadsheet. A spreadsheet may split
 * on ";" or a tab (the list separator of many locales) or "|" rather than ",": a field holding one is
 * quoted too, so that nothing after it can start a cell of its own. OWASP's formula starts get a "'".
 */
export function csvField(value: string): string {
  const safe = /^\s*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;|\t\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(timeZone: string): string[] {
  return [
    vscode.l10n.t('ID'),
    vscode.l10n.t('Name'),
    vscode.l10n.t('Email'),
    vscode.l10n.t('Title'),
    vscode.l10n.t('Active'),
    vscode.l10n.t('License type'),
    vscode.l10n.t('Access level'),
    vscode.l10n.t('Home group'),
    vscode.l10n.t('Manager'),
    vscode.l10n.t('Manager email'),
    vscode.l10n.t('Last sign-in ({0})', timeZone),
    vscode.l10n.t('Deactivated on ({0})', timeZone),
    vscode.l10n.t('Scheduled deactivation ({0})', timeZone),
  ];
}

/** The file's text; dates as `YYYY-MM-DD HH:mm` in `timeZone` (which the header names). */
export function toCsv(users: readonly UserExportRow[], timeZone: string): string {
  const format = dateTimeIn(timeZone);
  const date = (ms: number | null) => (ms === null ? '' : format(ms));
  const lines = [csvHeader(timeZone).map(csvField).join(',')];
  for (const u of users) {
    lines.push(
      [
        u.ID,
        u.name,
        u.emailAddr,
        u.title,
        u.isActive ? 'true' : 'false',
        u.licenseType,
        u.accessLevelName ?? '',
        u.homeGroupName ?? '',
        u.managerName ?? '',
        u.managerEmail ?? '',
        date(u.lastLoginDate),
        date(u.actualDeactivationDate),
        date(u.scheduleDeactivationDate),
      ]
        .map(csvField)
        .join(','),
    );
  }
  // A byte-order mark so that spreadsheet programs read the file as UTF-8 (names like Zoë, 王).
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** `workfront-<host>-<group|selected>[-filtered]-YYYY-MM-DD.csv`, safe as a file name on every system. */
export function exportFileName(host: string, scope: ExportScope, filtered: boolean, day: string): string {
  const safeHost = host.replace(/[^a-z0-9.-]+/gi, '_');
  return `workfront-${safeHost}-${scope}${filtered ? '-filtered' : ''}-${day}.csv`;
}
