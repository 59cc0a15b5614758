// Workfront object IDs are 32 hex characters. Checked before an ID goes into a URL path, so that a
// hostile value from a response or a command argument cannot change which endpoint is called.
import { WorkfrontError } from './errors';
import { preview } from './text';

const OBJECT_ID = /^[0-9a-f]{32}$/i;

export function isWorkfrontId(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID.test(value);
}

export function assertWorkfrontId(value: unknown, operation: string): string {
  if (!isWorkfrontId(value)) {
    throw new WorkfrontError(
      'malformed',
      `${operation}: ${value === undefined ? 'a missing ID' : preview(value)} is not a Workfront ID (32 hex characters).`,
      { operation },
    );
  }
  return value.toLowerCase();
}
