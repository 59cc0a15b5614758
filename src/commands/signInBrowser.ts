// The browser step of Sign In: the client ID of the organisation's Workfront OAuth2 application (kept
// per instance, like the address), then Enter opens Workfront's authorize page and the box waits, busy,
// for the approval to come back (Escape cancels: nothing is kept, and a late approval is refused).
import * as vscode from 'vscode';
import { BACK, inputStep, type Accepted, type Problem, type Steps } from './quickInput';
import type { Step } from './signInProblem';

interface Frame {
  readonly steps: Steps;
  readonly title: string;
  readonly host: string;
}

export const OAUTH_TOTAL_STEPS = 3;

/** One step: `check` opens the browser, waits for the approval and checks the tokens with Workfront. */
export async function askBrowserSignIn<N>(
  frame: Frame,
  clientId: string,
  redirectUri: string,
  problem: Problem | undefined,
  check: (clientId: string, signal: AbortSignal) => Promise<Accepted<N | { readonly to: Step }>>,
): Promise<N | { readonly to: Step } | undefined> {
  const answer = await inputStep<N | { readonly to: Step }>(frame.steps, {
    title: frame.title,
    step: OAUTH_TOTAL_STEPS,
    totalSteps: OAUTH_TOTAL_STEPS,
    back: true,
    prompt: vscode.l10n.t(
      'The client ID of your Workfront OAuth2 application (Setup › System › OAuth2 Applications, a single-page web application whose redirect URL is {0}). Enter opens Workfront in your browser.',
      redirectUri,
    ),
    placeholder: vscode.l10n.t('Client ID of the OAuth2 application'),
    value: clientId,
    problem,
    describe: (value) =>
      /\s/.test(value.trim())
        ? { problem: { message: vscode.l10n.t('Paste the client ID without spaces.'), severity: 'error' } }
        : {},
    busyMessage: () =>
      vscode.l10n.t(
        'Approve the sign-in on the page Workfront ({0}) opened in your browser… (Escape cancels)',
        frame.host,
      ),
    accept: (value, signal) => {
      const id = value.trim();
      if (!id) return { problem: { message: vscode.l10n.t('Paste the client ID.'), severity: 'error' } };
      return check(id, signal);
    },
  });
  return answer === BACK ? { to: 'method' } : answer;
}
