// What a failed sign-in check means for the admin, in the words of the sign-in flow, and the step where
// it can be corrected: a rejected key or password where it was typed, an address that does not answer
// as Workfront at the address, a passing trouble (a timeout, a busy server) as a warning where Enter
// tries again.
import * as vscode from 'vscode';
import { describeError } from '../util/errorMessages';
import type { Instance, WorkfrontError } from '../workfront';
import type { Problem } from './quickInput';

export type Method = 'key' | 'password';
export type Step = 'address' | 'method' | 'key' | 'username' | 'password';

/** What went wrong, in the words of this flow, and the step where it can be corrected. */
export function signInProblem(
  err: WorkfrontError,
  instance: Instance,
  method: Method,
): { step: Step; problem: Problem } {
  const host = instance.host;
  const ctx = { instance: host, operation: vscode.l10n.t('Sign in to {0}', host) };
  const credentialsStep: Step = method === 'key' ? 'key' : 'password';
  switch (err.kind) {
    case 'auth':
      return method === 'key'
        ? {
            step: 'key',
            problem: {
              message: vscode.l10n.t(
                'Workfront rejected the API key for {0}. Check that you pasted the whole key for this instance and that it has not expired or been reset, then press Enter to try again.',
                host,
              ),
              severity: 'error',
            },
          }
        : {
            step: 'password',
            problem: {
              message: vscode.l10n.t(
                'Workfront rejected the username or password for {0}. Correct the password, or go back to change the username.',
                host,
              ),
              severity: 'error',
            },
          };
    case 'notFound':
      // Nothing was deleted: the address or the API version is wrong.
      return {
        step: 'address',
        problem: {
          message: vscode.l10n.t(
            '{0} did not answer as Workfront ("not found" at {1}). Check the address and the API version ("workfront.apiVersion").',
            host,
            instance.apiBase,
          ),
          severity: 'error',
        },
      };
    case 'network':
    case 'malformed':
    case 'redirect':
      return { step: 'address', problem: { message: describeError(err, ctx), severity: 'error' } };
    case 'timeout':
    case 'server':
    case 'rateLimited':
      // Passing troubles (the message says to try again): the same value may work in a moment.
      return { step: credentialsStep, problem: { message: describeError(err, ctx), severity: 'warning' } };
    default:
      return { step: credentialsStep, problem: { message: describeError(err, ctx), severity: 'error' } };
  }
}
