// What `/user/metadata` says about a field beyond its type: the licence types a user may be given, as a
// list of values and labels (the shape the extension reads; docs/offboarding.md says what is confirmed).
import { LICENSE_TYPES } from './seed';
import type { JsonObject } from './model';

export function enumerationOf(field: string): JsonObject {
  if (field !== 'licenseType') return {};
  return { enumClass: 'LICENSE_TYPE', possibleValues: LICENSE_TYPES.map((value) => ({ value, label: value })) };
}
