// What a failed sign-in check means for the admin, in the words of the sign-in flow, and the step where
// it can be corrected: a rejected key or password where it was typed, an address that does not answer
// as Workfront at the address, a passing trouble (a timeout, a busy server) as a warning where Enter
// tries again.
import * as vscode from 'vscode';
import { describeError } from '../util/errorMessages';
import { IMS_TOKEN_OPERATION, OAUTH_EXCHANGE_OPERATION, type Instance, type WorkfrontError } from '../workfront';
import type { Problem } from './quickInput';
import type { Method } from './signInMethods';
import type { S2sStep } from './signInServerToServer';

export type { Method };
export type Step =
  'address' | 'kind' | 'version' | 'method' | 'key' | 'username' | 'password' | 'oauthClient' | S2sStep;

/** What went wrong, in the words of this flow, and the step where it can be corrected. */
export function signInProblem(
  err: WorkfrontError,
  instance: Instance,
  method: Method,
): { step: Step; problem: Problem } {
  const host = instance.host;
  const ctx = { instance: host, operation: vscode.l10n.t('Sign in to {0}', host) };
  const fromIms = err.operation === IMS_TOKEN_OPERATION;
  const credentialsStep: Step =
    method === 'key' ? 'key' : method === 's2s' ? 's2sSecret' : method === 'oauth' ? 'oauthClient' : 'password';
  if (method === 's2s' && (fromIms || err.kind === 'auth')) return serverToServerProblem(err, instance, fromIms);
  if (method === 'oauth' && err.kind === 'auth')
    return {
      step: 'oauthClient',
      problem: {
        message:
          err.operation === OAUTH_EXCHANGE_OPERATION
            ? vscode.l10n.t(
                'Workfront refused the authorization code{0}: it was already used, has expired, or was not issued for this sign-in. Nothing was stored. Press Enter to open the browser again.',
                err.wfClass ? ` (${err.wfClass})` : '',
              )
            : vscode.l10n.t(
                'Workfront ({0}) refused the access token of this sign-in. Nothing was stored. Press Enter to try again.',
                instance.host,
              ),
        severity: 'error',
      },
    };
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

/** Adobe IMS refused the credential (client ID, secret, scopes), or Workfront refused its token (org ID). */
function serverToServerProblem(
  err: WorkfrontError,
  instance: Instance,
  fromIms: boolean,
): { step: Step; problem: Problem } {
  if (fromIms && err.kind === 'auth')
    return {
      step: 's2sSecret',
      problem: {
        message: vscode.l10n.t(
          'Adobe IMS refused the credential{0}. Check the client ID, the client secret and the scopes on the credential page, then press Enter to try again.',
          err.wfClass ? ` (${err.wfClass})` : '',
        ),
        severity: 'error',
      },
    };
  if (fromIms) {
    const passing = err.kind === 'timeout' || err.kind === 'server';
    return { step: 's2sSecret', problem: { message: err.message, severity: passing ? 'warning' : 'error' } };
  }
  return {
    step: 's2sOrg',
    problem: {
      message: vscode.l10n.t(
        "Workfront ({0}) refused the credential's access token. Check the IMS org ID, and that the credential's project includes the Adobe Workfront API for this instance.",
        instance.host,
      ),
      severity: 'error',
    },
  };
}
