// Workfront writes dates as `2024-01-08T10:13:44:123-0700` (colon before the milliseconds, no colon in
// the offset), which `Date.parse` rejects; event payloads use a dot. Both, and plain ISO, parse here.

const WORKFRONT_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[:.](\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch milliseconds, or null for an empty or unreadable value. */
export function parseWorkfrontDate(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  const m = WORKFRONT_DATE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', ms = '0', zone] = m;
  let offsetMin = 0;
  if (zone && zone !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMin = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  if (Math.abs(offsetMin) > 14 * 60 || +h > 23 || +mi > 59 || +s > 59) return null;
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Number(ms.padEnd(3, '0')));
  // Date.UTC rolls 2024-02-30 over to March: a value that does not round-trip is not a date.
  const check = new Date(utc);
  if (check.getUTCFullYear() !== +y || check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d) return null;
  return utc - offsetMin * 60_000;
}

/** Formats epoch milliseconds the way Workfront accepts them in updates (UTC, colon milliseconds). */
export function formatWorkfrontDate(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2024-01-08T17:13:44.123Z
  return `${iso.slice(0, 19)}:${iso.slice(20, 23)}+0000`;
}
