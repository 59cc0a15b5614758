// Time zones: dates shown, typed and exported in one named zone (Workfront stores instants and shows each
// user times in their own zone). For files, dates are written as `2025-06-18 09:07`, a form every
// spreadsheet reads as a date and time, whatever its locale.
import * as vscode from 'vscode';

/** The zone's name when dates can be written in it here (Intl knows it), else undefined. */
export function usableTimeZone(name: string | null | undefined): string | undefined {
  if (!name || name.length > 100) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}

/** The zone of the machine the extension runs on (UTC when it cannot tell). */
export function localTimeZone(): string {
  return usableTimeZone(new Intl.DateTimeFormat().resolvedOptions().timeZone) ?? 'UTC';
}

/** Formats epoch milliseconds as `YYYY-MM-DD HH:mm` (24-hour) in `zone`; one formatter per zone. */
export function dateTimeIn(zone: string): (epochMs: number) => string {
  const parts = partsIn(zone, true);
  return (ms) => {
    const p = parts(ms);
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  };
}

/** `YYYY-MM-DD` of the moment in `zone`. */
export function dayIn(zone: string, epochMs: number): string {
  const p = partsIn(zone, false)(epochMs);
  return `${p.year}-${p.month}-${p.day}`;
}

type Parts = Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;

function partsIn(zone: string, withTime: boolean): (ms: number) => Parts {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  });
  return (ms) => {
    const p: Parts = { year: '', month: '', day: '', hour: '', minute: '' };
    for (const { type, value } of format.formatToParts(ms)) if (type in p) p[type as keyof Parts] = value;
    // Years before 1000 or after 9999 do not occur in Workfront; keep four digits anyway.
    p.year = p.year.padStart(4, '0');
    return p;
  };
}

/** "31 Jan 2027, 14:00 (Europe/Berlin)": a moment for people to read, with its zone named. */
export function formatDateTime(epochMs: number, zone: string): string {
  const text = new Intl.DateTimeFormat(vscode.env.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: zone,
  });
  return `${text.format(epochMs)} (${zone})`;
}

/**
 * The moment a wall-clock time (month 1–12) has in `zone`. Two corrections settle it even across a change
 * of summer time; a time that does not exist there (skipped by the clocks) becomes the hour after.
 */
export function epochOfWallTime(zone: string, year: number, month: number, day: number, hour: number): number {
  const wanted = Date.UTC(year, month - 1, day, hour);
  const parts = partsIn(zone, true);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const p = parts(guess);
    const shown = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
    guess += wanted - shown;
  }
  return guess;
}
