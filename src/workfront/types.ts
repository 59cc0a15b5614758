// Shapes of the Workfront USER object as this extension reads it. Field names are Workfront's own.

/** A user as the tree needs it: only what rows and tooltips show, to keep memory low at 100,000 users. */
export interface UserSummary {
  readonly ID: string;
  readonly name: string;
  readonly emailAddr: string;
  readonly title: string;
  readonly isActive: boolean;
  readonly licenseType: string;
  /** Dates as epoch milliseconds (8 bytes each, instead of a 28-character string). */
  readonly lastLoginDate: number | null;
  readonly actualDeactivationDate: number | null;
  readonly scheduleDeactivationDate: number | null;
}

/** The fields requested for tree rows; nothing else travels. */
export const SUMMARY_FIELDS = [
  'name',
  'emailAddr',
  'title',
  'isActive',
  'licenseType',
  'lastLoginDate',
  'actualDeactivationDate',
  'scheduleDeactivationDate',
] as const;

/** Everything the details view shows, references resolved to their names. */
export interface UserDetails extends UserSummary {
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly isAdmin: boolean;
  readonly loginCount: number | null;
  readonly entryDate: number | null;
  readonly accessLevelName: string | null;
  readonly homeGroupName: string | null;
  readonly companyName: string | null;
  readonly managerName: string | null;
  /** The manager's ID (checked: 32 hex characters), so their details can be shown in turn. */
  readonly managerID: string | null;
}

export const DETAIL_FIELDS = [
  ...SUMMARY_FIELDS,
  'username',
  'firstName',
  'lastName',
  'isAdmin',
  'loginCount',
  'entryDate',
  'accessLevel:name',
  'homeGroup:name',
  'company:name',
  'manager:name',
] as const;

/**
 * A user as an export writes them: the summary, and the names of their access level, home group and
 * manager, read in the same listing (one request per page, never one per user).
 */
export interface UserExportRow extends UserSummary {
  readonly accessLevelName: string | null;
  readonly homeGroupName: string | null;
  readonly managerName: string | null;
  readonly managerEmail: string | null;
}

export const EXPORT_FIELDS = [
  ...SUMMARY_FIELDS,
  'accessLevel:name',
  'homeGroup:name',
  'manager:name',
  'manager:emailAddr',
] as const;

/** The signed-in user, from `user?id=$$USER`. */
export interface CurrentUser {
  readonly ID: string;
  readonly name: string;
  readonly username: string;
  readonly isAdmin: boolean;
}
