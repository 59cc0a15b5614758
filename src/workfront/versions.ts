// Which Workfront API versions are still supported, from Adobe's "API version support schedule": each
// version is supported three years. Only the month is published for most end dates; a version counts as
// supported until the end of that month (docs/adobe-hosted.md lists what is not confirmed).
/** Last supported day per major version (older than 16: deprecated in 2025). */
const SUPPORT_ENDS: Readonly<Record<number, string>> = {
  15: '2025-12-17',
  16: '2026-04-30',
  17: '2026-10-31',
  18: '2027-04-30',
  19: '2027-10-31',
  20: '2028-04-30',
  21: '2028-10-31',
  22: '2029-05-31',
};
const OLDEST_LISTED = 15;

export interface VersionSupport {
  readonly supported: boolean;
  /** The last supported day (YYYY-MM-DD), when Adobe published one. */
  readonly until?: string;
}

/** `version` like "15.0". A version newer than the table is taken as supported (Adobe adds them). */
export function versionSupport(version: string, now: Date = new Date()): VersionSupport {
  const major = Number(/^(\d{1,2})\.\d$/.exec(version)?.[1]);
  if (!Number.isInteger(major)) return { supported: false };
  if (major < OLDEST_LISTED) return { supported: false, until: '2025-09-30' };
  const until = SUPPORT_ENDS[major];
  if (until === undefined) return { supported: true };
  return { supported: now.toISOString().slice(0, 10) <= until, until };
}

/** The version named in an API base (`…/attask/api/v15.0`). */
export function versionOf(apiBase: string): string | undefined {
  return /\/v(\d{1,2}\.\d)$/.exec(apiBase)?.[1];
}
