// What the audit trail's lines hold, and how they fold into one entry per change. A change writes a
// `begin` line before its request and an `end` line with Workfront's answer after it; a `check` line
// records what a later reading of the user found (after an unknown answer, or at the next start).
import type { UserSummary } from '../workfront/types';

export const FORMAT_VERSION = 1;

/** Workfront's answer: it confirmed the change, refused it (with its message), or it is not known. */
export type AuditAnswer = 'confirmed' | 'refused' | 'unknown';

export interface AuditActor {
  readonly ID: string;
  readonly name: string;
  readonly username: string;
}

export interface AuditUser {
  readonly ID: string;
  readonly name: string;
  readonly email: string;
}

/** A change as it is about to be sent. Values are text: 'true'/'false', ISO dates, names, or null (none). */
export interface AuditChange {
  /** The instance's host. */
  readonly instance: string;
  /** Who is signed in (undefined when Workfront could not say). */
  readonly by?: AuditActor;
  readonly user: AuditUser;
  /** 'deactivate', 'reactivate', 'scheduleDeactivation', 'clearScheduledDeactivation', 'licenseType', 'reassignWork', … */
  readonly action: string;
  /** What changes: a field of the user ('isActive'), or a description ('assignments of 12 tasks'). */
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

export interface BeginRecord extends AuditChange {
  readonly v: number;
  readonly type: 'begin';
  readonly id: string;
  readonly at: string;
  /** The extension host that sent it: an entry without an answer whose process is gone was cut off. */
  readonly pid: number;
  readonly session: string;
}

export interface EndRecord {
  readonly v: number;
  readonly type: 'end';
  readonly id: string;
  readonly at: string;
  readonly answer: AuditAnswer;
  /** What Workfront has now, from its answer (confirmed). */
  readonly now?: string | null;
  /** Workfront's message (refused) or what went wrong (unknown), secrets removed. */
  readonly message?: string;
}

export interface CheckRecord {
  readonly v: number;
  readonly type: 'check';
  readonly id: string;
  readonly at: string;
  /** What Workfront had when read again; undefined when the user no longer exists. */
  readonly now?: string | null;
  readonly asIntended: boolean;
}

export interface AuditEntry extends AuditChange {
  readonly id: string;
  readonly at: string;
  readonly pid: number;
  readonly session: string;
  /** Undefined: no answer was recorded (the window closed or crashed while the request was out). */
  readonly end?: EndRecord;
  /** The latest reading of the user after an unknown or missing answer. */
  readonly check?: CheckRecord;
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isValue = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isBegin(r: Record<string, unknown>): r is BeginRecord & Record<string, unknown> {
  const user = r.user;
  return (
    r.type === 'begin' &&
    isText(r.instance) &&
    isText(r.action) &&
    isText(r.field) &&
    isValue(r.from) &&
    isValue(r.to) &&
    typeof r.pid === 'number' &&
    isText(r.session) &&
    isObject(user) &&
    isText(user.ID) &&
    isText(user.name) &&
    isText(user.email)
  );
}

/** One entry per begin line, with its answer and latest check; lines of another shape are left out. */
export function foldRecords(records: readonly unknown[]): AuditEntry[] {
  const entries = new Map<string, AuditEntry>();
  for (const r of records) {
    if (!isObject(r) || !isText(r.id) || !isText(r.at)) continue;
    if (isBegin(r)) {
      if (entries.has(r.id)) continue;
      const by =
        isObject(r.by) && isText(r.by.ID) && isText(r.by.name)
          ? { ID: r.by.ID, name: r.by.name, username: isText(r.by.username) ? r.by.username : '' }
          : undefined;
      entries.set(r.id, {
        id: r.id,
        at: r.at,
        instance: r.instance,
        by,
        user: { ID: r.user.ID, name: r.user.name, email: r.user.email },
        action: r.action,
        field: r.field,
        from: r.from,
        to: r.to,
        pid: r.pid,
        session: r.session,
      });
      continue;
    }
    const entry = entries.get(r.id);
    if (!entry) continue;
    if (r.type === 'end' && (r.answer === 'confirmed' || r.answer === 'refused' || r.answer === 'unknown'))
      entries.set(r.id, { ...entry, end: r as unknown as EndRecord });
    else if (r.type === 'check' && typeof r.asIntended === 'boolean')
      entries.set(r.id, { ...entry, check: r as unknown as CheckRecord });
  }
  return [...entries.values()];
}

/** Still open: no answer or an unknown one, and not read again since. */
export function isUnresolved(e: AuditEntry): boolean {
  return (!e.end || e.end.answer === 'unknown') && !e.check;
}

/** A user's field as the audit writes it: booleans as 'true'/'false', dates (epoch ms) as ISO text. */
export function auditValue(user: UserSummary, field: string): string | null {
  const value = (user as unknown as Record<string, unknown>)[field];
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && field.endsWith('Date')) return new Date(value).toISOString();
  return String(value);
}

export function auditUser(u: UserSummary): AuditUser {
  return { ID: u.ID, name: u.name, email: u.emailAddr };
}
