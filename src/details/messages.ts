// What the details page may ask of the extension. A page only ever sends {action, user}; anything else
// (an unknown action, another user's ID, extra fields, a string) is refused, so a page that somehow ran
// other code still could not make the extension act on anyone but the user shown.

export const DETAILS_ACTIONS = [
  'deactivate',
  'reactivate',
  'copyId',
  'copyEmail',
  'openInWorkfront',
  'openManager',
  'refresh',
] as const;

export type DetailsAction = (typeof DETAILS_ACTIONS)[number];

/** The action asked for, when the message is exactly {action: <known>, user: <the user shown>}. */
export function parseDetailsMessage(message: unknown, shownUserId: string): DetailsAction | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
  const keys = Object.keys(message);
  if (keys.length !== 2 || !keys.includes('action') || !keys.includes('user')) return undefined;
  const { action, user } = message as Record<string, unknown>;
  if (user !== shownUserId || typeof action !== 'string') return undefined;
  return (DETAILS_ACTIONS as readonly string[]).includes(action) ? (action as DetailsAction) : undefined;
}
