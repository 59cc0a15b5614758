// What Offboard from List will do with each line, decided before anything changes, and the result file.
// No `vscode` import: the words for each category are passed in, so this is unit-tested as is.
import type { LoginMatches, LoginRow } from '../workfront/matchLogins';
import { loginKey } from '../workfront/matchLogins';
import { csvField } from './csv';
import type { ListedLogin } from './loginList';

export type OffboardCategory = 'deactivate' | 'inactive' | 'notFound' | 'ambiguous' | 'protected';
/** In the preview's order. */
export const CATEGORIES: readonly OffboardCategory[] = ['deactivate', 'inactive', 'notFound', 'ambiguous', 'protected'];

export interface PlannedLine {
  readonly login: ListedLogin;
  readonly category: OffboardCategory;
  /** The one user the line names (absent when none or several match). */
  readonly user?: LoginRow;
  /** Every user the line matched (several: "more than one match"). */
  readonly matches: readonly LoginRow[];
  /** Why a protected user is left alone. */
  readonly protectedAs?: 'you' | 'listed';
}

/**
 * `protectedLogins`: emails or usernames never offboarded (the setting workfront.protectedUsers, where
 * the admin names the main administrator: Workfront's API does not say who that is).
 */
export function planOffboarding(
  logins: readonly ListedLogin[],
  matches: LoginMatches,
  me: { readonly ID: string } | undefined,
  protectedLogins: readonly string[],
): PlannedLine[] {
  const shielded = new Set(protectedLogins.map(loginKey));
  return logins.map((login): PlannedLine => {
    const found = matches.get(loginKey(login.value)) ?? [];
    if (found.length === 0) return { login, category: 'notFound', matches: found };
    if (found.length > 1) return { login, category: 'ambiguous', matches: found };
    const [user] = found;
    if (!user.isActive) return { login, category: 'inactive', user, matches: found };
    if (me && user.ID === me.ID) return { login, category: 'protected', user, matches: found, protectedAs: 'you' };
    if (shielded.has(loginKey(user.emailAddr)) || shielded.has(loginKey(user.username)))
      return { login, category: 'protected', user, matches: found, protectedAs: 'listed' };
    return { login, category: 'deactivate', user, matches: found };
  });
}

/** The users to deactivate, each once (two lines may name the same person by email and by username). */
export function usersToDeactivate(plan: readonly PlannedLine[]): LoginRow[] {
  const byId = new Map<string, LoginRow>();
  for (const p of plan) if (p.category === 'deactivate' && p.user) byId.set(p.user.ID, p.user);
  return [...byId.values()];
}

export interface ResultLine {
  readonly planned: PlannedLine;
  /** Words for the outcome ("Deactivated", "Already inactive", "Failed", …). */
  readonly outcome: string;
  readonly details: string;
}

/** The result as CSV (UTF-8 with a byte-order mark, CRLF), one line per listed person. */
export function offboardCsv(header: readonly string[], lines: readonly ResultLine[]): string {
  const rows = [header.map(csvField).join(',')];
  for (const { planned, outcome, details } of lines) {
    const u = planned.user;
    const several =
      planned.matches.length > 1 ? planned.matches.map((m) => `${m.name} <${m.emailAddr}>`).join('; ') : '';
    rows.push(
      [
        String(planned.login.line),
        planned.login.value,
        outcome,
        u?.name ?? '',
        u?.emailAddr ?? '',
        u?.username ?? '',
        u?.ID ?? '',
        [details, several].filter(Boolean).join(' '),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return '\ufeff' + rows.join('\r\n') + '\r\n';
}
