// Workfront writes dates as `2024-01-08T10:13:44:123-0700`: a colon before the milliseconds and no colon
// in the offset. The simulator writes that form and reads it, ISO, and plain dates in filters and updates.

/** The organisation's time zone (a fixed offset keeps seeded data identical on every machine). */
export const ORG_OFFSET_MINUTES = -7 * 60;

const DAY_MS = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, n) => pad(n));

/**
 * Integer arithmetic instead of a Date object per call: seeding 100,000 users formats 300,000 dates.
 * (Civil-from-days after Howard Hinnant.)
 */
export function formatWorkfrontDate(epochMs: number, offsetMinutes = ORG_OFFSET_MINUTES): string {
  const local = Math.round(epochMs) + offsetMinutes * 60_000;
  const days = Math.floor(local / DAY_MS);
  let msOfDay = local - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(msOfDay / 3_600_000);
  msOfDay -= hours * 3_600_000;
  const minutes = Math.floor(msOfDay / 60_000);
  msOfDay -= minutes * 60_000;
  const seconds = Math.floor(msOfDay / 1000);
  const millis = msOfDay - seconds * 1000;
  const abs = Math.abs(offsetMinutes);
  const zone = (offsetMinutes < 0 ? '-' : '+') + TWO_DIGITS[Math.floor(abs / 60)] + TWO_DIGITS[abs % 60];
  return (
    `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:` +
    `${TWO_DIGITS[seconds]}:${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}${zone}`
  );
}

const DATE_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[:.](\d{1,3}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

function parseUncached(text: string): number | undefined {
  const m = DATE_TEXT.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', ms = '0', zone] = m;
  let offset = ORG_OFFSET_MINUTES;
  if (zone === 'Z') offset = 0;
  else if (zone) {
    const digits = zone.replace(':', '');
    offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  if (!validParts(+y, +mo, +d, +h, +mi, +s, offset)) return undefined;
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Number(ms.padEnd(3, '0'))) - offset * 60_000;
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Refuses out-of-range parts rather than letting Date.UTC roll 2024-02-30 over to March. */
function validParts(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  offsetMinutes: number,
): boolean {
  if (!(mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59 && s <= 59 && Math.abs(offsetMinutes) <= 14 * 60))
    return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && !leap ? 28 : MONTH_DAYS[mo - 1]);
}

const CANONICAL_LENGTH = 28; // 2024-01-08T10:13:44:123-0700

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The simulator's own format, read by character positions: date filters and sorts parse every user's
 * date at 100,000 users, where a regular expression per value would dominate the request.
 */
function parseCanonical(text: string): number | undefined {
  if (text.length !== CANONICAL_LENGTH || text[10] !== 'T' || text[19] !== ':') return undefined;
  const sign = text[23] === '-' ? -1 : text[23] === '+' ? 1 : 0;
  const offset = sign * (digits(text, 24, 2) * 60 + digits(text, 26, 2));
  const [y, mo, d, h, mi, s, ms] = [
    digits(text, 0, 4),
    digits(text, 5, 2),
    digits(text, 8, 2),
    digits(text, 11, 2),
    digits(text, 14, 2),
    digits(text, 17, 2),
    digits(text, 20, 3),
  ];
  // NaN fails every comparison in validParts, so a non-digit anywhere refuses the text.
  if (sign === 0 || text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':' || Number.isNaN(ms))
    return undefined;
  if (!validParts(y, mo, d, h, mi, s, offset)) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset * 60_000;
}

/** Epoch milliseconds, or undefined when the text is not a date. */
export function parseDate(text: string): number | undefined {
  return parseCanonical(text) ?? parseUncached(text);
}

const WILDCARD = /^\$\$(NOW|TODAY)(?:\s*([+-])\s*(\d+)\s*([hdwmy]))?$/i;

/** Resolves `$$NOW`, `$$TODAY`, `$$TODAY-7d` …; undefined when the text is not such a wildcard. */
export function resolveDateWildcard(text: string, now = Date.now()): number | undefined {
  const m = WILDCARD.exec(text.trim());
  if (!m) return undefined;
  let base = now;
  if (m[1].toUpperCase() === 'TODAY') {
    const localMs = now + ORG_OFFSET_MINUTES * 60_000;
    base = localMs - (localMs % DAY_MS) - ORG_OFFSET_MINUTES * 60_000;
  }
  if (!m[2]) return base;
  const amount = Number(m[3]) * (m[2] === '-' ? -1 : 1);
  const unit = m[4].toLowerCase();
  if (unit === 'h') return base + amount * 3_600_000;
  if (unit === 'd') return base + amount * DAY_MS;
  if (unit === 'w') return base + amount * 7 * DAY_MS;
  const d = new Date(base);
  if (unit === 'm') d.setUTCMonth(d.getUTCMonth() + amount);
  else d.setUTCFullYear(d.getUTCFullYear() + amount);
  return d.getTime();
}

export const DAY = DAY_MS;
