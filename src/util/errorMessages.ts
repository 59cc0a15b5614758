// One message per failure: what happened, to whom, and what to do next. Workfront's own words are kept
// (they say why, e.g. "The main administrator cannot be deactivated"); keys never appear in them.
import * as vscode from 'vscode';
import { KeyringError } from '../auth/keyStore';
import { IMS_TOKEN_OPERATION, WorkfrontError, isWorkfrontError } from '../workfront';

export interface ErrorContext {
  /** The instance host, when the failure is about one. */
  readonly instance?: string;
  /** Names the operation with its user, e.g. "Deactivate Dana Example (dana@acme.example)". */
  readonly operation?: string;
}

/**
 * A failure already put in words for the user: the command wrapper shows its message as it is. Commands
 * throw it for failures of their own (a date that does not exist) and through `inContext`.
 */
export class CommandFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CommandFailure';
  }
}

/** Runs `fn`; a failure is rethrown described with `ctx` (what was done, where), cancellations as they are. */
export async function inContext<T>(ctx: ErrorContext, fn: () => PromiseLike<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isCancellation(err) || err instanceof CommandFailure) throw err;
    throw new CommandFailure(describeError(err, ctx), { cause: err });
  }
}

/** The user or the code stopped it: nothing to report. */
export function isCancellation(err: unknown): boolean {
  return isWorkfrontError(err, 'cancelled') || err instanceof vscode.CancellationError;
}

/** The failure in one message for the user. */
export function describeError(err: unknown, ctx: ErrorContext = {}): string {
  if (err instanceof KeyringError) {
    return vscode.l10n.t(
      '{0} On Linux, VS Code needs a keyring such as GNOME Keyring or KWallet; see the README.',
      err.message,
    );
  }
  if (!(err instanceof WorkfrontError)) {
    return err instanceof Error ? err.message : String(err);
  }
  const host = ctx.instance ?? vscode.l10n.t('the instance');
  const said = err.wfMessage ? ` (${err.wfMessage})` : '';
  const what = ctx.operation ?? err.operation;
  switch (err.kind) {
    case 'auth':
      if (err.operation === IMS_TOKEN_OPERATION)
        return vscode.l10n.t(
          '{0} failed: Adobe IMS refused the Server-to-Server credential for {1}. Its client secret may have been rotated or removed in the Adobe Developer Console. Sign in again.',
          what,
          host,
        );
      return vscode.l10n.t(
        '{0} failed: Workfront rejected the API key for {1}. It may have expired (keys expire monthly by default) or been reset. Sign in again.',
        what,
        host,
      );
    case 'forbidden':
      return vscode.l10n.t(
        '{0} failed: Workfront refused; the signed-in user lacks the access to do this{1}. Ask a Workfront system administrator.',
        what,
        said,
      );
    case 'notFound':
      return vscode.l10n.t(
        '{0} failed: Workfront could not find it; it may have been deleted{1}. Refresh the view.',
        what,
        said,
      );
    case 'validation':
      return vscode.l10n.t('{0} failed: Workfront refused the request{1}.', what, said || ` (${err.status ?? '?'})`);
    case 'rateLimited':
      return vscode.l10n.t(
        '{0} failed: Workfront is limiting requests right now. Wait a moment and try again, or lower "workfront.maxConcurrentRequests".',
        what,
      );
    case 'server':
      return vscode.l10n.t(
        '{0} failed: Workfront had a server error ({1}){2}. Try again later.',
        what,
        err.status ?? '?',
        said,
      );
    case 'network':
      return vscode.l10n.t(
        '{0} failed: {1} Check the address, your network and the proxy settings.',
        what,
        stripOperation(err),
      );
    case 'timeout': {
      // Through a proxy, the wait may be the proxy's: name it too.
      const proxy = /\(through the proxy ([^)]+)\)/.exec(err.message)?.[1];
      return vscode.l10n.t(
        '{0} failed: {1} did not answer in time. Try again, or raise "workfront.requestTimeoutSeconds".',
        what,
        proxy ? vscode.l10n.t('{0} (through the proxy {1})', host, proxy) : host,
      );
    }
    case 'malformed':
      return vscode.l10n.t(
        '{0} failed: {1} Check that the address is your Workfront instance, then try again.',
        what,
        stripOperation(err),
      );
    case 'redirect':
      return vscode.l10n.t('{0} failed: {1}', what, stripOperation(err));
    case 'unconfirmed':
      return vscode.l10n.t('{0}: {1} Refresh the view to see the current state.', what, stripOperation(err));
    case 'cancelled':
      return vscode.l10n.t('{0} was cancelled.', what);
    case 'address':
      return err.message;
  }
}

/** The client's messages start with the operation; the UI names the operation itself. */
function stripOperation(err: WorkfrontError): string {
  const prefix = `${err.operation}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}
