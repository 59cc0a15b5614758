// One message per failure: what happened, to whom, and what to do next. Workfront's own words are kept
// (they say why, e.g. "The main administrator cannot be deactivated"); keys never appear in them.
import * as vscode from 'vscode';
import { KeyringError } from '../auth/keyStore';
import { WorkfrontError } from '../workfront';

export interface ErrorContext {
  /** The instance host, when the failure is about one. */
  readonly instance?: string;
  /** Names the operation with its user, e.g. "Deactivate Dana Example (dana@acme.example)". */
  readonly operation?: string;
}

export interface DescribedError {
  readonly message: string;
  /** The key is the problem: offer to sign in again. */
  readonly signIn: boolean;
}

export function describeError(err: unknown, ctx: ErrorContext = {}): DescribedError {
  if (err instanceof KeyringError) {
    return {
      message: vscode.l10n.t(
        '{0} On Linux, VS Code needs a keyring such as GNOME Keyring or KWallet; see the README.',
        err.message,
      ),
      signIn: false,
    };
  }
  if (!(err instanceof WorkfrontError)) {
    return { message: err instanceof Error ? err.message : String(err), signIn: false };
  }
  const host = ctx.instance ?? vscode.l10n.t('the instance');
  const said = err.wfMessage ? ` (${err.wfMessage})` : '';
  const what = ctx.operation ?? err.operation;
  switch (err.kind) {
    case 'auth':
      return {
        message: vscode.l10n.t(
          '{0} failed: Workfront rejected the API key for {1}. It may have expired (keys expire monthly by default) or been reset. Sign in again.',
          what,
          host,
        ),
        signIn: true,
      };
    case 'forbidden':
      return {
        message: vscode.l10n.t(
          '{0} failed: Workfront refused; the signed-in user lacks the access to do this{1}. Ask a Workfront system administrator.',
          what,
          said,
        ),
        signIn: false,
      };
    case 'notFound':
      return {
        message: vscode.l10n.t(
          '{0} failed: Workfront could not find it; it may have been deleted{1}. Refresh the view.',
          what,
          said,
        ),
        signIn: false,
      };
    case 'validation':
      return {
        message: vscode.l10n.t(
          '{0} failed: Workfront refused the request{1}.',
          what,
          said || ` (${err.status ?? '?'})`,
        ),
        signIn: false,
      };
    case 'rateLimited':
      return {
        message: vscode.l10n.t(
          '{0} failed: Workfront is limiting requests right now. Wait a moment and try again, or lower "workfront.maxConcurrentRequests".',
          what,
        ),
        signIn: false,
      };
    case 'server':
      return {
        message: vscode.l10n.t(
          '{0} failed: Workfront had a server error ({1}){2}. Try again later.',
          what,
          err.status ?? '?',
          said,
        ),
        signIn: false,
      };
    case 'network':
      return {
        message: vscode.l10n.t(
          '{0} failed: {1} Check the address, your network and the proxy settings.',
          what,
          stripOperation(err),
        ),
        signIn: false,
      };
    case 'timeout':
      return {
        message: vscode.l10n.t(
          '{0} failed: {1} did not answer in time. Try again, or raise "workfront.requestTimeoutSeconds".',
          what,
          host,
        ),
        signIn: false,
      };
    case 'malformed':
      return {
        message: vscode.l10n.t(
          '{0} failed: {1} Check that the address is your Workfront instance, then try again.',
          what,
          stripOperation(err),
        ),
        signIn: false,
      };
    case 'redirect':
      return { message: vscode.l10n.t('{0} failed: {1}', what, stripOperation(err)), signIn: false };
    case 'unconfirmed':
      return {
        message: vscode.l10n.t('{0}: {1} Refresh the view to see the current state.', what, stripOperation(err)),
        signIn: false,
      };
    case 'cancelled':
      return { message: vscode.l10n.t('{0} was cancelled.', what), signIn: false };
    case 'address':
      return { message: err.message, signIn: false };
  }
}

/** The client's messages start with the operation; the UI names the operation itself. */
function stripOperation(err: WorkfrontError): string {
  const prefix = `${err.operation}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}
