// Dates and times as the admin reads them: in this computer's time zone, always named, since Workfront
// stores instants and shows them to each user in their own zone.
import * as vscode from 'vscode';

/** This computer's time zone, e.g. "Europe/Berlin" (what the dates the extension shows are in). */
export function timeZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "31 Jan 2027, 14:00 (Europe/Berlin)". */
export function formatDateTime(epochMs: number): string {
  const text = new Intl.DateTimeFormat(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    epochMs,
  );
  return `${text} (${timeZoneName()})`;
}
