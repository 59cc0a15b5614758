// Every bound the client puts on what it sends, reads and accepts, in one place. A value from a setting
// (which a workspace can set to anything) or an answer (which a misbehaving server can make anything) is
// checked against these, so no input can hang the client, grow its memory without end or make it flood
// the customer's instance.

const KiB = 1024;
const MiB = 1024 * KiB;

// ---- Request options ----

/** Per-attempt timeout. The default covers a slow 2,000-user page on a slow link. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Shorter than this, no real request could ever finish (the tests use 150 ms). */
export const MIN_TIMEOUT_MS = 100;
/**
 * Longer than this, a hung request looks like a hung editor. Also far below Node's timer limit
 * (2^31-1 ms, ~24.8 days), past which a timer fires after 1 ms instead.
 */
export const MAX_TIMEOUT_MS = 600_000;

export const DEFAULT_ATTEMPTS = 3;
/** Attempts per idempotent call: a server that keeps failing gets at most this many requests per call. */
export const MAX_ATTEMPTS = 5;

export const DEFAULT_RETRY_BASE_MS = 300;
/** The first backoff; it doubles per attempt. */
export const MAX_RETRY_BASE_MS = 5_000;
export const DEFAULT_RETRY_MAX_MS = 10_000;
/** The longest wait between attempts, a server's Retry-After included. */
export const MAX_RETRY_MAX_MS = 60_000;

/** Requests in flight to one instance: five, so that the five open-work counts of a Deactivate confirmation
 * go out together (one round trip), and still half of what Workfront historically allowed per customer. */
export const DEFAULT_CONCURRENCY = 5;
/** Workfront's historical per-customer cap on concurrent requests. */
export const MAX_CONCURRENCY = 10;

export const DEFAULT_CONNECTIONS = 10;
/** Connections kept to one instance: a few more than the requests in flight, never a flood. */
export const MAX_CONNECTIONS = 32;

/** Workfront's cap on rows per request. */
export const MAX_PAGE_SIZE = 2000;

/**
 * A number from an option or a setting, made safe: not a number (or a numeric string) → `fallback`;
 * otherwise rounded down and clamped to [min, max]. `NaN`, `"abc"`, `Infinity`, `null` all give the
 * fallback; `-1` gives `min` unless `invalidBelowMin` says such a value means "not set" (a timeout of -1
 * is a mistake, not a request for the shortest timeout).
 */
export function boundedNumber(
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  invalidBelowMin = false,
): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return fallback;
  if (invalidBelowMin && n < min) return fallback;
  return Math.min(max, Math.max(min, Math.floor(n)));
}

// ---- Answers ----

/**
 * Any answer that is not a list of users: a count, one user (its details are ~3 KB), a key, an error.
 * 1 MiB is hundreds of times the largest real one and still harmless to hold.
 */
export const SMALL_ANSWER_BYTES = 1 * MiB;
/**
 * Per user in a search page. A typical row is ~300 bytes; 8 KiB holds every text field of a summary at
 * Workfront's maximum length with every character JSON-escaped (\uXXXX).
 */
export const BYTES_PER_ROW = 8 * KiB;
/**
 * Per user in an export page: the summary, plus three references (`{"ID":…,"name":…,"objCode":…}`) and
 * the manager's email, each text at Workfront's maximum length fully escaped (about 2 KiB, as each text
 * field of a summary).
 */
export const EXPORT_BYTES_PER_ROW = BYTES_PER_ROW + 4 * 2 * KiB;
/** No answer is read past this, whatever was asked (2,000 rows at 8 KiB each is 16 MiB). */
export const MAX_ANSWER_BYTES = 32 * MiB;

/** The largest answer a search for `rows` users of at most `bytesPerRow` each can legitimately be. */
export function searchAnswerBytes(rows: number, bytesPerRow = BYTES_PER_ROW): number {
  return Math.min(MAX_ANSWER_BYTES, SMALL_ANSWER_BYTES + Math.max(1, rows) * bytesPerRow);
}

/**
 * IDs per read of users by ID (`ID=…&ID=…&ID_Mod=in`): 100 IDs are about 3.6 KB of address, well inside
 * the 8,892 bytes Workfront's CDN accepts, with the fields and the path.
 */
export const MAX_IDS_PER_READ = 100;

/** Text quoted from an answer (Workfront's error message) in an error, a notification or a log line. */
export const MAX_QUOTED_CHARS = 500;
/** Workfront's error class (a Java class name, ~60 characters). */
export const MAX_CLASS_CHARS = 200;

// ---- Listings ----

/**
 * Most users one listing holds. The largest Workfront organisations have tens of thousands of users;
 * past this a listing is stopped with an error rather than fill the extension host's memory.
 */
export const MAX_LIST_ROWS = 1_000_000;
/**
 * Requests a listing may send beyond twice what its distinct rows justify: two per page-sized run of rows
 * covers the overlap, gap and tail reads of a set that changes while it is read; the slack covers the
 * first pages, sent before any row is back.
 */
export const LIST_REQUEST_SLACK = 2;

export function formatBytes(n: number): string {
  if (n >= 1024 * MiB) return `${+(n / (1024 * MiB)).toFixed(1)} GB`;
  return n >= MiB ? `${+(n / MiB).toFixed(1)} MB` : `${Math.ceil(n / KiB)} KB`;
}
