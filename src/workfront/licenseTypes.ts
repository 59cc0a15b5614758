// The license types Workfront offers for a user, read from `/user/metadata` rather than hard-coded: the
// values changed once (Plan/Work/Review/Request became Standard/Light/Contributor) and may again.
// The reply's shape is only partly public (docs/offboarding.md): the field's `possibleValues` (or
// `enumValues`) list, and whether it is marked read-only, are read defensively.
import { WorkfrontError } from './errors';
import { asRecord } from './records';

export interface LicenseTypeChoice {
  /** What Workfront stores and expects in `updates`. */
  readonly value: string;
  /** What Workfront shows (the value when it gives no label). */
  readonly label: string;
}

export interface LicenseTypes {
  readonly choices: readonly LicenseTypeChoice[];
  /** Whether the metadata marks `licenseType` as editable through the API. */
  readonly editable: boolean;
}

export function toLicenseTypes(data: unknown, operation: string): LicenseTypes {
  const fields = asRecord(asRecord(data, operation).fields ?? {}, operation);
  const field = fields.licenseType;
  if (typeof field !== 'object' || field === null) {
    throw new WorkfrontError('malformed', `${operation}: Workfront's metadata has no licenseType field.`, {
      operation,
    });
  }
  const f = field as Record<string, unknown>;
  const listed = Array.isArray(f.possibleValues) ? f.possibleValues : Array.isArray(f.enumValues) ? f.enumValues : [];
  const choices: LicenseTypeChoice[] = [];
  for (const item of listed) {
    const value = typeof item === 'string' ? item : (item as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || value === '' || choices.some((c) => c.value === value)) continue;
    const label = (item as { label?: unknown }).label;
    choices.push({ value, label: typeof label === 'string' && label.trim() ? label : value });
  }
  const flags = Array.isArray(f.flags) ? f.flags : [];
  const readOnly = f.isReadOnly === true || flags.includes('READ_ONLY') || flags.includes('NOT_EDITABLE');
  return { choices, editable: !readOnly };
}
