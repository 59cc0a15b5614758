// Which fields a search asks for and how its rows are read. The tree's lists ask for the summary alone
// (memory and bytes at 100,000 users); an export asks for the summary and a few reference names, in the
// same pages, so that no user is read one by one.
import { BYTES_PER_ROW, EXPORT_BYTES_PER_ROW } from './limits';
import { toExportRow, toSummary } from './records';
import { EXPORT_FIELDS, SUMMARY_FIELDS, type UserExportRow, type UserSummary } from './types';

export interface UserFields<T extends UserSummary> {
  readonly fields: readonly string[];
  /** Checks and converts one row of an answer. */
  readonly read: (row: unknown, operation: string) => T;
  /** The most bytes one row can legitimately take: bounds the body of a page. */
  readonly bytesPerRow: number;
  /** Whether the decoding thread may read these rows (it packs summaries, and nothing else). */
  readonly packable: boolean;
}

export const USER_SUMMARY: UserFields<UserSummary> = {
  fields: SUMMARY_FIELDS,
  read: toSummary,
  bytesPerRow: BYTES_PER_ROW,
  packable: true,
};

export const USER_EXPORT: UserFields<UserExportRow> = {
  fields: EXPORT_FIELDS,
  read: toExportRow,
  bytesPerRow: EXPORT_BYTES_PER_ROW,
  packable: false,
};
