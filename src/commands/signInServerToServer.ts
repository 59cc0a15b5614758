// The Server-to-Server steps of Sign In: the client ID, client secret, IMS org ID and scopes of a
// credential made in the Adobe Developer Console (API "Adobe Workfront", option "Server-to-Server").
// Nothing is stored until the check (a token from Adobe IMS, then who-am-I with Workfront) succeeds.
import * as vscode from 'vscode';
import type { ServerToServerCredential } from '../workfront';
import { BACK, inputStep, type Accepted, type Problem, type Steps } from './quickInput';
import type { Step } from './signInProblem';

export type S2sStep = 's2sClientId' | 's2sSecret' | 's2sOrg' | 's2sScopes';

/** Where the flow goes next, as signIn.ts defines it. */
export type S2sNext<N> = N | { readonly to: Step };

interface Frame {
  readonly steps: Steps;
  readonly title: string;
  readonly host: string;
}

const ORDER: readonly S2sStep[] = ['s2sClientId', 's2sSecret', 's2sOrg', 's2sScopes'];
/** The method step is 2; these follow it. */
const FIRST_STEP = 3;
export const S2S_TOTAL_STEPS = FIRST_STEP + ORDER.length - 1;

/** What was entered so far; the secret is kept only until the flow ends. */
export class ServerToServerEntries {
  clientId = '';
  clientSecret = '';
  orgId = '';
  scopes = '';

  credential(): ServerToServerCredential {
    return { clientId: this.clientId, clientSecret: this.clientSecret, orgId: this.orgId, scopes: this.scopes };
  }
}

/**
 * One Server-to-Server step. `check` runs on the last step (and on Enter in a step a failed check sent
 * the admin back to, once every value is there).
 */
export async function askServerToServer<N>(
  frame: Frame,
  step: S2sStep,
  entries: ServerToServerEntries,
  problem: Problem | undefined,
  check: (from: S2sStep, signal: AbortSignal) => Promise<Accepted<S2sNext<N>>>,
): Promise<S2sNext<N> | undefined> {
  const index = ORDER.indexOf(step);
  const texts = stepTexts(step, frame.host);
  const complete = () => ORDER.every((s) => entries[field(s)] !== '');
  const answer = await inputStep<S2sNext<N>>(frame.steps, {
    title: frame.title,
    step: FIRST_STEP + index,
    totalSteps: S2S_TOTAL_STEPS,
    back: true,
    prompt: texts.prompt,
    placeholder: texts.placeholder,
    password: step === 's2sSecret',
    value: entries[field(step)],
    problem,
    describe: (value) =>
      /\s/.test(value.trim()) && step !== 's2sScopes'
        ? { problem: { message: vscode.l10n.t('Paste the value without spaces.'), severity: 'error' } }
        : step === 's2sOrg' && value.trim() && !/@AdobeOrg$/i.test(value.trim())
          ? {
              problem: {
                message: vscode.l10n.t('An IMS org ID ends with "@AdobeOrg", as the credential page shows it.'),
                severity: 'warning',
              },
            }
          : {},
    busyMessage: () => vscode.l10n.t('Getting an access token and checking it with {0}… (Escape cancels)', frame.host),
    accept: (value, signal) => {
      const v =
        step === 's2sScopes'
          ? value
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
              .join(',')
          : value.trim();
      if (!v) return { problem: { message: texts.missing, severity: 'error' } };
      entries[field(step)] = v;
      const last = index === ORDER.length - 1;
      if (last || (problem && complete())) return check(step, signal);
      return { done: { to: ORDER[index + 1] } };
    },
  });
  if (answer === BACK) return { to: index === 0 ? 'method' : ORDER[index - 1] };
  return answer;
}

function field(step: S2sStep): 'clientId' | 'clientSecret' | 'orgId' | 'scopes' {
  switch (step) {
    case 's2sClientId':
      return 'clientId';
    case 's2sSecret':
      return 'clientSecret';
    case 's2sOrg':
      return 'orgId';
    case 's2sScopes':
      return 'scopes';
  }
}

function stepTexts(step: S2sStep, host: string): { prompt: string; placeholder?: string; missing: string } {
  switch (step) {
    case 's2sClientId':
      return {
        prompt: vscode.l10n.t(
          'The Client ID of the Server-to-Server credential for {0} (Adobe Developer Console › your project › OAuth Server-to-Server).',
          host,
        ),
        missing: vscode.l10n.t('Paste the client ID.'),
      };
    case 's2sSecret':
      return {
        prompt: vscode.l10n.t(
          "The client secret of that credential. It is sent only to Adobe IMS for an access token, and kept in VS Code's secret storage.",
        ),
        missing: vscode.l10n.t('Paste the client secret.'),
      };
    case 's2sOrg':
      return {
        prompt: vscode.l10n.t('The IMS organization ID shown on the credential page (it ends with @AdobeOrg).'),
        placeholder: '0123456789ABCDEF01234567@AdobeOrg',
        missing: vscode.l10n.t('Paste the IMS org ID.'),
      };
    case 's2sScopes':
      return {
        prompt: vscode.l10n.t(
          'The scopes listed on the credential page, separated by commas. To deactivate users, the technical account needs admin rights from the Admin Console product profile.',
        ),
        placeholder: vscode.l10n.t('As listed on the credential page, for example openid,AdobeID'),
        missing: vscode.l10n.t('Enter the scopes shown on the credential page.'),
      };
  }
}
