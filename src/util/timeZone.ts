// Time zones for files a spreadsheet reads: one zone per file, named in its header, dates written as
// `2025-06-18 09:07` (a form every spreadsheet reads as a date and time, whatever its locale).

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
