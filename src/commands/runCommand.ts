// The one wrapper every command runs through (and every follow-up a notification button starts, such as
// Undo): it logs the start and the outcome, turns any failure into one message, and lets a cancellation
// pass quietly. It is the only place that does so.
import * as vscode from 'vscode';
import { KeyringError } from '../auth/keyStore';
import { CommandFailure, describeError, isCancellation } from '../util/errorMessages';
import type { Log } from '../util/log';
import { asPlainText } from '../util/plainText';
import { isWorkfrontError } from '../workfront';

/**
 * Runs one command: its result, or undefined when it failed (the user was told, once) or was cancelled.
 * Never rejects, so VS Code never shows its generic "command failed".
 */
export async function runCommand<T>(log: Log, id: string, fn: () => T | PromiseLike<T>): Promise<T | undefined> {
  const started = Date.now();
  log.debug(`${id}: started`);
  try {
    const result = await fn();
    log.debug(`${id}: done in ${Date.now() - started} ms`);
    return result;
  } catch (err) {
    if (isCancellation(err)) {
      log.debug(`${id}: cancelled after ${Date.now() - started} ms`);
      return undefined;
    }
    reportFailure(log, id, err);
    return undefined;
  }
}

/** One message for a failure, and the whole story (cause, or stack for a bug) in the log. */
function reportFailure(log: Log, id: string, err: unknown): void {
  const message = describeError(err);
  const cause = err instanceof CommandFailure ? err.cause : err;
  if (err instanceof CommandFailure || isWorkfrontError(err) || err instanceof KeyringError) {
    const detail = cause instanceof Error && cause.message !== message ? ` (${cause.message})` : '';
    log.warn(`${id} failed: ${message}${detail}`);
  } else {
    // Not a failure the command foresaw: a bug, or something the code did not expect. Keep the stack.
    log.error(`${id} failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  void vscode.window.showErrorMessage(asPlainText(message));
}
